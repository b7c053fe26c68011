"""Per report: is it a specific event that happened, and of which type? Keep, retype or drop it.

A report may be told by several sentences; each is scored and the report is relevant when its
most event-like sentence is (the relevance head). The type is the event-type head's label with the
most probability averaged over those sentences; the rule extractor's finer type ("aircraft_downed") stays when the model agrees
on its ACLED sub-event type.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from warmonitor.classify.features import Mention, mention_features, report_mentions
from warmonitor.classify.labels import acled_label, label_kind
from warmonitor.classify.model import LinearModel, load_model
from warmonitor.records import Document, Report
from warmonitor.settings import ClassifySettings, active_settings
from warmonitor.taxonomy import acled_pair


@dataclass(slots=True)
class SentenceScore:
    start: int
    end: int
    text: str
    event_probability: float
    label: str
    label_probability: float
    cues: list[str]


@dataclass(slots=True)
class Decision:
    """What the layer decided for one report, and the sentences and scores that decided it."""

    action: str  # keep | retype | aggregate | drop
    label: str  # the deciding label (an event type, a non-event kind or an out-of-scope kind)
    kind: str  # event | non_event | out_of_scope
    event_probability: float
    rule_type: str
    event_type: str  # the type the report ends with (the rule type when dropped)
    sentences: list[SentenceScore] = field(default_factory=list)
    top_features: list[tuple[str, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "label": self.label,
            "kind": self.kind,
            "event_probability": round(self.event_probability, 3),
            "rule_type": self.rule_type,
            "event_type": self.event_type,
            "sentences": [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "event_probability": round(s.event_probability, 3),
                    "label": s.label,
                    "label_probability": round(s.label_probability, 3),
                    "cues": s.cues,
                }
                for s in self.sentences
            ],
            "top_features": [[f, w] for f, w in self.top_features],
        }


def _published(document: Document) -> dt.date | None:
    value = document.published
    return value.date() if isinstance(value, dt.datetime) else value


def decide(
    document: Document,
    report: Report,
    model: LinearModel,
    config: ClassifySettings,
) -> Decision:
    """The decision for one report of ``document`` (pure)."""
    mentions = report_mentions(document.text, report) or [
        Mention(document.text[:300], 0, min(300, len(document.text)))
    ]
    published = _published(document)
    relevance, types = model.relevance, model.event_type
    event_column = relevance.labels.index("event")
    scored: list[tuple[SentenceScore, np.ndarray, np.ndarray, set[str]]] = []
    for mention in mentions:
        feats = mention_features(mention.text, report, published)
        rows = model.rows(feats)
        rel_probs, type_probs = relevance.scores(rows), types.scores(rows)
        p_event = float(rel_probs[event_column])
        if p_event >= config.min_event_probability:
            best, best_p = types.labels[int(type_probs.argmax())], float(type_probs.max())
        else:
            k = _best_non_event(rel_probs, event_column)
            best, best_p = relevance.labels[k], float(rel_probs[k])
        score = SentenceScore(
            start=mention.start,
            end=mention.end,
            text=mention.text,
            event_probability=p_event,
            label=best,
            label_probability=best_p,
            cues=sorted(f[4:] for f in feats if f.startswith("cue:")),
        )
        scored.append((score, rel_probs, type_probs, feats))
    deciding, rel_probs, _, feats = max(scored, key=lambda s: s[0].event_probability)
    p_event = deciding.event_probability
    rule_type = report.event_type
    background = not _dated_in(report, deciding.start, deciding.end) and _background_context(
        document.text, deciding.start, published
    )
    if p_event >= config.min_event_probability and not background:
        summed = sum(t for _, _, t, _ in scored) / len(scored)
        label = types.labels[int(summed.argmax())]
        retype = (
            acled_label(rule_type) != label and float(summed.max()) >= config.retype_min_probability
        )
        event_type = label if retype else rule_type
        action = "retype" if retype else "keep"
        label = label if retype else acled_label(rule_type)
        head = "event_type"
    else:
        label = (
            "historical"
            if background
            else relevance.labels[_best_non_event(rel_probs, event_column)]
        )
        event_type = rule_type
        head = "relevance"
        if label == "statistic":
            action = "aggregate"
        elif (
            label == "historical"
            and _dated_past_event(report, published)
            and _event_apart_from_age(model, feats) >= config.min_event_probability
        ):
            action = "keep"  # a past event told with its place and date: a year-precision record
        elif label_kind(label) == "out_of_scope" and config.keep_out_of_scope:
            action, event_type = "retype", label
        else:
            action = "drop"
    return Decision(
        action=action,
        label=label,
        kind=label_kind(label),
        event_probability=p_event,
        rule_type=rule_type,
        event_type=event_type,
        sentences=[s for s, _, _, _ in scored],
        top_features=model.top_features(feats, head, label)
        if label in getattr(model, head).labels
        else [],
    )


# A year told as a time ("from 1992", "in the 1860s", "the 2004 bombing"), not as a name
# ("a 2015 Honda").
_YEAR = re.compile(
    r"\b(?:in|from|to|until|between|during|since|of)\s+(?:the\s+)?(1[5-9]\d\d|20\d\d)s?\b"
    r"|\bthe\s+(1[5-9]\d\d|20\d\d)\s+(?=[a-z])"  # "the 2004 bombing"
)
_BACKGROUND_YEARS = 5
_CONTEXT_CHARS = 300


def _dated_in(report: Report, start: int, end: int) -> bool:
    """Whether the report's date is stated inside the sentence ``start``..``end`` (not taken
    from the lead or the publication date)."""
    return report.date.start is not None and any(
        e.field == "date" and start <= e.start < end for e in report.evidence
    )


def _background_context(text: str, start: int, published: dt.date | None) -> bool:
    """Whether an undated mention follows text that names only years long past ("the siege,
    which lasted from 1992 to 1996. Shelling during the siege killed ..."): the sentence tells
    background, not this story's event. The model reads one sentence; this is its context."""
    if published is None:
        return False
    years = [
        int(m.group(1) or m.group(2))
        for m in _YEAR.finditer(text, max(0, start - _CONTEXT_CHARS), start)
    ]
    return bool(years) and all(published.year - year >= _BACKGROUND_YEARS for year in years)


# The features that say a sentence is old news rather than whether it tells an event (with the
# words and bigrams of its years).
_AGE_FEATURES = frozenset({"cue:year_old", "cue:decade", "cue:history"})


def _event_apart_from_age(model: LinearModel, feats: set[str]) -> float:
    """P(event) of a sentence read without its age cues: whether it would tell a conflict event
    had it happened now ("a MiG-23 was shot down over Hama" yes, "his father died in 1927" no)."""
    relevance = model.relevance
    undated = {f for f in feats if f not in _AGE_FEATURES and "<year>" not in f}
    probs = relevance.scores(model.rows(undated))
    return float(probs[relevance.labels.index("event")])


def _dated_past_event(report: Report, published: dt.date | None) -> bool:
    """Whether the rules gave a historical mention its own place and a past date ("In 2018, a
    Su-25 was shot down above Idlib"); a date in the publication year means the rules dated
    background to the story's own time, and the record would be wrong."""
    start = report.date.start
    if report.location is None or start is None or report.date.precision is None:
        return False
    return published is None or start.year < published.year


def _best_non_event(probs: np.ndarray, event_column: int) -> int:
    masked = probs.copy()
    masked[event_column] = -1.0
    return int(masked.argmax())


def apply(report: Report, decision: Decision) -> Report | None:
    """The report as the decision leaves it (None when dropped); records the explanation."""
    if decision.action == "drop":
        return None
    if decision.action == "aggregate":
        report.aggregate = True
    elif decision.event_type != report.event_type:
        report.event_type = decision.event_type
        # Out-of-scope happenings have no ACLED pair (taxonomy would fall back on "Other").
        report.acled = acled_pair(decision.event_type) if decision.kind == "event" else {}
        for evidence in report.evidence:
            if evidence.field == "event_type":
                evidence.value = decision.event_type
    report.explanation = decision.as_dict()
    return report


def decide_all(
    document: Document, reports: list[Report], config: ClassifySettings | None = None
) -> list[Decision]:
    """One decision per report, in order (what ``extract --explain`` shows, dropped ones too)."""
    config = config or active_settings().classify
    model = load_model(config.model)
    return [decide(document, report, model, config) for report in reports]


def classify_reports(
    document: Document, reports: list[Report], config: ClassifySettings | None = None
) -> list[Report]:
    """The reports that tell specific conflict events, retyped where the model says so.

    Non-events are dropped, aggregates marked ``aggregate``; out-of-scope happenings are dropped
    unless ``classify.keep_out_of_scope`` is set. Each kept report records its explanation. With
    ``classify.merge_within_document`` a document's retellings of one event become one report.
    """
    config = config or active_settings().classify
    if not config.enabled or not reports:
        return reports
    from warmonitor.classify.merge import absorb, elaborates, merge_reports

    kept: list[Report] = []
    for report, decision in zip(reports, decide_all(document, reports, config), strict=True):
        result = apply(report, decision)
        if result is not None:
            result.index = len(kept)
            kept.append(result)
        elif (
            config.merge_within_document
            and kept
            and decision.label != "negated"
            and elaborates(document, kept[-1], report)
        ):
            # "Seven policemen were injured by stones." read alone tells no event; after the
            # report it adds to, it is that report's casualties, whatever its own score.
            report.explanation = decision.as_dict()
            absorb(kept[-1], report)
    if config.merge_within_document:
        kept = merge_reports(document, kept)
    return kept


def explain(report: Report) -> dict[str, Any]:
    """Which sentences decided a report's relevance and type, with their scores ({} if unscored)."""
    return dict(report.explanation or {})


__all__ = [
    "Decision",
    "SentenceScore",
    "apply",
    "classify_reports",
    "decide",
    "decide_all",
    "explain",
]
