"""Reading one sentence into a ``Mention`` with every finder."""

from __future__ import annotations

import datetime as dt

from warmonitor.extract.findings import Mention, in_aggregate_clause
from warmonitor.extract.rules.actors import find_perpetrators
from warmonitor.extract.rules.casualties import find_casualties, named_victims
from warmonitor.extract.rules.dates import find_event_dates
from warmonitor.extract.rules.equipment import find_aircraft, find_weapons
from warmonitor.extract.rules.events import detect_event, secondary_events
from warmonitor.extract.rules.targets import find_targets
from warmonitor.extract.sentences import Sentence


def read_sentence(sent: Sentence, published: dt.date | None) -> Mention:
    """Every finder over one triaged sentence, in the order their results depend on."""
    m = Mention(sentence=sent)
    detect_event(m)
    m.casualties = find_casualties(sent)
    m.casualties += named_victims(sent, m.casualties)
    if not m.aggregate:
        # "... killed 5 on Monday, the latest of attacks that have killed hundreds since January".
        m.casualties = [
            c for c in m.casualties if not in_aggregate_clause(sent.text, c.start - sent.start)
        ]
    m.dates = find_event_dates(sent, published)
    if m.event_type == "attack" and m.strong:
        killed = [c for c in m.casualties if c.status in ("killed", "injured")]
        combatants = killed and all(c.kind in ("soldiers", "militants", "police") for c in killed)
        if combatants or "armed_clash" in m.types:
            # Killing combatants, or killing "during the fighting", is a battle in ACLED's terms.
            m.event_type = "armed_clash"
    m.weapons = find_weapons(sent)
    m.aircraft = find_aircraft(sent)
    if sent.span is not None:
        m.perpetrators = find_perpetrators(m)
        m.targets = find_targets(m)
    m.subs = secondary_events(m)
    return m
