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
        ("Trams return", "Trams return", "example.com", "© Example", (None, None)),
        (None, "Trams return", "example.com", None, (None, None)),
    ],
)
def test_outlet_from_title(title, headline, host, footer, expected) -> None:  # type: ignore[no-untyped-def]
    assert outlet_from_title(title, headline, host, footer) == expected
