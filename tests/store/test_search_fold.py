"""Search folding is done character by character through a table; it must equal folding the whole text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.store.search import analyze, fold


def _fold_whole(s: str) -> str:
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_table_fold_equals_whole_text_fold(s: str) -> None:
    assert fold(s) == _fold_whole(s)


def test_fold_examples() -> None:
    assert fold("Cooperación ÑANDÚ Straße ﬁnanzas") == "cooperacion nandu strasse finanzas"
    assert fold("e\u0301xito") == "exito"                      # a combining accent typed apart
    assert analyze("Pasantías") == analyze("pasantia")
