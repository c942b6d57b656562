"""Outlet profiles and the ccTLD -> zone table, read from the data file `outlets.toml`.

A profile says what the generic path cannot know: the outlet's display name and the time
zone its pages show wall-clock times in. Unknown outlets fall back to the country-code
top-level domain, then to UTC. Users add outlets to the data file, not to code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib.resources import files

from pipelines.normalize.urls import url_host

DATA_FILE = "outlets.toml"


@dataclass(frozen=True, slots=True)
class OutletProfile:
    domain: str
    name: str
    time_zone: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ZoneData:
    """What zone_evidence reads: labels, language and region zones, US datelines."""

    labels: dict[str, str] = field(default_factory=dict)  # 'Kyiv time' -> 'Europe/Kyiv'
    language_zones: dict[str, tuple[str, ...]] = field(default_factory=dict)
    region_zones: dict[str, str] = field(default_factory=dict)
    dateline_states: dict[str, str] = field(default_factory=dict)
    dateline_cities: dict[str, str] = field(default_factory=dict)
    dateline_foreign_cities: dict[str, str] = field(default_factory=dict)
    dateline_countries: dict[str, str] = field(default_factory=dict)
    month_first: frozenset[str] = frozenset()
    second_level: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Outlets:
    """The profiles in file order, the country-code TLD -> IANA zone table, zone evidence."""

    profiles: tuple[OutletProfile, ...]
    tld_zones: dict[str, str]
    zones: ZoneData = field(default_factory=ZoneData)


def read_outlets(text: str) -> Outlets:
    """The text of an outlets TOML file -> Outlets ('[[outlet]]' tables, a '[tld_zones]' table)."""
    data = tomllib.loads(text)
    profiles = tuple(
        OutletProfile(e["domain"], e["name"], e["time_zone"], e.get("language"))
        for e in data.get("outlet", [])
    )
    zones = ZoneData(
        labels=dict(data.get("zone_labels", {})),
        language_zones={k: tuple(v) for k, v in data.get("language_zones", {}).items()},
        region_zones=dict(data.get("region_zones", {})),
        dateline_states=dict(data.get("dateline_states", {})),
        dateline_cities=dict(data.get("dateline_cities", {})),
        dateline_foreign_cities=dict(data.get("dateline_foreign_cities", {})),
        dateline_countries=dict(data.get("dateline_countries", {})),
        month_first=frozenset(data.get("month_first", {}).get("zones", ())),
        second_level=frozenset(data.get("second_level", {}).get("labels", ())),
    )
    return Outlets(profiles, dict(data.get("tld_zones", {})), zones)


OUTLETS = read_outlets(files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))
PROFILES = OUTLETS.profiles
TLD_ZONES = OUTLETS.tld_zones
ZONES = OUTLETS.zones
_BY_NAME = {p.name.lower(): p for p in PROFILES}  # a name listed twice: its last profile


def profile_for(url: str | None, source: str | None = None) -> OutletProfile | None:
    """'https://news.example.com/x' -> the profile whose domain is example.com; unknown -> None."""
    host = url_host(url)
    if host:
        for profile in PROFILES:
            if host == profile.domain or host.endswith("." + profile.domain):
                return profile
    if source:
        return _BY_NAME.get(source.strip().lower())
    return None


def time_zone_for(url: str | None, source: str | None = None) -> str | None:
    """The outlet's zone from its profile, else from the URL's country-code TLD, else None."""
    profile = profile_for(url, source)
    if profile:
        return profile.time_zone
    host = url_host(url)
    if host:
        return TLD_ZONES.get(host.rsplit(".", 1)[-1])
    return None
