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


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    main()
