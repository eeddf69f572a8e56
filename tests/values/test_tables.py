"""Look-up tables are declared with ``table`` and built at once by ``load_tables``."""

from __future__ import annotations

from extractor.values import load_tables
from extractor.values._data import TABLES


def test_load_tables_builds_every_declared_table_once() -> None:
    load_tables()
    assert len(TABLES) >= 10 and all(t.built for t in TABLES.values())
    trie = TABLES["extractor.values.country._country_trie"]()
    assert load_tables() == 0 and TABLES["extractor.values.country._country_trie"]() is trie


def test_a_cleared_table_is_built_again_with_the_same_content() -> None:
    table = TABLES["extractor.values.date._patterns"]
    before = [(kind, p.pattern) for kind, p in table()]
    table.cache_clear()
    assert not table.built and load_tables() == 1
    assert [(kind, p.pattern) for kind, p in table()] == before      # built in a fixed order
