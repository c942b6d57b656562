"""A case-blind regex run on the text's lower case where that reads the same, for speed.

Python's `re` gives a pattern with the IGNORECASE flag no skip to the characters that can
open a match: it tries every alternative at every character. The same pattern without the
flag, on `text.lower()`, skips ahead and runs several times faster. Both read a text alike
when every character of it lowers to one character that the flag matches to exactly the
same letters of the pattern; a text holding any other character ('İ' lowers to two, the flag
reads 'ı' as 'i' and 'ſ' as 's', and 'ς' as 'σ' too) is searched with the flag.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property, lru_cache

# The one character whose lower case depends on its neighbours: 'Σ' -> 'ς' at a word's end.
_CONTEXTUAL_LOWER = chr(0x3A3)  # capital sigma
_ASCII_BYTES = bytes(range(128))


class CaseBlind:
    """`CaseBlind(p).search(text)` is `re.compile(p, re.IGNORECASE).search(text) is not
    None`. The pattern's fast reading needs it in lower case, its letters written out (no
    class or range of letters: `[\\w'-]` is fine, `[a-z]` is not)."""

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        unescaped = re.sub(r"\\.", "", pattern)
        plain = pattern == pattern.lower() and re.search(r"\[[^\]]*[^\W\d_]", unescaped) is None
        self._lower = re.compile(pattern) if plain else None
        letters = {c for c in pattern if c.isalpha()}
        self._letter = re.compile(f"[{re.escape(''.join(sorted(letters)))}]")
        self._letter_any_case = re.compile(self._letter.pattern, re.IGNORECASE)
        # Letters the flag reads as one another ('σ' and 'ς', 'i' and 'ı'): every such pair
        # shares its upper case.
        uppers = Counter(c.upper() for c in letters)
        self._twinned = frozenset(c for c in letters if uppers[c.upper()] > 1)
        self._ascii_reads_as_lower = all(self._reads_as_lower(chr(i)) for i in range(128))
        # The characters seen that read as lower: a text's are checked by one set difference,
        # not by a call for each of them.
        self._lower_alike: set[str] = set()

    @cached_property
    def flagged(self) -> re.Pattern[str]:
        """The pattern with the flag: compiled when first needed (most texts are read in
        lower case, and some patterns never meet another in a run)."""
        return re.compile(self._pattern, re.IGNORECASE)

    def search(self, text: str) -> bool:
        pattern, read = self._reading(text)
        return pattern.search(read) is not None

    def span(self, text: str) -> tuple[int, int] | None:
        """`re.compile(p, re.IGNORECASE).search(text).span()`, or None: the lower case keeps
        every character's place, so the first match is found at the same one."""
        pattern, read = self._reading(text)
        m = pattern.search(read)
        return m.span() if m is not None else None

    def count(self, text: str) -> int:
        """`len(re.compile(p, re.IGNORECASE).findall(text))`, read the same way."""
        pattern, read = self._reading(text)
        return len(pattern.findall(read))

    def _reading(self, text: str) -> tuple[re.Pattern[str], str]:
        """The pattern without the flag and the text's lower case, where they read the text
        as the flagged pattern does; else the flagged pattern and the text."""
        if self._lower is not None and self._reads_text_as_lower(text):
            return self._lower, text.lower()
        return self.flagged, text

    def _reads_text_as_lower(self, text: str) -> bool:
        if text.isascii():
            return self._ascii_reads_as_lower
        chars = text
        if self._ascii_reads_as_lower:
            # Only the characters past ASCII need a look: its UTF-8 without the ASCII bytes
            # holds just them, found several times faster than a set of a long text's every
            # character.
            past_ascii = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
            chars = past_ascii.decode("utf-8", "surrogatepass")
        unseen = set(chars) - self._lower_alike
        if not all(self._reads_as_lower(c) for c in unseen):
            return False
        self._lower_alike |= unseen
        return True

    @lru_cache(maxsize=8192)  # noqa: B019 - a few patterns, built at import, live as long
    def _reads_as_lower(self, char: str) -> bool:
        """The flag matches `char` to just the pattern letter its lower case is, or to none
        when that is no letter of the pattern: 'Ü' -> True; 'İ' (it lowers to two
        characters), 'ı' and 'ſ' (the flag reads them as 'i' and 's') -> False."""
        low = char.lower()
        if len(low) != 1 or char == _CONTEXTUAL_LOWER:
            return False
        if (char.isalnum() or char == "_") != (low.isalnum() or low == "_"):
            return False  # \w and \b would read it otherwise
        if self._letter_any_case.fullmatch(char) is None:
            return self._letter.fullmatch(low) is None
        return self._letter.fullmatch(low) is not None and low not in self._twinned
