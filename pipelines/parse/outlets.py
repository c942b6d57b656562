"""Outlet profiles: small declarative entries for outlets users scrape.

A profile says what the generic path cannot know: the outlet's display name and the time
zone its pages show wall-clock times in. Unknown outlets fall back to the country-code
top-level domain, then to UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.normalize.urls import url_host


@dataclass(frozen=True, slots=True)
class OutletProfile:
    domain: str
    name: str
    time_zone: str
    language: str | None = None


PROFILES: tuple[OutletProfile, ...] = (
    OutletProfile("kyivindependent.com", "The Kyiv Independent", "Europe/Kyiv", "en"),
    OutletProfile("pravda.com.ua", "Ukrainska Pravda", "Europe/Kyiv", "uk"),
    OutletProfile("ukrinform.net", "Ukrinform", "Europe/Kyiv", "en"),
    OutletProfile("ukrinform.ua", "Ukrinform", "Europe/Kyiv", "uk"),
    OutletProfile("suspilne.media", "Suspilne", "Europe/Kyiv", "uk"),
    OutletProfile("nytimes.com", "The New York Times", "America/New_York", "en"),
    OutletProfile("washingtonpost.com", "The Washington Post", "America/New_York", "en"),
    OutletProfile("theguardian.com", "The Guardian", "Europe/London", "en"),
    OutletProfile("bbc.com", "BBC", "Europe/London", "en"),
    OutletProfile("bbc.co.uk", "BBC", "Europe/London", "en"),
    OutletProfile("spiegel.de", "Der Spiegel", "Europe/Berlin", "de"),
    OutletProfile("tagesschau.de", "tagesschau.de", "Europe/Berlin", "de"),
    OutletProfile("lemonde.fr", "Le Monde", "Europe/Paris", "fr"),
)

_BY_NAME = {p.name.lower(): p for p in PROFILES}

# Country-code TLD -> the zone most of its outlets write in.
TLD_ZONES: dict[str, str] = {
    "ua": "Europe/Kyiv",
    "de": "Europe/Berlin",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "fr": "Europe/Paris",
    "be": "Europe/Brussels",
    "nl": "Europe/Amsterdam",
    "it": "Europe/Rome",
    "es": "Europe/Madrid",
    "pt": "Europe/Lisbon",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "lt": "Europe/Vilnius",
    "lv": "Europe/Riga",
    "ee": "Europe/Tallinn",
    "fi": "Europe/Helsinki",
    "se": "Europe/Stockholm",
    "no": "Europe/Oslo",
    "dk": "Europe/Copenhagen",
    "is": "Atlantic/Reykjavik",
    "tr": "Europe/Istanbul",
    "ru": "Europe/Moscow",
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "cn": "Asia/Shanghai",
    "tw": "Asia/Taipei",
    "in": "Asia/Kolkata",
    "id": "Asia/Jakarta",
    "vn": "Asia/Ho_Chi_Minh",
    "au": "Australia/Sydney",
    "nz": "Pacific/Auckland",
    "za": "Africa/Johannesburg",
    "ke": "Africa/Nairobi",
    "tz": "Africa/Dar_es_Salaam",
    "ng": "Africa/Lagos",
    "br": "America/Sao_Paulo",
    "ar": "America/Argentina/Buenos_Aires",
    "mx": "America/Mexico_City",
    "py": "America/Asuncion",
    "ca": "America/Toronto",
}


def profile_for(url: str | None, source: str | None = None) -> OutletProfile | None:
    """'https://kyivindependent.com/x' -> the Kyiv Independent profile; unknown -> None."""
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
