"""Every natural-language phrase the parsers and normalizers look for: `vocabulary.toml`.

The data file groups the phrases by concept, each entry tagged with its languages and, where
readers take different subsets, with the readers that take it. A reader builds its regex
from `pattern("concept", use="reader")`, so a phrase added there reaches every reader that
should see it, and no phrase list lives in code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files

DATA_FILE = "vocabulary.toml"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase (a regex fragment), its languages, and the readers that take it (none: all)."""

    text: str
    langs: tuple[str, ...]
    uses: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    concepts: dict[str, tuple[Phrase, ...]]
    readers: dict[str, str]  # reader tag -> what it reads
    months: dict[str, str]  # language -> 'january jan, february feb, ...'


def read_vocabulary(text: str) -> Vocabulary:
    """The text of a vocabulary TOML file -> Vocabulary; an entry naming an unknown reader
    raises ValueError."""
    data = tomllib.loads(text)
    readers = dict(data.pop("readers", {}))
    months = dict(data.pop("months", {}))
    concepts: dict[str, tuple[Phrase, ...]] = {}
    for concept, entries in data.items():
        phrases: list[Phrase] = []
        for entry in entries:
            uses = frozenset(entry.get("uses", ()))
            if not uses <= readers.keys():
                raise ValueError(f"{concept}: unknown readers {sorted(uses - readers.keys())}")
            texts = entry["words"].split() if "words" in entry else [entry["text"]]
            phrases.extend(Phrase(t, tuple(entry["langs"]), uses) for t in texts)
        concepts[concept] = tuple(phrases)
    return Vocabulary(concepts, readers, months)


VOCABULARY = read_vocabulary(files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))
MONTHS = VOCABULARY.months


def alternation(phrases: Iterable[str]) -> str:
    """Literal phrases as one regex alternation that shares their prefixes: CEST CET CST CT ->
    'C(?:E(?:ST|T)|ST|T)'. It matches what 'CEST|CET|CST|CT' matches, the longer of two
    phrases first, but a scan tries each letter once instead of once per phrase (news text
    is long, and the month names are many)."""
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        body = f"(?:{'|'.join(alts)})"
        return body + "?" if "" in node else body

    return emit(tree)


# Every month name and abbreviation of every language -> its number ('dezember' -> 12), and
# one regex alternation of them, the longer first (so 'sept' is tried before 'sep').
MONTH_NUMBERS = {
    name: month
    for months in MONTHS.values()
    for month, spellings in enumerate(months.split(","), start=1)
    for name in spellings.split()
}
MONTH_PATTERN = alternation(MONTH_NUMBERS)


def select(
    *concepts: str, use: str | None = None, vocabulary: Vocabulary = VOCABULARY
) -> tuple[str, ...]:
    """The phrases of these concepts that reader `use` takes (and every untagged one), in
    file order: select("weekdays") -> ('monday', 'tuesday', ...)."""
    if use is not None and use not in vocabulary.readers:
        raise KeyError(f"no reader {use!r} in {DATA_FILE}")
    return tuple(
        p.text
        for concept in concepts
        for p in vocabulary.concepts[concept]
        if not p.uses or use is None or use in p.uses
    )


def pattern(*concepts: str, use: str | None = None, vocabulary: Vocabulary = VOCABULARY) -> str:
    """The phrases as one regex alternation: pattern("stamp_labels") -> 'published|updated|posted'."""
    return "|".join(select(*concepts, use=use, vocabulary=vocabulary))
