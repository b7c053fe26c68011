"""The event's own location among a report's places (geo.event_location), on our sentences."""

from __future__ import annotations

import pytest

from conftest import shared_gazetteer_path
from warmonitor.geo import gazetteer as gz
from warmonitor.geo.event_location import DISTRICT, PROVINCE, TOWN, event_location
from warmonitor.geo.geoparse import geoparse


@pytest.fixture(scope="module")
def locate():
    from warmonitor.nlp import load_nlp

    nlp = load_nlp()
    gaz = gz.open_gazetteer(shared_gazetteer_path())

    def run(text: str, trigger: str):
        places = geoparse(text, doc=nlp(text), gazetteer=gaz)
        at = text.index(trigger)
        return event_location(places, [(at, at + len(trigger))], text)

    return run


def test_not_the_capital_a_spokesman_spoke_from(locate) -> None:
    text = "Officials in Kabul said a roadside bomb killed four soldiers in Ghazni province."
    loc = locate(text, "killed")
    assert loc is not None and loc.mention.text.startswith("Ghazni")
    assert loc.level == PROVINCE and loc.geo_precision == 3
    assert any("Kabul" in r for r in loc.reasons)


def test_not_a_victims_home_town(locate) -> None:
    text = (
        "A teacher from Kano was among 12 people killed when gunmen attacked a mosque "
        "in Gusau, Zamfara state."
    )
    loc = locate(text, "attacked")
    assert loc is not None and loc.mention.text == "Gusau"
    assert loc.level == TOWN and loc.geo_precision == 1


def test_the_town_beats_its_province(locate) -> None:
    loc = locate("Government forces shelled Saraqib in Idlib province on Monday.", "shelled")
    assert loc is not None and loc.mention.text == "Saraqib"
    assert loc.city is not None and loc.city.country == "SY"


def test_near_a_town_is_precision_two(locate) -> None:
    loc = locate("Fighting was reported near Aleppo on Tuesday.", "Fighting")
    assert loc is not None and loc.mention.text == "Aleppo" and loc.geo_precision == 2


def test_district_level(locate) -> None:
    loc = locate("An air strike hit a market in Andar district on Sunday.", "strike")
    assert loc is not None and loc.level in (DISTRICT, TOWN)


def test_neighbourhood_resolves_up_to_its_city(locate) -> None:
    text = "Missiles struck a residential building in the Saltivka neighbourhood of Kharkiv."
    loc = locate(text, "struck")
    assert loc is not None and loc.mention.text == "Saltivka"
    assert loc.city is not None and loc.city.name == "Kharkiv"


def test_no_places_no_location(locate) -> None:
    assert locate("Gunmen opened fire on a bus, killing three.", "fire") is None


def test_a_neighbourhood_the_gazetteer_places_in_another_state_is_part_of_the_city(
    locate,
) -> None:
    # The shipped gazetteer lacks Chicago's Englewood; its namesakes lie in other states.
    text = "A man was shot dead in Englewood on Sunday, Chicago police said."
    loc = locate(text, "shot")
    assert loc is not None and loc.mention.text == "Englewood"
    assert loc.city is not None and loc.city.name == "Chicago"
    assert loc.city.admin1 == "Illinois"


def test_a_town_named_with_its_own_state_is_not_lifted(locate) -> None:
    text = "A man was shot dead in Englewood, Florida, on Sunday, Chicago police said."
    loc = locate(text, "shot")
    assert loc is not None and loc.city is not None and loc.city.admin1 == "Florida"


def test_a_street_resolves_up_to_its_town(locate) -> None:
    text = "Two men were wounded in a shooting on Mayfield Road in Grand Prairie on Tuesday."
    loc = locate(text, "shooting")
    assert loc is not None and loc.city is not None and loc.city.name == "Grand Prairie"


def _report(text: str):
    import datetime as dt
    import hashlib

    from warmonitor.extract import extract_reports
    from warmonitor.records import Document

    sha = hashlib.sha256(text.encode()).hexdigest()
    document = Document(
        id=sha[:12], text=text, sha256=sha, published=dt.date(2024, 3, 4), outlet="Test Wire"
    )
    reports = extract_reports(document)
    return next(r for r in reports if not r.aggregate)


def test_extraction_gives_a_street_shooting_the_town_for_the_city_field() -> None:
    text = (
        "A man was shot and killed on Mayfield Road on Sunday night, Grand Prairie police "
        "said. The Texas Rangers are helping with the investigation."
    )
    loc = _report(text).location
    assert loc is not None and loc.text == "Mayfield Road" and loc.role == "event"
    assert loc.place is not None and loc.place.name == "Grand Prairie"
    assert loc.place.admin1 == "Texas"
