"""``normalize(surface, country, role)``: one actor phrase to a canonical actor and its ACLED code.

Order: a person's name (clear cues only) -> the longest dictionary alias or "<demonym> <branch
head>" inside the phrase -> a generic head noun ("gunmen", "soldiers") read with the event's
country -> the cleaned surface form, untyped. Anything not from the dictionary is ``guessed``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from warmonitor.actors.dictionary import (
    ENGLISH_WORDS,
    ENV_EXTRA,
    ActorDictionary,
    AliasTarget,
    GenericHead,
    default_dictionary,
)
from warmonitor.actors.model import KIND_INTER, ActorEntry, ActorMatch
from warmonitor.actors.text import fold_word, strip_leading_junk, words, wordset


def _folded(text: str) -> frozenset[str]:
    """A word list as lookup keys, to compare with folded tokens (plural -s and doubles dropped)."""
    return frozenset(fold_word(w) for w in text.split())


# Titles that mark a person. Lower-case forms count only for the unambiguous ones, since MUC-4
# text is lower-cased and "general" or "commander" there may be anything.
_TITLES_ANY_CASE = wordset("mr mrs ms dr messrs mister sheikh sheik imam")
_TITLES_CAPITALISED = wordset("""
    gen general col colonel lt lieutenant maj major capt captain sgt sergeant cpl corporal brig
    brigadier adm admiral cmdr commander president prime minister senator sen gov governor
    judge justice father rev reverend bishop cardinal pope king queen prince princess emir
    mullah ayatollah chief mayor sir lord lady madam dame
    """)
# "General X's RSF", "Colonel Y's men": a possessive followed by a word names what X has.
_POSSESSED = re.compile(r"\w['’]s\s+\w")
# Lower-case particles inside personal names ("Abdel Fattah al-Burhan", "Abu Bakr al-Baghdadi").
_NAME_PARTICLES = wordset("al el bin ben ibn bint abu de da del di du la le van von der ould ag")
# Words that make a phrase about a group even after a title ("President Assad's forces").
_GROUP_HEADS = wordset("""
    forces force troops soldiers army militia militias fighters loyalists supporters men guards
    guard followers government regime administration party movement group brigade battalion
    """)
# The end of a noun phrase's head: what follows these is a modifier ("gunmen on motorcycles").
_HEAD_BREAKS = _folded(
    "on in at from with who which that near outside inside of for by believed thought said reported claiming"
)
# "<X>-backed <Y>": X names a sponsor, Y the actor.
_BACKER_WORDS = _folded(
    "linked backed allied aligned affiliated supported sponsored inspired funded run led controlled"
)
# "pro-<X>"/"anti-<X>": an allegiance, not an identity.
_ALIGNMENT_WORDS = frozenset({"pro", "anti"})
_UNARMED_KINDS = frozenset({"protesters", "rioters", "civilians"})
_PERPETRATOR_ROLES = frozenset({"perpetrator", "perp", "attacker", "actor1", "perpetrators"})
_MEMBER_NOUNS = _folded("""
    fighters militants members rebels insurgents militiamen militia jihadists gunmen forces
    troops soldiers loyalists supporters group movement men operatives cadres commanders unit
    units elements guerrillas terrorists extremists separatists combatants personnel officers
    agents faction wing brigade battalion mercenaries bandits
    """)


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # as written
    key: str  # folded


# A head phrase found: its key, and either a generic head or a state branch key.
_Head = tuple[str, GenericHead | None, str | None]


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    entry: ActorEntry
    alias: str


def normalize(
    surface: str,
    country: str | None = None,
    role: str | None = None,
    *,
    dictionary: ActorDictionary | None = None,
) -> ActorMatch:
    """The canonical actor behind ``surface``; ``country`` is the event's (ISO2/ISO3/name).

    ``role`` ("perpetrator" or "victim") matters for civilian head nouns: villagers who attack
    are a mob. Without ``dictionary`` the default one (settings + $WARMONITOR_ACTORS) is used and
    answers are cached.
    """
    if dictionary is None:
        return _normalize_default(surface, country, role, os.environ.get(ENV_EXTRA, ""))
    return _normalize(surface, country, role, dictionary)


@lru_cache(maxsize=65536)
def _normalize_default(
    surface: str, country: str | None, role: str | None, _env: str
) -> ActorMatch:
    return _normalize(surface, country, role, default_dictionary())


def _normalize(
    surface: str, country: str | None, role: str | None, book: ActorDictionary
) -> ActorMatch:
    context = book.country_code(country)
    raw = words(surface)
    if _is_person(raw) and not _POSSESSED.search(surface):
        return ActorMatch(surface, " ".join(raw), None, "person", context, guessed=True)
    core = strip_leading_junk(raw)
    tokens = [_Token(w, k) for w, k in ((w, fold_word(w)) for w in core) if k]
    cleaned = " ".join(core) or surface.strip()
    if not tokens:
        return ActorMatch(surface, cleaned, None, "unknown", context, guessed=True)
    caseless = surface == surface.lower() or surface == surface.upper()
    hit = _dictionary_hit(book, tokens, context, caseless)
    if hit is not None:
        return _from_entry(surface, hit, context)
    generic = _generic_match(book, surface, tokens, cleaned, context, role)
    crowd = generic is not None and generic.kind in _UNARMED_KINDS
    if not crowd and any(t.key in _ALIGNMENT_WORDS for t in tokens[:-1]):
        # "pro-government gunmen", "anti-Houthi fighters": an armed group by its allegiance.
        return ActorMatch(surface, cleaned, 3, "political_militia", context, guessed=True)
    named = _country_of(book, tokens)
    if named is not None:  # "Russia struck ...": a country acting is its military, by metonymy
        state = _Hit(
            0, len(tokens), book.state_entry(named, "military"), " ".join(t.key for t in tokens)
        )
        return replace(_from_entry(surface, state, context), guessed=True)
    if generic is not None:
        return generic
    return ActorMatch(surface, cleaned, None, "unknown", context, guessed=True)


def _is_person(raw: list[str]) -> bool:
    """A title followed by capitalised names and nothing that makes it a group."""
    if len(raw) < 2 or any(w.casefold() in _GROUP_HEADS for w in raw):
        return False
    first = raw[0]
    if first.casefold() in _TITLES_ANY_CASE:
        return True
    rest = raw[1:]
    while rest and rest[0].casefold() in _TITLES_CAPITALISED:  # "Prime Minister X", "Lt Gen X"
        rest = rest[1:]
    return (
        first[:1].isupper()
        and first.casefold() in _TITLES_CAPITALISED
        and bool(rest)
        and all(w[:1].isupper() or w in _NAME_PARTICLES for w in rest)
    )


def _dictionary_hit(
    book: ActorDictionary, tokens: list[_Token], context: str | None, caseless: bool
) -> _Hit | None:
    """The actor the phrase names: its longest alias (or demonym + branch head).

    The head comes before a preposition: "fighters from the RSF" is about the RSF only when
    nothing before "from" is an actor, unless the name itself spans the preposition ("Islamic
    State in the Greater Sahara").
    """
    n = len(tokens)
    found = _longest_hit(book, tokens, context, caseless)
    head_end = next((i for i, t in enumerate(tokens) if i > 0 and t.key in _HEAD_BREAKS), n)
    spans_break = found is not None and found.start < head_end < found.end
    if head_end < n and not spans_break:
        before = _longest_hit(book, tokens[:head_end], context, caseless)
        if before is not None:
            return before
    return found


def _longest_hit(
    book: ActorDictionary, tokens: list[_Token], context: str | None, caseless: bool
) -> _Hit | None:
    """The longest hit; among equals a firm alias over a country-bound one, then the rightmost
    (the head of "al-Qaida's Sahel branch JNIM" or "Russia's Wagner Group")."""
    n = len(tokens)
    core_end = n
    while core_end > 1 and tokens[core_end - 1].key in _MEMBER_NOUNS:
        core_end -= 1  # "BLA militants": the name alone is the whole phrase
    backer: _Hit | None = None  # "al-Qaeda" in "al-Qaeda-linked JNIM": used only when alone
    for size in range(min(n, book.longest_alias + 2), 0, -1):
        found: list[tuple[bool, int, _Hit]] = []
        for start in range(0, n - size + 1):
            window = tokens[start : start + size]
            key = " ".join(t.key for t in window)
            whole = start == 0 and start + size >= core_end
            named = _alias_entry(book, key, window, context, caseless, whole)
            entry, weak = named if named else (_state_entry(book, window), False)
            if entry is None:
                continue
            if start > 0 and tokens[start - 1].key in _ALIGNMENT_WORDS:
                continue  # "pro-Russian forces" are aligned with Russia, not Russia's
            hit = _Hit(start, start + size, entry, key)
            if start + size < n and tokens[start + size].key in _BACKER_WORDS:
                backer = backer or hit
                continue
            found.append((weak, -start, hit))
        if found:
            return min(found, key=lambda f: (f[0], f[1]))[2]
    return backer


def _alias_entry(
    book: ActorDictionary,
    key: str,
    window: list[_Token],
    context: str | None,
    caseless: bool,
    whole: bool,
) -> tuple[ActorEntry, bool] | None:
    """The entry an alias names here, and whether the alias is only country-bound (weak)."""
    targets = book.aliases.get(key)
    if not targets:
        return None
    usable: list[AliasTarget] = []
    for target in targets:
        if target.bound is not None and context not in target.bound:
            continue
        if target.case_sensitive and not whole and not _acronym_readable(key, window, caseless):
            continue
        usable.append(target)
    if not usable:
        return None
    # A bound alias in its own country beats a general one; then one of the event's country.
    best = min(
        usable,
        key=lambda t: (
            t.bound is None,
            context is None or context not in book.entries[t.entry].countries,
            t.priority,
        ),
    )
    return book.entries[best.entry], best.bound is not None


def _acronym_readable(key: str, window: list[_Token], caseless: bool) -> bool:
    """A short acronym inside a longer phrase: in capitals, or in a caseless text unless a word."""
    if caseless:  # MUC-4 is lower-cased, headlines upper-cased: casing says nothing there
        return key not in ENGLISH_WORDS
    return "".join(t.word for t in window).isupper()


def _state_entry(book: ActorDictionary, window: list[_Token]) -> ActorEntry | None:
    """``Malian soldiers``, ``Pakistan army``, ``police of Kenya``: one branch of one state."""
    keys = [t.key for t in window]
    for cut in range(1, len(keys)):
        country = _country_of(book, window[:cut])
        branch = book.branch_heads.get(" ".join(keys[cut:]))
        if country and branch:
            return book.state_entry(country, branch)
    if "of" in keys:
        at = keys.index("of")
        branch = book.branch_heads.get(" ".join(keys[:at]))
        country = _country_of(book, window[at + 1 :])
        if country and branch:
            return book.state_entry(country, branch)
    return None


def _country_of(book: ActorDictionary, window: list[_Token]) -> str | None:
    """The country these words name; "US", "Chad" or "CAR" only capitalised (not "us", "car")."""
    key = " ".join(t.key for t in window)
    code = book.country_keys.get(key)
    if code and key in ENGLISH_WORDS and not all(t.word[:1].isupper() for t in window):
        return None
    return code


def _from_entry(surface: str, hit: _Hit, context: str | None) -> ActorMatch:
    entry = hit.entry
    inter, notes = entry.inter, ()
    home = entry.home
    if home and context and context != home and context not in entry.countries:
        # ACLED: state forces active outside their own country are External/Other forces.
        inter, notes = 8, (f"state forces of {home} outside their country",)
    country = home or (context if context in entry.countries else None)
    if country is None and len(entry.countries) == 1:
        country = entry.countries[0]
    return ActorMatch(
        surface,
        entry.name,
        inter,
        entry.kind,
        country or context,
        entry.parent,
        guessed=False,
        alias=hit.alias,
        notes=notes,
    )


def _generic_match(
    book: ActorDictionary,
    surface: str,
    tokens: list[_Token],
    cleaned: str,
    context: str | None,
    role: str | None,
) -> ActorMatch | None:
    """A head noun: the longest known head ending the phrase's head, else anywhere in it."""
    head_end = next(
        (i for i, t in enumerate(tokens) if i > 0 and t.key in _HEAD_BREAKS), len(tokens)
    )
    found = _suffix_head(book, tokens[:head_end]) or _any_head(book, tokens)
    if found is None:
        return None
    key, generic_head, branch = found
    named_country = _country_in(book, tokens) or context
    if branch is not None:  # "soldiers", "the police": the event's state, a guess
        if named_country is None:
            return ActorMatch(surface, cleaned, 1, "state", None, guessed=True, alias=key)
        entry = book.state_entry(named_country, branch)
        return ActorMatch(
            surface, entry.name, 1, "state", named_country, entry.parent, guessed=True, alias=key
        )
    assert generic_head is not None
    kind, inter = generic_head.kind, generic_head.inter
    guessed, name_template = generic_head.guessed, generic_head.name
    if kind == "militant":
        insurgency = (
            named_country is None
            or book.countries.get(named_country, None) is None
            or book.countries[named_country].insurgency
        )
        kind, inter = ("rebel", 2) if insurgency else ("political_militia", 3)
    if kind == "civilians" and (role or "").casefold() in _PERPETRATOR_ROLES:
        # Villagers who attack are a mob (ACLED: rioters, mob violence).
        kind, inter, guessed, name_template = "rioters", 5, True, "Rioters ({country})"
    if inter is None:
        inter = KIND_INTER.get(kind)
    if name_template:
        name = (
            name_template.format(country=book.country_name(named_country))
            if named_country
            else name_template.replace(" ({country})", "").replace("{country}", "").strip()
        )
    else:
        name = cleaned
    return ActorMatch(surface, name, inter, kind, named_country, guessed=guessed, alias=key)


def _suffix_head(book: ActorDictionary, tokens: list[_Token]) -> _Head | None:
    for start in range(0, len(tokens)):
        key = " ".join(t.key for t in tokens[start:])
        if key in book.generic:
            return key, book.generic[key], None
        if key in book.branch_heads:
            return key, None, book.branch_heads[key]
    return None


def _any_head(book: ActorDictionary, tokens: list[_Token]) -> _Head | None:
    for size in range(min(len(tokens), 3), 0, -1):
        for start in range(len(tokens) - size, -1, -1):
            key = " ".join(t.key for t in tokens[start : start + size])
            if key in book.generic:
                return key, book.generic[key], None
            if key in book.branch_heads:
                return key, None, book.branch_heads[key]
    return None


def _country_in(book: ActorDictionary, tokens: list[_Token]) -> str | None:
    """A country named in the phrase itself ("Pakistani civilians")."""
    for size in (3, 2, 1):
        for start in range(0, len(tokens) - size + 1):
            code = _country_of(book, tokens[start : start + size])
            if code:
                return code
    return None
