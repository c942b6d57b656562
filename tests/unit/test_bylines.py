import pytest

from pipelines.normalize.bylines import classify_author, normalize_authors


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
    ],
)
def test_classify_author(name: str, kind: str) -> None:
    assert classify_author(name) == kind
