"""The event-type table: one ``EventType`` per type, registered in ``registry.event_types``.

Every fact about a type lives here: its ACLED (event_type, sub_event_type) pair, the
act family the extractor splits sentences by, whether it is violent, whether a second
clause with it is a second event, and whether it is a conflict event at all. Types are
registered through ``registry.event_types`` exactly as a plugin's would be, so a plugin
adds a type with ``register_event_type(EventType(...))``.

Our types are ACLED's 25 sub-event types in snake_case plus a few finer ones users
asked for (``aircraft_downed``, ``drone_downed``, ``execution``, ``arson``), each mapped
to the pair an ACLED coder would give it, so exports stay ACLED-compatible; and the
out-of-scope labels DESIGN.md lists, recognised but not conflict incidents.
"""

from __future__ import annotations

from dataclasses import dataclass

from warmonitor import registry

# ACLED event types -> the coarse family the linker blocks candidates by.
LINK_FAMILIES: dict[str, str] = {
    "Battles": "violence",
    "Violence against civilians": "violence",
    "Explosions/Remote violence": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
    "Strategic developments": "strategic",
}
# Act families distinct enough that a second clause with one is a second event
# ("guerrillas killed a peasant ... and burned a tank truck").
DISTINCT_ACT_FAMILIES = frozenset({"property", "abduction", "sexual"})


@dataclass(frozen=True, slots=True)
class EventType:
    """One event type and what the pipeline needs to know about it."""

    name: str
    acled_event_type: str | None  # None only for types outside conflict (``conflict=False``)
    acled_sub_event_type: str | None
    act_family: str | None = None  # violence | property | abduction | sexual
    violent: bool = False  # a violent act: can refine a generic "attack" report
    splittable: bool = False  # a second clause with this type is its own event
    generic: bool = False  # words that name violence without typing it ("attack", "fighting")
    conflict: bool = True  # False: recognised but outside the monitor's scope
    derived: bool = False  # no trigger of its own: set by a rule or a classifier
    finer: bool = False  # a type of our own, finer than its ACLED sub-event type

    @property
    def acled(self) -> tuple[str, str] | None:
        if self.acled_event_type is None or self.acled_sub_event_type is None:
            return None
        return (self.acled_event_type, self.acled_sub_event_type)

    @property
    def link_family(self) -> str:
        return LINK_FAMILIES.get(self.acled_event_type or "", "unknown")


def register_event_type(event_type: EventType) -> EventType:
    """Add a type to ``registry.event_types`` (built-ins and plugins alike)."""
    registry.event_types.register(event_type.name, func=event_type)
    return event_type


_B, _V, _E = "Battles", "Violence against civilians", "Explosions/Remote violence"
_P, _R, _S = "Protests", "Riots", "Strategic developments"


def _violent(
    name: str, event: str, sub: str, family: str | None = "violence", **kw: bool
) -> EventType:
    return EventType(name, event, sub, act_family=family, violent=True, **kw)


BUILTIN_EVENT_TYPES: tuple[EventType, ...] = (
    # Battles
    _violent("armed_clash", _B, "Armed clash", generic=True),
    EventType("government_regains_territory", _B, "Government regains territory"),
    EventType("non_state_actor_overtakes_territory", _B, "Non-state actor overtakes territory"),
    # Violence against civilians
    _violent("sexual_violence", _V, "Sexual violence", family="sexual", splittable=True),
    _violent("attack", _V, "Attack", generic=True, splittable=True),
    _violent(
        "abduction_forced_disappearance",
        _V,
        "Abduction/forced disappearance",
        family="abduction",
        splittable=True,
    ),
    # Explosions/Remote violence
    _violent("chemical_weapon", _E, "Chemical weapon", splittable=True),
    _violent("air_drone_strike", _E, "Air/drone strike", splittable=True),
    _violent("suicide_bomb", _E, "Suicide bomb", splittable=True),
    _violent(
        "shelling_artillery_missile_attack",
        _E,
        "Shelling/artillery/missile attack",
        splittable=True,
    ),
    _violent("remote_explosive_landmine_ied", _E, "Remote explosive/landmine/IED", splittable=True),
    _violent("grenade", _E, "Grenade", splittable=True),
    # Protests
    EventType("peaceful_protest", _P, "Peaceful protest"),
    EventType("protest_with_intervention", _P, "Protest with intervention"),
    EventType("excessive_force_against_protesters", _P, "Excessive force against protesters"),
    # Riots
    EventType("violent_demonstration", _R, "Violent demonstration"),
    _violent("mob_violence", _R, "Mob violence", family=None),
    # Strategic developments
    EventType("agreement", _S, "Agreement"),
    EventType("arrests", _S, "Arrests"),
    EventType("change_to_group_activity", _S, "Change to group/activity", derived=True),
    EventType("disrupted_weapons_use", _S, "Disrupted weapons use"),
    EventType("headquarters_or_base_established", _S, "Headquarters or base established"),
    EventType(
        "looting_property_destruction",
        _S,
        "Looting/property destruction",
        act_family="property",
        splittable=True,
    ),
    EventType(
        "non_violent_transfer_of_territory", _S, "Non-violent transfer of territory", derived=True
    ),
    EventType("other", _S, "Other", derived=True),
    # Finer types of our own.
    # A crewed aircraft shot down: ACLED codes it as an armed clash between the
    # shooter and the air force operating it.
    _violent("aircraft_downed", _B, "Armed clash", splittable=True, finer=True),
    # An uncrewed drone shot down or jammed is "disrupted weapons use" in ACLED.
    _violent("drone_downed", _S, "Disrupted weapons use", splittable=True, finer=True),
    _violent("execution", _V, "Attack", splittable=True, finer=True),
    EventType(
        "arson",
        _S,
        "Looting/property destruction",
        act_family="property",
        splittable=True,
        finer=True,
    ),
    # Outside the monitor's scope (DESIGN.md): recognised and typed, not conflict
    # incidents; no ACLED pair; the relevance classifier assigns them.
    *(
        EventType(name, None, None, conflict=False, derived=True)
        for name in (
            "natural_disaster",
            "man_made_disaster",
            "organized_crime",
            "diplomatic_event",
            "attribution",
        )
    ),
)

for _type in BUILTIN_EVENT_TYPES:
    register_event_type(_type)
