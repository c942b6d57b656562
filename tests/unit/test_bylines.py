import pytest

from pipelines.normalize.bylines import classify_author, is_role_line, normalize_authors
from pipelines.parse.fields import PageFields
from pipelines.parse.header_lines import offer_header_lines


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("The Kyiv Independent news desk", [("The Kyiv Independent news desk", "desk")]),
        ("By Anna Fox and John Doe", [("Anna Fox", "person"), ("John Doe", "person")]),
        ("By Eilidh Campbell, Senior Reporter", [("Eilidh Campbell", "person")]),
        (
            "Von Jana Becker und Lukas Hoffmann",
            [("Jana Becker", "person"), ("Lukas Hoffmann", "person")],
        ),
        ("Por Ana García y Luis Pérez", [("Ana García", "person"), ("Luis Pérez", "person")]),
        ("A, B and C Smith", [("C Smith", "person")]),
        ("Автор: Оксана Гриценко", [("Оксана Гриценко", "person")]),
        (
            "Від Петра Коваля та Ірини Бойко",
            [("Петра Коваля", "person"), ("Ірини Бойко", "person")],
        ),
        ("Anna Fox (anna.fox@example.com)", [("Anna Fox", "person")]),
        ("Reuters", [("Reuters", "organization")]),
        ("Marta Ozola and 1 other", [("Marta Ozola", "person")]),
        (
            ["Olena Marchuk", "Taras Lytvyn"],
            [("Olena Marchuk", "person"), ("Taras Lytvyn", "person")],
        ),
        ("By Anna Fox, Anna Fox", [("Anna Fox", "person")]),
        ("di Mario Rossi", [("Mario Rossi", "person")]),
        ("Di Maria", [("Di Maria", "person")]),
        (
            ["Elena Oberholzer (obe)", "Oliver Maksan (oma)"],
            [("Elena Oberholzer", "person"), ("Oliver Maksan", "person")],
        ),
        (["Corina Gall (cog.)"], [("Corina Gall", "person")]),
        # beside a writer, the outlet's domain and an affiliation are dropped...
        (
            [
                "Povilas Aleksandravičius",
                "Mykolo Romerio universiteto Žmogaus ir visuomenės studijų fakulteto profesorius",
                "Lrt.lt",
            ],
            [("Povilas Aleksandravičius", "person")],
        ),
        # ...alone, the domain is the byline: an organization
        ("ORF.at", [("ORF.at", "organization")]),
        # a desk's byline stays whole; after a separator the role words are a person's role
        ("Guardian staff reporter", [("Guardian staff reporter", "desk")]),
        ("Staff writer", [("Staff writer", "desk")]),
        ("John Doe, staff writer", [("John Doe", "person")]),
        ("red, ORF.at", [("red", "desk"), ("ORF.at", "organization")]),
        # a byline line that goes on with its date, or starts with it
        (
            "By Mike Wuerthele and Malcolm Owen Monday, November 18, 2019, 04:05 pm PT",
            [("Mike Wuerthele", "person"), ("Malcolm Owen", "person")],
        ),
        ("December 23, 2023 by Anna Fox", [("Anna Fox", "person")]),
        (
            "Detroit News wire services Published 11:11 PM EST Nov 19",
            [("Detroit News wire services", "organization")],
        ),
        ("rmb8090", [("rmb8090", "person")]),  # a handle may have digits
        # credentials are neither a second author nor part of the name
        (
            "By Jane Doe, MA, and John Roe, Ph.D.",
            [("Jane Doe", "person"), ("John Roe", "person")],
        ),
        ("Jane Doe MD", [("Jane Doe", "person")]),
        ("Jack Ma", [("Jack Ma", "person")]),  # a name, not a credential
        # job titles and sections written where a name belongs are no authors
        ("Jane Doe – Head of Communications", [("Jane Doe", "person")]),
        (["Jane Roe", "Chief Executive Officer"], [("Jane Roe", "person")]),
        ("Marketing Manager", []),
        ("Anthony Head", [("Anthony Head", "person")]),
        ("Nachrichten", []),
        ("", []),
        (None, []),
    ],
)
def test_normalize_authors(byline: str | list[str] | None, expected: list[tuple[str, str]]) -> None:
    assert [(a.name, a.kind) for a in normalize_authors(byline)] == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Redaktion hessenschau.de", "desk"),
        ("Guardian staff reporter", "desk"),
        ("The Associated Press", "organization"),
        ("dpa", "organization"),
        ("Jane Roe", "person"),
        # the newsroom, in the words each language signs it with
        ("Ege Postası Haber Merkezi", "desk"),  # tr
        ("Redação do Jornal do Cerrado", "desk"),  # pt
        ("Pesti Hírmondó szerkesztősége", "desk"),  # hu, inflected
        ("Hämeen Sanomien toimitus", "desk"),  # fi
        ("Redaktionen", "desk"),  # da
        ("Redaksjonen", "desk"),  # no
        ("Ana Beatriz Lacerda", "person"),
    ],
)
def test_classify_author(name: str, kind: str) -> None:
    assert classify_author(name) == kind


@pytest.mark.parametrize(
    ("class_date", "lines", "published", "updated"),
    [
        # a class rule took the update line for the date; the header lines name the publication
        (
            "Mis à jour le 12/03 à 15h10",
            ["Par Julie Lambert", "Publié le 12/03 à 14h35", "Mis à jour le 12/03 à 15h10"],
            "12/03 à 14h35",
            "12/03 à 15h10",
        ),
        # the update line is the only stamp: it stays (a page's only date)
        ("Stand 27.01.2022", ["Stand 27.01.2022"], "Stand 27.01.2022", "27.01.2022"),
        # a publication line from the class rule stays
        (
            "Publié le 12/03 à 14h35",
            ["Publié le 12/03 à 14h35", "Mis à jour le 12/03 à 15h10"],
            "Publié le 12/03 à 14h35",
            "12/03 à 15h10",
        ),
    ],
)
def test_an_update_line_yields_to_the_publication_line(
    class_date: str, lines: list[str], published: str, updated: str
) -> None:
    fields = PageFields()
    fields.offer("published_text", class_date, "visible")
    offer_header_lines(fields, lines)
    assert (fields.published_text, fields.updated_text) == (published, updated)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Senior Reporter", True),
        ("Transport reporter", True),
        ("Chief Political Correspondent", True),
        ("Gemma Hart", False),
        ("Team news", False),
        ("Reporters say the fire was hard to fight and took six hours", False),
    ],
)
def test_is_role_line(line: str, expected: bool) -> None:
    assert is_role_line(line) is expected
