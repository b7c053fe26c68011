"""Features of one candidate event mention: its words, cue patterns and the rule extractor's hits.

The same function featurises training sentences (training/train.py) and live reports, so the
model sees at run time exactly what it was trained on. Features are plain strings; the model's
vocabulary maps them to weights.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from warmonitor.extract.sentences import sentence_around
from warmonitor.records import Report

_TOKEN_RE = re.compile(r"[a-z]+(?:['\u2019-][a-z]+)*|\d+(?:[.,]\d+)*|[%:\u2014\u2013]")
_YEAR_RE = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})(s?)\b")

# Cue patterns for the non-event kinds. The n-grams see the same words; a cue groups the
# many ways of saying one thing so that a phrasing unseen in training still counts.
CUES: dict[str, re.Pattern[str]] = {
    "negation": re.compile(
        r"\b(?:not|no|never|nobody|none|neither|nor|without|n't|denied|denies|deny|denying|"
        r"rejected|rejects|rejecting|dismissed|refuted|false|untrue|contrary|called\s+off)\b",
        re.I,
    ),
    "modal_future": re.compile(
        r"\b(?:will|would|could|might|may|shall|should|can|going\s+to|plan(?:s|ned|ning)?\s+to|"
        r"threat(?:en|ens|ened|ening)?|vow(?:s|ed)?|expect(?:s|ed|ing)?|warn(?:s|ed|ing)?|"
        r"fear(?:s|ed)?|prepar(?:e|es|ed|ing)|brac(?:e|es|ed|ing)|consider(?:s|ed|ing)?|"
        r"next\s+(?:week|month|year)|soon|tomorrow|upcoming|possible|possibly|intend\w*|called\s+on)\b",
        re.I,
    ),
    "conditional": re.compile(
        r"(?:^\W*(?:if|unless|should|had|without)\b|\bif\b|\bunless\b)", re.I
    ),
    "hypothetical": re.compile(
        r"\b(?:simulat\w*|drill|exercise|war\s+game|scenario|imagin\w*|model(?:led|ed)|rehears\w*)\b",
        re.I,
    ),
    "aggregate": re.compile(
        r"\b(?:since\s+(?:(?:19|20)\d\d|the\s+(?:start|beginning|outbreak)|it\s+began|the\s+war)|"
        r"so\s+far|to\s+date|this\s+year|last\s+year|per\s*cent|percent|on\s+average|"
        r"every\s+(?:day|week|month|year)|each\s+(?:day|week|month|year)|a\s+record|number\s+of|"
        r"tally|in\s+the\s+(?:past|last)\s+\w+(?:\s+\w+)?|over\s+the\s+(?:past|last)|"
        r"rose|fell|doubled|tripled|surged|declined|increased|decreased|documented|counted)\b|%",
        re.I,
    ),
    "history": re.compile(
        r"\b(?:century|centuries|decades\s+ago|years\s+ago|half\s+a\s+century|world\s+war|civil\s+war\s+of|"
        r"founded|anniversary|commemorat\w*|museum|archaeolog\w*|excavat\w*|ruins|genocide|"
        r"first\s+rose|still\s+suffer|since\s+independence|(?:decades?|years)\s+later|"
        r"trial|verdict|sentenced|convicted)\b",
        re.I,
    ),
    "rhetoric": re.compile(
        r"\b(?:accus\w*|condemn\w*|urg(?:e|ed|es|ing)|call(?:ed|s)?\s+for|blam\w*|alarmed|"
        r"described|denounc\w*|praised|war\s+crimes?|without\s+(?:giving|providing)\s+evidence)\b",
        re.I,
    ),
    "disaster": re.compile(
        r"\b(?:earthquake|quake|flood\w*|cyclone|hurricane|typhoon|landslide|wildfires?|blazes?|"
        r"drought|volcan\w*|lightning|rains?|storm|cholera|outbreak|tanker|crash\w*|derail\w*|"
        r"collaps\w*|capsiz\w*|stampede|accident\w*|gas\s+explosion|(?<!opened\s)(?<!opening\s)(?<!open\s)fire\s+at)\b",
        re.I,
    ),
    "crime": re.compile(
        r"\b(?:robber\w*|rob(?:bed)?|thie(?:f|ves)|theft|gang\w*|extortion|drug\w*|cocaine|"
        r"smuggl\w*|traffick\w*|bribe\w*|burglar\w*|rustl\w*|dispute\s+over|his\s+wife|her\s+husband)\b",
        re.I,
    ),
    "diplomacy": re.compile(
        r"\b(?:talks|summit|met\s+with|meeting|delegation|envoys?|ambassador|foreign\s+ministers?|"
        r"counterpart|negotiat\w*|sanctions?|security\s+council|bill|aid\s+package|shipped)\b",
        re.I,
    ),
    "figurative": re.compile(
        r"\b(?:match|derby|league|goal|striker|coach|champion\w*|tournament|semi-final|final|"
        r"box\s+office|album|charts|shares|stocks?|inflation|budget|debate|parliament|lawmakers|"
        r"election\s+campaign|critics|newspaper|lawsuits?|malaria|waste|under\s+fire)\b",
        re.I,
    ),
    "attribution": re.compile(r"\b(?:said|says|told|reported|according\s+to|claimed)\b", re.I),
}


@dataclass(frozen=True, slots=True)
class Mention:
    """What the classifier reads for one report: the sentence that tells it, and where."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[str]:
    """Lower-cased words; numbers become ``<year>`` or ``<num>`` so counts do not matter."""
    out = []
    for tok in _TOKEN_RE.findall(text.lower()):
        if tok[0].isdigit():
            out.append("<year>" if re.fullmatch(r"(?:1[0-9]|20)\d\d", tok) else "<num>")
        else:
            out.append(tok)
    return out


def text_features(text: str, prefix: str = "") -> set[str]:
    """Unigrams and bigrams of a sentence (with start and end markers)."""
    toks = tokens(text)
    feats = {f"{prefix}w:{t}" for t in toks}
    # A crude stem ("protest" for protesters, protested) lets an unseen inflection count.
    feats.update(f"{prefix}p:{t[:6]}" for t in toks if len(t) > 6)
    padded = ["<s>", *toks, "</s>"]
    feats.update(f"{prefix}b:{a}_{b}" for a, b in zip(padded, padded[1:], strict=False))
    return feats


def cue_features(text: str, published: dt.date | None) -> set[str]:
    """Which cue patterns fire, and how old the years the sentence names are."""
    feats = {f"cue:{name}" for name, pattern in CUES.items() if pattern.search(text)}
    for match in _YEAR_RE.finditer(text):
        year = int(match.group(1))
        if match.group(2):  # "the 1990s"
            feats.add("cue:decade")
        elif published is not None:
            age = published.year - year
            feats.add("cue:year_old" if age >= 2 else "cue:year_recent")
    return feats


# The feature of a sentence the rule extractor gave no report for.
RULE_NONE = "rule:none"


def rule_features(report: Report | None) -> set[str]:
    """The rule extractor's hits for this mention (``rule:none`` when it found no report)."""
    if report is None:
        return {RULE_NONE}
    feats = {f"rule:type={report.event_type}"}
    if report.acled:
        feats.add(f"rule:acled={report.acled.get('event_type', '')}")
    flags = {
        "fatalities": not report.fatalities.is_empty(),
        "injured": not report.injured.is_empty(),
        "weapon": bool(report.weapons),
        "perpetrator": bool(report.perpetrators),
        "target": bool(report.targets),
        "victim": bool(report.victims),
        "location": report.location is not None,
        "aggregate": report.aggregate,
        "hedged": any(e.hedged for e in report.evidence),
        "aircraft": bool(report.aircraft),
    }
    feats.update(f"rule:{name}" for name, on in flags.items() if on)
    feats.add(f"rule:date={report.date.precision or 'none'}")
    return feats


def mention_features(
    sentence: str, report: Report | None, published: dt.date | None = None
) -> set[str]:
    """Every feature of one mention sentence with the report the rules made of it."""
    return text_features(sentence) | cue_features(sentence, published) | rule_features(report)


def report_mentions(text: str, report: Report, limit: int = 3) -> list[Mention]:
    """The sentences that tell a report: those with its event-type evidence, else any evidence."""
    spans = [e for e in report.evidence if e.field == "event_type"] or list(report.evidence)
    seen: set[tuple[int, int]] = set()
    mentions: list[Mention] = []
    for ev in sorted(spans, key=lambda e: e.start):
        start, end = sentence_around(text, ev.start)
        if (start, end) in seen:
            continue
        seen.add((start, end))
        mentions.append(Mention(text[start:end].strip(), start, end))
        if len(mentions) == limit:
            break
    return mentions


__all__ = [
    "CUES",
    "RULE_NONE",
    "Mention",
    "cue_features",
    "mention_features",
    "report_mentions",
    "rule_features",
    "sentence_around",
    "text_features",
    "tokens",
]
