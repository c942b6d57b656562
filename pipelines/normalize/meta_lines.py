"""Short lines near a headline -> the article's byline, times, read time and image credit.

'Posted by Dana Whitcomb', 'Publié le 14 novembre 2023 à 07h30 · Mis à jour le … à 11h12 ·
Lecture : 4 min', 'Güncelleme: 23.02.2024 16:02', 'この記事は約3分で読めます', 'Foto: A / B',
'（写真：中村亮）', 'Fot. Jan Kowalski', '…＝2日、佐藤健撮影'. Lines are split at ' · ', ' | ', ' • '; each piece is read by its label
(the phrase lists of vocabulary.toml), an unlabeled piece that is mostly a date is the
publication time. Pure: strings in, strings out (normalization reads the times).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipelines.normalize.case_blind import CaseBlind
from pipelines.normalize.feed_times import find_clock, find_date
from pipelines.normalize.text import CJK
from pipelines.normalize.vocabulary import pattern, select

_COLON = r"\s*[:：]"
_SPLIT = re.compile(r"\s+[·|•]\s+|\s*[·•]\s*(?=\S)")
_PARTICLE = rf"(?:\s+(?:{pattern('date_label_particles')}))?"
_UPDATED_LABELS = select("updated_labels")
# word-bounded where words are spaced; a CJK label takes the next character directly ('更新时间')
_UPDATED = CaseBlind(
    rf"(?:(?<!\w)(?:{'|'.join(w for w in _UPDATED_LABELS if not CJK.search(w))})(?!\w)"
    rf"|{'|'.join(sorted((w for w in _UPDATED_LABELS if CJK.search(w)), key=len, reverse=True))})"
    rf"{_PARTICLE}(?:{_COLON})?\s*"
)
_PUBLISHED = re.compile(
    rf"^\s*(?:{pattern('published_labels')})(?!\w){_PARTICLE}(?:{_COLON})?\s*", re.IGNORECASE
)
# read-time labels: word-bounded where words are spaced, anywhere in CJK ('約3分で読めます')
_READ_LABELS = select("read_time_labels")
_READ_WORDS = re.compile(
    rf"(?<![^\W\d_])(?:{'|'.join(w for w in _READ_LABELS if not CJK.search(w))})"
    rf"|{'|'.join(w for w in _READ_LABELS if CJK.search(w))}",
    re.IGNORECASE,
)
# '4 min', '4-minute read', '4分'
_READ_MINUTES = re.compile(
    rf"(?P<n>\d{{1,3}})(?:\s*|-)(?:{pattern('read_time_units')})", re.IGNORECASE
)
_AFTER_CREDIT_LABEL = (
    rf"(?:{_COLON}|\s*=|\s+(?:{pattern('credit_particles')})\b"
    rf"|(?P<particle>\s+(?:{pattern('capital_credit_particles')})\b))\s*"
)
_CREDIT = re.compile(
    rf"(?:^|(?<=[\s.(（]))(?:(?:{pattern('credit_labels')}){_AFTER_CREDIT_LABEL}"
    rf"|(?:{pattern('credit_abbreviations')})\s+)"
    # an agency in brackets stays with the name ('Foto: A. Fox (EFE)'); a bracket round the
    # whole credit does not ('(Foto: A. Fox)')
    r"(?P<credit>[^()（）]+?(?:\s*\([^()（）]+\))?)\s*[)）]?\s*$",
    re.IGNORECASE,
)
# 'NAME撮影' at the end of a caption, after '＝', '、' or an opening bracket: the photographer
_CREDIT_SUFFIX = re.compile(
    rf"(?:^|[＝=、,，(（\s])(?P<credit>[^＝=、,，()（）\s][^＝=、,，()（）]{{0,30}}?)\s*"
    rf"(?:{pattern('credit_suffixes')})\s*[)）]?\s*$"
)
_CREDIT_SUFFIXES = select("credit_suffixes")
# What a line holds if it may end in a credit: a colon, '=', a particle ('Photo by'), an
# abbreviation's dot ('Fot. A'), a suffix ('A撮影'); the credit pattern runs on these only.
_CREDIT_HINT = re.compile(
    r"[:：=]|\. "
    rf"| (?:{pattern('credit_particles', 'capital_credit_particles')}) "
    rf"|{pattern('credit_suffixes')}"
)
_BYLINE = re.compile(
    rf"^\s*(?:(?:{pattern('byline_prefixes', use='news-lines')})(?:\s+|{_COLON}\s*)|"
    rf"(?:{pattern('colon_byline_prefixes')}){_COLON}\s*)(?=\S)",
    re.IGNORECASE,
)
_LOWER_BYLINE = re.compile(
    rf"^\s*(?:{pattern('lower_byline_prefixes', use='news-lines')})\s+(?=\S)"
)
# 'NAME 기자' (a role after one to three names, nothing before them): the whole line
_SUFFIX_BYLINE = re.compile(
    rf"^\s*[^\W\d_]{{2,12}}(?:\s*[,·]\s*[^\W\d_]{{2,12}}){{0,2}}\s*(?:{pattern('byline_suffixes')})"
    r"(?=$|\s|[,·(])"
)
_MAX_LINE = 200
_DIGIT = re.compile(r"\d")
_SEPARATORS = ("|", "\u00b7", "\u2022")  # what each of _SPLIT's matches holds


def _pieces(line: str) -> list[str]:
    """_SPLIT.split(line), where a line without a separator (most) is not searched: the
    pattern opens with a space class, so it is tried at every character."""
    if any(sep in line for sep in _SEPARATORS):
        return _SPLIT.split(line)
    return [line]


@dataclass(slots=True)
class MetaLines:
    byline: str | None = None  # with its prefix: normalize_authors strips it
    published_text: str | None = None
    updated_text: str | None = None
    read_time_min: int | None = None
    image_credit: str | None = None


@lru_cache(maxsize=8192)  # a template's read-time line repeats on every page
def read_time(text: str) -> int | None:
    """'5 min read' -> 5; 'Lesezeit: 4 Min.' -> 4; 'この記事は約3分で読めます' -> 3; 'Updated' -> None."""
    m = _READ_MINUTES.search(text)  # the figure first: it turns more lines away, sooner
    return int(m["n"]) if m and _READ_WORDS.search(text) else None


def image_credit(text: str) -> str | None:
    """'Caption. Foto: Álvaro Quintana' -> 'Álvaro Quintana'; '…（写真：中村亮）' -> '中村亮'."""
    m = _CREDIT.search(text)
    if not m and any(suffix in text for suffix in _CREDIT_SUFFIXES):
        m = _CREDIT_SUFFIX.search(text)  # '…交差点＝2日、佐藤健撮影' -> '佐藤健'
    if not m:
        return None
    credit = m["credit"].strip(" .")
    if m.groupdict().get("particle") and not credit[:1].isupper():
        return None  # 'una foto di famiglia': no name follows
    return credit if 1 < len(credit) <= 120 else None


def byline_of(text: str) -> str | None:
    """'Posted by Dana Whitcomb' -> the line; 'Tekst: A, B' -> the line; 'Read more' -> None."""
    prefixed = _BYLINE.match(text) or _LOWER_BYLINE.match(text) or _SUFFIX_BYLINE.match(text)
    return text if prefixed and len(text) <= 160 else None


def _piece_byline(line: str) -> str | None:
    """'Opublikowano: 21.02.2024 | Autor: Anna Fox' -> 'Autor: Anna Fox': a byline that is
    one piece of a line of ' | '-separated parts (a date among them, a desk, a place), not its
    first."""
    pieces = _pieces(line)
    for at, piece in enumerate(pieces[1:], 1):
        if by := byline_of(piece.strip()):
            # an info line: another of its pieces is a date ('Brüssel | Von der Leyen bleibt
            # im Amt' is a place over a headline; 'Sport | By Royal Appointment' a kicker)
            others = pieces[:at] + pieces[at + 1 :]
            if any(_DIGIT.search(p) and find_date(p) is not None for p in others):
                return by
            return None
    return None


def labelled_update(text: str | None) -> bool:
    """'Mis à jour le 12/03 à 15h10', 'Stand 27.01.2022' -> True: the text opens with an
    update label, so the time it shows is no publication time."""
    if not text:
        return False
    m = _UPDATED.flagged.match(text.strip())
    return m is not None and m.end() < len(text.strip())


def _mostly_date(piece: str) -> bool:
    """'Saturday, 15 June 2024, 7:05am' -> True; 'Season tickets go on sale on 1 July' -> False."""
    if len(piece) > 60:
        return False
    found = find_date(piece, "dmy")
    if found is None:
        return False
    rest = found[3]
    if find_clock(rest) is not None:
        rest = re.sub(r"\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?)?", " ", rest, flags=re.IGNORECASE)
    return len(re.sub(r"[\W\d_]+", "", rest)) <= 12


# The readings of one line or piece, each a pure function of its text: templates repeat
# their lines page after page ('Share', 'Foto: dpa', 'Lesezeit: 3 Min.'), about half of
# all lines, so each is read once (a line's regexes cost ~20 us).
_LINES_KEPT = 8192


@lru_cache(maxsize=_LINES_KEPT)
def _line_byline(line: str) -> str | None:
    """The line's byline (whole, or its piece), spaced as written; None without one."""
    if by := byline_of(line) or _piece_byline(line):
        return re.sub(r"\s+(?=[,;、])", "", _pieces(by)[0])  # 'A , B' -> 'A, B'
    return None


@lru_cache(maxsize=_LINES_KEPT)
def _line_credit(line: str) -> str | None:
    return image_credit(line) if _CREDIT_HINT.search(line) is not None else None


@lru_cache(maxsize=_LINES_KEPT)
def _dated_pieces(line: str) -> tuple[str, ...]:
    """The line's pieces that hold a figure (none without a time or a read time)."""
    if _DIGIT.search(line) is None:
        return ()
    pieces = (piece.strip() for piece in _pieces(line))
    return tuple(piece for piece in pieces if piece and _DIGIT.search(piece) is not None)


@lru_cache(maxsize=_LINES_KEPT)
def _update_of(piece: str) -> tuple[str | None, str | None] | None:
    """A piece with an update label -> (the publication time before it, if any; the update
    time, if any); None without the label."""
    if (label := _UPDATED.span(piece)) is None:
        return None
    before, after = piece[: label[0]].strip(" -\u2013\u2014,;"), piece[label[1] :].strip()
    if after and (find_date(after) is not None or find_clock(after) is not None):
        # '29/10/2023 09:10 - aggiornato 29/10/2023 09:45': published, then updated
        return (before if before and _mostly_date(before) else None), after
    if before and find_date(before) is not None:  # the date, then the label (CJK)
        head, bracket, inner = before.rpartition("\uff08")
        if not bracket:
            head, bracket, inner = before.rpartition("(")
        if bracket and head.strip() and find_date(inner) is not None:
            # 'DATE 7:05 (DATE 9:40 LABEL)' in CJK brackets: published, then updated
            return (head.strip() if _mostly_date(head.strip()) else None), inner.strip()
        return None, before
    return None, None


@lru_cache(maxsize=_LINES_KEPT)
def _published_of(piece: str) -> str | None:
    if byline_of(piece):
        return None
    labelled = _PUBLISHED.match(piece)
    if labelled is not None and find_date(piece) is not None:
        return piece[labelled.end() :]
    return piece if _mostly_date(piece) else None


def read_meta_lines(lines: Iterable[str]) -> MetaLines:
    """The first byline, publication and update time, read time and credit in the lines."""
    out = MetaLines()
    for line in lines:
        if not line or len(line) > _MAX_LINE:
            continue
        by = _line_byline(line)
        # a wrapper's line comes before its own byline line: the shorter one it starts with
        if by is not None and (
            out.byline is None or (out.byline.startswith(by) and len(by) < len(out.byline))
        ):
            out.byline = by
        if out.image_credit is None:
            out.image_credit = _line_credit(line)
        for piece in _dated_pieces(line):
            if out.read_time_min is None and (minutes := read_time(piece)) is not None:
                out.read_time_min = minutes
                continue
            if out.updated_text is None and (update := _update_of(piece)) is not None:
                published, updated = update
                if published is not None and out.published_text is None:
                    out.published_text = published
                if updated is not None:
                    out.updated_text = updated
                continue
            if out.published_text is None:
                out.published_text = _published_of(piece)
    return out
