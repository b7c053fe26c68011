"""Countries as the field's datasets name them: ISO codes, ACLED's names and regions, UCDP's
regions.

The region tables are ours, written from ACLED's and UCDP's codebooks: ACLED's 17 regions,
UCDP GED's five (Europe, Middle East, Asia, Africa, Americas).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# ACLED region -> the ISO 3166-1 alpha-2 codes of its countries and territories.
ACLED_REGIONS: dict[str, str] = {
    "Western Africa": "BJ BF CV GM GH GN GW CI LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS SD TZ UG ZM ZW IO TF",
    "Northern Africa": "DZ EG LY MA TN EH",
    "Southern Africa": "BW SZ LS NA ZA",
    "Middle East": "BH CY IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK MO JP MN KP KR TW",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "Europe": (
        "AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG HU IS IE IM IT JE XK LV LI LT"
        " LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB VA AX"
    ),
    "North America": "US CA GL BM PM UM",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS BV",
    "Caribbean": (
        "AI AG AW BS BB VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI BQ"
    ),
    "Oceania": (
        "AU NZ FJ PG SB VU WS TO KI FM MH NR PW TV NC PF GU MP AS CK NU TK WF PN NF CX CC HM"
    ),
    "Antarctica": "AQ",
}

# UCDP GED's region of each ACLED region; the countries UCDP places elsewhere follow.
_UCDP_OF_ACLED = {
    "Western Africa": "Africa",
    "Middle Africa": "Africa",
    "Eastern Africa": "Africa",
    "Northern Africa": "Africa",
    "Southern Africa": "Africa",
    "Middle East": "Middle East",
    "South Asia": "Asia",
    "Southeast Asia": "Asia",
    "East Asia": "Asia",
    "Caucasus and Central Asia": "Asia",
    "Europe": "Europe",
    "North America": "Americas",
    "Central America": "Americas",
    "South America": "Americas",
    "Caribbean": "Americas",
    "Oceania": "Asia",
}
_UCDP_EXCEPTIONS = {
    "EG": "Middle East",
    "CY": "Europe",
    "AM": "Europe",
    "AZ": "Europe",
    "GE": "Europe",
}

# ACLED spells these countries by their short names (pycountry gives the formal ones).
ACLED_NAMES = {
    "SY": "Syria",
    "RU": "Russia",
    "IR": "Iran",
    "KR": "South Korea",
    "KP": "North Korea",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "PS": "Palestine",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "LA": "Laos",
    "MD": "Moldova",
    "VN": "Vietnam",
    "CI": "Ivory Coast",
    "SZ": "eSwatini",
    "CZ": "Czech Republic",
    "TR": "Turkey",
    "TL": "East Timor",
    "CV": "Cape Verde",
    "BN": "Brunei",
    "FM": "Micronesia",
    "MK": "North Macedonia",
    "TW": "Taiwan",
    "XK": "Kosovo",
    "US": "United States",
    "GB": "United Kingdom",
}

# Codes pycountry lacks (user-assigned in ISO 3166 but used by the datasets).
_EXTRA = {"XK": ("XKX", 0, "Kosovo")}


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    numeric: int | None  # ISO 3166-1 numeric, ACLED's ``iso``
    name: str  # as ACLED names it
    acled_region: str | None
    ucdp_region: str | None


def _acled_region(alpha2: str) -> str | None:
    for region, codes in ACLED_REGIONS.items():
        if alpha2 in codes.split():
            return region
    return None


@cache
def country(alpha2: str | None) -> Country | None:
    """The country of an ISO alpha-2 code, or None for no code or an unknown one."""
    if not alpha2:
        return None
    code = alpha2.upper()
    region = _acled_region(code)
    ucdp = _UCDP_EXCEPTIONS.get(code) or _UCDP_OF_ACLED.get(region or "")
    if code in _EXTRA:
        alpha3, numeric, name = _EXTRA[code]
        return Country(code, alpha3, numeric, name, region, ucdp)
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return None
    name = ACLED_NAMES.get(code) or getattr(found, "common_name", None) or found.name
    return Country(code, found.alpha_3, int(found.numeric), name, region, ucdp)


def known_alpha2() -> list[str]:
    """Every alpha-2 code ``country`` answers to (what ``--country`` accepts)."""
    import pycountry

    return sorted({c.alpha_2 for c in pycountry.countries} | set(_EXTRA))
