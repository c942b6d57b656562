"""Text dumps: related items by line shape; asks out of the body."""

import pytest

from pipelines.normalize.asks import is_ask
from pipelines.parse.text_items import stamped, take_text_items, teaser

LINES = [
    "The council voted on Tuesday to extend the tram line by two stops.",
    "",
    "Читайте також: Енергетики попередили про відключення світла (17.01.2024, 18:20)",
    "",
    "OPINION: The plaza should put riders first",
    "",
    "Residents welcomed the decision at the meeting.",
    "",
    "Latest (ET)",
    "",
    "12:05 AM  Fire crews battle three-alarm blaze in Olneyville",
    "11:48 PM  Tribute night set for the stadium anniversary",
    "",
    "Популярне",
    "Вчора · Як отримати компенсацію за генератор для ОСББ",
    "2 hours ago · Library expands its Sunday opening hours",
    "",
    "About us | Contact | Privacy",
]


def test_take_text_items() -> None:
    split = take_text_items(LINES)
    assert [(i.section, i.time_text, i.title) for i in split.items] == [
        ("Читайте також", "17.01.2024, 18:20", "Енергетики попередили про відключення світла"),
        ("OPINION", None, "The plaza should put riders first"),
        ("Latest (ET)", "12:05 AM", "Fire crews battle three-alarm blaze in Olneyville"),
        ("Latest (ET)", "11:48 PM", "Tribute night set for the stadium anniversary"),
        ("Популярне", "Вчора", "Як отримати компенсацію за генератор для ОСББ"),
        ("Популярне", "2 hours ago", "Library expands its Sunday opening hours"),
    ]
    assert [line for line in split.body if line] == [LINES[0], LINES[6]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "00:31 Укренерго: у четвер графіків відключень не прогнозують.",
            ("00:31", "Укренерго: у четвер графіків відключень не прогнозують."),
        ),
        (
            "3 saat önce · Meteoroloji’den Ege için kuvvetli rüzgâr uyarısı",
            ("3 saat önce", "Meteoroloji’den Ege için kuvvetli rüzgâr uyarısı"),
        ),
        ("17.01.2024, 21:40 · Оновлено: 18.01.2024, 00:05 · Час читання: 3 хв", None),
        ("2024 was a year of change for the city council", None),
        ("12:05 AM", None),
    ],
)
def test_stamped(line: str, expected: tuple[str, str] | None) -> None:
    assert stamped(line) == expected


def test_teaser_needs_a_teaser_label() -> None:
    assert teaser("Czytaj także: PKA zapowiada nowe pociągi na linii do Kartuz") is not None
    assert teaser("Smith: We will not accept this decision at all") is None


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Follow us on Facebook and Instagram for more Providence news.", True),
        (
            "Sign up for our free newsletter and start each weekday with the stories that matter.",
            True,
        ),
        (
            "Незалежна журналістика існує завдяки читачам. Підтримайте нашу редакцію щомісячним внеском.",
            True,
        ),
        ("Підпишіться на щоденну розсилку та отримуйте головні новини дня щоранку.", True),
        ("Bültenimize abone olun, günün önemli haberleri her sabah e-posta kutunuzda olsun.", True),
        ("Contact Gretchen Halvorsen at ghalvorsen@sentinel.example or 315-555-0192.", True),
        ("Download the FrontRange 14 app to get breaking news alerts on your phone.", True),
        (
            "Get the Harbourside Chronicle's morning newsletter: the news you need, in your inbox before 7am.",
            True,
        ),
        ("Підписуйтеся на наш Telegram-канал, щоб першими дізнаватися новини Харкова.", True),
        ("Son dakika gelişmeleri için bizi Google Haberler'de takip edin.", True),
        ("北浜新報の公式LINEアカウントを友だち登録すると、最新ニュースをお届けします。", True),
        ("Sign up to our free daily newsletter for the latest news.", True),
        ("Get breaking news alerts delivered to your phone.", True),
        ("Download our free app for the latest news.", True),
        ("Click here to join our WhatsApp channel for the latest news and updates.", True),
        ("Follow The Lantern Ledger on Google News.", True),
        ("Melden Sie sich für unseren Newsletter an.", True),
        ("Iscriviti al nostro canale WhatsApp.", True),
        ("Bültenimize kaydolun.", True),
        ("Residents can sign up for the programme at the library until Friday.", False),
        ("Those who subscribe today will not be charged until March, the company said.", False),
        ("The app's download figures doubled after the council's campaign last spring.", False),
        ("市交通局は２日、市電の新しい停留場を港町二丁目に設けると発表した。", False),
        ("Residents can donate blankets at the two fire stations until Friday.", False),
        ("The council met on Tuesday to discuss the budget for next year.", False),
        ("Get the latest updates right in your inbox. Subscribe to our newsletters.", True),
        ("The best of the week, delivered to your inbox every Friday.", True),
        ("Police warn that fake parcel notices are landing in your inbox this week.", False),
    ],
)
def test_is_ask(paragraph: str, expected: bool) -> None:
    assert is_ask(paragraph) is expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Podpořte nezávislou regionální žurnalistiku. Přispějte na provoz redakce.", True),
        ("Γίνετε συνδρομητής και στηρίξτε την ανεξάρτητη δημοσιογραφία.", True),
        ("Ikuti berita terkini Suara Khatulistiwa di WhatsApp Channel.", True),
        ("Abonează-te la newsletter-ul nostru și primești în fiecare dimineață știrile.", True),
        ("Stöd lokal journalistik – bli prenumerant för 49 kronor i månaden.", True),
        ("뉴스레터를 구독하고 매일 아침 주요 뉴스를 받아보세요.", True),
        ("저작권자 © 한빛일보 무단전재 및 재배포 금지", True),
        ("Warga diimbau memantau informasi resmi dari Dinas Perhubungan.", False),
        ("Práce za zhruba 38 milionů korun měly původně začít už v září.", False),
    ],
)
def test_is_ask_more_languages(paragraph: str, expected: bool) -> None:
    assert is_ask(paragraph) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a relative stamp and its headline with one space between (the dump collapsed two)
        (
            "for 2 timer siden Ny cykelbro over åen åbner i juni",
            ("for 2 timer siden", "Ny cykelbro over åen åbner i juni"),
        ),
        (
            "hace 25 minutos Un camión vuelca en la A-6 y corta dos carriles",
            ("hace 25 minutos", "Un camión vuelca en la A-6 y corta dos carriles"),
        ),
        # a sentence that opens with a relative time goes on in lower case: body text
        ("2 hours ago the council met on Tuesday to discuss the budget", None),
    ],
)
def test_stamped_relative_then_headline(line: str, expected: tuple[str, str] | None) -> None:
    assert stamped(line) == expected


def test_boxed_teaser() -> None:
    from pipelines.parse.text_items import boxed_teaser

    title = "Bottle kiln added to heritage at risk list"
    found = boxed_teaser(["Read More", "Related Articles", title, "12:45, 24 Oct 2024"])
    assert found is not None
    assert (found.section, found.title, found.time_text) == (
        "Related Articles",
        title,
        "12:45, 24 Oct 2024",
    )
    found = boxed_teaser(["Related", title])
    assert found is not None and (found.title, found.time_text) == (title, None)
    assert boxed_teaser(["Station manager said the fire was hard to fight.", title]) is None
    assert boxed_teaser(["Read More", "Short"]) is None
    assert boxed_teaser(["Top Stories", title]) is None  # a list of one, after the story
    assert boxed_teaser(["Read More", "Related Articles", "Also", title]) is None
