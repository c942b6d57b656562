"""Header lines in many languages -> byline, published/updated text, read time, credit."""

import pytest

from pipelines.normalize.bylines import normalize_authors
from pipelines.normalize.meta_lines import image_credit, read_meta_lines, read_time

_CASES = [
    (
        ["Posted by Dana Whitcomb", "March 9, 2024 at 10:48 PM", "5 min read"],
        "Posted by Dana Whitcomb",
        "March 9, 2024 at 10:48 PM",
        None,
        5,
    ),
    (
        [
            "Words by Imogen Tully",
            "Saturday, 15 June 2024, 7:05am",
            "Updated: 15 June 2024, 10:40am",
        ],
        "Words by Imogen Tully",
        "Saturday, 15 June 2024, 7:05am",
        "15 June 2024, 10:40am",
        None,
    ),
    (
        [
            "Publié le 14 novembre 2023 à 07h30 · Mis à jour le 14 novembre 2023 à 11h12 · Lecture : 4 min"
        ],
        None,
        "14 novembre 2023 à 07h30",
        "14 novembre 2023 à 11h12",
        4,
    ),
    (
        [
            "文：佐藤美咲、高橋健太 2024年2月5日 18:30",
            "文：佐藤美咲、高橋健太",
            "2024年2月5日 21:04 更新",
            "この記事は約3分で読めます",
        ],
        "文：佐藤美咲、高橋健太",
        None,
        "2024年2月5日 21:04",
        3,
    ),
    (
        ["05/03/2024 08h40", "Atualizado em 05/03/2024 às 11h02", "Tempo de leitura: 4 min"],
        None,
        "05/03/2024 08h40",
        "05/03/2024 às 11h02",
        4,
    ),
    (
        [
            "By GRETCHEN HALVORSEN, Staff Writer",
            "Posted 11/04/2023 6:15 PM | Updated 11/05/2023 9:40 AM",
        ],
        "By GRETCHEN HALVORSEN, Staff Writer",
        "11/04/2023 6:15 PM",
        "11/05/2023 9:40 AM",
        None,
    ),
    (
        [
            "Текст: Олена Коваль , Андрій Мельник",
            "Оновлено: 3 січня 2024, 12:45",
            "Час читання: 4 хв",
        ],
        "Текст: Олена Коваль, Андрій Мельник",
        None,
        "3 січня 2024, 12:45",
        4,
    ),
    (
        ["23.02.2024 14:37", "Güncelleme: 23.02.2024 16:02", "Okuma süresi: 4 dk"],
        None,
        "23.02.2024 14:37",
        "23.02.2024 16:02",
        4,
    ),
    (
        ["Aggiornato il 23/10/2023 alle 16:20", "Tempo di lettura: 3 minuti"],
        None,
        None,
        "23/10/2023 alle 16:20",
        3,
    ),
    (
        ["Aktualisiert: 12. September 2023, 09:15", "Lesezeit: 4 Min."],
        None,
        None,
        "12. September 2023, 09:15",
        4,
    ),
    (
        ["Czas czytania: 5 min", "Tekst: Anna Nowak, Jan Kowalski"],
        "Tekst: Anna Nowak, Jan Kowalski",
        None,
        None,
        5,
    ),
    (
        ["Tiempo de lectura: 4 min", "Por María José Arrieta", "12/02/2024 - 10:45 h"],
        "Por María José Arrieta",
        "12/02/2024 - 10:45 h",
        None,
        4,
    ),
    (
        ["di Marta Zappa", "29/10/2023 09:10 - aggiornato 29/10/2023 09:45"],
        "di Marta Zappa",
        "29/10/2023 09:10",
        "29/10/2023 09:45",
        None,
    ),
    # a standfirst that mentions a date is no dateline
    (
        ["Season tickets go on sale on 1 July, with free weekday morning swims."],
        None,
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The pool. Picture: Callum Reddy / Wearside Standard", "Callum Reddy / Wearside Standard"),
        ("Estudiantes en la sala. Foto: Álvaro Quintana", "Álvaro Quintana"),
        ("コンテナ船の荷役作業。（写真：中村亮）", "中村亮"),
        ("Crews repair a break. (Staff photo by Lyle Brandt)", "Lyle Brandt"),
        ("Zdjęcie: Karolina Mrozek / Gdański Obserwator", "Karolina Mrozek / Gdański Obserwator"),
        ("Fotoğraf: Deniz Aksoy / Ege Postası", "Deniz Aksoy / Ege Postası"),
        ("Фото: Дмитро Гнатенко", "Дмитро Гнатенко"),
        # the agency's brackets stay with the name; a bracket round the whole credit does not
        ("Grúas del puerto. Foto: Manuel Bruixola (EFE)", "Manuel Bruixola (EFE)"),
        ("Grúas del puerto (Foto: Manuel Bruixola)", "Manuel Bruixola"),
        ("A photographer's view of the bay", None),
    ],
)
def test_image_credit(text: str, expected: str | None) -> None:
    assert image_credit(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 min read", 5),
        ("Lecture\u00a0: 4\u00a0min", 4),
        ("この記事は約3分で読めます", 3),
        ("Updated 5 min ago", None),
        ("4-minute read", 4),
        ("4分で読める", 4),
    ],
)
def test_read_time(text: str, expected: int | None) -> None:
    assert read_time(text) == expected


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Posted by Dana Whitcomb", ["Dana Whitcomb"]),
        ("Reporting by Lachlan Byrne and Priya Raman", ["Lachlan Byrne", "Priya Raman"]),
        ("Opinion by Reginald Foss-Amari", ["Reginald Foss-Amari"]),
        ("Words by Imogen Tully", ["Imogen Tully"]),
        ("Por Ana Beatriz Lacerda", ["Ana Beatriz Lacerda"]),
        ("di Giulia Ferrante", ["Giulia Ferrante"]),
        ("Di Maria Rossi", ["Di Maria Rossi"]),
        ("Von Lukas Brandstätter", ["Lukas Brandstätter"]),
        ("Par Hélène Marchetti (AFP)", ["Hélène Marchetti"]),
        ("Tekst: Anna Nowak, Jan Kowalski", ["Anna Nowak", "Jan Kowalski"]),
        ("Текст: Олена Коваль, Андрій Мельник", ["Олена Коваль", "Андрій Мельник"]),
        ("文：佐藤美咲、高橋健太", ["佐藤美咲", "高橋健太"]),
        ("Text Smith", ["Text Smith"]),
    ],
)
def test_byline_prefixes_per_language(byline: str, names: list[str]) -> None:
    assert [a.name for a in normalize_authors(byline)] == names


# Header lines of outlets in languages the first pages did not use (tests/data/newsroom_probe).
_MORE_LANGUAGES = [
    (
        ["Av Erik Lindqvist, reporter", "31 mars 2024 kl. 07.30", "Lästid: 3 min"],
        "Av Erik Lindqvist, reporter",
        "31 mars 2024 kl. 07.30",
        None,
        3,
    ),
    (
        [
            "de Andrei Popescu și Ioana Marin",
            "Actualizat: 31.03.2024, 07:02",
            "Timp de citire: 3 minute",
        ],
        "de Andrei Popescu și Ioana Marin",
        None,
        "31.03.2024, 07:02",
        3,
    ),
    (
        [
            "Της Ελένης Καραγιάννη",
            "Τελευταία ενημέρωση: 12.06.2024, 09:40",
            "Χρόνος ανάγνωσης: 4 λεπτά",
        ],
        "Της Ελένης Καραγιάννη",
        None,
        "12.06.2024, 09:40",
        4,
    ),
    (
        ["Penulis: Rizky Pratama | Editor: Dewi Lestari", "Diperbarui: 20 Mei 2024 11:40 WIB"],
        "Penulis: Rizky Pratama",
        None,
        "20 Mei 2024 11:40 WIB",
        None,
    ),
    (
        ["김민지 기자", "입력 2024.03.15 14:20", "수정 2024.03.15 15:05"],
        "김민지 기자",
        "2024.03.15 14:20",
        "2024.03.15 15:05",
        None,
    ),
    (["Autor: Jana Dvořáková", "Doba čtení: 5 minut"], "Autor: Jana Dvořáková", None, None, 5),
    # a Korean sentence that ends in the word for reporter is no byline
    (["시 관계자는 기자들에게 노선을 추가로 조정할 수 있다고 말했다."], None, None, None, None),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bron stängs för gående och cyklister. Foto: Maja Holm", "Maja Holm"),
        ("Πολίτες αναζητούν σκιά. Φωτογραφία: Νίκος Αλεξίου", "Νίκος Αλεξίου"),
        ("대전역 앞 시내버스 정류장. 사진=박서준 기자", "박서준 기자"),
        ("Podul, văzut dinspre Someș. Sursa foto: Mihai Stan", "Mihai Stan"),
    ],
)
def test_image_credit_more_languages(text: str, expected: str | None) -> None:
    assert image_credit(text) == expected


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Av Erik Lindqvist, reporter", ["Erik Lindqvist"]),
        ("Af Mette Holm", ["Mette Holm"]),
        ("Της Ελένης Καραγιάννη", ["Ελένης Καραγιάννη"]),
        ("Του Γιώργου Παπαδόπουλου και Νίκου Αλεξίου", ["Γιώργου Παπαδόπουλου", "Νίκου Αλεξίου"]),
        ("Penulis: Rizky Pratama", ["Rizky Pratama"]),
        ("Oleh Rizky Pratama", ["Rizky Pratama"]),
        ("Dan Evon", ["Dan Evon"]),
        ("de Andrei Popescu și Ioana Marin", ["Andrei Popescu", "Ioana Marin"]),
        ("김민지 기자", ["김민지"]),
        ("Autor: Jana Dvořáková", ["Jana Dvořáková"]),
    ],
)
def test_byline_prefixes_more_languages(byline: str, names: list[str]) -> None:
    assert [a.name for a in normalize_authors(byline)] == names


# Hold-out 3 (tests/data/newsroom_probe/holdout3): credits written without a colon, a
# Japanese update in brackets after the publication, read time after the number.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Most drogowy w Toruniu. Fot. Tomasz Bąk / Nadwiślański Kurier",
            "Tomasz Bąk / Nadwiślański Kurier",
        ),
        ("Il viadotto di via Stalingrado. Ph. Luca Serafini", "Luca Serafini"),
        ("新停留場が設けられる交差点＝2024年11月2日、佐々木遥撮影", "佐々木遥"),
        ("移送のため警視庁を出る容疑者＝13日、東京・霞ケ関で（潟沼義樹撮影）", "潟沼義樹"),
        ("Il ponte sul Reno al tramonto. Foto di Luca Rossi", "Luca Rossi"),
        ("Una foto di famiglia dei partecipanti", None),
        ("Photo by ev on Unsplash", "ev on Unsplash"),
        ("Ph.D. candidates gather outside the library", None),
        ("Fotografen warten vor dem Rathaus", None),
    ],
)
def test_image_credit_without_a_colon(text: str, expected: str | None) -> None:
    assert image_credit(text) == expected


_HOLDOUT3 = [
    (
        [
            "文・写真：佐々木遥",
            "2024年11月3日 7時05分（2024年11月3日 9時40分更新）",
            "4分で読める",
        ],
        "文・写真：佐々木遥",
        "2024年11月3日 7時05分",
        "2024年11月3日 9時40分",
        4,
    ),
    (
        [
            "Yazan: Elif Karaca",
            "Yayınlanma: 12.04.2024 - 14:25",
            "Güncellenme: 12.04.2024 - 16:10",
        ],
        "Yazan: Elif Karaca",
        "12.04.2024 - 14:25",
        "12.04.2024 - 16:10",
        None,
    ),
    (
        ["Autor: Katarzyna Wilk", "Opublikowano: 15.06.2024, 10:20", "4 min czytania"],
        "Autor: Katarzyna Wilk",
        "15.06.2024, 10:20",
        None,
        4,
    ),
    (
        ["Written by Kavya Menon | Bengaluru |", "Nov 14, 2024 07:45 IST"],
        "Written by Kavya Menon",
        "Nov 14, 2024 07:45 IST",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("lines", "byline", "published", "updated", "minutes"), _CASES + _MORE_LANGUAGES + _HOLDOUT3
)
def test_read_meta_lines(
    lines: list[str],
    byline: str | None,
    published: str | None,
    updated: str | None,
    minutes: int | None,
) -> None:
    found = read_meta_lines(lines)
    assert (found.byline, found.published_text, found.updated_text, found.read_time_min) == (
        byline,
        published,
        updated,
        minutes,
    )


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("文・写真：佐々木遥", ["佐々木遥"]),
        ("写真・文：高橋健太", ["高橋健太"]),
        (
            "By Marisol Tran, Staff Writer and Dean Kowalczyk, Contributor",
            ["Marisol Tran", "Dean Kowalczyk"],
        ),
        ("Hannah Pryce | Political Correspondent", ["Hannah Pryce"]),
        ("By Jane Doe and John Roe | Staff Writers", ["Jane Doe", "John Roe"]),
        ("By Priya Raman and Tom Whitlock, Transport Reporters", ["Priya Raman", "Tom Whitlock"]),
        ("Commentary by Jane Doe", ["Jane Doe"]),
        ("Review by Jane Doe", ["Jane Doe"]),
        ("Автор: Олена Гнатюк, кореспондентка", ["Олена Гнатюк"]),
        ("Autor: Jan Kowalski, dziennikarz", ["Jan Kowalski"]),
        ("Por João Silva, repórter", ["João Silva"]),
        ("Yazan: Elif Karaca, Ankara muhabiri", ["Elif Karaca"]),
    ],
)
def test_byline_prefixes_holdout3(byline: str, names: list[str]) -> None:
    assert [a.name for a in normalize_authors(byline)] == names


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("29/10/2023 09:10 - AGGIORNATO 29/10/2023 09:45", "29/10/2023 09:10", "29/10/2023 09:45"),
        # 'İ' lowers to two characters: the label is found by the case flag, at its place
        (
            "Yayın: 12.04.2024 14:25 · GÜNCELLENDİ: 12.04.2024 16:10",
            "Yayın: 12.04.2024 14:25",
            "12.04.2024 16:10",
        ),
    ],
)
def test_an_update_label_in_capitals(line: str, published: str | None, updated: str) -> None:
    found = read_meta_lines([line])
    assert (found.published_text, found.updated_text) == (published, updated)


@pytest.mark.parametrize(
    ("line", "updated"),
    [
        # the noun 'update' as a label ('last update: …'), beside the participle ('updated')
        ("Останнє оновлення: 21.02.2024, 00:12", "21.02.2024, 00:12"),
        ("Последнее обновление: 21.02.2024, 00:12", "21.02.2024, 00:12"),
        ("Ostatnia aktualizacja: 21.02.2024, 08:10", "21.02.2024, 08:10"),
        ("Dernière mise à jour : 21/02/2024 à 08h10", "21/02/2024 à 08h10"),
        ("Última atualização: 21/02/2024 08h10", "21/02/2024 08h10"),
    ],
)
def test_a_last_update_label(line: str, updated: str) -> None:
    assert read_meta_lines([line]).updated_text == updated


@pytest.mark.parametrize(
    ("line", "byline", "published"),
    [
        # the byline as one piece of a ' | ' line of dates (an old table-layout CMS)
        (
            "Opublikowano: 21.02.2024, 07:05 | Aktualizacja: 21.02.2024, 08:10 | Autor: Anna Fox",
            "Autor: Anna Fox",
            "21.02.2024, 07:05",
        ),
        ("Toruń | Autor: Anna Fox | 21.02.2024", "Autor: Anna Fox", "21.02.2024"),
        ("March 9, 2024 · By Dana Whitcomb", "By Dana Whitcomb", "March 9, 2024"),
        # a piece that opens with no byline prefix is none
        ("Toruń | Komunikacja | 21.02.2024", None, "21.02.2024"),
        # without a date among the pieces it is a kicker or a place over a headline
        ("Brüssel | Von der Leyen bleibt im Amt", None, None),
        ("Sport | By Royal Appointment", None, None),
    ],
)
def test_a_byline_piece_of_a_dateline(line: str, byline: str | None, published: str) -> None:
    found = read_meta_lines([line])
    assert (found.byline, found.published_text) == (byline, published)
