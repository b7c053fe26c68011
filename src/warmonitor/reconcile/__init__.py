"""Reconciliation: one incident record from the reports linked to it.

The claim ledger keeps every value every report gave (outlet, attributed source,
hedging, evidence span); the best value per field is chosen from it, and every
field on which the sources disagree is listed in ``contested``:

- **event type**: most supported, a finer type of ours (``aircraft_downed``)
  counting the support of its ACLED parent (``armed_clash``);
- **date**: the most precise date most reports give; an undated report takes it;
- **location**: the resolved place most reports are consistent with, the most
  precise among equals;
- **fatalities / injured**: UCDP-style low / best / high, ``best`` the conservative
  reading (the lowest figure a non-hedged report gives, ACLED practice);
- **aircraft**: models listed by support; contested whenever two models are named,
  even of one family (Mi-8 vs Mi-17), since the model is what the user reads;
- **grade** (after Airwars): ``contested`` when non-hedged sources disagree on who
  did it or on what happened, else ``confirmed`` when a party or an authority
  acknowledged it, else ``fair`` with two or more independent sources, else
  ``weak``. Sources are counted by who they quote: two outlets relaying the same
  agency are one source.

Claims without an evidence span (a value the report holds but no evidence entry
for it) get ``start = end = -1``.
"""

from __future__ import annotations

from warmonitor.reconcile.claims import claims_of
from warmonitor.reconcile.fields import reconcile_counts
from warmonitor.reconcile.grades import grade_of, independent_sources
from warmonitor.reconcile.incident import aircraft_families, alternatives, effective_date, reconcile
from warmonitor.reconcile.sources import is_party, source_key
from warmonitor.reconcile.vocab import LIST_FIELDS

__all__ = [
    "LIST_FIELDS",
    "aircraft_families",
    "alternatives",
    "claims_of",
    "effective_date",
    "grade_of",
    "independent_sources",
    "is_party",
    "reconcile",
    "reconcile_counts",
    "source_key",
]
