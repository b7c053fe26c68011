"""Linking: reports from different documents into incidents (one per real event).

How it works
------------
1. **Blocking.** :func:`blocking_key` turns a report into a :class:`Block`: a date
   window widened by the report's date precision, a point with a radius from the
   place precision, the country and the event-type family. The store fetches only
   incidents whose dates fall in the window (give or take
   :data:`DATE_TOLERANCE_DAYS`) in the same country, so the work per document stays
   bounded and the cost over a corpus grows near-linearly (bench/bench_link.py).
   A report with no date takes the window
   [published - :data:`UNKNOWN_DATE_WINDOW_DAYS`, published + 1] of its document;
   with no publication date either, ``date_lo = date_hi = None`` and the store
   fetches the incidents of the same country.

2. **Scoring.** :func:`score_pair` compares two reports on event type, date, place,
   casualties, named people, perpetrators, weapons, aircraft family and the words
   of their evidence (not the trigger and count phrases, which every report of a
   type shares). The scorer is a setting (``[link] scorer``, :class:`Scorer`):
   ``"table"`` (the default) adds hand-set points, rough log-likelihood ratios
   (:data:`WEIGHTS`); ``"learned"`` turns TF-IDF cosines and the same comparisons
   into a calibrated probability with a logistic model learned by
   ``training/link/train_link.py`` (:mod:`warmonitor.link.model`, model card
   docs/models/link-scorer.md; opt-in, as it measures below the table). Some
   differences are *vetoes*: dates far apart, another country, incompatible event
   families, a weekday that does not fit, an undated report of a document that
   tells events a year later (:func:`annotate_context`), two reports of one
   document, day-precise dates two or more days apart; the learned scorer also
   vetoes two named towns beyond both their radii. A place resolved to a country that the
   rest of its report contradicts ("Nayrab" read as Nairobi) is replaced by the
   report's own area (:func:`trusted_place`); a report with no event place stands
   at the most precise place it names (:func:`named_place`).

3. **Clustering.** :func:`assign` re-clusters the small pool made of the new
   document's reports and the reports of the candidate incidents they could join,
   from singletons, by a deterministic greedy agglomeration: pairs are taken best
   score first (ties by report key) and two clusters merge only if every cross
   pair is linkable and scores at least :data:`MIN_PAIR_SCORE`, and their *average*
   cross score clears the threshold (:data:`LINK_THRESHOLD`). The floor makes it
   complete-link for conflicts and the average keeps a vague report ("a helicopter
   was downed in Syria this week") from chaining two distinct events: it can join
   one of them, and the other then disagrees with that one's specific reports.
   With the table, a report with an unknown date or place needs a higher score
   (strong evidence) to join; an undated one then takes the incident's date in
   reconciliation.

   Two reports of the same document never share an incident: the extractor has
   already gathered within a document whatever it tells about one event, so two
   reports from one document are two events as that document tells it (e.g. "the
   second such incident this week").

4. **Stable ids.** An incident's id is a hash of its *anchor* report: the report
   first published (by the document's publication date; unknown dates sort last),
   ties broken by report key. It is a function of the cluster's content only, so
   any ingestion order gives the same ids, and a later-published report joining
   an incident does not change it. When new evidence merges, splits or re-anchors
   incidents, :class:`LinkResult` lists the change (old ids -> new ids, reason,
   score) for the store to record.

Everything here is pure: no database, no I/O. :class:`MemoryLinker` runs the same
loop as the store-backed pipeline in memory (used by tests and the evaluation).
"""

from __future__ import annotations

from warmonitor.link.assign import (
    LinkChange,
    LinkResult,
    annotate_context,
    assign,
    assign_features,
    document_context,
)
from warmonitor.link.blocking import (
    Block,
    BlockIndex,
    BlockRange,
    blocking_key,
    blocks_compatible,
    candidate_ranges,
    date_window,
    shift_date,
    span_class,
)
from warmonitor.link.clustering import cluster, incident_id_for
from warmonitor.link.explain import explain_incident, explain_stored_incident
from warmonitor.link.families import (
    acled_event_type,
    acled_pair,
    acled_sub_event_type,
    aircraft_family,
    event_family,
)
from warmonitor.link.features import (
    FEATURES_VERSION,
    Features,
    features,
    features_from_json,
    features_to_json,
    named_place,
    trusted_place,
)
from warmonitor.link.loop import IncidentRepository, link_document
from warmonitor.link.memory import MemoryLinker
from warmonitor.link.params import (
    DATE_SLACK_DAYS,
    DATE_TOLERANCE_DAYS,
    LINK_THRESHOLD,
    MIN_PAIR_SCORE,
    PRECISION_RADIUS_KM,
    SCORER,
    UNKNOWN_DATE_THRESHOLD,
    UNKNOWN_DATE_WINDOW_DAYS,
    UNKNOWN_PLACE_EXTRA,
    USE_NAMED_PLACES,
    WEIGHTS,
)
from warmonitor.link.scoring import (
    CONFIGURED_SCORER,
    SCORERS,
    PairScore,
    Scorer,
    score_features,
    score_pair,
)

__all__ = [
    "DATE_SLACK_DAYS",
    "DATE_TOLERANCE_DAYS",
    "FEATURES_VERSION",
    "LINK_THRESHOLD",
    "MIN_PAIR_SCORE",
    "PRECISION_RADIUS_KM",
    "SCORER",
    "UNKNOWN_DATE_THRESHOLD",
    "UNKNOWN_DATE_WINDOW_DAYS",
    "UNKNOWN_PLACE_EXTRA",
    "USE_NAMED_PLACES",
    "WEIGHTS",
    "CONFIGURED_SCORER",
    "SCORERS",
    "Block",
    "BlockIndex",
    "BlockRange",
    "Features",
    "IncidentRepository",
    "LinkChange",
    "LinkResult",
    "MemoryLinker",
    "PairScore",
    "Scorer",
    "acled_event_type",
    "acled_pair",
    "acled_sub_event_type",
    "aircraft_family",
    "annotate_context",
    "assign",
    "assign_features",
    "blocking_key",
    "blocks_compatible",
    "candidate_ranges",
    "cluster",
    "date_window",
    "document_context",
    "event_family",
    "explain_incident",
    "explain_stored_incident",
    "features",
    "features_from_json",
    "features_to_json",
    "incident_id_for",
    "link_document",
    "named_place",
    "score_features",
    "score_pair",
    "shift_date",
    "span_class",
    "trusted_place",
]
