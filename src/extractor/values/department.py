"""Colombian departments (SENA regionales) in text -> ISO 3166-2:CO codes.

Official names come from pycountry; aliases, ambiguous names and context cues are data in
``models/gazetteer/departments_co.json``. Matching reuses the token trie of ``country.py``:
accent- and case-insensitive, word boundaries, the longest name at each position wins
("Norte de Santander" over "Santander", "Valle del Cauca" over "Cauca").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractor.values._data import load_json, memoised, table
from extractor.values.country import (
    Phrase,
    PhraseTrie,
    Tokens,
    country_at,
    hit_span,
    key,
    n_variants,
    tokenise,
)

__all__ = ["DeptMatch", "department_code", "department_name", "department_offsets", "departments_in",
           "find_departments"]

DEPARTMENTS_FILE = "gazetteer/departments_co.json"


@dataclass(frozen=True, slots=True)
class DeptMatch:
    code: str  # ISO 3166-2:CO, e.g. "CO-VAC", "CO-DC"
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class _Dept:
    code: str | None  # None: a negative phrase (a municipality or landmark, not a department)
    ambiguous: bool


def _data() -> dict[str, Any]:
    return load_json(DEPARTMENTS_FILE)


@table
def _surfaces() -> dict[str, list[str]]:
    """Code -> every surface (official pycountry name, data name, aliases)."""
    import pycountry

    out: dict[str, list[str]] = {}
    for sub in pycountry.subdivisions.get(country_code="CO"):
        out.setdefault(sub.code, []).append(sub.name)
    for code, entry in _data()["departments"].items():
        out.setdefault(code, []).extend([entry["name"], *entry["aliases"]])
    return out


@table
def _trie() -> PhraseTrie[_Dept]:
    data = _data()
    ambiguous = {key(a) for a in data["ambiguous"]}
    trie: PhraseTrie[_Dept] = PhraseTrie()
    for code, surfaces in _surfaces().items():
        for surface in surfaces:
            for variant in n_variants(surface):
                trie.add(Phrase(_Dept(code, key(variant) in ambiguous), variant))
    for negative in data["negatives"]:
        trie.add(Phrase(_Dept(None, False), negative))
    return trie


@table
def _cues() -> tuple[frozenset[str], frozenset[str]]:
    data = _data()
    articles = frozenset(w for a in data["articles"] for w in key(a))
    negative = frozenset(w for a in data["negative_previous"] for w in key(a))
    return articles, negative


def _accept(strict: bool) -> Callable[[Tokens, int, int, Phrase[_Dept]], bool]:
    def accept(toks: Tokens, i: int, j: int, phrase: Phrase[_Dept]) -> bool:
        dept = phrase.payload
        if dept.code is None or not dept.ambiguous:
            return True  # negatives must win as phrases; unambiguous names need no context
        articles, negative = _cues()
        prev = toks.lower[i - 1] if i > 0 and toks.joinable[i - 1] else None
        if prev in negative:  # "río Cauca", "Banco Santander", "Simón Bolívar"
            return False
        if not strict:
            return True
        if not toks.text[toks.spans[i][0]].isupper():  # "la meta de...", "cesar actividades"
            return False
        if prev in articles:  # "La Meta", "una Meta"
            return False
        return not _qualified_by_de(toks, j)  # "Valle de Aburrá", "Santander de Quilichao"

    return accept


def _qualified_by_de(toks: Tokens, j: int) -> bool:
    n = len(toks)
    if j + 2 >= n or not toks.joinable[j] or toks.lower[j + 1] not in ("de", "del"):
        return False
    nxt = toks.text[toks.spans[j + 2][0]]
    return nxt.isupper()


_FOREIGN_GAP = re.compile(r"[\s,(\-–]{1,3}")


def _foreign_place_follows(toks: Tokens, j: int) -> bool:
    """'Córdoba, Argentina', 'Santander (España)': the name is a foreign place."""
    if j + 1 >= len(toks):
        return False
    gap = toks.text[toks.spans[j][1] : toks.spans[j + 1][0]]
    if not _FOREIGN_GAP.fullmatch(gap):
        return False
    found = country_at(toks, j + 1)
    return found is not None and found.code != "CO" and found.via != "demonym"


@memoised()
def find_departments(text: str, strict: bool = False) -> list[DeptMatch]:
    """Department mentions, left to right, longest match at each position.

    ``strict=False`` (for lists such as "Regionales impactadas: meta, cauca") takes every name
    in any case; ``strict=True`` (for running prose) keeps ambiguous names (Meta, Santander,
    Atlántico, Valle...) only when capitalised, not after an article and not qualified by
    "de <Name>". Bogotá is reported as CO-DC: whether it is a venue or a regional is the
    caller's call.
    """
    if not text:
        return []
    return departments_in(tokenise(text), strict)


def departments_in(toks: Tokens, strict: bool = False) -> list[DeptMatch]:
    """``find_departments`` over an already tokenised text (``toks.text``)."""
    text = toks.text
    out: list[DeptMatch] = []
    for hit in _trie().scan(toks, _accept(strict)):
        code = hit.phrase.payload.code
        if code is None:
            continue
        if _foreign_place_follows(toks, hit.last):
            continue
        start, end = hit_span(toks, hit)
        out.append(DeptMatch(code, start, end, text[start:end]))
    return out


def department_offsets(toks: Tokens) -> list[int]:
    """Offsets in ``toks.text`` of the tokens where a department's name (or a negative phrase) is spelled
    out, context aside: a piece of the text (``toks.within``) holding none of them has no department."""
    return [toks.spans[i][0] for i in _trie().spelled_at(toks)]


@table
def _index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for code, surfaces in _surfaces().items():
        for surface in surfaces:
            for variant in n_variants(surface):
                index.setdefault(key(variant), code)
    return index


_CODE = re.compile(r"(?:CO[-_ ]?)?([A-Z]{2,3})", re.IGNORECASE)


@lru_cache(maxsize=8192)
def department_code(name: str) -> str | None:
    """ISO 3166-2:CO code of a department name, alias or code ("Valle", "CO-VAC", "vac", "DC")."""
    cleaned = (name or "").strip()
    if not cleaned:
        return None
    match = _CODE.fullmatch(cleaned)
    if match:
        code = "CO-" + match.group(1).upper()
        if code in _surfaces():
            return code
    return _index().get(key(cleaned))


def department_name(code: str) -> str | None:
    """Display name of a department code ("CO-VAC" -> "Valle del Cauca")."""
    entry = _data()["departments"].get((code or "").strip().upper())
    return str(entry["name"]) if entry else None
