"""Outlets for the stage step: the user's overrides, the zones learned from a host's pages,
and the zone each page is read in.

Overrides are a TOML file in the format of `pipelines/normalize/outlets.toml`: `outlets.toml`
in the landing folder, and/or the file NEWSWH_OUTLETS names (its entries first). An override
beats the profile of the same domain; its [tld_zones] beat the built-in ones.
A zone is learned from the published stamps a host's pages give with an explicit, non-zero
offset (machine markup: JSON-LD, meta, microdata, <time>): the IANA zone whose offsets agree
with most of them, preferring the host's country-code zone, then the zones the profiles use,
then the zones of the host's language.
"""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from pipelines.ingest.landing import OVERRIDES_FILE
from pipelines.model import RawPage
from pipelines.normalize.outlets import OUTLETS, OutletProfile, Outlets, read_outlets
from pipelines.normalize.urls import url_host

_NO_OUTLETS = Outlets((), {})


class OutletsFileError(ValueError):
    """An overrides file that cannot be read; the message names the file and the fix."""


def override_paths(landing: Path, named: str | Path | None = None) -> list[Path]:
    """The override files that exist: the one named (NEWSWH_OUTLETS), then the landing folder's."""
    paths = [Path(named)] if named else []
    if named and not paths[0].is_file():
        raise OutletsFileError(f"{named}: no such outlets file (NEWSWH_OUTLETS names it)")
    own = landing / OVERRIDES_FILE
    return paths + ([own] if own.is_file() else [])


def read_overrides(paths: Iterable[Path]) -> Outlets:
    """Override files -> one Outlets: profiles in file order, the first file's zones first."""
    profiles: list[OutletProfile] = []
    zones: dict[str, str] = {}
    for path in paths:
        try:
            outlets = read_outlets(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, KeyError, TypeError, UnicodeDecodeError) as err:
            raise OutletsFileError(
                f"{path}: not an outlets file ({type(err).__name__}: {err}); each [[outlet]] "
                "needs domain, name and time_zone, as in pipelines/normalize/outlets.toml"
            ) from err
        for profile in outlets.profiles:
            _check_zone(path, profile.time_zone)
        profiles += outlets.profiles
        zones = {**outlets.tld_zones, **zones}
    for zone in zones.values():
        _check_zone(Path("[tld_zones]"), zone)
    return Outlets(tuple(profiles), zones)


def _check_zone(path: Path, name: str) -> None:
    if not _zone(name):
        raise OutletsFileError(f"{path}: unknown time zone {name!r} (an IANA name: Europe/Kyiv)")


@cache
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None


def _match(profiles: Sequence[OutletProfile], host: str) -> OutletProfile | None:
    for profile in profiles:
        domain = profile.domain.lower()
        if host == domain or host.endswith("." + domain):
            return profile
    return None


def _tld_zone(zones: dict[str, str], host: str) -> str | None:
    return zones.get(host.rsplit(".", 1)[-1])


@dataclass(frozen=True)
class OutletKnowledge:
    """What the stage step knows about outlets before it parses: overrides, profiles, and the
    zones the last publish learned."""

    overrides: Outlets = _NO_OUTLETS
    learned: dict[str, str] = field(default_factory=dict)
    base: Outlets = OUTLETS

    def zone_for(self, host: str | None) -> str | None:
        """A page's host -> the zone to read it in: override > profile > learned > the
        override's ccTLD zone; None leaves it to extraction (profile, evidence, ccTLD)."""
        if not host:
            return None
        for profiles in (self.overrides.profiles, self.base.profiles):
            profile = _match(profiles, host)
            if profile:
                return profile.time_zone
        return self.learned.get(host) or _tld_zone(self.overrides.tld_zones, host)

    def zoned(self, page: RawPage) -> RawPage:
        """The page with the zone the pipeline knows for its host (None: extraction decides)."""
        return replace(page, time_zone=self.zone_for(url_host(page.url)))

    def override_name(self, host: str | None) -> str | None:
        """The name the user's override file gives the host, if it names it."""
        profile = _match(self.overrides.profiles, host) if host else None
        return profile.name if profile else None

    def tld_zones(self) -> dict[str, str]:
        return {**self.base.tld_zones, **self.overrides.tld_zones}

    def rules_table(self) -> pa.Table:
        """(domain, name, time_zone, source, priority): overrides first, then profiles."""
        rows = [
            (p, source)
            for profiles, source in (
                (self.overrides.profiles, "override"),
                (self.base.profiles, "profile"),
            )
            for p in profiles
        ]
        return pa.table(
            {
                "domain": [p.domain.lower() for p, _ in rows],
                "name": [p.name for p, _ in rows],
                "time_zone": [p.time_zone for p, _ in rows],
                "source": [s for _, s in rows],
                "priority": pa.array(range(len(rows)), type=pa.int32()),
            }
        )

    def tlds_table(self) -> pa.Table:
        zones = self.tld_zones()
        return pa.table({"tld": list(zones), "time_zone": list(zones.values())})

    def candidates(self, host: str, language: str | None = None) -> list[str]:
        """The zones a learned zone is chosen from, in order of preference: the host's
        country-code zone, the profiles' zones, the zones the host's language is written in
        (a .com in English at -06:00 is Chicago's, not Mexico City's), the country-code zones."""
        own = _tld_zone(self.tld_zones(), host)
        listed = [p.time_zone for p in (*self.overrides.profiles, *self.base.profiles)]
        spoken = {**self.base.zones.language_zones, **self.overrides.zones.language_zones}
        by_language = list(spoken.get(language or "", ()))
        return list(
            dict.fromkeys(
                [*([own] if own else []), *listed, *by_language, *self.tld_zones().values()]
            )
        )

    def learned_table(self, evidence: Iterable[tuple[Any, ...]]) -> pa.Table:
        """(host, published_at, published_at_local, language) rows -> (host, time_zone,
        observations); the host's language is the one most of those pages are in."""
        by_host: dict[str, list[tuple[datetime, timedelta]]] = defaultdict(list)
        languages: dict[str, Counter[str]] = defaultdict(Counter)
        for host, instant, local, language in evidence:
            offset = datetime.fromisoformat(local).utcoffset() if local else None
            if offset:  # no offset or +00:00 ('Z' is how many sites write any instant)
                by_host[host].append((instant, offset))
                if language:
                    languages[host][language] += 1
        rows = []
        for host, stamps in sorted(by_host.items()):
            spoken = min(languages[host].items(), key=lambda kv: (-kv[1], kv[0]), default=None)
            zone = learn_zone(stamps, self.candidates(host, spoken[0] if spoken else None))
            if zone:
                rows.append((host, zone, len(stamps)))
        return pa.table(
            {
                "host": [r[0] for r in rows],
                "time_zone": [r[1] for r in rows],
                "observations": pa.array([r[2] for r in rows], type=pa.int32()),
            }
        )


def learn_zone(
    stamps: Sequence[tuple[datetime, timedelta]], candidates: Sequence[str]
) -> str | None:
    """(instant, offset written) pairs -> the first candidate zone agreeing with most of them,
    if more than half; else a fixed 'Etc/GMT-2' for a whole-hour offset most of them share.

    [(2024-01-10 10:00Z, +2h), (2024-07-10 10:00Z, +3h)], ['Europe/Berlin', 'Europe/Kyiv']
    -> 'Europe/Kyiv' (Berlin is +1h/+2h).
    """
    if not stamps:
        return None
    best, best_hits = None, 0
    for name in candidates:
        zone = _zone(name)
        if zone is None:
            continue
        hits = sum(instant.astimezone(zone).utcoffset() == offset for instant, offset in stamps)
        if hits > best_hits:
            best, best_hits = name, hits
    if best is not None and 2 * best_hits > len(stamps):
        return best
    offset, hits = Counter(offset for _, offset in stamps).most_common(1)[0]
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if 2 * hits > len(stamps) and not rest and -12 <= hours <= 14:
        return f"Etc/GMT{-hours:+d}"  # POSIX sign: Etc/GMT-2 is two hours east of UTC
    return None
