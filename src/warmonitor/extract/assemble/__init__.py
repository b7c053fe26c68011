"""Assembly shared by every extractor: sentence mentions -> drafts -> ``Report`` records.

``drafts`` merges mentions about the same incident, ``places`` picks where it
happened, ``counts`` totals casualties and ``reports`` writes the records with
their evidence.
"""

from warmonitor.extract.assemble.drafts import Draft, build_drafts
from warmonitor.extract.assemble.reports import draft_to_report

__all__ = ["Draft", "build_drafts", "draft_to_report"]
