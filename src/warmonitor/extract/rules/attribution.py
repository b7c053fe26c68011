"""Attribution: who each sentence's content comes from, and the stretch each say-verb governs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warmonitor.extract.findings import Mention
from warmonitor.extract.sentences import Sentence
from warmonitor.lang.en import lexicon as lx
from warmonitor.nlp.tokens import PRONOUNS, coarse_pos, has_lemma

_SAY_RE = re.compile(
    r"^(?P<src>(?:[\w'’.-]+\s+){0,6}?[\w'’.-]+)\s+(?:also\s+|later\s+|had\s+|has\s+|have\s+)?(?:said|says|reported|claimed|claim|claims|told|stated|announced|confirmed|added|wrote|alleged|insisted|accused|blamed)\b",
    re.I,
)


def source_phrase(
    sent: Sentence, focus_offsets: set[int] | None = None
) -> tuple[str | None, list[tuple[str, str]]]:
    """Who the sentence attributes its content to, as written; plus entities in that phrase."""
    text = sent.text
    match = lx.ACCORDING_RE.search(text)
    if match:
        src = match.group("src").strip()
        ents = []
        if sent.span is not None:
            ents = [
                (e.text, e.label_) for e in sent.ents if e.start_char >= sent.at(match.start("src"))
            ]
        return src, ents
    span = sent.span
    if span is not None:
        candidates = []
        for tok in span:
            if coarse_pos(tok) in ("VERB", "AUX") and has_lemma(tok, lx.SAY_LEMMAS):
                subjects = [c for c in tok.children if c.dep_ == "nsubj"]
                if (
                    not subjects
                    and tok.dep_ in ("acl", "advcl", "pcomp")
                    and coarse_pos(tok.head) in ("NOUN", "PROPN")
                ):
                    subjects = [tok.head]  # "with activists saying ..."
                for child in subjects:
                    candidates.append((0 if tok.dep_ == "ROOT" else 1, tok.i, child))
        if candidates:
            focus = [t.i for t in span if t.idx in (focus_offsets or set())]

            def covers(verb_i: int) -> int:
                sub = list(span.doc[verb_i].subtree)
                if focus and sub[0].i <= focus[0] <= sub[-1].i:
                    return len(sub)
                return 10_000

            candidates.sort(key=lambda c: (covers(c[1]), c[0], c[1]))
            subj = candidates[0][2]
            if subj.lower_ in ("i", "we"):
                # A quoted "I" or "we": the speaker is named by another say-verb, if any.
                others = [c for c in candidates if c[2].lower_ not in ("i", "we")]
                if not others:
                    return None, []
                subj = others[0][2]
            sub = list(subj.subtree)
            # Drop trailing relative clauses and appositions: keep up to the head.
            verb_tree = (
                {t.i for t in span.doc[candidates[0][1]].subtree}
                if subj.i != candidates[0][1]
                else set()
            )
            phrase_tokens = [
                t
                for t in sub
                if (t.i <= subj.i or t.dep_ in ("compound", "flat", "prep", "pobj"))
                and not (span.doc[candidates[0][1]].head.i == subj.i and t.i in verb_tree)
            ]
            phrase = (
                span.doc[phrase_tokens[0].i : phrase_tokens[-1].i + 1].text
                if phrase_tokens
                else subj.text
            )
            ents = [
                (e.text, e.label_)
                for e in sent.ents
                if sub[0].i <= e.start and e.end <= sub[-1].i + 1
            ]
            return phrase, ents
    if span is None:
        match = _SAY_RE.match(text)
        if match:
            return match.group("src"), []
    # Headline credit: "Helicopter shot down, killing two pilots: monitor".
    if not text.rstrip().endswith((".", '"', "”")):
        match = lx.HEADLINE_SOURCE_RE.search(text)
        if match and len(text.split()) < 25:
            return match.group("src"), []
    return None, []


def source_scopes(sent: Sentence) -> list[tuple[int, int, str, list[tuple[str, str]]]]:
    """Every say-verb of a parsed sentence with the stretch it governs and its subject.

    "A video showed the helicopter crashing, with activists saying it came down
    near Nayrab on Tuesday": the place and the day are the activists', the crash
    the video's. Values get the source of the smallest stretch that holds them.
    """
    span = sent.span
    out: list[tuple[int, int, str, list[tuple[str, str]]]] = []
    if span is None:
        return out
    for tok in span:
        if not (coarse_pos(tok) in ("VERB", "AUX") and has_lemma(tok, lx.SAY_LEMMAS)):
            continue
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if (
            not subjects
            and tok.dep_ in ("acl", "advcl", "pcomp")
            and coarse_pos(tok.head) in ("NOUN", "PROPN")
        ):
            subjects = [tok.head]
        if not subjects or subjects[0].lower_ in ("i", "we"):
            continue
        subj = subjects[0]
        sub = list(subj.subtree)
        # "activists saying ...": the say-verb hangs off its subject; keep it out of the name.
        verb_tree = {t.i for t in tok.subtree} if tok.head.i == subj.i else set()
        phrase_tokens = [
            t
            for t in sub
            if (t.i <= subj.i or t.dep_ in ("compound", "flat", "prep", "pobj"))
            and t.i not in verb_tree
        ]
        phrase = (
            span.doc[phrase_tokens[0].i : phrase_tokens[-1].i + 1].text
            if phrase_tokens
            else subj.text
        )
        ents = [
            (e.text, e.label_) for e in sent.ents if sub[0].i <= e.start and e.end <= sub[-1].i + 1
        ]
        tree = list(tok.subtree)
        start = tree[0].idx
        end = tree[-1].idx + len(tree[-1].text)
        out.append((start, end, phrase, ents))
    return out


@dataclass(slots=True)
class SourceContext:
    """Names the document gives that generic references ("the monitor") link to."""

    monitor: str | None = None
    state_media: str | None = None


def source_context(text: str) -> SourceContext:
    ctx = SourceContext()
    low = text.lower()
    first_state: tuple[int, str] | None = None
    for key, name in lx.SOURCE_NAMES.items():
        match = re.search(
            rf"(?<![\w-]){re.escape(key)}(?![\w-])",
            low if key.islower() and len(key) > 3 else text.lower(),
        )
        if match is None:
            continue
        if len(key) <= 4 and not re.search(rf"(?<![\w-]){re.escape(key.upper())}(?![\w-])", text):
            continue
        if lx.MONITOR_RE.search(name) and ctx.monitor is None:
            ctx.monitor = name
        if name in lx.STATE_MEDIA and (first_state is None or match.start() < first_state[0]):
            first_state = (match.start(), name)
    if ctx.monitor is None:
        match = re.search(
            r"\b((?:[A-Z][\w'-]+\s+)+(?:Observatory|Monitor)(?:\s+(?:for|of|on)(?:\s+[A-Z][\w'-]+)+)?)",
            text,
        )
        if match:
            ctx.monitor = match.group(1)
    if first_state:
        ctx.state_media = first_state[1]
    return ctx


def normalize_source(phrase: str, ents: list[tuple[str, str]], ctx: SourceContext) -> str | None:
    clean = phrase.strip(" ,.;:'\"“”")
    clean = re.sub(r"^(?:the|a|an|some|other|several|many|one)\s+", "", clean, flags=re.I)
    low = clean.lower()
    if not clean or low in PRONOUNS:
        return None
    for key in sorted(lx.SOURCE_NAMES, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", low) and (
            len(key) > 4 or re.search(rf"\b{re.escape(key.upper())}\b", clean)
        ):
            return lx.SOURCE_NAMES[key]
    if lx.MONITOR_RE.search(clean) and ctx.monitor:
        return ctx.monitor
    if lx.STATE_MEDIA_RE.search(clean) and ctx.state_media:
        return ctx.state_media
    for text, label in ents:
        if label == "PERSON" and text.lower() in low:
            return text
    for text, label in ents:
        if label == "ORG" and text.lower() in low:
            return re.sub(r"^the\s+", "", text, flags=re.I)
    if len(clean.split()) > 8:
        clean = " ".join(clean.split()[-4:])
    return clean


# ----------------------------------------------------------------- reading sentences


def attribute(mentions: list[Mention], sentences: list[Sentence], ctx: SourceContext) -> None:
    """Who each sentence's content comes from; pronouns and quotations carry over.

    Runs over every sentence (untriaged ones by a cheap pattern) so that "They
    also reported ..." can find the source named in the sentence before.
    """
    by_index = {m.sentence.index: m for m in mentions}
    previous: str | None = None
    previous_index = -10
    previous_quoted = False
    for sent in sentences:
        m = by_index.get(sent.index)
        focus: set[int] = set()
        if m is not None:
            starts = [t.start for t in m.trigger_spans] + [a.start for a in m.anaphora]
            if starts:
                first = min(starts)
                focus = {t.idx for t in (sent.span or []) if t.idx >= first}
                focus = {min(focus)} if focus else set()
        phrase, ents = source_phrase(sent, focus)
        source = None
        if phrase is not None:
            low = phrase.strip().lower()
            if (
                low in ("they", "he", "she", "it", "the group", "the ministry")
                and previous
                and sent.index - previous_index <= 3
            ):
                source = previous
            else:
                source = normalize_source(phrase, ents, ctx)
        elif (
            sent.quoted
            and previous
            and sent.index - previous_index <= 2
            and (previous_quoted or sent.index - previous_index == 1)
        ):
            source = previous
        if m is not None:
            m.source = source
            for s0, e0, phrase0, ents0 in source_scopes(sent):
                low0 = phrase0.strip().lower()
                if (
                    low0 in ("they", "he", "she", "it")
                    and previous
                    and sent.index - previous_index <= 3
                ):
                    named = previous
                else:
                    named = normalize_source(phrase0, ents0, ctx)
                if named:
                    m.scopes.append(sent.marked(s0, e0, named))
        if source:
            previous = source
            previous_index = sent.index
            previous_quoted = sent.quoted or '"' in sent.text or "“" in sent.text
