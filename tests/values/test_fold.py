"""The fast (table, cached) folds give exactly what folding character by character gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, strategies as st

from extractor import normalize
from extractor.values import _data


def _reference_values_fold(text: str) -> str:
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def _reference_normalize_fold(text: str) -> str:
    def one(ch: str) -> str:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        return base.casefold() if len(base.casefold()) == 1 else ch.casefold()[:1] or ch
    return "".join(one(c) for c in text)


@given(st.text())
def test_folds_match_the_character_by_character_definition(text):
    assert _data.fold(text) == _reference_values_fold(text)
    assert normalize.fold(text) == _reference_normalize_fold(text)
    assert len(_data.fold(text)) == len(normalize.fold(text)) == len(text)


def test_folds_of_spanish_and_odd_letters():
    assert _data.fold("Árbol Ñandú ÉXITO") == "arbol nandu exito"
    assert normalize.fold("İstanbul ß ﬁ") == "istanbul s f"
