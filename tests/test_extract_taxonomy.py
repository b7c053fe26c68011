"""Event types, their ACLED pairs, and aircraft families."""

from __future__ import annotations

import pytest

from warmonitor.taxonomy import (
    ACLED_PAIRS,
    AIRCRAFT_FAMILY,
    acled_pair,
    aircraft_family,
    normalize_aircraft,
)

ACLED_25 = [
    "armed_clash",
    "government_regains_territory",
    "non_state_actor_overtakes_territory",
    "sexual_violence",
    "attack",
    "abduction_forced_disappearance",
    "chemical_weapon",
    "air_drone_strike",
    "suicide_bomb",
    "shelling_artillery_missile_attack",
    "remote_explosive_landmine_ied",
    "grenade",
    "peaceful_protest",
    "protest_with_intervention",
    "excessive_force_against_protesters",
    "violent_demonstration",
    "mob_violence",
    "agreement",
    "arrests",
    "change_to_group_activity",
    "disrupted_weapons_use",
    "headquarters_or_base_established",
    "looting_property_destruction",
    "non_violent_transfer_of_territory",
    "other",
]


def test_all_25_acled_sub_event_types() -> None:
    assert len(ACLED_25) == 25
    assert set(ACLED_25) <= set(ACLED_PAIRS)
    subs = {ACLED_PAIRS[t][1] for t in ACLED_25}
    assert len(subs) == 25
    events = {ACLED_PAIRS[t][0] for t in ACLED_25}
    assert events == {
        "Battles",
        "Violence against civilians",
        "Explosions/Remote violence",
        "Protests",
        "Riots",
        "Strategic developments",
    }


def test_finer_types_map_to_acled() -> None:
    assert ACLED_PAIRS["aircraft_downed"] == ("Battles", "Armed clash")
    assert acled_pair("aircraft_downed") == {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
    }
    for t, (event, sub) in ACLED_PAIRS.items():
        assert t == t.lower() and " " not in t
        assert (event, sub) in {ACLED_PAIRS[x] for x in ACLED_25}


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("Mi-8", "Mi-8/17"),
        ("Mi-17", "Mi-8/17"),
        ("Mi-171", "Mi-8/17"),
        ("mi17", "Mi-8/17"),
        ("Mi-8s", "Mi-8/17"),
        ("Mi-24", "Mi-24/35"),
        ("Mi-35", "Mi-24/35"),
        ("Su-24", "Su-24"),
        ("Sukhoi Su-25", "Su-25"),
        ("Su-22", "Su-17/20/22"),
        ("MiG-29", "MiG-29"),
    ],
)
def test_aircraft_family(model: str, family: str) -> None:
    assert aircraft_family(model) == family


def test_family_table_is_consistent() -> None:
    for model, family in AIRCRAFT_FAMILY.items():
        assert aircraft_family(model) == family
        assert normalize_aircraft(model) == model


def test_unknown_model_is_its_own_family() -> None:
    assert aircraft_family("Z-9") == "Z-9"
