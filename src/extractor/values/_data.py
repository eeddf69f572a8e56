"""Locate and load the language data (vocabularies, gazetteers) kept under ``models/``.

Language knowledge lives in JSON files, not in code, so new bulletins' wording can be
covered by editing data. ``EXTRACTOR_MODELS_DIR`` overrides the location (e.g. when the
package is installed outside the repository).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from extractor.normalize import CharTable

T = TypeVar("T")

ENV_VAR = "EXTRACTOR_MODELS_DIR"


def models_dir() -> Path:
    """The models folder: ``$EXTRACTOR_MODELS_DIR`` or the repository's ``models/``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    # src/extractor/values/_data.py -> parents[3] is the repository root.
    return Path(__file__).resolve().parents[3] / "models"


@lru_cache(maxsize=None)
def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def load_json(relpath: str) -> Any:
    """Parsed JSON of ``models/<relpath>``, cached per resolved path (treat it as read-only)."""
    return _load(str(models_dir() / relpath))


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


_FOLD_TABLE = CharTable(_fold_char)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case and strip accents *without changing length*, so regex offsets on the
    folded string are offsets into the original. (Cached: the same item text is folded by
    several value finders.)"""
    return text.translate(_FOLD_TABLE)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so "marzo" wins over "mar"), ties in a fixed order
    (the same pattern in every process); a space in a word matches any run of white space."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_UNSET = object()


class Table:
    """A look-up table built once per process from models/ and library data (pycountry, babel): a
    function without parameters whose result is kept. ``extractor.values.load_tables`` builds them all."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self.build = build
        self.name = f"{build.__module__}.{build.__qualname__}"
        self.value: Any = _UNSET
        wraps(build)(self)

    def __call__(self) -> Any:
        value = self.value
        if value is _UNSET:
            value = self.value = self.build()
        return value

    @property
    def built(self) -> bool:
        return self.value is not _UNSET

    def cache_clear(self) -> None:
        self.value = _UNSET


TABLES: dict[str, Table] = {}


def table(build: Callable[[], T]) -> Callable[[], T]:
    """Declare a look-up table (see ``Table``)."""
    made = TABLES.setdefault(f"{build.__module__}.{build.__qualname__}", Table(build))
    return made  # type: ignore[return-value]


def memoised(maxsize: int = 2048) -> Callable[[Callable[..., list[T]]], Callable[..., list[T]]]:
    """Cache a finder whose result is a list of immutable matches, keyed on its arguments. Extraction
    asks the same finder about the same text several times (an item's text, its sentences, a
    partner's name); each caller still gets a list of its own."""
    def wrap(finder: Callable[..., list[T]]) -> Callable[..., list[T]]:
        cached = lru_cache(maxsize=maxsize)(lambda *args, **kwargs: tuple(finder(*args, **kwargs)))

        @wraps(finder)
        def call(*args: Any, **kwargs: Any) -> list[T]:
            return list(cached(*args, **kwargs))

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call
    return wrap
