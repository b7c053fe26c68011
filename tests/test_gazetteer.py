"""The offline gazetteer: normalisation, build, lookups and GeoNames dump import."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import shared_gazetteer_path
from warmonitor.geo import build as geo_build
from warmonitor.geo import gazetteer as gz


@pytest.fixture(scope="session")
def gaz() -> gz.Gazetteer:
    return gz.open_gazetteer(shared_gazetteer_path())


# ----------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ma‘arrat al-Nu‘man", "Maarrat Numan"),
        ("Ḩalab", "Halab"),
        ("as-Suwayda", "Suwayda"),
        ("Al Bab", "Bab"),
        ("El-Hasakah", "Hasakah"),
        ("Dar'a", "Dara"),
        ("São Paulo", "Sao Paulo"),
    ],
)
def test_normalize_joins_spellings(a: str, b: str) -> None:
    assert gz.normalize(a) == gz.normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Saraqeb", "Saraqib"),
        ("Idleb", "Idlib"),
        ("Khmeimim", "Hmeimim"),
        ("Humaymim", "Hmeimim"),
        ("Raqqah", "Raqqa"),
        ("Deir ez-Zor", "Deir ez Zour"),
    ],
)
def test_skeleton_joins_transliterations(a: str, b: str) -> None:
    assert gz.skeleton(gz.normalize(a)) == gz.skeleton(gz.normalize(b))


def test_skeleton_keeps_distinct_names_apart() -> None:
    assert gz.skeleton(gz.normalize("Hama")) != gz.skeleton(gz.normalize("Hmeimim"))
    assert gz.skeleton(gz.normalize("Homs")) != gz.skeleton(gz.normalize("Hama"))


@given(st.text(max_size=40))
def test_normalize_is_idempotent_and_plain(s: str) -> None:
    key = gz.normalize(s)
    assert gz.normalize(key) == key
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in key)
    assert key == key.strip() and "  " not in key


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=30))
def test_skeleton_never_longer_than_key(s: str) -> None:
    key = gz.normalize(s)
    assert len(gz.skeleton(key).replace(" ", "")) <= len(key.replace(" ", ""))


def test_default_path_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WARMONITOR_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert gz.default_path() == tmp_path / "g.sqlite"
    monkeypatch.delenv("WARMONITOR_GAZETTEER")
    assert gz.default_path().name == "gazetteer.sqlite"
    assert "warmonitor" in str(gz.default_path())


# ----------------------------------------------------------------------- lookups


def _names(cands: list[gz.Candidate]) -> set[tuple[str, str | None]]:
    return {(c.place.name, c.place.country) for c in cands}


def test_lookup_transliterations(gaz: gz.Gazetteer) -> None:
    for spelling in ("Saraqeb", "Saraqib", "Sarakeb"):
        assert ("Saraqib", "SY") in _names(gaz.lookup(spelling)), spelling
    assert ("Idlib", "SY") in _names(gaz.lookup("Idleb"))
    halab = gaz.lookup("Halab")
    assert any(c.place.name == "Aleppo" and c.place.feature == gz.CITY for c in halab)
    assert any(c.place.feature == gz.ADM1 for c in gaz.lookup("Idlib Governorate"))


def test_lookup_air_base_variants(gaz: gz.Gazetteer) -> None:
    for spelling in ("Khmeimim air base", "Hmeimim Air Base", "Humaymim air base"):
        cands = [c for c in gaz.lookup(spelling) if c.place.feature in (gz.AIRPORT, gz.AIR_BASE)]
        assert cands, spelling
        p = cands[0].place
        assert p.country == "SY" and abs(p.lat - 35.4) < 0.1 and abs(p.lon - 35.95) < 0.1


def test_places_carry_admin_names_and_coordinates(gaz: gz.Gazetteer) -> None:
    saraqib = next(c.place for c in gaz.lookup("Saraqib") if c.place.country == "SY")
    assert saraqib.admin1 == "Idlib" and saraqib.geonames_id == 164816
    aleppo_gov = next(c.place for c in gaz.lookup("Aleppo") if c.place.feature == gz.ADM1)
    assert aleppo_gov.country == "SY"
    # Derived area point lies inside the governorate's rough extent.
    assert 35.5 < aleppo_gov.lat < 37.0 and 36.5 < aleppo_gov.lon < 38.5
    syria = next(c.place for c in gaz.lookup("Syria") if c.place.feature == gz.COUNTRY)
    assert 32 < syria.lat < 37.5 and 35.5 < syria.lon < 42.5
    georgia = {c.place.feature + ":" + (c.place.country or "") for c in gaz.lookup("Georgia")}
    assert {"country:GE", "ADM1:US"} <= georgia


def test_unknown_names_find_nothing(gaz: gz.Gazetteer) -> None:
    assert gaz.lookup("Urum al-Kubra") == []
    assert gaz.lookup("") == []
    # Only loose spelling matches elsewhere, which geoparsing weighs down.
    assert all(c.how == "skeleton" for c in gaz.lookup("Nayrab"))


def test_lookup_is_indexed(gaz: gz.Gazetteer) -> None:
    con = sqlite3.connect(gaz.path)
    plan = " ".join(
        str(r)
        for r in con.execute("EXPLAIN QUERY PLAN SELECT place FROM name WHERE key = ?", ("x",))
    )
    plan2 = " ".join(
        str(r)
        for r in con.execute("EXPLAIN QUERY PLAN SELECT place FROM name WHERE skel = ?", ("x",))
    )
    con.close()
    assert "SCAN" not in plan and "SCAN" not in plan2


def test_meta_names_geonames_attribution(gaz: gz.Gazetteer) -> None:
    meta = gaz.meta()
    assert meta["schema"] == gz.SCHEMA_VERSION
    assert "GeoNames" in meta["attribution"]


# ------------------------------------------------------------------------- build


def test_full_build_reports_stats(gaz: gz.Gazetteer) -> None:
    # The shared gazetteer is a full build: hundreds of thousands of rows, indexed.
    con = sqlite3.connect(gaz.path)
    places = con.execute("SELECT count(*) FROM place").fetchone()[0]
    names = con.execute("SELECT count(*) FROM name").fetchone()[0]
    con.close()
    assert places > 200_000 and names > 500_000


def test_build_is_atomic_and_reports_stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Cities are most of the build time; without them the same code path runs in seconds.
    monkeypatch.setattr(geo_build, "_build_cities", lambda b, by_localis: None)
    target = tmp_path / "sub" / "gazetteer.sqlite"
    target.parent.mkdir()
    target.write_bytes(b"not a database")  # what a killed non-atomic build might leave
    assert not gz._is_current(target)
    opened = gz.open_gazetteer(target)  # a stale or broken file is rebuilt on open
    assert any(c.place.feature == gz.COUNTRY for c in opened.lookup("Syria"))
    stats = gz.build(target)
    assert stats.path == target and stats.bytes == target.stat().st_size
    assert stats.rows > 1000 and stats.seconds > 0
    # Built beside the target, then renamed: no temp files stay behind.
    assert [p.name for p in target.parent.iterdir()] == ["gazetteer.sqlite"]
    assert gz._is_current(target)


# -------------------------------------------------------------------- GeoNames import

# Tab-separated, 19 columns, exactly as GeoNames dumps them.
_SY_ROWS = [
    [
        "9990001", "Urum al Kubra", "Urum al Kubra", "Orem el Koubra,Urum al-Kubra,Ōrum al Kubrá",
        "36.1500", "36.9500", "P", "PPL", "SY", "", "09", "", "", "", "3000", "", "400",
        "Asia/Damascus", "2024-01-01",
    ],
    [
        "9990002", "An Nayrab", "An Nayrab", "", "35.8700", "36.7700", "P", "PPL", "SY", "",
        "12", "", "", "", "0", "", "350", "Asia/Damascus", "2024-01-01",
    ],
]  # fmt: skip
_ALT_ROWS = [
    ["77001", "9990002", "en", "Nairab", "", "", "", "", "", ""],
    ["77002", "9990002", "ar", "النيرب", "", "", "", "", "", ""],
    ["77003", "9990002", "link", "https://example.org/nayrab", "", "", "", "", "", ""],
    ["77004", "12345678999", "en", "Nowhere", "", "", "", "", "", ""],
]


def _write_tsv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_import_geonames_dump_and_alternate_names(gaz: gz.Gazetteer, tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    shutil.copy(gaz.path, target)
    calls: list[tuple[int, int]] = []
    dump = _write_tsv(tmp_path / "SY.txt", _SY_ROWS)
    added = gz.import_geonames(
        dump, target, progress=lambda done, total: calls.append((done, total))
    )
    assert added >= 2
    # Progress ends at the file's size (the CLI's bar is drawn from these calls).
    assert calls and calls[-1] == (dump.stat().st_size, dump.stat().st_size)
    g = gz.open_gazetteer(target)
    urum = g.lookup("Urum al-Kubra")
    assert urum and urum[0].place.geonames_id == 9990001
    assert urum[0].place.admin1 == "Aleppo" and urum[0].place.country == "SY"
    assert urum[0].place.feature == gz.CITY
    assert g.lookup("Orem el Koubra")
    assert not g.lookup("Nairab") or g.lookup("Nairab")[0].place.geonames_id != 9990002
    added_alt = gz.import_geonames(_write_tsv(tmp_path / "alternateNamesV2.txt", _ALT_ROWS), target)
    assert added_alt == 1  # only the Latin-script name of a known place; links skipped
    g = gz.open_gazetteer(target)
    assert g.lookup("Nairab")[0].place.geonames_id == 9990002
    assert g.lookup("An Nayrab")[0].place.admin1 == "Idlib"
    # The shared gazetteer was not touched.
    assert gaz.lookup("Urum al-Kubra") == []


def test_import_rejects_unknown_format(gaz: gz.Gazetteer, tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    shutil.copy(gaz.path, target)
    with pytest.raises(ValueError, match="columns"):
        gz.import_geonames(_write_tsv(tmp_path / "x.txt", [["a", "b", "c"]]), target)


def test_one_distance_function_for_the_project() -> None:
    from warmonitor.geo import EARTH_RADIUS_KM, distance_km
    from warmonitor.geo.distance import distance_matrix_km

    # Aleppo to Damascus, about 310 km by great circle.
    km = distance_km(36.2021, 37.1343, 33.5138, 36.2765)
    assert 300 < km < 320
    assert distance_km(10.0, 20.0, 10.0, 20.0) == 0.0
    # Half the circumference between antipodes, on the one radius.
    assert distance_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(3.141592653589793 * EARTH_RADIUS_KM)
    matrix = distance_matrix_km([(36.2021, 37.1343)], [(33.5138, 36.2765), (36.2021, 37.1343)])
    assert matrix.shape == (1, 2)
    assert matrix[0, 0] == pytest.approx(km) and matrix[0, 1] == pytest.approx(0.0, abs=1e-6)
    # The old name stays importable for callers not yet switched.
    assert gz.haversine_km is distance_km


@pytest.mark.parametrize(
    "a,b",
    [
        ("Ouagadougou", "Wagadugu"),  # French ou / English w-u
        ("Idlib", "Edleb"),  # initial vowel
        ("Zaporizhzhia", "Zaporojia"),  # Cyrillic zh / j, doubled letters
        ("al-Bab", "el-Bab"),  # the Arabic article
        ("Deir ez-Zor", "Dayr az Zawr"),
    ],
)
def test_transliteration_variants_meet_by_rule(a: str, b: str) -> None:
    assert gz.skeleton(gz.normalize(a)) == gz.skeleton(gz.normalize(b))


def test_a_french_spelling_finds_the_town(gaz: gz.Gazetteer) -> None:
    hits = gaz.lookup("Wagadugu")
    assert any(c.place.country == "BF" and c.place.feature == gz.CITY for c in hits), hits
