"""Lines that credit rather than tell: a photo caption ending in its credit, a credit alone,
the sign-off naming a story's editors and a contributor line. Not article text.

- A caption carries its credit last ('Crews at work. Photo: A. Fox', '乘客候车。（摄影：陈晨）'):
  the label opens the line, follows a sentence's end, opens a bracket or follows a spaced
  dash ('Crews at work — Foto: A. Fox'), so a sentence that mentions 'the picture: a boy' is
  no credit. Beside its image (the caller knows) a caption
  may also end in a bare credit: '(NASA/JPL/ASU)', '...in New York.AFP'.
- A sign-off names the editors in 'Label: names' parts ('责任编辑：赵敏', 'Redaktion: A,
  Faktencheck: B') or in a wire service's '(Reporting by A; Editing by B)'.
- A contributor line: 'A. Fox in Paris contributed to this report.', 'Additional reporting
  by B. Roe'.
Every word comes from the vocabulary (credit_labels, sign_off_labels, contributor_lines...).
"""

from __future__ import annotations

import re

from pipelines.normalize.vocabulary import pattern, select

_SHORT = 300  # characters: a caption or a sign-off is a line or two
_OPEN = r"[(（\[【]"
_CLOSE = r"[)）\]】]"
# 'Photo: A. Fox', '（摄影：陈晨）': a credit label, its names and the line's end
_CREDIT = rf"(?:{pattern('credit_labels')})\s*[:：=]\s*[^:：!?。！？]{{2,80}}?\s*{_CLOSE}?\.?$"
_CAPTION_CREDIT = re.compile(
    rf"(?:^{_OPEN}?|(?<=[.!?…。！？»”\"'])\s*{_OPEN}?|{_OPEN}|(?<=\s[—–]))\s*{_CREDIT}",
    re.IGNORECASE,
)
# Beside its image a caption's credit label needs no sentence end before it: galleries write
# '...in Los Angeles ... more Photo: A. Fox, AP'.
_PICTURED_CREDIT = re.compile(rf"(?:^|[\s(（\[【]){_CREDIT}", re.IGNORECASE)
_CAPTION_MAX = 600  # characters of a caption beside its image (galleries write it twice)
_SIGN_OFF_LABEL = re.compile(rf"(?:{pattern('sign_off_labels')})\s*[:：]", re.IGNORECASE)
# A label of one or two words and its colon; what follows up to the next label is its names.
_LABEL = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)?\s*[:：]\s*")
_NAMES = re.compile(r"[^:：!?。！？]{1,80}")
_SENTENCE_END = re.compile(r"\w\w\.")  # 'she said.'; an initial's dot ('A. Fox') is a name's
_SEPARATORS = " ,;|/"
# '(Reporting by A in B; additional reporting by C; Editing by D)'
_BY = pattern("credit_particles")
_WIRE_SIGN_OFF = re.compile(
    rf"^\(?(?:[^\W\d_]+ ){{1,3}}(?:{_BY}) [^()]{{2,300}}?\b(?:{pattern('sign_off_credits')}) "
    r"[^()]{2,120}\)?\.?$",
    re.IGNORECASE,
)
# '—A. Fox in Paris contributed to this report.', 'B. Roe contributed reporting from Rome.'
_CONTRIBUTOR = re.compile(
    rf"^[—–-]?\s*(?P<who>[^!?]{{3,200}}?)\b(?:{pattern('contributor_lines')})\b[^.!?]{{0,80}}\.?$",
    re.IGNORECASE,
)
# 'Additional reporting by A. Fox', 'With reporting by B. Roe in Rome'
_CONTRIBUTOR_OPENER = re.compile(
    rf"^\(?(?:{pattern('contributor_openers')}) (?P<who>[^!?()]{{2,200}}?)\)?\.?$", re.IGNORECASE
)
# Words each of these lines holds, looked for before its regex runs.
_WIRE_HINTS = tuple(f" {word} " for word in select("credit_particles"))
_CONTRIBUTOR_HINTS = tuple({phrase.split()[0] for phrase in select("contributor_lines")})
_LABEL_REACH = 30  # characters before a credit's colon where its label and bracket start
# The credit at the end of a caption written beside its image: '(NASA/JPL/ASU)', a name glued
# after the caption's full stop ('...in New York.AFP', '...easy.A. Fox/Getty').
# Names, not figures: no digits ('(g/cm³ 1,7)', 'amzn.to/2A6m' are no credits).
# Full-width brackets too: '…市場（共同通信）'.
_TRAILING_CREDIT = re.compile(
    r"(?:[(\uff08](?P<a>[^\W\d_][^()\uff08\uff09\d]{1,80})[)\uff09]"
    r"|(?<=[^\W\d_][.!?])(?P<b>[A-Z][^!?\d]{1,60}))\s*$"
)
_AGENCY = re.compile(
    "|".join(rf"\b{a}\b" for a in select("agencies", use="text-credit")), re.IGNORECASE
)


def is_credit_line(text: str) -> bool:
    """'Crews at work. Photo: A. Fox' -> True; '责任编辑：赵敏' -> True; a story's sentence
    -> False."""
    if len(text) > _SHORT:
        return False
    colon = max(text.rfind(":"), text.rfind("："), text.rfind("="))
    if colon < 0:  # most lines: only a wire's sign-off or a contributor line is left
        low = text.lower()
        wired = _hinted(low, _WIRE_HINTS)
        if wired and _WIRE_SIGN_OFF.match(text) is not None:
            return True
        m = _CONTRIBUTOR.match(text) if _hinted(low, _CONTRIBUTOR_HINTS) else None
        if m is None and wired:
            m = _CONTRIBUTOR_OPENER.match(text)
        return m is not None and _SENTENCE_END.search(m["who"]) is None  # names, no sentence
    return bool(
        _CAPTION_CREDIT.search(text, max(colon - _LABEL_REACH, 0))
        or _is_sign_off(text)
        or _WIRE_SIGN_OFF.match(text)
    )


def _hinted(low: str, hints: tuple[str, ...]) -> bool:
    # A loop, not any() of a generator: the vocabulary gives one or two hints, and making the
    # generator costs twice their tests (most lines hold none).
    for hint in hints:  # noqa: SIM110
        if hint in low:
            return True
    return False


def _is_sign_off(text: str) -> bool:
    """'责任编辑：赵敏', 'Redaktion: A, Faktencheck: B' -> True: 'Label: names' parts only, one
    label an editor's. Parts are cut at their labels (a regex nesting them backtracks)."""
    line = text.strip().lstrip("(（[【").rstrip(")）]】").strip()
    # The line's opening label first: most lines with a colon fail it, and it is read from
    # the start only, while the editor's label is searched for in the whole text.
    if _LABEL.match(line) is None or _SIGN_OFF_LABEL.search(text) is None:
        return False
    labels = list(_LABEL.finditer(line))
    for label, after in zip(labels, [*labels[1:], None], strict=True):
        end = after.start() if after is not None else len(line)
        names = line[label.end() : end].rstrip(_SEPARATORS)
        if not names or _NAMES.fullmatch(names) is None or _SENTENCE_END.search(names):
            return False
    return True


def ends_in_credit(caption: str) -> bool:
    """A caption beside its image that ends in its credit: 'Map of Titan. (NASA/JPL/ASU)',
    'The logo in New York.AFP', 'Crews at work ... more Photo: A. Fox, AP' -> True;
    'It rose (by 3%).' -> False."""
    if len(caption) >= _CAPTION_MAX:
        return False
    colon = max(caption.rfind(":"), caption.rfind("："), caption.rfind("="))
    if colon >= 0 and _PICTURED_CREDIT.search(caption, max(colon - _LABEL_REACH, 0)):
        return True
    return trailing_credit(caption) is not None


def trailing_credit(caption: str) -> str | None:
    """The credit closing a caption written beside its image, with no label: 'Map of Titan.
    (NASA/JPL/ASU)' -> 'NASA/JPL/ASU', '…市場（共同通信）' -> '共同通信', 'The logo in New
    York.AFP' -> 'AFP'; 'It rose (by 3%).', 'The mayor (left) and her aide' -> None. Names
    with a slash ('Photographer/Outlet'), a © or an agency's name."""
    if len(caption) >= _CAPTION_MAX or (m := _TRAILING_CREDIT.search(caption)) is None:
        return None
    credit: str = m["a"] or m["b"]
    if "/" in credit or "\u00a9" in credit or _AGENCY.search(credit) is not None:
        return credit.strip()
    return None
