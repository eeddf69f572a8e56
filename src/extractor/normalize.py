"""Text folding shared by every stage: accents off, case folded, punctuation as spaces.

Folding keeps string length for the common Latin letters (one code point in, one out), so offsets
found in folded text are valid in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_WORD = re.compile(r"[\w/]+", re.UNICODE)


class CharTable(dict):
    """A ``str.translate`` table: code point -> ``fold_char(character)``, computed on first sight (the
    folding variants of the stages differ only in their character function)."""

    def __init__(self, fold_char: Callable[[str], str]) -> None:
        super().__init__()
        self.fold_char = fold_char

    def __missing__(self, code: int) -> str:
        folded = self[code] = self.fold_char(chr(code))
        return folded


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold() if len(base.casefold()) == 1 else ch.casefold()[:1] or ch


_FOLD_TABLE = CharTable(_fold_char)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case without accents, same length as ``text`` (so offsets carry over). Cached: stages
    fold the same item text and the same constant word lists again and again."""
    return text.translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    """Folded words of ``text``."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=4096)
def squash(text: str) -> str:
    """Folded words joined by single spaces: a key for comparing names and labels."""
    return " ".join(w for w in re.split(r"[^\w]+", fold(text)) if w)
