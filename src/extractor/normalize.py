"""Text folding shared by every stage: accents off, case folded, punctuation as spaces.

Folding keeps string length for the common Latin letters (one code point in, one out), so offsets
found in folded text are valid in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[\w/]+", re.UNICODE)


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold() if len(base.casefold()) == 1 else ch.casefold()[:1] or ch


def fold(text: str) -> str:
    """Lower case without accents, same length as ``text`` (so offsets carry over)."""
    return "".join(_fold_char(c) for c in text)


def words(text: str) -> list[str]:
    """Folded words of ``text``."""
    return _WORD.findall(fold(text))


def squash(text: str) -> str:
    """Folded words joined by single spaces: a key for comparing names and labels."""
    return " ".join(w for w in re.split(r"[^\w]+", fold(text)) if w)
