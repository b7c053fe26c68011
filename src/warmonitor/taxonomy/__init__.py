"""Event types and aircraft families.

Our event types are ACLED's 25 sub-event types in snake_case plus a few finer
types users asked for (``aircraft_downed``, ``drone_downed``, ``execution``,
``arson``); every type maps to the ACLED (event_type, sub_event_type) pair that
an ACLED coder would give it, so exports stay ACLED-compatible.
"""

from __future__ import annotations

import re

ACLED_PAIRS: dict[str, tuple[str, str]] = {
    # Battles
    "armed_clash": ("Battles", "Armed clash"),
    "government_regains_territory": ("Battles", "Government regains territory"),
    "non_state_actor_overtakes_territory": ("Battles", "Non-state actor overtakes territory"),
    # Violence against civilians
    "sexual_violence": ("Violence against civilians", "Sexual violence"),
    "attack": ("Violence against civilians", "Attack"),
    "abduction_forced_disappearance": (
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    # Explosions/Remote violence
    "chemical_weapon": ("Explosions/Remote violence", "Chemical weapon"),
    "air_drone_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "suicide_bomb": ("Explosions/Remote violence", "Suicide bomb"),
    "shelling_artillery_missile_attack": (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    "remote_explosive_landmine_ied": (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    "grenade": ("Explosions/Remote violence", "Grenade"),
    # Protests
    "peaceful_protest": ("Protests", "Peaceful protest"),
    "protest_with_intervention": ("Protests", "Protest with intervention"),
    "excessive_force_against_protesters": ("Protests", "Excessive force against protesters"),
    # Riots
    "violent_demonstration": ("Riots", "Violent demonstration"),
    "mob_violence": ("Riots", "Mob violence"),
    # Strategic developments
    "agreement": ("Strategic developments", "Agreement"),
    "arrests": ("Strategic developments", "Arrests"),
    "change_to_group_activity": ("Strategic developments", "Change to group/activity"),
    "disrupted_weapons_use": ("Strategic developments", "Disrupted weapons use"),
    "headquarters_or_base_established": (
        "Strategic developments",
        "Headquarters or base established",
    ),
    "looting_property_destruction": ("Strategic developments", "Looting/property destruction"),
    "non_violent_transfer_of_territory": (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    "other": ("Strategic developments", "Other"),
    # Finer types of our own.
    # A crewed aircraft shot down: ACLED codes it as an armed clash between the
    # shooter and the air force operating it.
    "aircraft_downed": ("Battles", "Armed clash"),
    # An uncrewed drone shot down or jammed is "disrupted weapons use" in ACLED.
    "drone_downed": ("Strategic developments", "Disrupted weapons use"),
    "execution": ("Violence against civilians", "Attack"),
    "arson": ("Strategic developments", "Looting/property destruction"),
}

ACLED_SUB_EVENT_TYPES = 25
FINER_TYPES = ("aircraft_downed", "drone_downed", "execution", "arson")


def acled_pair(event_type: str) -> dict[str, str]:
    """The ACLED pair of one of our types as the record's ``acled`` dict."""
    event, sub = ACLED_PAIRS.get(event_type, ACLED_PAIRS["other"])
    return {"event_type": event, "sub_event_type": sub}


# Aircraft model -> family. Variants and export versions of one airframe share a
# family so that "Mi-8" from one outlet and "Mi-17" from another are not treated
# as two different helicopters.
AIRCRAFT_FAMILY: dict[str, str] = {
    "Mi-8": "Mi-8/17",
    "Mi-17": "Mi-8/17",
    "Mi-171": "Mi-8/17",
    "Mi-172": "Mi-8/17",
    "Mi-171Sh": "Mi-8/17",
    "Mi-24": "Mi-24/35",
    "Mi-25": "Mi-24/35",
    "Mi-35": "Mi-24/35",
    "Mi-28": "Mi-28",
    "Mi-26": "Mi-26",
    "Ka-52": "Ka-50/52",
    "Ka-50": "Ka-50/52",
    "Su-17": "Su-17/20/22",
    "Su-20": "Su-17/20/22",
    "Su-22": "Su-17/20/22",
    "Su-24": "Su-24",
    "Su-25": "Su-25",
    "Su-27": "Su-27/30/35",
    "Su-30": "Su-27/30/35",
    "Su-33": "Su-27/30/35",
    "Su-35": "Su-27/30/35",
    "Su-34": "Su-34",
    "Su-57": "Su-57",
    "MiG-21": "MiG-21",
    "MiG-23": "MiG-23",
    "MiG-25": "MiG-25",
    "MiG-29": "MiG-29",
    "MiG-31": "MiG-31",
    "L-39": "L-39",
    "Tu-22": "Tu-22",
    "Tu-95": "Tu-95",
    "Tu-160": "Tu-160",
    "Il-76": "Il-76",
    "Il-20": "Il-20",
    "An-26": "An-26",
    "An-12": "An-12",
    "F-16": "F-16",
    "F-15": "F-15",
    "F-35": "F-35",
    "F-4": "F-4",
    "AH-64": "AH-64",
    "UH-60": "UH-60",
    "CH-47": "CH-47",
    "AH-1": "AH-1",
    "MQ-9": "MQ-9",
    "MQ-1": "MQ-1",
    "Bayraktar TB2": "Bayraktar TB2",
    "Shahed-136": "Shahed-136",
    "Orlan-10": "Orlan-10",
}

# Families that are helicopters (the rest of the table are fixed-wing or drones).
HELICOPTER_FAMILIES = {
    "Mi-8/17",
    "Mi-24/35",
    "Mi-28",
    "Mi-26",
    "Ka-50/52",
    "AH-64",
    "UH-60",
    "CH-47",
    "AH-1",
}
DRONE_FAMILIES = {"MQ-9", "MQ-1", "Bayraktar TB2", "Shahed-136", "Orlan-10"}

_MODEL_RE = re.compile(
    r"^(?P<prefix>mi|ka|su|mig|l|tu|il|an|f|ah|uh|ch|mq)\s*-?\s*(?P<num>\d{1,3})(?P<suffix>[a-z]{0,3})?$",
    re.IGNORECASE,
)
_PREFIX_CASE = {"mi": "Mi", "ka": "Ka", "su": "Su", "mig": "MiG", "l": "L", "tu": "Tu", "il": "Il",
                "an": "An", "f": "F", "ah": "AH", "uh": "UH", "ch": "CH", "mq": "MQ"}  # fmt: skip


def normalize_aircraft(surface: str) -> str:
    """A model as written ("Mi8", "mi-17s", "Sukhoi Su-25") to its canonical name ("Mi-8")."""
    text = re.sub(
        r"^(?:sukhoi|mikoyan|mil|kamov|tupolev|ilyushin|antonov)\s+",
        "",
        surface.strip(),
        flags=re.I,
    )
    text = re.sub(r"(?<=\d)'?s$", "", text)  # plural "Mi-8s"
    if text.lower().startswith("bayraktar"):
        return "Bayraktar TB2"
    if text.lower().startswith("shahed"):
        return "Shahed-136"
    match = _MODEL_RE.match(text)
    if not match:
        return text
    prefix = _PREFIX_CASE[match.group("prefix").lower()]
    suffix = match.group("suffix") or ""
    model = f"{prefix}-{match.group('num')}"
    # Keep meaningful variant suffixes only when the table knows them ("Mi-171Sh").
    if suffix and f"{model}{suffix}" in AIRCRAFT_FAMILY:
        return f"{model}{suffix}"
    return model


def aircraft_family(model: str) -> str:
    """The family of a model ("Mi-17" -> "Mi-8/17"); unknown models are their own family."""
    name = normalize_aircraft(model)
    if name in AIRCRAFT_FAMILY:
        return AIRCRAFT_FAMILY[name]
    # "Mi-171E" and other export variants: fall back on the base number.
    match = re.match(r"^([A-Za-z]+-\d+)", name)
    if match and match.group(1) in AIRCRAFT_FAMILY:
        return AIRCRAFT_FAMILY[match.group(1)]
    return name


def aircraft_kind(model: str) -> str:
    """ "helicopter", "drone" or "aircraft" for a model, for target wording and anaphora."""
    family = aircraft_family(model)
    if family in HELICOPTER_FAMILIES:
        return "helicopter"
    if family in DRONE_FAMILIES:
        return "drone"
    return "aircraft"
