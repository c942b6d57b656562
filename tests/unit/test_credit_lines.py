"""Lines that credit rather than tell: captions' credits and editors' sign-offs."""

import pytest

from pipelines.normalize.credit_lines import ends_in_credit, is_credit_line, trailing_credit


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        # a caption ending in its credit, a credit alone
        ("Аварийная бригада на улице. Фото: Алексей Громов / «Вестник»", True),
        ("乘客在武林广场站候车。（摄影：陈晨）", True),
        ("Crews at work on Ash Street. Photo: A. Fox", True),
        ("Erstis auf Wohnungssuche. Foto: Ingo Schneider", True),
        ("Foto: PAP", True),
        ("Photo : AFP", True),
        ("Utopie oder Dystopie? Eine App zeigt Orte (Foto: picture alliance/Kyodo)", True),
        # the credit after a spaced dash (portals write 'Caption — Foto: NAME/Agency')
        ("Árvore caiu sobre ônibus em Campinas — Foto: Luciano Prates/Agência Metropolitana", True),
        ("Crews at work on Ash Street – Photo: A. Fox/AP", True),
        ("The plan drew praise - photo: a boy on the beach, said the curator.", False),
        # sign-offs naming the editors
        ("责任编辑：赵敏", True),
        ("[责任编辑：alonliu]", True),
        ("（编辑：王丽）", True),
        ("Editor: Budi Santoso", True),
        ("Redaktion: Anna Fuchs, Elena Roe Faktencheck: Jan Roe", True),
        ("Übersetzung: A. Fox, Redaktion: B. Roe, Schlussredaktion: C. Doe", True),
        ("Редактор: Ирина Соколова", True),
        ("(Reporting by Will Fox; Editing by Tom Roe)", True),
        ("Additional reporting by A. Fox; Editing by B. Roe, C. Doe and D. Poe", True),
        # contributor lines (the wire services' and papers' convention, in English)
        ("—Associated Press writer A. Fox in Paris contributed to this report.", True),
        ("B. Roe contributed reporting from Hong Kong.", True),
        ("Writers A. Fox, B. Roe and C. Doe contributed to this story.", True),
        ("Additional reporting by A. Fox", True),
        ("With reporting by Associated Press writer B. Roe", True),
        ("With reporting by the council, the plan was changed. It passed.", False),
        # story text that mentions a photo, an editor or a label
        ("The doctors contributed money and raised more from friends for the vaccines.", False),
        ("Materials may have contributed to the fire spreading so rapidly.", False),
        ("He showed the picture: a boy on the beach.", False),
        ("Editor's note: this story was updated.", False),
        ("The editor: we will not change course, she said.", False),
        ("The mayor said the plan was edited by the council before the vote.", False),
        ("Hinweis: Im Internet ist es nicht üblich, seinen echten Namen zu verwenden.", False),
        ("Laut der Redaktion: A. Fox", False),  # the editor's label opens no part
        ("Tageskarte: ab 32,90 € (Sauna: 6 €) | Kinder: 3 € | Redaktion: geschlossen.", False),
        ("Path A: Iceland, Bulgaria/Israel Path B: Bosnia and Herzegovina, Slovakia", False),
        ("The first global geologic map of Titan. (NASA/JPL-Caltech/ASU)", False),
    ],
)
def test_credit_lines(line: str, credit: bool) -> None:
    assert is_credit_line(line) is credit


def test_a_long_line_is_never_a_credit() -> None:
    assert not is_credit_line(f"{'A sentence of the story, long enough. ' * 8}Photo: A. Fox")


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Map of the moon. (NASA/JPL-Caltech/ASU)", True),
        ("Das Hermelin im Winter. (mlharing / iStock.com)", True),
        ("The logo in New York.Reuters", True),
        ("Retiring early isn't easy.Anna Fox/Getty", True),
        ("Der Rat tagte. (Foto © Stadtblatt)", True),
        ("It rose (by 3%).", False),
        ("The team won. (Again.)", False),
        ("Der Sand (ρ = 1,7 g/cm³).", False),
        ("Ein Spiel: http://example.org/2A6mxCW", False),
    ],
)
def test_a_caption_beside_its_image_ends_in_its_credit(caption: str, credit: bool) -> None:
    assert ends_in_credit(caption) is credit


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("The trolley on a game day in March. (Omar Haddad/The Daily)", "Omar Haddad/The Daily"),
        ("New justice is sworn in, Monday. (AP Photo/Ted S. Warren)", "AP Photo/Ted S. Warren"),
        # a Japanese caption closes on the agency in full-width brackets
        ("初競りで最高値が付いた寒ブリ＝５日午前、金沢市の市場（共同通信）", "共同通信"),
        ("東京証券取引所＝東京・日本橋兜町（ロイター）", "ロイター"),
        ("首相官邸に入る首相＝５日（時事）", "時事"),
        # brackets that hold no credit
        ("The mayor and her aide (left)", None),
        ("寒ブリの初競り（金沢市）", None),
        ("It rose (by 3%).", None),
    ],
)
def test_the_credit_closing_a_caption_beside_its_image(caption: str, credit: str | None) -> None:
    assert trailing_credit(caption) == credit
