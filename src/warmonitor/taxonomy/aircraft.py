"""Aircraft models and families: "Mi-8" from one outlet and "Mi-17" from another are one helicopter."""

from __future__ import annotations

import re

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
