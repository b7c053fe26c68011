"""Loading the actor dictionary: the shipped CSV files plus any extra files a user names.

The shipped files live in ``data/`` beside this module (see docs/actors.md):

- ``countries.csv`` and ``state_branches.csv`` compose one entry per country and branch of its
  state forces ("Military Forces of Mali", "Police Forces of Mali: Gendarmerie"); "Malian
  soldiers" or "gendarmes of Mali" find them through the demonym and head tables at lookup time,
  so no alias list is multiplied out;
- ``groups.csv`` names actors (state units, rebels, jihadists, militias, external forces);
- ``generic.csv`` maps head nouns of unnamed actors ("gunmen", "villagers").

Extra files (``[actors] extra_files`` or ``$WARMONITOR_ACTORS``) use the ``groups.csv`` columns;
their rows win over the shipped ones. A bad row is an error naming the file and line.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from warmonitor.actors.model import KIND_INTER, KINDS, ActorEntry
from warmonitor.actors.text import fold, words, wordset

DATA = Path(__file__).with_name("data")
ENV_EXTRA = "WARMONITOR_ACTORS"  # extra dictionary files, os.pathsep-separated
GROUP_COLUMNS = ("name", "kind", "inter", "countries", "parent", "aliases")
# Short acronyms that are also English words: matched only in upper case or standing alone.
ENGLISH_WORDS = wordset(
    "is us an as at it in on or no so to do go he we me my by up am be if of fan can ant sac "
    "fact cat ana isa ka sa mit nas pa afp aa cna cdf ssa car chad arena eta"
)


class ActorDictionaryError(ValueError):
    """A dictionary file that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    demonyms: tuple[str, ...]
    other_names: tuple[str, ...]
    insurgency: bool


@dataclass(frozen=True, slots=True)
class Branch:
    key: str
    template: str  # "Military Forces of {country}"
    parent: str | None  # another branch key


@dataclass(frozen=True, slots=True)
class GenericHead:
    name: str  # template with {country}, or "" to keep the surface form
    kind: str  # one of KINDS, or "militant" (rebel or political militia by country)
    inter: int | None  # None: decided by the country ("context")
    guessed: bool


@dataclass(frozen=True, slots=True)
class AliasTarget:
    entry: str  # canonical name
    bound: tuple[str, ...] | None  # only for an event in these countries (None: anywhere)
    case_sensitive: bool  # a short acronym that is also a word ("IS", "AA")
    priority: int  # lower wins: extra files, then groups.csv


@dataclass
class ActorDictionary:
    entries: dict[str, ActorEntry] = field(default_factory=dict)
    aliases: dict[str, list[AliasTarget]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    country_keys: dict[str, str] = field(default_factory=dict)  # folded name/demonym -> ISO3
    branches: dict[str, Branch] = field(default_factory=dict)
    branch_heads: dict[str, str] = field(default_factory=dict)  # folded head -> branch key
    generic: dict[str, GenericHead] = field(default_factory=dict)
    longest_alias: int = 1  # in key tokens
    files: tuple[str, ...] = ()

    def state_entry(self, iso3: str, branch: str) -> ActorEntry:
        """The composed entry of one branch of one country's state forces."""
        name = self.branches[branch].template.format(country=self.country_name(iso3))
        found = self.entries.get(name)
        if found is not None:
            return found
        parent_key = self.branches[branch].parent
        parent = (
            self.branches[parent_key].template.format(country=self.country_name(iso3))
            if parent_key
            else None
        )
        return ActorEntry(name, "state", 1, (iso3,), parent, (), "composed")

    def country_name(self, iso3: str) -> str:
        known = self.countries.get(iso3)
        if known is not None:
            return known.name
        return _pycountry_name(iso3) or iso3

    def country_code(self, value: str | None) -> str | None:
        """ISO3 for an ISO2/ISO3 code, a country name or a demonym; None when unknown."""
        if not value:
            return None
        text = value.strip()
        if len(text) == 3 and text.isalpha() and text.upper() in self.countries:
            return text.upper()
        key = fold(text)
        if key in self.country_keys:
            return self.country_keys[key]
        return _pycountry_code(text)


@lru_cache(maxsize=512)
def _pycountry_name(iso3: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3.upper())
    if found is None:
        return None
    return getattr(found, "common_name", None) or found.name


@lru_cache(maxsize=2048)
def _pycountry_code(text: str) -> str | None:
    import pycountry

    try:
        if len(text) == 2:
            found = pycountry.countries.get(alpha_2=text.upper())
        elif len(text) == 3:
            found = pycountry.countries.get(alpha_3=text.upper())
        else:
            found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return found.alpha_3 if found else None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with ``#`` comment lines, each with its line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ActorDictionaryError(f"cannot read actor dictionary {path}: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise ActorDictionaryError(f"actor dictionary {path} is not UTF-8 text") from err
    lines = [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if not line.lstrip().startswith("#") and line.strip()
    ]
    if not lines:
        return
    reader = csv.reader([line for _, line in lines])
    header = [h.strip() for h in next(reader)]
    for (number, _), values in zip(lines[1:], reader, strict=True):
        if len(values) != len(header):
            raise ActorDictionaryError(
                f"{path}:{number}: expected {len(header)} columns ({','.join(header)}), got {len(values)}"
            )
        yield number, {k: v.strip() for k, v in zip(header, values, strict=True)}


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _is_short_acronym(alias: str) -> bool:
    letters = "".join(words(alias))
    return letters.isupper() and (len(letters) <= 3 or letters.lower() in ENGLISH_WORDS)


def _load_countries(book: ActorDictionary, path: Path) -> None:
    for _, row in _rows(path):
        country = Country(
            row["iso3"].upper(),
            row["name"],
            _split(row["demonyms"]),
            _split(row["other_names"]),
            row["insurgency"] == "1",
        )
        book.countries[country.iso3] = country
        for label in (country.name, *country.other_names, *country.demonyms):
            book.country_keys.setdefault(fold(label), country.iso3)


def _load_branches(book: ActorDictionary, path: Path) -> None:
    for _, row in _rows(path):
        branch = Branch(row["key"], row["name"], row["parent"] or None)
        book.branches[branch.key] = branch
        for head in _split(row["heads"]):
            book.branch_heads.setdefault(fold(head), branch.key)
    for iso3 in book.countries:
        for key in book.branches:
            entry = book.state_entry(iso3, key)
            book.entries[entry.name] = entry


def _load_generic(book: ActorDictionary, path: Path) -> None:
    for number, row in _rows(path):
        kind = row["kind"]
        if kind not in KINDS and kind != "militant":
            raise ActorDictionaryError(f"{path}:{number}: unknown kind {kind!r}")
        inter = None if row["inter"] == "context" else _inter(row["inter"], path, number)
        book.generic[fold(row["phrase"])] = GenericHead(
            row["name"], kind, inter, row["guessed"] == "1"
        )


def _inter(value: str, path: Path, number: int) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 8:
        raise ActorDictionaryError(f"{path}:{number}: inter code must be 1..8, got {value!r}")
    return int(value)


def _load_groups(book: ActorDictionary, path: Path, priority: int) -> None:
    for number, row in _rows(path):
        missing = [c for c in GROUP_COLUMNS if c not in row]
        if missing:
            raise ActorDictionaryError(f"{path}:{number}: missing column(s) {', '.join(missing)}")
        name, kind = row["name"], row["kind"]
        if not name:
            raise ActorDictionaryError(f"{path}:{number}: empty name")
        if kind not in KINDS:
            raise ActorDictionaryError(
                f"{path}:{number}: unknown kind {kind!r} (one of {', '.join(KINDS)})"
            )
        inter = _inter(row["inter"], path, number)
        countries = tuple(c.upper() for c in _split(row["countries"]))
        bad = [c for c in countries if len(c) != 3 or not c.isalpha()]
        if bad:
            raise ActorDictionaryError(
                f"{path}:{number}: countries must be ISO3 codes, got {bad[0]!r}"
            )
        aliases = _split(row["aliases"])
        entry = ActorEntry(
            name,
            kind,
            inter if inter is not None else KIND_INTER[kind],
            countries,
            row["parent"] or None,
            tuple(a.partition("@")[0].strip() for a in aliases),
            f"{path.name}:{number}",
        )
        old = book.entries.get(name)
        if old is not None:  # a composed state entry or an earlier row: fields given win
            entry = replace(
                entry,
                countries=entry.countries or old.countries,
                parent=entry.parent or old.parent,
                aliases=old.aliases + entry.aliases,
            )
        book.entries[name] = entry
        for alias in (name, *aliases):
            _index(book, alias, name, priority)


def _split_bound(alias: str, countries: tuple[str, ...]) -> tuple[str, tuple[str, ...] | None]:
    """``"Taliban@PAK"`` -> ("Taliban", ("PAK",)); ``"AFP@"`` -> ("AFP", the entry's countries)."""
    text, at, where = alias.partition("@")
    if not at:
        return alias.strip(), None
    codes = tuple(c.strip().upper() for c in where.split("|") if c.strip())
    return text.strip(), codes or countries


def _index(book: ActorDictionary, alias: str, name: str, priority: int) -> None:
    alias, bound = _split_bound(alias, book.entries[name].countries)
    key = fold(alias)
    if not key:
        return
    target = AliasTarget(name, bound, _is_short_acronym(alias), priority)
    targets = book.aliases.setdefault(key, [])
    if any(t.entry == name for t in targets):
        return
    targets.append(target)
    targets.sort(key=lambda t: t.priority)
    book.longest_alias = max(book.longest_alias, len(key.split()))


def build_dictionary(extra_files: Iterable[str | Path] = ()) -> ActorDictionary:
    """The shipped dictionary with ``extra_files`` on top (their rows win). Raises ActorDictionaryError."""
    book = ActorDictionary()
    _load_countries(book, DATA / "countries.csv")
    _load_branches(book, DATA / "state_branches.csv")
    _load_generic(book, DATA / "generic.csv")
    extras = [Path(p).expanduser() for p in extra_files]
    _load_groups(book, DATA / "groups.csv", len(extras) + 1)
    for number, path in enumerate(extras):  # later files win over earlier ones and the shipped
        _load_groups(book, path, len(extras) - number)
    book.files = tuple(str(p) for p in (DATA / "groups.csv", *extras))
    return book


@lru_cache(maxsize=8)
def load_dictionary(extra_files: tuple[str, ...] = ()) -> ActorDictionary:
    """The dictionary for these extra files, built once per process."""
    return build_dictionary(extra_files)


def extra_files_from_env(configured: Sequence[str] = ()) -> tuple[str, ...]:
    """Configured extra files, then those in ``$WARMONITOR_ACTORS``."""
    env = [p for p in os.environ.get(ENV_EXTRA, "").split(os.pathsep) if p.strip()]
    return tuple(configured) + tuple(env)


def default_dictionary() -> ActorDictionary:
    """The dictionary named by the shipped settings and the environment."""
    from warmonitor.settings import active_settings

    return load_dictionary(extra_files_from_env(tuple(active_settings().actors.extra_files)))
