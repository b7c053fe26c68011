"""Reading one sentence into a ``Mention`` with every finder."""

from __future__ import annotations

import datetime as dt
import re

from warmonitor.extract.findings import Mention, in_aggregate_clause
from warmonitor.extract.rules.actors import find_perpetrators
from warmonitor.extract.rules.casualties import find_casualties, named_victims
from warmonitor.extract.rules.equipment import find_aircraft, find_weapons
from warmonitor.extract.rules.events import detect_event, secondary_events
from warmonitor.extract.rules.targets import find_targets
from warmonitor.extract.sentences import Sentence, inside_quote
from warmonitor.lang.en.dates import find_dates


def read_sentence(sent: Sentence, published: dt.date | None) -> Mention:
    m = Mention(sentence=sent)
    detect_event(m)
    m.casualties = find_casualties(sent)
    m.casualties += named_victims(sent, m.casualties)
    if not m.aggregate:
        # "... killed 5 on Monday, the latest of attacks that have killed hundreds since January".
        m.casualties = [
            c for c in m.casualties if not in_aggregate_clause(sent.text, c.start - sent.start)
        ]
    dates = find_dates(sent.text, published, offset=sent.start)
    kept = []
    for d in dates:
        before = sent.text[max(0, d.start - sent.start - 25) : d.start - sent.start]
        if re.search(r"\b(?:DOB|D\.O\.B|born|birth)\W*$", before, re.I):
            continue  # a date of birth
        if re.search(
            r"\b(?:said|says|told|reported|announced|stated|added|confirmed|claimed|arrested|charged|identified|"
            r"searching|searched|sentenced|released|arraigned|indicted|detained|booked|investigating)\s+(?:\w+\s+)?(?:on\s+)?$",
            before,
            re.I,
        ):
            continue  # when it was said, not when it happened
        if d.kind == "today" and d.text[:1] == "T" and re.search(r"[A-Z][\w.]*\s*\*?$", before):
            continue  # "Russia Today", "USA Today": a name, not a date
        if d.kind in ("today", "yesterday", "this_week", "earlier_week") and inside_quote(
            sent, d.start - sent.start
        ):
            continue  # "today" in a quotation is the speaker's day, not the publication's
        kept.append(d)
    m.dates = kept
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
