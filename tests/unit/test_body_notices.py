"""Lines in a story's container that are no story (ad-slot markers, tip-line and subscription
asks, a writer's bio box), and pages that are no article (a paywall teaser, a 404 page)."""


import pytest

from pipelines.normalize.asks import is_ask

LONG = (
    "The harbour board met on Monday evening to settle the winter timetable for the ferries,"
    " after a season in which storms cancelled more crossings than in any year before, and"
    " agreed that the early boat will run again from the first week of March."
)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Story continues below", True),
        ("Story continues below advertisement", True),
        ("Article continues below", True),
        ("— ADVERTISEMENT —", True),
        ("Anzeige", True),
        ("La suite après cette publicité", True),
        ("Реклама", True),
        ("広告", True),
        ("The story continues below the surface, where divers found the wreck.", False),
        ("Advertisement revenue fell 10 percent last year.", False),
        ("Есть новость? Пишите нам в WhatsApp: +7 701 000 12 34", True),
        ("Got a story? Email the newsroom.", True),
        ("Masz temat? Napisz do nas!", True),
        ("Jetzt KK+ testen: Alle Artikel lesen – die ersten 4 Wochen für 0,99 €.", True),
        ("VÍDEOS: tudo sobre Campinas e região", True),
        ("デジタル会員に登録すると、すべての記事が読み放題になります。", True),
        ("Die Stadt will die ersten Ergebnisse im März vorlegen.", False),
        ("He got a story from a friend who had been there.", False),
    ],
)
def test_ad_markers_tip_lines_and_offers_are_asks(paragraph: str, expected: bool) -> None:
    assert bool(is_ask(paragraph)) is expected
