"""An outlet's name from the title's site suffix, with the evidence that confirms it."""

import pytest

from pipelines.normalize.outlet_name import outlet_from_title


@pytest.mark.parametrize(
    ("title", "headline", "host", "footer", "expected"),
    [
        (
            "Trams return | Chernihiv Today",
            "Trams return",
            "cn-today.example",
            "© 2024 Chernihiv Today. All rights reserved.",
            ("Chernihiv Today", "title+copyright"),
        ),
        (
            "Trams return – The Baltic Ledger",
            "Trams return",
            "balticledger.eu",
            None,
            ("The Baltic Ledger", "title+host"),
        ),
        (
            "Тролейбуси повертаються | Слобідський вісник",
            "Тролейбуси повертаються",
            "slobvisnyk.com.ua",
            None,
            ("Слобідський вісник", "title"),
        ),
        # a section between headline and site: only confirmed names count
        (
            "Trams return | Sport | Chernihiv Today",
            "Trams return",
            "example.com",
            None,
            (None, None),
        ),
        (
            "Trams return | Sport | Chernihiv Today",
            "Trams return",
            "chernihivtoday.com",
            None,
            ("Chernihiv Today", "title+host"),
        ),
        # the host spells the name without its marks; a tagline follows the site
        (
            "Nocne autobusy - Kurier Nadwiślański - wiadomości z Torunia i regionu",
            "Nocne autobusy",
            "www.kuriernadwislanski.pl",
            "Copyright © 2003-2024 Wydawnictwo Nadwiślańskie Sp. z o.o.",
            ("Kurier Nadwiślański", "title+host"),
        ),
        (
            "Straßenbahn fährt wieder | Großstadt Bote",
            "Straßenbahn fährt wieder",
            "grossstadtbote.de",
            None,
            ("Großstadt Bote", "title+host"),
        ),
        # a middle part that does not spell the host is a section, never the outlet
        (
            "Nocne autobusy - Region - wiadomości z Torunia",
            "Nocne autobusy",
            "kuriernadwislanski.pl",
            None,
            (None, None),
        ),
        ("Trams return", "Trams return", "example.com", "© Example", (None, None)),
        (None, "Trams return", "example.com", None, (None, None)),
    ],
)
def test_outlet_from_title(title, headline, host, footer, expected) -> None:  # type: ignore[no-untyped-def]
    assert outlet_from_title(title, headline, host, footer) == expected
