"""Lexicons and patterns we write for incident extraction.

Everything here is data plus the regular expressions built from it: event
triggers per type, victim nouns, targets, weapons, aircraft models, actor
words, attribution verbs, hedging cues, aggregate and irrealis cues. Keeping it
apart from the extraction logic lets the lists grow without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Place cues live in lang/en/places.py; these names stay importable from here.
from warmonitor.lang.en.places import LOCATIVE_NAME_RE, NOT_A_PLACE_RE, NOT_PLACE_WORDS  # noqa: F401
from warmonitor.lang.en.words import MONTH_NAME

_I = re.IGNORECASE

AIRCRAFT_NOUN = (
    r"(?:helicopter\s+gunships?|helicopters?|choppers?|gunships?|aircraft|airplanes?|aeroplanes?|"
    r"warplanes?|war\s+planes?|fighter\s+jets?|fighter\s+planes?|jets?|planes?|bombers?|drones?|UAVs?)"
)
AIRCRAFT_MODEL = (
    r"(?:(?:Sukhoi|Mikoyan|Kamov|Tupolev|Ilyushin|Antonov)\s+)?"
    r"(?:Mi|Ka|Su|MiG|Tu|Il|An|L|F|AH|UH|CH|MQ)-?\d{1,3}(?:Sh|[A-Z]{1,2})?(?:'?s)?\b"
    r"|Bayraktar(?:\s+TB2)?|Shahed(?:-136)?|Orlan(?:-10)?"
)
AIRCRAFT_MODEL_RE = re.compile(rf"\b(?:{AIRCRAFT_MODEL})")
_AIR = rf"(?:{AIRCRAFT_NOUN}|{AIRCRAFT_MODEL})"
_DOWN_VERB = (
    r"(?:shot\s+down|shoots?\s+down|shooting\s+down|downed|downing|gunned\s+down|brought\s+down|"
    r"bring\s+down|bringing\s+down|took\s+down|take\s+down|taking\s+down|knocked\s+down|"
    r"shot|shoot|hit\s+by|struck\s+by|destroyed|lost|loss\s+of)"
)
# An uncrewed aircraft and the verbs that say it was brought down (not merely hit or lost).
_DRONE = (
    r"(?:drones?|UAVs?|unmanned\s+aerial\s+vehicles?|MQ-\d{1,2}\w?|"
    r"(?:Shahed|Orlan|Bayraktar|Geran|Lancet)(?:-?\d+|\s+TB2)?(?:\s+(?:drones?|UAVs?))?)"
)
_DRONE_DOWN_VERB = (
    r"(?:shot\s+down|shoots?\s+down|shooting\s+down|downed|downing|brought\s+down|"
    r"bring(?:ing)?\s+down|knocked\s+down|took\s+down|take\s+down|taking\s+down)"
)
# Words between the verb and the drone must not name a crewed aircraft ("downed a jet and a drone").
_NOT_CREWED = r"(?:(?!(?:helicopters?|jets?|planes?|aircraft|warplanes?|gunships?)\b)[\w'-]+\s+)"


@dataclass(frozen=True, slots=True)
class Trigger:
    """A pattern that signals an event of one type.

    ``strong`` triggers can open a new report; weak ones ("the incident",
    "fighting") only add to a report the document already has.
    """

    event_type: str
    pattern: re.Pattern[str]
    strong: bool = True
    priority: int = 50  # lower wins when a sentence matches several types


def _t(event_type: str, pattern: str, *, strong: bool = True, priority: int = 50) -> Trigger:
    return Trigger(event_type, re.compile(pattern, _I), strong, priority)


TRIGGERS: list[Trigger] = [
    _t(
        "drone_downed",
        rf"\b{_DRONE_DOWN_VERB}\s+{_NOT_CREWED}{{0,4}}?{_DRONE}\b|\b{_DRONE}\s+(?:\w+\s+){{0,3}}?(?:was|were|had\s+been|has\s+been|have\s+been|being|been)\s+(?:\w+\s+)?{_DRONE_DOWN_VERB}\b|\bdowning\s+of\s+{_NOT_CREWED}{{0,4}}{_DRONE}\b",
        priority=9,
    ),
    _t(
        "suicide_bomb",
        r"\bsuicide\s+(?:car\s+)?(?:bomb(?:er|ers|ing|ings|s)?|attacks?|attackers?|blasts?|vests?|truck\s+bomb)\b|\bblew\s+(?:himself|herself|themselves)\s+up\b",
        priority=5,
    ),
    _t(
        "aircraft_downed",
        rf"\b{_DOWN_VERB}\s+(?:\w+\s+){{0,6}}?{_AIR}|\b{_AIR}\s+(?:\w+\s+){{0,3}}?(?:was|were|had\s+been|has\s+been|have\s+been|being|been)?\s*(?:\w+\s+)?{_DOWN_VERB}\b|\bdowning\s+of\s+(?:\w+\s+){{0,4}}{_AIR}",
        priority=10,
    ),
    _t(
        "chemical_weapon",
        r"\b(?:chemical\s+(?:weapons?\s+)?attacks?|chlorine\s+(?:gas|attack|bombs?)|sarin|nerve\s+agent|mustard\s+gas|toxic\s+gas\s+attack|poison\s+gas)\b",
        priority=12,
    ),
    _t(
        "air_drone_strike",
        r"\b(?:air\s*strikes?|air-strikes?|air\s+raids?|air\s+attacks?|aerial\s+(?:bombardments?|attacks?|bombing|strikes?)|drone\s+(?:strikes?|attacks?)|barrel\s+bombs?|(?:warplanes?|drones?)\s+(?:struck|bombed|hit|pounded|targeted)|(?:bombed|struck|hit|pounded)\s+by\s+(?:\w+\s+){0,2}(?:warplanes?|jets|aircraft|drones?|helicopters?)|(?:warplanes?|jets|helicopters?)\s+(?:dropped|fired)\b)",
        priority=20,
    ),
    _t(
        "remote_explosive_landmine_ied",
        r"\b(?:IEDs?|VBIEDs?|improvised\s+explosive|roadside\s+bombs?|land\s*mines?|car\s+bombs?|car-bombs?|truck\s+bombs?|booby[- ]trap\w*|explosive\s+devices?|bomb\s+(?:exploded|went\s+off|blast|attack)|bomb(?:s|ed)?\s+(?:planted|placed)|(?:rigged|packed|laden)\s+with\s+explosives|explosives?-laden|bombings?|bomb\s+blasts?|blasts?|explosions?|exploded|detonated|dynamite\s+attack|dynamited|car\s+bomb)\b",
        priority=25,
    ),
    _t("grenade", r"\b(?:hand\s+)?grenades?\b", priority=28),
    # "its forces had struck a depot ... with a drone": the weapon told after the target.
    _t(
        "air_drone_strike",
        r"\b(?:struck|hit|attacked|targeted|bombed)\s+(?:\w+\s+){1,8}?with\s+(?:a\s+|an\s+|\w+\s+)?(?:drones?|UAVs?|warplanes?|aircraft)\b",
        priority=20,
    ),
    _t(
        "shelling_artillery_missile_attack",
        r"\b(?:shell(?:ed|ing|s)?|artillery\s+(?:fire|attacks?|strikes?|barrages?|shells?)|mortars?|mortar\s+(?:fire|rounds?|shells?)|rocket\s+(?:fire|attacks?|barrages?)|rockets?\s+(?:hit|struck|landed|fired|slammed)|fired\s+(?:\w+\s+){0,2}(?:rockets?|missiles?|shells?|mortars?)|missile\s+(?:strikes?|attacks?)|missiles?\s+(?:hit|struck|slammed)|ballistic\s+missiles?|cruise\s+missiles?|bombard(?:ed|ment|ing)|katyushas?)\b",
        priority=30,
    ),
    _t(
        "sexual_violence",
        r"\b(?:rap(?:ed|es|ing)|sexual(?:ly)?\s+(?:assault\w*|violence|abuse\w*|attack\w*))\b",
        priority=35,
    ),
    _t(
        "abduction_forced_disappearance",
        r"\b(?:kidnap\w*|abduct\w*|taken\s+hostage|held\s+hostage|seized\s+as\s+hostages?|hostage-taking|forcibly\s+disappeared|enforced\s+disappearance)\b",
        priority=36,
    ),
    _t(
        "execution",
        r"\b(?:execut(?:ed|ion|ions|ing)|beheaded|beheading|summarily\s+killed|firing\s+squad)\b",
        priority=38,
    ),
    _t(
        "excessive_force_against_protesters",
        r"\b(?:protesters?|demonstrators?|marchers)\b(?:\s+\w+){0,8}?\s+(?:were|was|had\s+been|have\s+been)?\s*(?:killed|shot|gunned\s+down|fired\s+(?:up)?on)|\b(?:killed|shot|opened\s+fire\s+on|fired\s+(?:live\s+ammunition\s+)?(?:at|on))\s+(?:\w+\s+){0,3}(?:protesters|demonstrators|marchers)\b",
        priority=39,
    ),
    _t(
        "protest_with_intervention",
        r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies))\b(?:\s+\S+){0,12}?\s+(?:tear\s*gas|water\s+cannons?|rubber\s+bullets|dispersed|broke\s+up|arrested|detained)\b|\b(?:tear\s*gas|water\s+cannons?|dispersed|broke\s+up)\b(?:\s+\S+){0,8}?\s+(?:protest\w*|demonstrat\w*|rall(?:y|ies)|march(?:es)?\b|sit-ins?|crowds?\s+of\s+(?:protesters|demonstrators|marchers))"
        r"|\b(?:arrested|detained|rounded\s+up|beat|beaten|charged\s+at)\s+(?:\w+\s+){0,4}?(?:protesters|demonstrators|marchers|strikers)\b",
        priority=40,
    ),
    _t(
        "violent_demonstration",
        r"\b(?:riot(?:s|ing|ers)?|rioted|stone-throwing|threw\s+stones|hurled\s+(?:stones|rocks|petrol\s+bombs))\b",
        priority=42,
    ),
    _t(
        "mob_violence",
        r"\b(?:mob\s+(?:attack\w*|violence|lynch\w*|killed|beat\w*)|lynch(?:ed|ing)|vigilantes?)\b",
        priority=43,
    ),
    # A crowd acting violently ("a mob set upon", "an angry crowd stoned", "beat to death").
    _t(
        "mob_violence",
        r"\b(?:(?:an?\s+|the\s+)(?:angry\s+|armed\s+)?(?:mob|crowd)\s+(?:of\s+\w+\s+)?(?:attacked|set\s+upon|stoned|beat|burned|torched|killed|lynched|stormed|hacked|chased)"
        r"|(?:villagers|residents|youths|mob|crowd|locals)\s+(?:\w+\s+){0,2}?(?:beat|stoned|hacked|burned)\s+(?:\w+\s+){0,3}?to\s+death)\b",
        priority=43,
    ),
    _t(
        "peaceful_protest",
        r"\b(?:protested|protesting|demonstrated|took\s+to\s+the\s+streets|rallied|staged\s+(?:a\s+)?(?:protests?|demonstrations?|rall(?:y|ies)|sit-ins?|strikes?)|held\s+(?:a\s+)?(?:protests?|demonstrations?|rall(?:y|ies)|vigils?)|(?:protests?|demonstrations?|rall(?:y|ies))\s+(?:was|were)\s+held|marched\s+(?:through|in|to))\b",
        priority=60,
    ),
    _t(
        "arson",
        r"\b(?:set\s+(?:\w+\s+){0,3}(?:on\s+)?fire|set\s+ablaze|torched|burned\s+down|burnt\s+down|arson|firebomb\w*|molotov|"
        r"(?:burned|burnt|burning)\s+(?:down\s+)?(?:the|a|an|two|three|four|several|\d+|their|his|its)\s+(?:\w+\s+){0,2}?(?:facilit\w+|houses?|homes?|buildings?|vehicles?|cars?|trucks?|buses|bus|offices?|shops?|stores?|churche?s?|mosques?|schools?|villages?|crops|fields|installations?|warehouses?|headquarters))\b",
        priority=45,
    ),
    _t(
        "looting_property_destruction",
        r"\b(?:loot(?:ed|ing|ers)|ransack\w*|pillag\w*|vandali[sz]\w*|demolished|razed)\b",
        priority=46,
    ),
    # Theft usually comes with another act ("shot during a robbery"); it only wins alone.
    _t(
        "looting_property_destruction",
        r"\b(?:stole|robbed|plundered|made\s+off\s+with)\b",
        priority=85,
    ),
    _t(
        "government_regains_territory",
        r"\b(?:recaptured|retook|retaken|regained\s+control|reclaimed|liberated|recapture\s+of)\b",
        priority=47,
    ),
    _t(
        "non_state_actor_overtakes_territory",
        r"\b(?:captured|seized\s+control|took\s+control|taken\s+control|overran|overrun|fell\s+to)\b",
        priority=48,
    ),
    # "seized the town of X", "took over the district", "captured the base".
    _t(
        "non_state_actor_overtakes_territory",
        r"\b(?:seized|took\s+over|taken\s+over|stormed\s+and\s+took|gained\s+control\s+of|took\s+full\s+control)\s+(?:\w+\s+){0,3}?(?:town|city|village|district|region|province|base|garrison|airport|border\s+crossing|crossing|port|territory|capital|headquarters)\b",
        priority=48,
    ),
    _t(
        "non_violent_transfer_of_territory",
        r"\b(?:(?:troops|forces|soldiers|army|military|fighters|rebels|militants|insurgents|peacekeepers|units|militias?|garrison)\s+(?:\w+\s+){0,5}?(?:withdrew|withdrawn|pulled\s+out|pulled\s+back|retreated)\s+(?:from|of)\b"
        r"|handed\s+(?:over\s+)?(?:control\s+of|(?:their|its)\s+(?:base|positions)|the\s+(?:town|city|base|area|district|territory|airport|camp)\b)"
        r"|entered\s+(?:\w+\s+){0,3}?unopposed|(?:took\s+over|moved\s+into|entered)\s+(?:\w+\s+){0,3}?(?:without\s+a\s+fight|without\s+resistance))",
        priority=47,
    ),
    _t(
        "agreement",
        r"\b(?:signed|reached|agreed(?:\s+to|\s+on)?|brokered|struck)\s+(?:\w+\s+){0,3}(?:agreement|deal|cease-?fire|truce|accord|peace\s+(?:deal|agreement))\b",
        priority=49,
    ),
    # "a ceasefire was agreed", "the truce took effect", "agreed to exchange prisoners".
    _t(
        "agreement",
        r"\b(?:(?:cease-?fire|truce|deal|accord|agreement|peace\s+deal)\s+(?:was|were|has\s+been|had\s+been)\s+(?:signed|agreed|reached|brokered)"
        r"|(?:cease-?fire|truce|accord|agreement|peace\s+deal)\s+signed\s+(?:on|in|by|between|last|this|late|early)\b"
        r"|(?:cease-?fire|truce)\s+(?:took|came\s+into)\s+effect|agreed\s+to\s+(?:a\s+|an\s+)?(?:exchange|swap|release|withdraw|halt|pause|cease|truce|cease-?fire)"
        r"|prisoner\s+(?:exchange|swap)|exchanged\s+(?:\w+\s+){0,2}prisoners)\b",
        priority=49,
    ),
    _t(
        "disrupted_weapons_use",
        r"\b(?:defused|intercepted\s+(?:\w+\s+){0,2}(?:missiles?|rockets?|drones?|shipments?|weapons|arms)|dismantled\s+(?:an?\s+)?(?:bomb|IED|explosive)|foiled|thwarted|seized\s+(?:\w+\s+){0,3}(?:weapons|arms|ammunition|explosives))\b",
        priority=50,
    ),
    _t(
        "headquarters_or_base_established",
        r"\b(?:established|set\s+up|opened|built|setting\s+up|establishing)\s+(?:a\s+|an\s+|its\s+|their\s+)?(?:new\s+)?(?:forward\s+)?(?:military\s+|operating\s+|training\s+|regional\s+|command\s+)?(?:base|headquarters|outpost|command\s+post|training\s+camp|camp|operating\s+base)\b"
        r"|\b(?:turned|converted)\s+(?:\w+\s+){1,4}?into\s+(?:a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?(?:base|headquarters|barracks)\b",
        priority=51,
    ),
    _t(
        "arrests",
        r"\b(?:arrest(?:ed|s|ing)?|detained|taken\s+into\s+custody|rounded\s+up)\b",
        strong=False,
        priority=55,
    ),
    # An arrest by state forces told as the act: "police arrested 12 ...", "N people were detained".
    # A suspect arrested after a crime is that crime's follow-up, not an event of its own.
    _t(
        "arrests",
        r"\b(?:police|officers|soldiers|troops|security\s+forces|authorities|agents|army|military|gendarmes|forces)\s+(?:\w+\s+){0,4}?(?:arrested|detained|rounded\s+up)\s+(?!(?:\w+\s+){0,3}?(?:suspects?|gunm[ae]n|shooters?|men\s+suspected|attackers?|assailants?|killers?|robbers?|thieves)\b)"
        r"|\b(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:\w+\s+)?(?:arrested|detained|taken\s+into\s+custody)\s+(?:in|at|during|after|on|for|by)\s+(?!(?:\w+\s+){0,3}?connection)"
        r"|\b(?:activists|protesters|demonstrators|journalists|students|opposition\s+(?:supporters|members|leaders|figures))\s+(?:who\s+were\s+)?(?:arrested|detained)\s+(?:in|at|on|during)\b",
        priority=55,
    ),
    _t(
        "armed_clash",
        r"\b(?:clash(?:es|ed)?|firefights?|gunfights?|gun\s+battles?|exchange[sd]?\s+of\s+(?:gun)?fire|exchanged\s+fire|battle[sd]?|ambush(?:ed|es)?|skirmish(?:es)?|fierce\s+fighting|heavy\s+fighting|counter-?attack(?:ed|s)?)\b",
        priority=58,
    ),
    _t("armed_clash", r"\b(?:fighting|fought|offensive|assault)\b", strong=False, priority=70),
    _t(
        "attack",
        r"\b(?:killed|killing|kills|shot\s+dead|shot\s+and\s+killed|fatally\s+(?:shot|stabbed|wounded)|gunned\s+down|stabb(?:ed|ing)|murder(?:ed|s)?|massacre[sd]?|slain|slaughtered|assassinat\w*|homicide|opened\s+fire|shooting|shootings|gunm[ae]n|(?:was|were|been|being|got|get)\s+(?:\w+\s+)?shot|shot\s+(?:and|dead|\w+\s+times|himself|herself|themselves|(?:a|an|the|his|her|their|two|three|four|five|\d+)\s)|(?:hit|struck|grazed)\s+by\s+(?:a\s+)?(?:stray\s+)?(?:bullets?|gunfire|shots?)|stray\s+bullet|gunshot\s+wounds?|(?:was|were|been|being|got|get|left|leaving)\s+(?:\w+\s+)?(?:wounded|injured)|wounding|injuring|(?:wounded|injured)\s+(?:at\s+least\s+|more\s+than\s+|about\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens|several)\b|attack(?:ed|ing|s)?\s+(?:on|against)?|an\s+attack|(?:died|dead)\b)",
        priority=80,
    ),
    _t(
        "attack",
        r"\b(?:incident|attack|crash(?:ed|es|ing)?|violence|wounded|injured|injuries|casualties)\b",
        strong=False,
        priority=90,
    ),
]

# "the helicopter", "the attack": a definite mention of something a report already holds.
ANAPHORA_RE = re.compile(
    rf"\b(?:the|this|that|such\s+an?)\s+(?:\w+\s+){{0,2}}?(?P<noun>incident|attack|strike|air\s*strike|raid|shooting|bombing|blast|explosion|crash|downing|ambush|killing|killings|massacre|assault|event|missile|rocket|{AIRCRAFT_NOUN}|{AIRCRAFT_MODEL})\b",
    _I,
)
AIRCRAFT_NOUN_RE = re.compile(rf"\b{AIRCRAFT_NOUN}\b", _I)

# A sentence that starts a different incident from the one before.
NEW_INCIDENT_RE = re.compile(
    r"\b(?:a\s+similar|another|in\s+a\s+separate|separately|in\s+a\s+second|in\s+an\s+earlier|an\s+earlier|a\s+previous|the\s+previous|the\s+first\s+incident|elsewhere|in\s+another"
    # "The shooting came six weeks after a massacre in Orlando ...": an earlier event compared
    r"|(?:came|comes|happened|occurred)\s+(?:\w+\s+){0,2}(?:days?|weeks?|months?|years?)\s+(?:after|before))\b",
    _I,
)

# Totals over time and background, not one event.
AGGREGATE_RE = re.compile(
    rf"\b(?:since\s+(?:the\s+(?:start|beginning|outbreak)|(?:early\s+|late\s+)?(?:{MONTH_NAME}|19\d\d|20\d\d)|then|the\s+(?:war|conflict|uprising)|it\s+began)"
    r"|in\s+the\s+(?:past|last)\s+(?:\w+\s+){0,2}(?:days|weeks|months|years|decades?)"
    r"|over\s+the\s+(?:past|last)\s+(?:\w+\s+){0,2}(?:days|weeks|months|years|decades?)"
    r"|in\s+(?:just\s+)?the\s+(?:past|last)\s+(?:\w+\s+)?(?:week|month|year|decade)s?"
    r"|in\s+recent\s+(?:days|weeks|months|years)|(?:so\s+far|to\s+date)\s+(?:this\s+year|in\s+(?:19|20)\d\d)|(?:this\s+year|in\s+(?:19|20)\d\d)\s+alone|so\s+far\s+this\s+(?:month|week)"
    r"|(?:has|have|had)\s+(?:now\s+)?cost\s+(?:\w+\s+){0,3}lives|death\s+toll\s+(?:of|in)\s+the\s+(?:war|conflict)"
    r"|(?:tens\s+of\s+|hundreds\s+of\s+)?thousands\s+of|millions\s+of|\w+-year\s+(?:war|conflict)|years?\s+of\s+(?:war|fighting|conflict)"
    r"|(?:entire|whole)\s+(?:war|conflict)|during\s+the\s+(?:war|conflict)|a\s+(?:fall|rise|drop|decrease|increase|surge|spike)\s+in"
    r"|(?:crime\s+)?(?:stats|statistics|figures|data)\s+(?:for|from|in)\s+(?:19|20)\d\d"
    r"|mass\s+killing|each\s+year|every\s+year|per\s+year|a\s+year\b|annually|on\s+average"
    # "killed nearly 400 people in over 500 attacks": a toll over many events
    r"|in\s+(?:(?:over|more\s+than|nearly|almost|about|some|at\s+least)\s+)?(?:\d[\d,]*|dozens\s+of|hundreds\s+of|scores\s+of)\s+(?:separate\s+)?(?:attacks|incidents|strikes|raids|bombings|clashes|assaults))\b",
    _I,
)

# Future, conditional, wished-for: "will hit", "could provoke", "threatened to attack".
IRREALIS_BEFORE_RE = re.compile(
    r"\b(?:will|would|could|might|may|should|must|can|cannot|shall|won't|wouldn't|threaten\w*\s+to|plan\w*\s+to|vow\w*\s+to|promis\w*\s+to|intend\w*\s+to|prevent|avoid|risk\s+of|danger\s+of|fears?\s+of|capable\s+of|used\s+for|used\s+against)\s+(?:\w+\s+){0,2}$",
    _I,
)
IRREALIS_SENTENCE_RE = re.compile(r"^\W*(?:if|unless|should)\b", _I)
HAVE_RE = re.compile(r"\bhave\b", _I)

HEDGE_RE = re.compile(
    r"\b(?:appears?\s+to|appeared\s+to|apparently|seem(?:s|ed)?\s+to|may\s+have|might\s+have|could\s+have|could\s+be|may\s+be|might\s+be|possibl[ey]|possibility|speculat\w*|unclear|not\s+clear|unconfirmed|not\s+(?:yet\s+)?(?:been\s+)?(?:independently\s+)?(?:verified|confirmed)|could\s+not\s+be\s+(?:independently\s+)?verified|reportedly|allegedly|alleged|claim(?:s|ed|ing)?(?!\s+(?:of\s+)?responsibility)|purported(?:ly)?|suspected|believed\s+to|thought\s+to|likely|rumou?rs?|if\s+confirmed|unverified|said\s+to\s+have)\b",
    _I,
)

# A group disowning an act: "the RSF denied responsibility", "..., which denied carrying out
# the attack", "the army rejected the accusation". Denying casualties ("denied that civilians
# were killed") is not a denial of who did it.
DENIAL_RE = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|rejecting|dismissed|dismisses)\s+"
    r"(?:(?:any|all|its|their|the)\s+)?(?:(?:claims?\s+of|reports?\s+of)\s+)?"
    r"(?:responsibility|involvement|role|(?:the\s+)?(?:accusations?|allegations?|charges?|claims?|blame)\b"
    r"|(?:that\s+)?(?:it|they|its\s+\w+|their\s+\w+)\s+(?:had|has|have|was|were|carried|launched|attacked|fired|shelled)\b"
    r"|(?:carrying|having\s+carried|launching|having\s+launched)\b|being\s+behind|(?:it|this|that)\b(?!\s+(?:was|is)\b))",
    _I,
)

# Who can be a victim, by kind; the key is the kind reported in Victim.kind.
VICTIM_NOUNS: dict[str, str] = {
    "civilians": "civilians", "civilian": "civilians", "people": "civilians", "persons": "civilians",
    "person": "civilians", "residents": "civilians", "villagers": "civilians", "children": "civilians",
    "child": "civilians", "women": "civilians", "woman": "civilians", "men": "civilians", "man": "civilians",
    "boys": "civilians", "boy": "civilians", "girls": "civilians", "girl": "civilians", "teens": "civilians",
    "teen": "civilians", "teenager": "civilians", "teenagers": "civilians", "students": "civilians",
    "student": "civilians", "worshippers": "civilians", "shoppers": "civilians", "passengers": "civilians",
    "passers-by": "civilians", "bystanders": "civilians", "bystander": "civilians", "family members": "civilians",
    "toddler": "civilians", "infant": "civilians", "baby": "civilians", "victims": "civilians", "victim": "civilians",
    "peasants": "civilians", "peasant": "civilians", "farmers": "civilians", "workers": "civilians",
    "refugees": "civilians", "pedestrians": "civilians", "adults": "civilians", "individuals": "civilians",
    "journalists": "journalists", "journalist": "journalists", "reporters": "journalists",
    "aid workers": "aid workers", "doctors": "medical staff", "nurses": "medical staff", "medics": "medical staff",
    "paramedics": "medical staff", "patients": "civilians",
    "soldiers": "soldiers", "soldier": "soldiers", "troops": "soldiers", "servicemen": "soldiers",
    "serviceman": "soldiers", "service members": "soldiers", "servicemembers": "soldiers", "officers": "soldiers",
    "officer": "soldiers", "personnel": "soldiers", "marines": "soldiers", "guards": "soldiers",
    "police officers": "police", "policemen": "police", "policeman": "police", "police": "police",
    "policewomen": "police", "deputies": "police", "deputy": "police", "agents": "police", "cops": "police",
    "pilots": "pilots", "pilot": "pilots", "co-pilot": "pilots",
    "crew members": "crew", "crew member": "crew", "crewmen": "crew", "crew": "crew", "airmen": "crew",
    "militants": "militants", "militant": "militants", "fighters": "militants", "fighter": "militants",
    "rebels": "militants", "rebel": "militants", "insurgents": "militants", "jihadists": "militants",
    "guerrillas": "militants", "guerrilla": "militants", "terrorists": "militants", "gunmen": "militants",
    "gunman": "militants", "attackers": "militants", "attacker": "militants", "suspects": "militants",
    "suspect": "militants", "militiamen": "militants",
    "members": "unknown", "others": "unknown", "dead": "unknown",
    "wife": "civilians", "husband": "civilians", "son": "civilians", "daughter": "civilians",
    "mother": "civilians", "father": "civilians", "brother": "civilians", "sister": "civilians",
    "girlfriend": "civilians", "boyfriend": "civilians", "juvenile": "civilians", "juveniles": "civilians",
    "males": "civilians", "male": "civilians", "females": "civilians", "female": "civilians",
    "kids": "civilians", "kid": "civilians", "youths": "civilians", "youth": "civilians", "patrons": "civilians",
    "customers": "civilians", "partygoers": "civilians", "guests": "civilians", "relatives": "civilians",
    "friends": "civilians", "neighbors": "civilians", "neighbours": "civilians", "employees": "civilians",
    "staff": "civilians", "staffers": "civilians", "staff members": "civilians",
}  # fmt: skip
_VICTIM_WORDS = sorted(VICTIM_NOUNS, key=len, reverse=True)
VICTIM_NOUN = r"(?:" + "|".join(re.escape(w) for w in _VICTIM_WORDS) + r")"

# Physical targets: things (not people) that were attacked.
TARGET_NOUNS = [
    "helicopter", "aircraft", "plane", "jet", "warplane", "drone", "airport", "air base", "airbase",
    "hospital", "clinic", "school", "market", "marketplace", "mosque", "church", "temple", "shrine",
    "bakery", "checkpoint", "base", "military base", "outpost", "barracks", "convoy", "vehicle", "car",
    "bus", "truck", "tanker", "tank", "train", "ship", "boat", "vessel", "house", "home", "homes", "building",
    "embassy", "consulate", "office", "headquarters", "police station", "station", "bank", "hotel",
    "restaurant", "cafe", "bar", "nightclub", "store", "shop", "pharmacy", "camp", "village", "farm",
    "power plant", "power station", "substation", "pylon", "pylons", "tower", "pipeline", "oil pipeline",
    "refinery", "bridge", "dam", "road", "factory", "warehouse", "depot", "residence", "apartment",
    "blood bank", "ambulance", "courthouse", "prison", "jail", "university", "polling station",
    "fuel station", "gas station", "port", "facility", "facilities", "installations", "post",
]  # fmt: skip
_TARGET_WORDS = sorted(
    {t for t in TARGET_NOUNS} | {t + "s" for t in TARGET_NOUNS if not t.endswith("s")},
    key=len,
    reverse=True,
)
TARGET_NOUN = r"(?:" + "|".join(re.escape(w) for w in _TARGET_WORDS) + r")"
TARGET_NOUN_RE = re.compile(rf"\b{TARGET_NOUN}\b", _I)

# Weapons: surface pattern -> normalised name.
WEAPONS: list[tuple[str, str]] = [
    (
        r"MANPADS?|MANPAD'?s|man-portable\s+air[- ]defen[cs]e\s+systems?|shoulder[- ](?:fired|mounted|fire|launched)\s+(?:surface-to-air\s+|anti-aircraft\s+)?(?:missiles?|rockets?)|Stinger\s+missiles?|Strela|Igla",
        "MANPADS",
    ),
    (
        r"(?:surface|ground)-to-air\s+missiles?|anti-aircraft\s+missiles?|SAMs?\b",
        "surface-to-air missile",
    ),
    (r"anti-aircraft\s+(?:guns?|fire|weapons?)", "anti-aircraft gun"),
    (r"TOW(?:\s+anti-tank)?(?:\s+missiles?)?", "TOW"),
    (r"anti-tank\s+(?:guided\s+)?missiles?|ATGMs?|Kornet", "anti-tank missile"),
    (r"barrel\s+bombs?", "barrel bomb"),
    (
        r"VBIEDs?|car\s+bombs?|car-bombs?|truck\s+bombs?|vehicle-borne\s+(?:improvised\s+)?explosive\s+devices?|(?:vehicles?|cars?|trucks?)\s+(?:rigged|packed|laden|loaded)\s+with\s+explosives|explosives?-laden\s+(?:vehicles?|cars?|trucks?)",
        "car bomb",
    ),
    (r"IEDs?|improvised\s+explosive\s+devices?|roadside\s+bombs?", "IED"),
    (r"suicide\s+vests?|explosive\s+belts?|suicide\s+belts?", "suicide vest"),
    (r"land\s*mines?|mines\b", "landmine"),
    (r"(?:hand\s+)?grenades?", "grenade"),
    (r"rocket-propelled\s+grenades?|RPGs?|RPG-7s?", "RPG"),
    (r"artillery(?:\s+shells?)?|howitzers?", "artillery"),
    (r"mortars?(?:\s+(?:rounds?|shells?|bombs?))?", "mortar"),
    (r"Grad\s+rockets?|Katyusha\s+rockets?|Katyushas?|rockets?", "rocket"),
    (r"ballistic\s+missiles?|cruise\s+missiles?|missiles?", "missile"),
    (r"drones?|UAVs?", "drone"),
    (
        r"chlorine(?:\s+gas)?|sarin|nerve\s+agents?|mustard\s+gas|chemical\s+weapons?|poison\s+gas|toxic\s+gas",
        "chemical weapon",
    ),
    (r"dynamite(?:\s+(?:sticks?|charges?))?|sticks\s+of\s+dynamite", "dynamite"),
    (r"explosives?|bombs?|explosive\s+devices?", "explosives"),
    (r"machine[- ]?guns?|machineguns?", "machine gun"),
    (
        r"AK-47s?|Kalashnikovs?|assault\s+rifles?|M-16s?|AR-15s?|AR-15-style\s+rifles?",
        "assault rifle",
    ),
    (r"rifles?|shotguns?", "rifle"),
    (
        r"handguns?|pistols?|revolvers?|semi-?automatic\s+(?:handguns?|pistols?)|\.\d{2}-caliber\s+\w+|\d+\s*mm\s+(?:handguns?|pistols?)",
        "handgun",
    ),
    (r"guns?|firearms?|gunfire|gunshots?|bullets?", "firearm"),
    (r"knives|knife|machetes?|blades?|axes?", "knife"),
    (r"incendiary\s+bombs?|Molotov\s+cocktails?|petrol\s+bombs?|firebombs?", "incendiary device"),
]
WEAPON_RES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"\b(?:{pattern})(?![\w-])",
            re.IGNORECASE if "MANPAD" not in pattern and "TOW" not in pattern else 0,
        ),
        name,
    )
    for pattern, name in WEAPONS
]

# Words that name armed actors (perpetrators) when no named entity does.
ACTOR_NOUNS: dict[str, str] = {
    "rebels": "organization", "rebel": "organization", "militants": "organization", "militant": "organization",
    "insurgents": "organization", "insurgent": "organization", "jihadists": "organization", "jihadist": "organization",
    "terrorists": "organization", "terrorist": "organization", "guerrillas": "organization", "guerrilla": "organization",
    "militias": "organization", "militia": "organization", "militiamen": "organization", "fighters": "organization",
    "forces": "organization", "troops": "state", "army": "state", "military": "state", "soldiers": "state",
    "government": "state", "regime": "state", "police": "state", "policemen": "state", "security forces": "state",
    "air force": "state", "navy": "state", "gunmen": "individual", "gunman": "individual", "attackers": "individual",
    "attacker": "individual", "assailants": "individual", "assailant": "individual", "shooter": "individual",
    "shooters": "individual", "suspect": "individual", "suspects": "individual", "bomber": "individual",
    "bombers": "individual", "hunters": "organization", "group": "organization", "groups": "organization",
    "opposition": "organization", "faction": "organization", "factions": "organization", "extremists": "organization",
    "mob": "organization", "men": "individual", "man": "individual", "individuals": "individual",
    "commandos": "organization", "squad": "organization", "squads": "organization", "column": "organization",
    "unit": "state", "units": "state", "battalion": "state", "brigade": "organization", "coalition": "state",
    "cartel": "organization", "gang": "organization", "gangs": "organization", "kidnappers": "individual",
    "protesters": "organization", "demonstrators": "organization", "rioters": "organization",
    "assassins": "individual", "assassin": "individual", "criminals": "individual", "hitmen": "individual",
    "killers": "individual", "killer": "individual", "traffickers": "organization", "bandits": "organization",
    "pirates": "organization", "paramilitaries": "organization", "snipers": "individual", "sniper": "individual",
    "raiders": "organization", "robbers": "individual", "thieves": "individual", "abductors": "individual",
}  # fmt: skip

# Named armed groups and their canonical names (lower-case keys).
ACTOR_NAMES: dict[str, str] = {
    "al-nusra front": "Jabhat al-Nusra", "nusra front": "Jabhat al-Nusra", "al-nusra": "Jabhat al-Nusra",
    "jabhat al-nusra": "Jabhat al-Nusra", "jabhat fateh al-sham": "Jabhat al-Nusra",
    "hayat tahrir al-sham": "Hayat Tahrir al-Sham", "hayyat tahrir al-sham": "Hayat Tahrir al-Sham",
    "hts": "Hayat Tahrir al-Sham", "ahrar al-sham": "Ahrar al-Sham", "islamic state": "Islamic State",
    "isis": "Islamic State", "isil": "Islamic State", "daesh": "Islamic State", "al qaeda": "al-Qaeda",
    "al-qaeda": "al-Qaeda", "al qaida": "al-Qaeda", "al-qaida": "al-Qaeda", "al-shabaab": "al-Shabaab",
    "al shabaab": "al-Shabaab", "boko haram": "Boko Haram", "taliban": "Taliban", "hezbollah": "Hezbollah",
    "hamas": "Hamas", "houthis": "Houthis", "houthi": "Houthis", "ansar allah": "Houthis", "pkk": "PKK",
    "ypg": "YPG", "sdf": "Syrian Democratic Forces", "syrian democratic forces": "Syrian Democratic Forces",
    "free syrian army": "Free Syrian Army", "fsa": "Free Syrian Army", "syrian national army": "Syrian National Army",
    "wagner": "Wagner Group", "wagner group": "Wagner Group", "farc": "FARC", "eln": "ELN",
    "national liberation army": "ELN", "shining path": "Shining Path", "sendero luminoso": "Shining Path",
    "fmln": "FMLN", "farabundo marti national liberation front": "FMLN", "m-19": "M-19", "mrta": "MRTA",
    "tupac amaru revolutionary movement": "MRTA", "urng": "URNG",
    "guatemalan national revolutionary unity": "URNG", "epl": "EPL", "medellin cartel": "Medellin Cartel",
    "contras": "Contras", "al-shabab": "al-Shabaab", "jnim": "JNIM", "iswap": "ISWAP", "m23": "M23",
    "adf": "ADF", "rsf": "Rapid Support Forces", "rapid support forces": "Rapid Support Forces",
    "janjaweed": "Janjaweed", "lashkar-e-taiba": "Lashkar-e-Taiba", "ttp": "Tehrik-i-Taliban Pakistan",
    "tehrik-i-taliban pakistan": "Tehrik-i-Taliban Pakistan", "hts militants": "Hayat Tahrir al-Sham",
}  # fmt: skip

# Sources: canonical names of outlets, agencies and monitors often quoted.
SOURCE_NAMES: dict[str, str] = {
    "sana": "SANA", "syrian arab news agency": "SANA", "syrian observatory for human rights": "Syrian Observatory for Human Rights",
    "syrian observatory": "Syrian Observatory for Human Rights", "sohr": "Syrian Observatory for Human Rights",
    "anadolu": "Anadolu Agency", "anadolu agency": "Anadolu Agency", "reuters": "Reuters", "afp": "AFP",
    "agence france-presse": "AFP", "associated press": "AP", "ap": "AP", "tass": "TASS", "ria novosti": "RIA Novosti",
    "interfax": "Interfax", "xinhua": "Xinhua", "irna": "IRNA", "kcna": "KCNA", "unicef": "UNICEF",
    "united nations": "United Nations", "un": "United Nations", "who": "WHO", "msf": "MSF",
    "doctors without borders": "MSF", "amnesty international": "Amnesty International",
    "human rights watch": "Human Rights Watch", "white helmets": "White Helmets", "syrian civil defense": "White Helmets",
    "russia today": "RT", "rt": "RT", "al jazeera": "Al Jazeera", "bbc": "BBC", "cnn": "CNN",
}  # fmt: skip
STATE_MEDIA = {"SANA", "TASS", "RIA Novosti", "Xinhua", "IRNA", "KCNA", "Anadolu Agency", "RT"}
MONITOR_RE = re.compile(r"\b(?:monitor|observatory|watchdog)\b", _I)
STATE_MEDIA_RE = re.compile(
    r"\bstate(?:-run|-owned)?\s+(?:media|television|tv|news\s+agency|agency|broadcaster)\b", _I
)

SAY_LEMMAS = {
    "say", "report", "tell", "claim", "confirm", "state", "add", "announce", "accuse", "blame", "allege",
    "speculate", "note", "write", "believe", "estimate", "show", "insist", "deny", "reveal", "warn",
    "explain", "indicate", "assert", "maintain", "suggest", "describe", "continue", "acknowledge",
    "quote", "cite", "tweet", "post",
}  # fmt: skip
ACCORDING_RE = re.compile(r"\baccording\s+to\s+(?P<src>[^,.;:\"“”()]{2,90})", _I)
# A headline credit: "... killing two pilots: monitor", "... - officials".
HEADLINE_SOURCE_RE = re.compile(r"[:\-–—]\s*(?P<src>(?:\w+\s+){0,2}\w+)\s*$")

# Well-known past attacks named by their date: not events in this document's time.
NAMED_PAST_EVENTS_RE = re.compile(
    r"\b(?:September\s+11(?:th)?\s+attacks?|9/11|Pearl\s+Harbor)\b", _I
)

# Cheap triage: a sentence without any of these words never reaches the parser.
TRIAGE_RE = re.compile(
    r"\b(?:kill|dead|death|died|dies|dying|wound|injur|shot|shoot|gun|attack|strike|raid|bomb|blast|explo|"
    r"shell|artillery|mortar|rocket|missile|grenade|mines?\b|landmine|IED|clash|fight|fought|battle|ambush|"
    r"crash|downed|downing|incident|kidnap|abduct|hostage|rape|sexual|execut(?:ed|ion|ions|ing)\b|behead|"
    r"massacre|murder|slain|stab(?:bed|bing|s)?\b|assassin|protest|demonstrators?\b|demonstrations?\b|"
    r"rall(?:y|ies|ied)\b|riot|mob\b|lynch|loot|arson|torch|burn|fire[ds]?\b|firing|captur|seiz|recaptur|"
    r"retook|regain|liberat|ceasefire|cease-fire|truce|arrest|detain|custody|defus|intercept|helicopter|"
    r"withdr[ae]w|pulled\s+(?:out|back)|retreat|handed|unopposed|agreement|deal\b|accord\b|prisoners?\b|"
    r"took\s+over|taken\s+over|outpost|headquarters|base\b|camp\b|command\s+post|crowd|ransack|vandal|"
    r"pillag|razed|demolish|curfew|blockad|checkpoint|surrender|defect|faction|"
    r"aircraft|plane|planes\b|jets?\b|drones?\b|victim|casualt|toll\b|offensive|assault|violence|"
    r"(?-i:MiG|Mi-\d|Su-\d|MANPAD))",
    _I,
)

# Where one clause ends and another begins, for scoping aggregate cues to the event they describe.
# "since" opens a clause ("since they fled") but not when it starts a time span
# ("killed since 2012"): that span is the aggregate cue and belongs to its clause.
_SINCE_CLAUSE = (
    rf"since(?!\s+(?:(?:19|20)\d\d|(?:early\s+|late\s+)?(?:{MONTH_NAME})"
    r"|the\s+(?:start|beginning|outbreak|war|conflict|uprising)"
    r"|then|it\s+began))"
)
CLAUSE_BREAK_RE = re.compile(
    r"\s*(?:[,;:()\u2013\u2014]|\s-\s)\s*|\s+(?=(?:where|which|who|whom|while|whereas|but|as|after|before|"
    + _SINCE_CLAUSE
    + r"|because|although)\b)",
    re.I,
)

# A place named right after a locative cue, for names the NER misses ("close to Nayrab").


# Deaths with a cause that is no act of violence.
NON_VIOLENT_CAUSE_RE = re.compile(
    r"\b(?:in|after|during|from|by)\s+(?:the|a|an)\s+(?:\w+\s+){0,2}?(?:crash|accident|collision|blaze|flood(?:ing)?|earthquake|"
    r"landslide|storm|stampede|cyclone|hurricane|typhoon|outbreak|wreck)\b|\b(?:drowned|electrocuted)\b",
    re.I,
)
