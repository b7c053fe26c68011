"""One ``Settings`` object for every stage: shipped defaults, a config file, ``--set`` overrides.

The defaults live in ``settings.toml`` beside this module (one source of truth); the pydantic
models below only say what each key is and reject unknown ones, so a typo in a config file is an
error naming the key rather than a silently ignored setting.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

DEFAULTS_FILE = Path(__file__).with_name("settings.toml")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestSettings(_Section):
    max_bytes: int
    url_timeout_s: float
    max_analysed_chars: int
    commit_every: int = Field(ge=1)
    commit_after_s: float = Field(gt=0)


class ExtractSettings(_Section):
    extractor: str
    finders: list[str]
    roles: Literal["learned", "rules"]
    role_model: str
    rules_where_model_abstains: bool


class ClassifySettings(_Section):
    enabled: bool
    model: str
    min_event_probability: float
    retype_min_probability: float
    min_candidate_probability: float
    keep_out_of_scope: bool
    merge_within_document: bool


class GeoSettings(_Section):
    gazetteer: str


class LinkSettings(_Section):
    scorer: Literal["table", "learned"]
    unknown_date_window_days: int
    date_tolerance_days: int
    link_threshold: float
    min_pair_score: float
    unknown_place_extra: float
    unknown_date_threshold: float
    learned_link_threshold: float
    learned_min_pair_score: float
    use_named_places: bool
    date_slack_days: dict[str, int]
    precision_radius_km: dict[str, float]
    weights: dict[str, float]


class ActorsSettings(_Section):
    extra_files: list[str]


class ServeSettings(_Section):
    allowed_hosts: list[str]
    token_env: str
    max_request_bytes: int
    response_cache: int


class Settings(_Section):
    ingest: IngestSettings
    extract: ExtractSettings
    classify: ClassifySettings
    geo: GeoSettings
    link: LinkSettings
    actors: ActorsSettings
    serve: ServeSettings

    @classmethod
    def load(cls, config: Path | None = None, overrides: Iterable[str] = ()) -> Settings:
        """Defaults, then ``config`` (TOML), then ``section.key=value`` overrides. Raises SettingsError."""
        data = _read_toml(DEFAULTS_FILE)
        if config is not None:
            _merge(data, _read_toml(config))
        for item in overrides:
            _merge(data, _parse_override(item))
        try:
            return cls.model_validate(data)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise SettingsError(f"setting {where}: {first['msg']}") from err

    def with_values(self, **sections: dict[str, Any]) -> Settings:
        """A copy with some keys changed, e.g. ``settings.with_values(link={"date_tolerance_days": 3})``."""
        data = self.model_dump()
        _merge(data, sections)
        return type(self).model_validate(data)


class SettingsError(ValueError):
    """A config file or override that cannot be used; the message names the key or file."""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as err:
        raise SettingsError(f"cannot read config {path}: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"config {path} is not valid TOML: {err}") from err


def _parse_override(item: str) -> dict[str, Any]:
    """``link.date_tolerance_days=3`` -> {"link": {"date_tolerance_days": 3}}; values are TOML/JSON or text."""
    key, sep, raw = item.partition("=")
    parts = key.strip().split(".")
    if not sep or len(parts) != 2 or not all(parts):
        raise SettingsError(
            f"--set {item!r}: use section.key=value, e.g. link.date_tolerance_days=3"
        )
    try:
        value: Any = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw.strip()  # a bare word is a string
    return {parts[0]: {parts[1]: value}}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The shipped defaults (cached; settings are immutable)."""
    return Settings.load()


_active: Settings | None = None


def use_settings(settings: Settings | None) -> None:
    """Make ``settings`` the ones in force for this process (the CLI does this first thing);
    ``None`` returns to the shipped defaults.

    Stages that read settings when first imported (linking's weights and windows, the actor
    dictionary's extra files) take the settings in force at that moment, so call this before
    running any stage; the CLI's top-level options do.
    """
    global _active
    _active = settings


def active_settings() -> Settings:
    """The settings in force: those given to ``use_settings``, else the shipped defaults."""
    return _active or default_settings()


__all__ = [
    "ActorsSettings",
    "ClassifySettings",
    "ExtractSettings",
    "GeoSettings",
    "IngestSettings",
    "LinkSettings",
    "ServeSettings",
    "Settings",
    "SettingsError",
    "active_settings",
    "default_settings",
    "use_settings",
]
