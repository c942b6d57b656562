"""Write pipelines/normalize/date_words.toml from dateparser's own locale data.

The fast path of `normalize/dates.py` reads 'D MONTH YYYY[, H:MM]' in a page's language, and
decides without dateparser the strings dateparser cannot read for want of a year or a day.
It must read exactly the words dateparser reads, so the words come from the installed
dateparser's locale files (read as data with `ast`, not imported: importing them would load
dateparser) rather than typed by hand. Kept per language: month and weekday names, am/pm,
the words it skips, and the month/year units (a relative '2 years ago' is no recent date).
A word that has another meaning in the locale, or is part of a phrase, is left out: a
string holding it goes to dateparser. Run after upgrading dateparser; the unit tests
compare the fast path with dateparser itself.

It also writes date_vocabulary.toml: every word a language's locale can read at all (its
words, the words its patterns spell, the time zones' names). A text holding another word is
one the language does not apply to, and dateparser reads no date from it.

Usage: .venv/bin/python scripts/gen_date_words.py
"""

from __future__ import annotations

import ast
import importlib.util
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "pipelines" / "normalize" / "date_words.toml"
# The languages news pages of the benchmark sets and the outlets' profiles are written in.
LANGUAGES = (
    "ar bg ca cs da de el en es et fi fr hr hu id it ja lt lv ms nb nl pl pt ro ru sk sl sr "
    "sv tr uk vi"
).split()
MONTHS = (
    "january february march april may june july august september october november december"
).split()
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
LONG_UNITS = ("month", "year", "decade", "century", "fortnight")
# Locale keys that map the English a phrase becomes ('0 day ago') to the phrases of the
# language ('oggi'): the English is no word of the language's input.
_TRANSLATIONS = ("relative-type", "relative-type-regex")
_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*(?:\([^()]*\)[^()]*)*\)")


def _normal(word: str) -> str:
    """As dateparser compares words: NFKD without combining marks, lowercase."""
    return _unmarked(word).lower()


def _unmarked(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    )


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    return []


def _locale(folder: Path, lang: str) -> dict[str, object]:
    text = (folder / f"{lang}.py").read_text(encoding="utf-8")
    return ast.literal_eval(text.split("=", 1)[1].strip())


def _words(info: dict[str, object], lang: str) -> dict[str, object]:
    patterns = _number_patterns(info)
    meanings: dict[str, set[str]] = {}  # word -> the keys it stands under
    in_phrases: set[str] = set()
    for key, value in info.items():
        if key in ("name", "date_order"):
            continue
        if key in _TRANSLATIONS and isinstance(value, dict):
            value = list(value.values())  # its keys are English, not the language's input
        for s in _strings(value):
            s = _normal(s).strip()
            if " " in s:
                in_phrases.update(s.split())
            elif s:
                meanings.setdefault(s, set()).add(key)

    def plain(key: str) -> list[str]:
        found = []
        for s in _strings(info.get(key, [])):
            word = _normal(s).strip()
            clean = word.rstrip(".")
            if (
                word
                and clean.isalpha()
                and meanings.get(word) == {key}
                and word not in in_phrases
                and word not in found
            ):
                found.append(word)
        return found

    return {
        "months": [" ".join(plain(m)) for m in MONTHS],
        "weekdays": [" ".join(plain(d)) for d in WEEKDAYS],
        "am": " ".join(plain("am")),
        "pm": " ".join(plain("pm")),
        "skip": " ".join(w for w in plain("skip") if w.isalpha()),  # not 'd.': read apart
        # Whether a short text without a date's numbers may be decided without dateparser
        # (see named_dates.no_date_without_base): not where the letters are translated
        # first, words are not spaced, or Russian compound ordinals are read.
        "base_rule": patterns is not None
        and lang not in ("ar", "fa", "ru")
        and not info.get("no_word_spacing"),
        "number_patterns": patterns or [],
        "long_units": " ".join(
            _normal(s) for key in LONG_UNITS for s in _strings(info.get(key, []))
        ),
    }


def _number_patterns(info: dict[str, object]) -> list[str] | None:
    """The patterns of its simplifications that turn words into numbers ('zwei' -> '2',
    'a' -> '1'; not 'noon' -> '12:00'), lookarounds dropped (so they match at least where
    dateparser's do), for Python's re; None where one does not compile there."""
    found: list[str] = []
    for simplification in info.get("simplifications", []):  # type: ignore[attr-defined]
        for key, value in simplification.items():
            digits = re.sub(r"\d*:\d+", "", re.sub(r"\\\d", "", str(value)))
            if not re.search(r"\d", digits):
                continue
            pattern = _LOOKAROUND.sub("", _unmarked(key))  # dateparser drops the marks too
            try:
                re.compile(pattern)
            except re.error:
                return None
            found.append(pattern)
    return found


# --- The vocabulary: every word a locale of dateparser can read, for the rule that a text
# holding any other word is no date in that language (named_dates.foreign_word).
VOCABULARY_OUT = REPO / "pipelines" / "normalize" / "date_vocabulary.toml"
VOCABULARY_LANGUAGES = (*LANGUAGES, "fa")
# Not for Russian, whose ordinals dateparser reads by another path.
_OWN_READING = ("ru",)
# The letters dateparser reads alike in Arabic and Persian (languages/locale.py): a word is
# known in either spelling.
_LETTER_VARIANTS = ("یک", "يك")
# Tokens dateparser knows in every language (dictionary.py, date.py): the parser's own, the
# skipped 't', the Russian 'г.' and ', в' its sanitizer drops, and a quarter's 'Q'.
_ALWAYS_KNOWN = (
    "am pm utc gmt z early morning afternoon evening night t г в q monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august "
    "september october november december century decade fortnight year month week day hour "
    "minute second ago in"
)
_MAX_SHAPES = 4096


class _Wildcard(Exception):
    """A pattern that can match letters it does not spell out ('.', '\\w', a range)."""


def _shapes(items: object) -> list[str]:
    """The texts a parsed pattern can match, letters kept and every other character it
    consumes written as a space: '(\\d+) days? ago' -> [' day ago', ' days ago']."""
    import re._constants as c

    shapes = [""]
    for op, arg in items:  # type: ignore[attr-defined]
        options: list[str]
        if op is c.LITERAL:
            ch = chr(arg)
            options = [ch if ch.isalpha() else " "]
        elif op is c.NOT_LITERAL or op is c.ANY:
            raise _Wildcard
        elif op is c.IN:
            options = []
            for kind, value in arg:
                if kind is c.LITERAL:
                    options.append(chr(value) if chr(value).isalpha() else " ")
                    continue
                digits_or_spaces = kind is c.CATEGORY and value in (
                    c.CATEGORY_DIGIT,
                    c.CATEGORY_SPACE,
                )
                no_letters = kind is c.RANGE and not any(
                    chr(x).isalpha() for x in range(value[0], value[1] + 1)
                )
                if not (digits_or_spaces or no_letters):
                    raise _Wildcard  # a negated class, a range of letters, \w
                options.append(" ")
        elif op is c.CATEGORY:
            if arg not in (c.CATEGORY_DIGIT, c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD):
                raise _Wildcard
            options = [" "]
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            options = [""]  # zero-width
        elif op is c.SUBPATTERN:
            options = _shapes(arg[-1])
        elif op is c.ATOMIC_GROUP:
            options = _shapes(arg)
        elif op is c.BRANCH:
            options = [s for branch in arg[1] for s in _shapes(branch)]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, body = arg
            once = _shapes(body)
            if any(s.strip() for s in once) and high > 1:
                raise _Wildcard  # repeated letters: words of any length
            options = (
                ([""] if low == 0 else []) + once + ([s + s for s in once] if high > 1 else [])
            )
        else:
            raise _Wildcard  # a back reference, a conditional: not worth reading
        shapes = list(dict.fromkeys(a + b for a in shapes for b in options))
        if len(shapes) > _MAX_SHAPES:
            raise _Wildcard
    return shapes


def _pattern_words(pattern: str) -> set[str]:
    import re._parser

    return {w for s in _shapes(re._parser.parse(pattern)) for w in _runs(s)}


def _runs(text: str) -> list[str]:
    """The letter runs of a text as dateparser compares them (NFKD without marks, lowercase),
    and as written lowercase."""
    out = []
    for form in (_normal(text), text.lower()):
        out += re.findall(r"[^\W\d_]+", "".join(ch if ch.isalpha() else " " for ch in form))
    return out


def _vocabulary(info: dict[str, object]) -> set[str] | None:
    """Every word of the locale, or None where a pattern of it can match words it does not
    spell out (then no word is foreign to it)."""
    words: set[str] = set(_ALWAYS_KNOWN.split())
    patterns: list[str] = []
    for key, value in info.items():
        if key == "relative-type-regex" and isinstance(value, dict):
            patterns += [p for v in value.values() for p in _strings(v)]
        elif key == "simplifications" and isinstance(value, list):
            patterns += [k for item in value for k in item]
        for s in [*_strings(value), key]:
            words.update(_runs(s))
    try:
        for p in patterns:
            words |= _pattern_words(p)
            words |= _pattern_words(_unmarked(p))
    except (_Wildcard, re.error):
        return None
    variants = str.maketrans(*_LETTER_VARIANTS)
    return words | {w.translate(variants) for w in words}


def _idle_words(lang: str, info: dict[str, object]) -> set[str]:
    """The words dateparser's dictionary reads as nothing ('à', 'le', 'et': skipped), less
    those a pattern or phrase of the locale spelled with such words alone may read. Asked of
    dateparser's own dictionary (which of a word's meanings wins is its business)."""
    from dateparser.conf import Settings
    from dateparser.languages.loader import LocaleDataLoader

    dictionary = LocaleDataLoader().get_locale(lang)._get_dictionary(Settings())._dictionary
    idle = {w for w, meaning in dictionary.items() if meaning is None and w.isalpha()}
    phrases: list[str] = [w for w, meaning in dictionary.items() if meaning is not None]
    patterns: list[str] = []
    specific = info.get("locale_specific", {})
    for part in [info, *(specific.values() if isinstance(specific, dict) else [])]:
        if not isinstance(part, dict):
            continue
        relative = part.get("relative-type", {})
        if isinstance(relative, dict):
            phrases += _strings(list(relative.values()))
        regexes = part.get("relative-type-regex", {})
        if isinstance(regexes, dict):
            patterns += _strings(list(regexes.values()))
        patterns += [k for item in part.get("simplifications", []) for k in item]
    try:
        import re._parser

        shapes = [s for p in patterns for s in _shapes(re._parser.parse(p))]
    except (_Wildcard, re.error):
        return set()
    for shape in [*shapes, *phrases]:
        runs = set(_runs(shape))
        if runs and runs <= idle:
            idle -= runs
    return idle


def _write_vocabulary(folder: Path, header: str) -> None:
    zone_words = _timezone_words(folder)  # a zone's name is taken out before the words are read
    lines = [header, "# Every word each language's locale reads (see named_dates.foreign_word);"]
    lines.append("# a language missing here has a pattern that matches words it does not spell.")
    unspaced = []
    vocabularies = {}
    for lang in VOCABULARY_LANGUAGES:
        info = _locale(folder, lang)
        words = None if lang in _OWN_READING else _vocabulary(info)
        if words is not None:
            vocabularies[lang] = " ".join(sorted(words - zone_words))
            if info.get("no_word_spacing"):
                unspaced.append(lang)
    lines.append(f"unspaced = {_quote(' '.join(unspaced))}")
    lines.append(f"letter_variants = [{', '.join(_quote(v) for v in _LETTER_VARIANTS)}]")
    lines.append("# the time zones' names, known in every language")
    lines.append(f"zones = {_quote(' '.join(sorted(zone_words)))}")
    lines += ["", "[words]", *(f"{k} = {_quote(v)}" for k, v in vocabularies.items())]
    lines += ["", "# Words read as nothing (see named_dates.idle_clock).", "[idle]"]
    for lang in VOCABULARY_LANGUAGES:
        plain = lang not in (*_OWN_READING, "ar", "fa")  # no letters read alike
        idle = _idle_words(lang, _locale(folder, lang)) if plain else set()
        if idle:
            lines.append(f"{lang} = {_quote(' '.join(sorted(idle)))}")
    VOCABULARY_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {VOCABULARY_OUT.relative_to(REPO)}: {len(vocabularies)} languages")


def _timezone_words(folder: Path) -> set[str]:
    text = (folder.parent.parent / "timezones.py").read_text(encoding="utf-8")
    names = re.findall(r"\(\s*[\"']([^\"']+)[\"']\s*,\s*-?\d+\s*\)", text)
    return {w for name in names for w in _runs(name)}


def main() -> None:
    spec = importlib.util.find_spec("dateparser")  # finds the package without importing it
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / "data" / "date_translation_data"
    version = (Path(spec.origin).parent / "__init__.py").read_text(encoding="utf-8")
    version = next(
        (v.split("=")[1].strip().strip("\"'") for v in version.splitlines() if "__version__" in v),
        "?",
    )
    order_text = (folder.parent / "languages_info.py").read_text(encoding="utf-8")
    known = ast.literal_eval(order_text.split("language_order =", 1)[1].split("]", 1)[0] + "]")
    lines = [
        "# Generated by scripts/gen_date_words.py from dateparser's locale data "
        f"(dateparser {version}); do not edit.",
        "# Words as dateparser compares them (NFKD without marks, lowercase); see the script.",
        "# known: the languages dateparser has (it raises ValueError for any other).",
        f"known = {_quote(' '.join(known))}",
    ]
    for lang in LANGUAGES:
        words = _words(_locale(folder, lang), lang)
        lines.append("")
        lines.append(f"[{lang}]")
        for key, value in words.items():
            if isinstance(value, bool):
                lines.append(f"{key} = {str(value).lower()}")
            elif isinstance(value, list):
                items = ", ".join(_quote(v) for v in value)
                lines.append(f"{key} = [{items}]")
            else:
                lines.append(f"{key} = {_quote(str(value))}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(LANGUAGES)} languages")
    _write_vocabulary(folder, lines[0])


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    main()
