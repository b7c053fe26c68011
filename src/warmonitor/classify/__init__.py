"""The learned relevance and event-type layer over the rule extractor's reports.

``classify_reports(document, reports)`` keeps the reports that tell a specific conflict event
that happened, retypes them over the 25 ACLED sub-event types where the model disagrees with
the rules, marks aggregates and drops non-events (negated, planned, hypothetical, figurative,
rhetoric, historical) and out-of-scope happenings. ``explain(report)`` says why.
"""

from warmonitor.classify.decide import (
    Decision,
    SentenceScore,
    apply,
    classify_reports,
    decide,
    decide_all,
    explain,
)
from warmonitor.classify.labels import (
    ALL_LABELS,
    EVENT_LABELS,
    NON_EVENT_LABELS,
    OUT_OF_SCOPE_LABELS,
    label_kind,
)
from warmonitor.classify.merge import merge_reports, same_event
from warmonitor.classify.model import LinearModel, ModelError, load_model

__all__ = [
    "ALL_LABELS",
    "EVENT_LABELS",
    "NON_EVENT_LABELS",
    "OUT_OF_SCOPE_LABELS",
    "Decision",
    "LinearModel",
    "ModelError",
    "SentenceScore",
    "apply",
    "classify_reports",
    "decide",
    "decide_all",
    "explain",
    "label_kind",
    "load_model",
    "merge_reports",
    "same_event",
]
