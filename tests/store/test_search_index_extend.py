"""A search index takes in the documents written since it was built (SearchIndex.extended: added, saved again,
replaced by content, emptied by a failed re-read, or whose mentions curation changed), and the result is the
index a build over the whole store gives: every array, link and text posting equal, on SQLite and PostgreSQL.
A write that does not say which documents it changed makes it build again instead."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import numpy as np
import pytest
from sqlalchemy import update

from extractor.store import SearchQuery, Store, open_store
from extractor.store import search_index
from extractor.store.search_index import IndexedSearch, Links, SearchIndex, TextIndex
from extractor.store.state import content_generation, rewrite_generation, snapshot
from extractor.store.tables import documents

from . import act, doc, partner
from .test_search_index import COUNTRIES, KINDS, PARTNERS, REGIONALES, WORDS, fill


def assert_same(a: object, b: object, where: str = "index") -> None:
    """Field by field, arrays by dtype and value: an extended index is a built one."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype, where
        assert np.array_equal(a, b), where
    elif isinstance(a, (SearchIndex, Links, TextIndex)):
        assert type(a) is type(b), where
        for f in dataclasses.fields(a):
            if f.name != "build_seconds":
                assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for key in a:
            assert_same(a[key], b[key], f"{where}[{key!r}]")
    else:
        assert a == b, where


def add(store: Store, name: str, rng: random.Random, year: int, extra_words: tuple[str, ...] = ()) -> None:
    """A new document: words, partners, countries, regionales and years the store may not have had."""
    acts = []
    for i in range(rng.randint(1, 9)):
        words = [rng.choice(WORDS + list(extra_words)) for _ in range(rng.randint(3, 20))]
        day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        chosen = rng.sample(PARTNERS, rng.randint(0, 2)) + ([(f"Instituto Nuevo {name[:5]} {i}", None, "NZ")]
                                                             if rng.random() < 0.4 else [])
        acts.append(act(f"{' '.join(words[:3]).capitalize()} {i}", kind=rng.choice(KINDS), text=" ".join(words),
                        partners=[partner(n, a, c) for n, a, c in chosen],
                        countries=rng.sample(COUNTRIES + ["NZ", "IS"], rng.randint(0, 3)),
                        regionales=rng.sample(REGIONALES + ["CO-AMA"], rng.randint(0, 2)),
                        start=day if rng.random() < 0.7 else None, end=day if rng.random() < 0.5 else None,
                        beneficiaries=rng.choice([None, 7, 30])))
    store.save_document(doc(name, title=f"Boletín {year}"), acts)


def build_index(store: Store) -> SearchIndex:
    with snapshot(store.engine) as conn:
        return SearchIndex.build(conn)


def indexes(store: Store, index: SearchIndex) -> tuple[SearchIndex | None, SearchIndex]:
    """(``index`` extended to the store's present, a build of it), read in one snapshot."""
    with snapshot(store.engine) as conn:
        return index.extended(conn), SearchIndex.build(conn)


def test_added_documents_are_taken_in_as_a_build_would(store_url: str) -> None:
    rng = random.Random(3)
    with open_store(store_url) as store:
        fill(store, seed=9, docs=10)
        index = build_index(store)
        # Names before, between and after the held ones; new words, partners, countries, a regional, years
        # before and after the held ones (the year base moves); a failed file; an empty bulletin.
        for name, year in (("aaa_primero.pdf", 2009), ("boletin_003b.docx", 2031), ("boletin_0071.pdf", 2020),
                           ("zzz_ultimo.pdf", 2024), ("Boletín_mayúscula.pdf", 2018)):
            add(store, name, rng, year, extra_words=("hidroponía", "apicultura", "acuaponía"))
        store.record_failure(doc("roto.pdf", status="failed", error="damaged"))
        store.save_document(doc("vacio.pdf"), [])
        with snapshot(store.engine) as conn:
            assert rewrite_generation(conn) <= index.generation < content_generation(conn)
        extended, built = indexes(store, index)
        assert extended is not None and extended.size > index.size
        assert_same(extended, built)
        # Taken in again from there, one document at a time.
        for step in range(3):
            add(store, f"boletin_{step:03d}z.pdf", rng, 2016 + step, extra_words=("silvicultura",))
            again, built = indexes(store, extended)
            assert again is not None
            assert_same(again, built)
            extended = again


def test_documents_written_again_are_taken_in_as_a_build_would(store_url: str) -> None:
    rng = random.Random(8)
    with open_store(store_url) as store:
        fill(store, seed=4, docs=8)
        # Values only this bulletin has: saved again without them, they leave the facets and the vocabulary.
        store.save_document(doc("zz_unico.pdf"), [act("Xilografía única", partners=[partner("Socio Que Se Va")],
                                                      countries=["FJ"], regionales=["CO-VAU"])])
        index = build_index(store)
        docs = store.list_documents()
        store.save_document(doc("zz_unico.pdf"), [act("Ya sin socio")])
        # Saved again with as many activities, with more, and with none; replaced by content under a new name
        # (the old document goes); re-read and failed (its activities go); a note on a good one; one added.
        store.save_document(doc(docs[0]["document"]), [act(f"Otra versión {i}", text="hidroponía y apicultura")
                                                       for i in range(docs[0]["activities"])])
        add(store, docs[1]["document"], rng, 2030, extra_words=("acuaponía",))
        store.save_document(doc(docs[2]["document"]), [])
        store.save_document(doc("renombrado.pdf", sha=f"sha-{docs[3]['document']}"),
                            [act("El mismo archivo, otro nombre", partners=[partner("Socio Único Renombrado")])])
        store.record_failure(doc(docs[4]["document"], sha="sha-otro", status="failed", error="damaged"))
        store.record_failure(doc(docs[5]["document"], status="failed", error="damaged again"))
        add(store, "aaa_nuevo.pdf", rng, 2005)
        extended, built = indexes(store, index)
        assert extended is not None
        assert_same(extended, built)


@pytest.mark.parametrize("change", ["partner renamed", "partners merged", "partner's country set"])
def test_curation_is_taken_in_as_a_build_would(store_url: str, change: str) -> None:
    """Curation names the documents whose mentions it changes: their rows are read again (a partner's new
    name in their text and facets, a source's mentions moved to the target)."""
    with open_store(store_url) as store:
        fill(store, seed=4, docs=6)
        index = build_index(store)
        first, second = [p["id"] for p in store.list_partners()[:2]]
        if change == "partner renamed":
            store.rename_partner(first, "Un nombre nuevo")
        elif change == "partners merged":
            store.merge_partners([first], second)
        else:
            store.set_partner_country(first, "NZ")
        extended, built = indexes(store, index)
        assert extended is not None
        assert_same(extended, built)


def test_a_write_that_does_not_say_what_it_changed_builds_again(tmp_path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        fill(store, seed=4, docs=4)
        index = build_index(store)
        with store._write() as conn:      # a write path that names no documents: a rewrite
            conn.execute(update(documents).values(title="Otro título para todos"))
        assert indexes(store, index)[0] is None
        add(store, "despues.pdf", random.Random(1), 2022)        # an addition after a rewrite does not help
        assert indexes(store, index)[0] is None


def test_too_much_to_read_again_builds_again(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename of a partner mentioned everywhere names most documents: past EXTEND_MAX_ROWS rows to read
    again, the index is built again instead (in a child process for a large store)."""
    with open_store(str(tmp_path / "s.db")) as store:
        fill(store, seed=4, docs=6)
        index = build_index(store)
        big = max(store.list_documents(), key=lambda d: d["activities"])
        store.save_document(doc(big["document"]), [act(f"Otra {i}") for i in range(big["activities"])])
        monkeypatch.setattr(search_index, "EXTEND_MAX_ROWS", big["activities"] - 1)
        assert indexes(store, index)[0] is None
        monkeypatch.setattr(search_index, "EXTEND_MAX_ROWS", big["activities"])
        extended, built = indexes(store, index)
        assert_same(extended, built)


def test_an_unchanged_store_keeps_its_index(tmp_path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        fill(store, seed=2, docs=3)
        with snapshot(store.engine) as conn:
            index = SearchIndex.build(conn)
            assert index.extended(conn) is index


def test_searches_after_an_addition_use_the_extended_index(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's kept index takes in a new bulletin, a bulletin saved again and a partner renamed: no
    second build, and searches find the new text and names at once."""
    with open_store(str(tmp_path / "s.db")) as store:
        fill(store, seed=6, docs=5)
        kept: IndexedSearch = store.use_search_index(background=False)
        kept.build()
        builds = []
        real_build = SearchIndex.build.__func__

        def counted(cls, conn, cancelled=lambda: False):
            builds.append(1)
            return real_build(cls, conn, cancelled)

        monkeypatch.setattr(SearchIndex, "build", classmethod(counted))
        assert store.search(SearchQuery(text="hidroponía")).total == 0
        store.save_document(doc("nuevo.pdf"), [act("Hidroponía en el Huila", regionales=["CO-HUI"])])
        found = store.search(SearchQuery(text="hidroponía", regionales=["CO-HUI"]))
        assert found.total == 1 and found.facets["regional"]["CO-HUI"] == 1
        store.save_document(doc("nuevo.pdf"), [act("Acuaponía en el Huila", regionales=["CO-HUI"])])
        assert store.search(SearchQuery(text="hidroponía")).total == 0          # saved again: the old text went
        assert store.search(SearchQuery(text="acuaponía")).total == 1
        assert builds == []
        assert kept.index.generation == kept.current_generation()
        renamed = store.list_partners()[0]["id"]
        store.rename_partner(renamed, "Otro nombre")
        with open_store(str(tmp_path / "s.db")) as plain:       # the database's answer
            q = SearchQuery(partners=["Otro nombre"])
            expected, got = plain.search(q), store.search(q)
            assert got.total == expected.total > 0 and got.facets == expected.facets
        assert store.search(SearchQuery(text="otro nombre")).total == expected.total   # the new name, in text
        with open_store(str(tmp_path / "s.db")) as plain:
            assert plain.search(SearchQuery(text="otro nombre")).total == expected.total
        assert builds == []
        assert kept.index.generation == kept.current_generation()


def _text_rows(store: Store) -> list[tuple]:
    """The database's text index, row by row (FTS5 on SQLite)."""
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT rowid, title, body, partners, doc_title, stems FROM activity_fts ORDER BY rowid")]


def test_curation_indexes_the_mentions_text_again(store_url: str) -> None:
    """After a rename or a merge the database's own text search finds the activities by the partner's new
    name, as the index does; indexing them again writes what saving them wrote."""
    with open_store(store_url) as store:
        fill(store, seed=4, docs=6)
        first, second = [p["id"] for p in store.list_partners()[:2]]
        if store.engine.dialect.name == "sqlite":
            before = _text_rows(store)
            store.rename_partner(first, store.get_partner(first)["name"])     # the same name: nothing moves
            assert _text_rows(store) == before
        store.rename_partner(first, "Consorcio Xilófono")
        q = SearchQuery(text="xilófono", limit=None)
        by_partner = store.search(SearchQuery(partners=["Consorcio Xilófono"], limit=None))
        assert by_partner.total > 0
        assert sorted(r["id"] for r in store.search(q).results) == sorted(r["id"] for r in by_partner.results)
        store.merge_partners([second], first)
        merged = store.search(SearchQuery(partners=["Consorcio Xilófono"], limit=None))
        assert merged.total > by_partner.total
        assert sorted(r["id"] for r in store.search(q).results) == sorted(r["id"] for r in merged.results)
        indexed = open_store(store_url)
        indexed.use_search_index(background=False)
        try:
            assert indexed.search(q).total == store.search(q).total
        finally:
            indexed.close()
