"""Byline strings -> author names with a kind (person, desk, organization)."""

from __future__ import annotations

import re

from pipelines.model import Author, AuthorKind
from pipelines.normalize.dates import find_date
from pipelines.normalize.outlet_name import name_key
from pipelines.normalize.vocabulary import pattern, select

# Leading words that introduce a byline, in the languages we meet.
_PREFIX = re.compile(
    rf"^\s*(?:(?:{pattern('byline_prefixes', use='bylines')})(?:\s*[:：]\s*|\s+)|"
    rf"(?:{pattern('colon_byline_prefixes')})\s*[:：]\s*)(?=\S)",
    re.IGNORECASE,
)
# Lower-case only, so that "Di Maria" or "De Luca" keep their names.
_LOWER_PREFIX = re.compile(rf"^\s*(?:{pattern('lower_byline_prefixes', use='bylines')})\s+")
# Separators between names: commas, semicolons, ampersands, "and" in several languages.
_CONJUNCTIONS = "|".join(rf"\b{word}\b" for word in select("name_conjunctions"))
_SPLIT = re.compile(rf"\s*(?:,|;|、|\s&\s|\s\+\s|\s/\s|{_CONJUNCTIONS})\s*", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_ROLE = re.compile(
    rf"\s*[,|•·–—-]?\s*\b(?:{pattern('role_qualifiers')})?\s*(?:{pattern('roles')})s?\b.*$",
    re.IGNORECASE,
)
_ROLE_AFTER_SEPARATOR = re.compile(r"\s*[,|•·–—-]")
_JOB_TITLE = re.compile(rf"\b(?:{pattern('job_titles')})\b", re.IGNORECASE)
# 'Jane Doe – Head of Communications', 'Jane Doe | Marketing Manager': the title goes
_JOB_AFTER_SEPARATOR = re.compile(
    rf"(?:\s*[|•·–—]|\s+-)\s*[^|•·–—]*\b(?:{pattern('job_titles')})\b.*$", re.IGNORECASE
)
# A piece that is only a role ('Staff Writers', 'journaliste'), a department or a desk
# ('Ressort Wirtschaft', 'Marketing Department', 'Redaktion'): after a writer's name it says
# where they work, it is no author.
_ROLE_ONLY = re.compile(
    rf"(?:(?:(?:{pattern('role_qualifiers')})\s+)*(?:\S+\s+){{0,2}}(?:{pattern('roles')})s?"
    rf"|(?:{pattern('department_words', 'desk_words')})\b.*"
    rf"|(?:\S+\s+){{0,2}}(?:{pattern('department_words')}))",
    re.IGNORECASE,
)
# 'Senior Reporter', 'Transport reporter': a writer's role on a line of its own
_ROLE_LINE = re.compile(
    rf"(?:(?:{pattern('role_qualifiers')})\s+)*(?:\S+\s+){{0,2}}(?:{pattern('roles')})s?",
    re.IGNORECASE,
)
_ROLE_LINE_MAX = 60
_NAME_SUFFIX = re.compile(rf"(?:{pattern('name_suffixes')})", re.IGNORECASE)
_DEPARTMENT = re.compile(rf"\b(?:{pattern('department_words')})\b", re.IGNORECASE)
_CREDENTIAL = re.compile(rf"(?:{pattern('credentials')})", re.IGNORECASE)
_SECTIONS = frozenset(select("section_names"))
_MORE = re.compile(rf"\s*(?:{pattern('more_authors')}).*$", re.IGNORECASE)
_DESK = re.compile(rf"\b(?:{pattern('desk_words')})\b", re.IGNORECASE)
_DESK_SHORT = frozenset(select("desk_signatures"))
_AGENCIES = frozenset(select("agencies", use="bylines"))
# 'Anna Fox/AFP', 'dpa/Jan Roe', 'Ana Zorro | EFE': a writer and an agency joined by a slash
# or a pipe are two credits.
_AGENCY_SLASH = re.compile(
    rf"\b((?:{pattern('agencies', use='bylines')}))\s*[/|]\s*"
    rf"|\s*[/|]\s*(?=(?:{pattern('agencies', use='bylines')})\b)",
    re.IGNORECASE,
)
# 'Editing by Jo Roe', 'Fotos: Jan Roe': a credit for other work than the writing
_OTHER_CREDIT = re.compile(
    rf"^(?:(?:{pattern('other_credits')})|(?:{pattern('credit_labels')})s?\s*(?::|\s+by\b))",
    re.IGNORECASE,
)
# 'Anna Fox Reviewed by Jo Roe': the writer's credit ends where another credit starts
_OTHER_CREDIT_AFTER = re.compile(rf"[\s|,;]+\b(?:{pattern('other_credits')}).*$", re.IGNORECASE)
# 'Anna Fox, Special to the Example Herald': where the writer writes for, no name
_AFFILIATION = re.compile(rf"[\s,]+\b(?:{pattern('affiliation_words')})\b.*$", re.IGNORECASE)
# 'Anna Fox @annafox', 'Anna Fox Email': a handle and link words after the name
_AFTER_NAME = re.compile(
    rf"(?:\s+@\w+|\s+(?:{pattern('byline_buttons')}))+$",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(rf"\b(?:{pattern('organization_words')})\b", re.IGNORECASE)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)  # "Example.lt"


def classify_author(name: str) -> AuthorKind:
    """'The Example Times news desk' -> desk; 'Example Press Agency' -> organization; 'Anna Fox' -> person."""
    if _DESK.search(name) or _DEPARTMENT.search(name) or name.lower().strip(". ") in _DESK_SHORT:
        return "desk"
    if name.lower().strip(". ") in _AGENCIES or _ORG_WORDS.search(name) or _DOMAIN.match(name):
        return "organization"
    return "person"


# "Anna Fox (afo)", "(cog.)", "Anna Fuchs (Berlin)": initials or a place after the name
_INITIALS = re.compile(r"\s*\((?:[^\W\d_][^()]{1,30})\)\s*$")
_LONGEST_NAME = 6  # words: more is a role or an affiliation ("profesorius of ... faculty")
_PARTICLES = frozenset(select("name_particles"))


_WEEKDAY = re.compile(rf"[\s,|·•–-]*\b(?:{pattern('weekdays')})[\s,]*$", re.IGNORECASE)


_DIGIT = re.compile(r"\d")
_DATE_LEFTOVER = re.compile(r"\d[\s:]|[\s:]\d")
_STAMP_LABEL = re.compile(rf"[\s,|·•–-]*\b(?:{pattern('stamp_labels')})\b.*$", re.IGNORECASE)


def _before_date(byline: str) -> str:
    """'By A and B Monday, November 18, 2019, 04:05 pm PT' -> 'By A and B': a byline line
    that goes on with its date ends before it (and one that starts with it, after it)."""
    if (label := _STAMP_LABEL.search(byline)) is not None and label.start() > 0:
        byline = byline[: label.start()]  # 'Anna Fox Example Press Published 11:34 PM EST'
    if _DIGIT.search(byline) is None:  # no date: most bylines
        return byline.strip()
    span = find_date(byline)
    if span is None:
        return byline.strip()
    if span[0] == 0:  # 'December 23, 2023 by Anna Fox'
        return byline[span[1] :].strip(" ,|·•–-")
    return _WEEKDAY.sub("", byline[: span[0]]).strip(" ,|·•–-")  # 'By Anna Fox · March 12


def _desk_name(piece: str) -> str | None:
    """'Example staff reporter', 'Staff writer' -> kept whole: a desk's byline, where the role
    words name the desk. After a separator they are a person's role ('Jo Doe, staff writer')."""
    if not _DESK.search(piece):
        return None
    role = _ROLE.search(piece)
    if role is not None and _ROLE_AFTER_SEPARATOR.match(role.group(0)):
        return None
    return _clean_name(piece, roles=False)


def _is_credential(token: str) -> bool:
    """'PhD', 'M.D.', 'MA' -> True; 'Ma' (a name) or 'ma' -> False."""
    token = token.strip(",")
    if len(token) < 2 or token.islower() or (token[0].isupper() and token[1:].islower()):
        return False
    return _CREDENTIAL.fullmatch(token) is not None


def _without_credentials(piece: str) -> str:
    """'Jane Doe PhD' -> 'Jane Doe'; 'PhD' alone -> '' (split off a name by its comma)."""
    words = piece.split()
    while words and _is_credential(words[-1]):
        words.pop()
    return " ".join(words)


def _without_job_title(piece: str) -> str:
    """'Jane Doe Head of Communications' (a line break between them) -> 'Jane Doe': a job
    title after what reads as a name ends it; a job title alone stays for _not_a_name."""
    title = _JOB_TITLE.search(piece)
    if title is None or title.start() == 0:
        return piece
    name = piece[: title.start()].strip(" ,")
    return name if _looks_like_a_name(name) else piece


def is_role_line(text: str) -> bool:
    """'Senior Reporter', 'Transport reporter' -> True: the role a page prints on the line
    under a writer's name, no name of its own; 'Gemma Hart', 'Team news' -> False."""
    text = text.strip()
    return len(text) <= _ROLE_LINE_MAX and _ROLE_LINE.fullmatch(text) is not None


def _not_a_name(piece: str) -> bool:
    """A job title or a section written where a name belongs: 'Marketing Manager', 'News'."""
    return _JOB_TITLE.search(piece) is not None or piece.lower() in _SECTIONS


def _clean_name(part: str, roles: bool = True) -> str:
    part = _AFTER_NAME.sub("", _INITIALS.sub("", _EMAIL.sub("", part)))
    if roles:
        part = _ROLE.sub("", part)
    part = re.sub(r"^[\s\-–—:|/]+|[\s\-–—:|/.,]+$", "", part)
    return re.sub(r"\s+", " ", part).strip()


def normalize_authors(byline: str | list[str] | None) -> tuple[Author, ...]:
    """'By Anna Fox and John Doe, Senior Reporter' -> (Anna Fox, person), (John Doe, person).

    A list is taken as names already separated (JSON-LD); each is still cleaned.
    """
    if not byline:
        return ()
    pieces: list[str] = []
    for raw in [byline] if isinstance(byline, str) else byline:
        text = _MORE.sub("", _LOWER_PREFIX.sub("", _PREFIX.sub("", _before_date(raw))))
        text = _AGENCY_SLASH.sub(lambda m: f"{m[1] or ''}, ", text)
        text = _AFFILIATION.sub("", _OTHER_CREDIT_AFTER.sub("", text))
        if _DESK.search(text) and not _SPLIT.search(text):
            pieces.append(text)  # "The Example Times news desk" is one name
        else:
            pieces.extend(_SPLIT.split(text))
    seen: set[str] = set()
    out: list[Author] = []
    for piece in pieces:
        piece = _LOWER_PREFIX.sub("", _PREFIX.sub("", piece))
        if _OTHER_CREDIT.match(piece.strip()):
            continue
        if out and _ROLE_ONLY.fullmatch(piece.strip()):
            continue  # 'A and B, staff writers': the role of the names before it
        if out and _NAME_SUFFIX.fullmatch(piece.strip()):  # 'John Roe, Jr.': his name's end
            out[-1] = Author(f"{out[-1].name} {piece.strip().rstrip('.')}", out[-1].kind)
            seen.add(out[-1].name.lower())
            continue
        piece = _without_credentials(_without_job_title(_JOB_AFTER_SEPARATOR.sub("", piece)))
        desk = _desk_name(piece)
        name = desk or _clean_name(piece)
        if not desk and _not_a_name(name):
            continue
        if len(name) < 2 or len(name) > 80 or name.lower() in seen:
            continue
        if not any(ch.isalpha() for ch in name) or _DATE_LEFTOVER.search(name):
            continue  # '04:05 pm PT', 'Nov 19': what was left of a date (a handle may have digits)
        seen.add(name.lower())
        out.append(Author(name=name, kind="desk" if desk else classify_author(name)))
    if any(a.kind == "person" and len(a.name.split()) <= _LONGEST_NAME for a in out):
        # beside a writer's name, the outlet's domain and an affiliation are not authors
        out = [a for a in out if not _DOMAIN.match(a.name) and len(a.name.split()) <= _LONGEST_NAME]
    return tuple(out)


def page_authors(
    byline: str | list[str] | None,
    *,
    visible: bool,
    shown: str | None,
    outlet_names: tuple[str | None, ...],
    host: str | None,
) -> tuple[Author, ...]:
    """A page's authors from its byline (`visible`: read off the page itself). When metadata
    names only the outlet ('Example Weekly' on exampleweekly.com) and the page shows a
    writer's name (`shown`), the writer; else the outlet, as an organization."""
    authors = normalize_authors(byline)
    if not authors or visible:
        return authors
    if len(authors) > 2:  # an outlet signs alone, or with its own desk
        return authors
    outlet_keys = {name_key(n) for n in (*outlet_names, host) if n}
    if host:  # 'www.the-example.com' -> 'theexample'
        outlet_keys.add(name_key(host.removeprefix("www.").split(".")[0]))
    if not all(name_key(a.name) in outlet_keys for a in authors):
        return authors
    writers = normalize_authors(shown) if shown else ()
    writers = tuple(
        a for a in writers if a.kind == "person" and name_key(a.name) not in outlet_keys
    )
    if writers and all(_looks_like_a_name(a.name) for a in writers):
        return writers
    return tuple(Author(a.name, "organization") for a in authors)  # the outlet is no person


_NAME = re.compile(r"^(?:[^\W\d_][\w'’.-]*\s+)+[^\W\d_][\w'’.-]*$")  # words of letters


def _looks_like_a_name(name: str) -> bool:
    """'Anna Fox', 'Dr. Jo Doe', 'Ludwig van Beethoven' -> True; button text, a
    sentence or a name in a script without capitals -> False (then the metadata stays)."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and _NAME.match(name) is not None
        and all(w[0].isupper() or w in _PARTICLES for w in words)
    )
