"""Slot values for the templates in training/data: real places, actors and outlet styles.

Places and actors are real so that the model sees the names it will meet in the news;
the events the templates tell are our own fiction.
"""

from __future__ import annotations

# (town, country) pairs from conflict-affected regions, spelled as wires spell them.
PLACES: list[tuple[str, str]] = [
    ("Idlib", "Syria"), ("Aleppo", "Syria"), ("Deir ez-Zor", "Syria"), ("Daraa", "Syria"),
    ("Gao", "Mali"), ("Mopti", "Mali"), ("Kidal", "Mali"), ("Timbuktu", "Mali"),
    ("Maiduguri", "Nigeria"), ("Zamfara", "Nigeria"), ("Kaduna", "Nigeria"), ("Jos", "Nigeria"),
    ("Kharkiv", "Ukraine"), ("Bakhmut", "Ukraine"), ("Kherson", "Ukraine"), ("Zaporizhzhia", "Ukraine"),
    ("El Fasher", "Sudan"), ("Omdurman", "Sudan"), ("Nyala", "Sudan"), ("Wad Madani", "Sudan"),
    ("Mogadishu", "Somalia"), ("Baidoa", "Somalia"), ("Kismayo", "Somalia"),
    ("Kandahar", "Afghanistan"), ("Kunduz", "Afghanistan"), ("Jalalabad", "Afghanistan"),
    ("Quetta", "Pakistan"), ("Peshawar", "Pakistan"), ("Bannu", "Pakistan"),
    ("Goma", "Democratic Republic of Congo"), ("Beni", "Democratic Republic of Congo"),
    ("Bunia", "Democratic Republic of Congo"), ("Bukavu", "Democratic Republic of Congo"),
    ("Lashio", "Myanmar"), ("Myawaddy", "Myanmar"), ("Sagaing", "Myanmar"),
    ("Cali", "Colombia"), ("Catatumbo", "Colombia"), ("Culiacan", "Mexico"),
    ("Nairobi", "Kenya"), ("Mandera", "Kenya"), ("Mekelle", "Ethiopia"), ("Bahir Dar", "Ethiopia"),
    ("Taiz", "Yemen"), ("Marib", "Yemen"), ("Hodeidah", "Yemen"), ("Mosul", "Iraq"), ("Kirkuk", "Iraq"),
    ("Djibo", "Burkina Faso"), ("Ouahigouya", "Burkina Faso"), ("Tillaberi", "Niger"),
    ("Diffa", "Niger"), ("Bangui", "Central African Republic"), ("Cabo Delgado", "Mozambique"),
    ("Port-au-Prince", "Haiti"), ("Khan Younis", "Gaza"), ("Jenin", "West Bank"),
    ("Tripoli", "Libya"), ("Benghazi", "Libya"), ("Bamenda", "Cameroon"), ("Malakal", "South Sudan"),
]  # fmt: skip

# US cities as local news names them, for ordinary shootings (events of the monitor too).
US_PLACES = [
    "Chicago", "Houston, Texas", "Memphis, Tennessee", "Baltimore", "St. Louis", "Detroit",
    "Jackson, Mississippi", "New Orleans", "Philadelphia", "Atlanta", "Milwaukee", "Fresno, California",
    "Birmingham, Alabama", "Cleveland, Ohio", "Tulsa, Oklahoma", "Indianapolis",
]  # fmt: skip

STATE_FORCES = [
    "Syrian government forces", "the Malian army", "Nigerian troops", "Russian forces",
    "Ukrainian troops", "the Sudanese Armed Forces", "Somali soldiers", "the Pakistani army",
    "Congolese soldiers", "the Myanmar military", "Ethiopian federal forces", "Iraqi security forces",
    "Burkinabe soldiers", "government troops", "the army", "security forces", "Israeli forces",
]  # fmt: skip

ARMED_GROUPS = [
    "al-Shabaab militants", "JNIM fighters", "Islamic State fighters", "Boko Haram", "ISWAP",
    "the Rapid Support Forces", "M23 rebels", "the Taliban", "Houthi forces", "unidentified gunmen",
    "a local militia", "ADF rebels", "the Arakan Army", "Fano militiamen", "Hayat Tahrir al-Sham",
    "the Baloch Liberation Army", "armed bandits", "separatist fighters", "Wagner mercenaries",
    "the ELN", "Hamas gunmen", "the Kachin Independence Army",
]  # fmt: skip

DATES = [
    "on Tuesday", "on Sunday", "late on Friday", "early on Monday", "overnight", "on 3 May",
    "on March 14", "on Wednesday morning", "yesterday", "on Saturday evening", "last Thursday",
    "on 11 March 2025", "at dawn on Sunday", "on the night of 2 June", "this morning", "",
]  # fmt: skip

NUMBERS = ["two", "three", "four", "five", "six", "seven", "nine", "12", "15", "17", "23", "at least 8",
           "more than 20", "dozens of", "at least 31", "11"]  # fmt: skip
BIG_NUMBERS = ["1,200", "3,400", "540", "10,000", "870", "2,315", "15,000", "460", "6,000"]

# How outlets wrap the same fact. {s} is the sentence; {l} is it with a lower-case start
# and no final stop; {P} the place in capitals for datelines.
STYLES: dict[str, list[str]] = {
    "plain": ["{s}"],
    "wire": [
        "{l}, officials said.",
        "{l}, a police spokesman told reporters.",
        "{l}, local sources said.",
        "{l}, residents told Reuters by phone.",
        "{P} (AP) — {s}",
        "{P}, {C} (Reuters) - {s}",
    ],
    "state_media": [
        "SANA reported that {l}.",
        "State television said {l}.",
        "The official news agency reported that {l}.",
        "According to TASS, {l}.",
    ],
    "monitor": [
        "The Syrian Observatory for Human Rights said {l}.",
        "According to a local monitoring group, {l}.",
        "A humanitarian source told the monitor that {l}.",
    ],
    "liveblog": ["14:05 GMT — {s}", "Update: {s}", "BREAKING: {s}", "09:40 {s}"],
    "translated": [
        "According to the statement of the ministry, {l}.",
        "It was informed by the local administration that {l}.",
        "As per the information received, {l}.",
    ],
}

# First words that are not names, so a wrapper may lower-case them.
COMMON_STARTS = {
    "a", "an", "the", "two", "three", "four", "five", "six", "seven", "nine", "gunmen", "police",
    "soldiers", "troops", "militants", "rebels", "insurgents", "security", "armed", "attackers",
    "unidentified", "unknown", "heavy", "fighting", "clashes", "government", "shelling", "mortar",
    "rockets", "artillery", "warplanes", "fighter", "military", "children", "residents", "thousands",
    "hundreds", "teachers", "students", "demonstrators", "protesters", "women", "farmers", "workers",
    "riot", "officers", "authorities", "rioters", "youths", "angry", "villagers", "vigilantes",
    "supporters", "rival", "community", "both", "elders", "intelligence", "counter-terrorism",
    "members", "masked", "doctors", "helicopters", "investigators", "at", "more", "in", "so", "on",
    "nearly", "there", "no", "officials", "contrary", "witnesses", "opposition", "analysts",
    "unions", "should", "any", "experts", "had", "without", "firefighters", "shares",
    "film", "candidates", "volunteers", "campaigners", "critics", "activists", "western", "human",
    "excavations", "his", "decades", "survivors", "floods", "wildfires", "drought", "lightning",
    "torrential", "robbers", "thieves", "cattle", "smugglers", "envoys", "delegations", "lawmakers",
    "if", "air", "electronic", "bomb", "foreign", "peacekeepers", "local", "under", "plainclothes",
    "fighters", "militiamen", "deaths", "attacks", "kidnappings", "arrests", "cruise", "ballistic",
    "suicide", "cannonballs", "dozens", "several", "moscow", "kyiv",
}  # fmt: skip
