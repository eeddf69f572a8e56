"""The in-memory search index (store/search_index.py) answers exactly as the database does.

A store of a few hundred varied activities (saved through the ordinary save path: dates of every shape,
several countries, regionales and partners each, numbers of beneficiaries or none) is searched with hundreds
of seeded random queries, once through the SQL path and once through the index, on SQLite and on a real
PostgreSQL server: totals, every facet (all values and the first few), and the page in every order must be
equal. Text relevance may order differently from the databases' own ranking (each ranks by its own BM25), so
for text the whole matching set is compared, and the ranking has tests of its own. Freshness: an index
built before a write is never used after it.
"""

from __future__ import annotations

import random
import threading
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from extractor.store import SearchQuery, Store, open_store
from extractor.store.search import query_terms
from extractor.store import search_index
from extractor.store.search_index import BuildCancelled, Links, SearchIndex

from . import act, doc, partner

WORDS = ("formación técnica aprendices instructores cooperación alianza movilidad pasantía robótica energías "
         "renovables agroindustria turismo sostenible bilingüismo inglés portugués café cacao minería "
         "innovación emprendimiento delegación visita foro congreso memorando convenio beca intercambio").split()
COUNTRIES = ["JP", "DE", "FR", "ES", "PT", "KR", "US", "CA", "MX", "PE"]
REGIONALES = ["CO-DC", "CO-ANT", "CO-VAC", "CO-SAN", "CO-ATL", "CO-BOL", "CO-HUI", "CO-NAR"]
PARTNERS = [("Agencia de Cooperación Internacional del Japón", "JICA", "JP"),
            ("Sociedad Alemana de Cooperación", "GIZ", "DE"), ("Instituto Politécnico de Lisboa", "IPL", "PT"),
            ("Universidad de Salamanca", None, "ES"), ("Organización Internacional del Trabajo", "OIT", None),
            ("Colegio Técnico de Quebec", None, "CA"), ("Cámara de Comercio Colombo Coreana", "CCCK", "KR"),
            ("Fundación Andina de Emprendimiento", "FAE", "PE")]
KINDS = ["alliance", "mobility_out", "mobility_in", "training", "event", "delegation_visit", "other"]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _dates(rng: random.Random, year: int) -> tuple[date | None, date | None]:
    day = date(year, rng.randint(1, 12), rng.randint(1, 28))
    shape = rng.random()
    if shape < 0.3:
        return None, None                                # the bulletin's period (or nothing) stands in
    if shape < 0.5:
        return day, day
    if shape < 0.65:
        return None, day                                 # "hasta …"
    if shape < 0.75:
        return day, None
    return day, day + timedelta(days=rng.randint(1, 900))


def fill(store: Store, seed: int = 5, docs: int = 24) -> None:
    rng = random.Random(seed)
    for d in range(docs):
        year = 2015 + d % 9
        quarter = rng.randint(0, 3)
        period = ((date(year, 3 * quarter + 1, 1), date(year, 3 * quarter + 3, 28)) if rng.random() < 0.85
                  else (None, None))
        acts = []
        for i in range(rng.randint(4, 14)):
            start, end = _dates(rng, year)
            chosen = rng.sample(PARTNERS, rng.randint(0, 3))
            acts.append(act(f"{_sentence(rng, 3).capitalize()} {i}", kind=rng.choice(KINDS),
                            text=_sentence(rng, rng.randint(5, 30)), section=rng.choice([None, "Alianzas", "Eventos"]),
                            partners=[partner(n, a, c) for n, a, c in chosen],
                            countries=rng.sample(COUNTRIES, rng.randint(0, 3)),
                            regionales=rng.sample(REGIONALES, rng.randint(0, 3)), start=start, end=end,
                            beneficiaries=rng.choice([None, None, 3, 12, 40, 150])))
        title = rng.choice([f"Boletín Internacional {year}", f"Boletín de movilidad {year}", None])
        store.save_document(doc(f"boletin_{d:03d}.{rng.choice(['pdf', 'docx'])}", title=title, period=period), acts)


def random_query(rng: random.Random, with_text: bool, stored_days: list[date]) -> SearchQuery:
    """A query of random filters; date bounds are often a stored start or end, so the bounds' edges are tried."""
    kw: dict = {}
    if with_text:
        kw["text"] = " ".join(rng.choice(WORDS)[:rng.choice([3, 4, 5, 20])] for _ in range(rng.randint(1, 2)))
    for name, values, p in (("kinds", KINDS, 0.2), ("countries", COUNTRIES, 0.3), ("regionales", REGIONALES, 0.3),
                            ("partners", [a or n for n, a, _ in PARTNERS] + ["Lisboa", "nadie conocido"], 0.25)):
        if rng.random() < p:
            kw[name] = rng.sample(values, rng.randint(1, 2))
    if rng.random() < 0.45:
        y = rng.randint(2014, 2025)
        lo, hi = date(y, rng.randint(1, 12), 1), date(y + rng.randint(0, 1), rng.randint(1, 12), 28)
        if rng.random() < 0.5:
            lo, hi = sorted(rng.sample(stored_days, 2))
        kw["date_from"], kw["date_to"] = rng.choice([(lo, hi), (lo, None), (None, hi), (date(y, 1, 1), date(y, 12, 31))])
    if rng.random() < 0.15:
        kw["min_beneficiaries"] = rng.choice([0, 10, 100])
    return SearchQuery(sort=rng.choice(["relevance", "date"]), limit=rng.choice([5, 20, None]),
                       offset=rng.choice([0, 0, 3]), facet_limit=rng.choice([None, 3]), **kw)


@pytest.fixture
def stores(store_url: str) -> tuple[Store, Store]:
    """(the store answering from the database, the same store answering from its index)."""
    plain = open_store(store_url)
    fill(plain)
    indexed = open_store(store_url)
    indexed.use_search_index(background=False)
    yield plain, indexed
    indexed.close()
    plain.close()


@pytest.mark.parametrize("drivers", ["chosen", "text first", "filters first"])
def test_index_answers_as_the_database(stores: tuple[Store, Store], drivers: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Whichever set drives a search (the text's matches, or the filters' rows with the text looked up in
    them), the answer is the database's."""
    if drivers == "text first":
        monkeypatch.setattr(search_index, "LOOKUP_COST", 10**9)
        monkeypatch.setattr(search_index, "BROAD_TEXT", 10**9)
    elif drivers == "filters first":
        monkeypatch.setattr(search_index, "LOOKUP_COST", 0)
        monkeypatch.setattr(search_index, "BROAD_TEXT", 0)
    plain, indexed = stores
    pg = plain.engine.dialect.name == "postgresql"
    rng = random.Random(17)
    # PostgreSQL's own text matching (Spanish lexemes as prefixes) differs from the index's (words as prefixes),
    # so there only the queries without text are compared.
    days = sorted({date.fromisoformat(d) for r in plain.export_activities()
                   for d in (r["date_start"], r["date_end"]) if d})
    queries = [random_query(rng, with_text=not pg and i % 2 == 0, stored_days=days) for i in range(400)]
    hits = 0
    for q in queries:
        expected, got = plain.search(q), indexed.search(q)
        assert got.total == expected.total, q
        assert got.facets == expected.facets, q
        if query_terms(q.text) and q.sort == "relevance":
            whole = SearchQuery(**{**q.__dict__, "limit": None, "offset": 0})
            assert sorted(r["id"] for r in indexed.search(whole).results) == \
                sorted(r["id"] for r in plain.search(whole).results), q
        else:
            assert [r["id"] for r in got.results] == [r["id"] for r in expected.results], q
            assert got.results == expected.results
        hits += got.total > 0
    assert hits > 200, "most queries find something: the comparison is not of empty answers"
    assert indexed.search_index.index is not None


def test_a_write_makes_the_index_stale(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        fill(store, docs=3)
        index = store.use_search_index(background=False).build()
        before = store.search(SearchQuery(text="hidroponía")).total
        assert before == 0
        store.save_document(doc("nuevo.pdf"), [act("Hidroponía en el Huila", regionales=["CO-HUI"])])
        assert store.search(SearchQuery(text="hidroponía")).total == 1      # rebuilt by this search
        assert store.search_index.index is not index
        assert store.search_index.index.generation > index.generation


def test_a_stale_index_is_never_used_while_it_rebuilds(tmp_path: Path) -> None:
    """In the background mode, the search that finds the index stale answers from the database at once."""
    with open_store(str(tmp_path / "s.db")) as store:
        fill(store, docs=3)
        indexed = store.use_search_index(background=True)
        indexed.build()
        release = threading.Event()
        real_build = SearchIndex.build

        def slow_build(conn, cancelled):   # the rebuild waits until the test has searched
            release.wait(10)
            return real_build(conn, cancelled)

        SearchIndex.build = slow_build
        try:
            store.save_document(doc("nuevo.pdf"), [act("Acuicultura marina", countries=["NO"])])
            res = store.search(SearchQuery(countries=["NO"]))
            assert res.total == 1 and res.results[0]["title"] == "Acuicultura marina"
            assert res.facets["country"] == {"NO": 1}
        finally:
            release.set()
            SearchIndex.build = real_build
        indexed.wait(10)
        assert indexed.index.generation == indexed.current_generation()
        assert store.search(SearchQuery(countries=["NO"])).total == 1


def test_a_failed_build_leaves_searches_to_the_database(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        fill(store, docs=2)
        indexed = store.use_search_index(background=True)
        real_build = SearchIndex.build
        SearchIndex.build = classmethod(lambda cls, conn, cancelled: (_ for _ in ()).throw(MemoryError("no room")))
        try:
            total = store.search(SearchQuery()).total
            indexed.wait(10)
        finally:
            SearchIndex.build = real_build
        assert total > 0
        assert indexed.index is None and indexed.last_error == "MemoryError: no room"
        assert store.search(SearchQuery()).total == total


def test_closing_the_store_stops_building(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    fill(store, docs=2)
    with store.engine.connect() as conn:
        with pytest.raises(BuildCancelled):
            SearchIndex.build(conn, cancelled=lambda: True)
    indexed = store.use_search_index(background=True)
    store.search(SearchQuery())
    store.close()
    assert indexed._thread is None or not indexed._thread.is_alive()
    indexed.warm()
    assert indexed._thread is None or not indexed._thread.is_alive(), "a closed store builds no more"


def test_index_ranks_by_field_weight_and_frequency(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "r.db")) as store:
        store.use_search_index(background=False)
        store.save_document(doc("r.pdf", title="Boletín general"), [
            act("Taller general", text="Se mencionó de paso la acuaponía."),
            act("Acuaponía en centros", text="Programa de acuaponía y acuaponía aplicada."),
            act("Visita", text="Reunión", partners=[partner("Red de Acuaponía Andina")]),
        ])
        res = store.search(SearchQuery(text="acuaponia"))
        assert [r["title"] for r in res.results] == ["Acuaponía en centros", "Visita", "Taller general"]


# --- the pieces, against plain Python ----------------------------------------------------------------------

def test_distinct_is_numpys_unique() -> None:
    rng = np.random.default_rng(3)
    for n in (0, 1, 2, 7, 1000):
        for dtype in (np.int32, np.int64):
            values = rng.integers(0, 40, n).astype(dtype)
            got = search_index._distinct(values)
            assert got.dtype == values.dtype and np.array_equal(got, np.unique(values))


def test_links_count_and_filter_like_plain_python() -> None:
    rng = np.random.default_rng(3)
    n = 600
    pairs = [(int(r), str(v)) for r, v in zip(rng.integers(0, 500, 2000), rng.integers(0, 40, 2000))]
    pairs += [(7, str(v)) for v in range(30)] + [(8, str(v)) for v in range(0, 40, 2)]   # rows of many values
    pairs += [(r, v) for r in range(520, 560) for v in ("5", "6")]                        # a shared combination
    links = Links.build(n, np.array([p[0] for p in pairs]), [p[1] for p in pairs])
    assert links.combo[520] == links.combo[559] != links.combo[7]
    assert links.combo[560] == links.combo[599]                                           # no values at all
    distinct = set(pairs)
    for size in (0, 3, 60, 450, 580, n):
        rows = np.sort(np.concatenate([rng.choice(n, size, replace=False)[:max(size - 2, 0)], [7, 8][:size]]))
        rows = np.unique(rows).astype(np.int64)
        chosen = set(rows.tolist())
        expected = {}
        for r, v in distinct:
            if r in chosen:
                expected[v] = expected.get(v, 0) + 1
        counts = links.counts(rows)
        assert {links.labels[c]: int(k) for c, k in enumerate(counts) if k} == expected
        for wanted in (["3"], ["3", "17", "99"], ["29"], ["38"], []):
            assert set(rows[links.has_any(rows, wanted)].tolist()) == {r for r, v in distinct
                                                                       if v in wanted and r in chosen}
    for wanted in (["3"], ["3", "17", "99"], ["38", "0"], ["nada"]):
        assert links.rows_with(wanted).tolist() == sorted({r for r, v in distinct if v in wanted})
        assert links.size_of(wanted) == len({(r, v) for r, v in distinct if v in wanted})


def test_text_terms_match_words_prefixes_and_stem_forms(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "t.db")) as store:
        store.save_document(doc("t.pdf", title=None), [
            act("Mujeres en la industria", text="Cursos para mujer emprendedora."),
            act("Formación dual", text="Formadores y formaciones."),
            act("Sin relación", text="Nada que ver: formol."),
        ])
        with store.engine.connect() as conn:
            index = SearchIndex.build(conn)

        def matching(term: str) -> set[str]:
            f = index.text.frequencies(term, index.size)
            return {str(index.ids[r]) for r in np.flatnonzero(f)}

        ids = [str(r["id"]) for r in store.export_activities()]
        every_row = np.arange(index.size)
        for term in ("mujer", "form", "formacion", "for", "zzz", "cursos", "nada"):
            assert np.array_equal(index.text.frequencies_at(term, every_row), index.text.frequencies(term, index.size))
        assert matching("mujer") == {ids[0]}                  # singular and plural meet through stems
        assert matching("form") == {ids[1], ids[2]}           # a prefix of four letters begins words
        assert matching("formacion") == {ids[1]}
        assert matching("for") == set()                       # three letters: whole words only
        assert index.text.postings("form") == (4, 4)           # more postings than rows: BM25 still ranks
        assert [r["title"] for r in store.search(SearchQuery(text="form")).results][0] == "Formación dual"
        assert matching("zzz") == set()


def test_an_empty_store_has_an_empty_index(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "e.db")) as store:
        store.use_search_index(background=False)
        for q in (SearchQuery(), SearchQuery(text="cooperación", countries=["JP"]),
                  SearchQuery(sort="date", date_from=date(2020, 1, 1))):
            res = store.search(q)
            assert (res.total, res.results) == (0, [])
            assert res.facets == {name: {} for name in ("kind", "country", "partner", "regional", "year")}
        assert store.search_index.index.size == 0


def test_a_large_store_is_indexed_in_a_child_process(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past PROCESS_BUILD_MIN_ROWS the background build runs in another process (this one's threads keep
    the interpreter lock for the searches answered meanwhile); the index it sends back answers the same."""
    monkeypatch.setattr(search_index, "PROCESS_BUILD_MIN_ROWS", 1)
    with open_store(store_url) as store:
        fill(store, docs=4)
        expected = store.search(SearchQuery(countries=["JP"], limit=None))
        indexed = store.use_search_index(background=True)
        assert indexed._in_child_process()
        indexed.warm()
        indexed.wait(60)
        assert indexed.last_error is None and indexed.index is not None
        assert indexed.index.generation == indexed.current_generation()
        got = store.search(SearchQuery(countries=["JP"], limit=None))
        assert (got.total, got.facets, got.results) == (expected.total, expected.facets, expected.results)


def test_closing_ends_a_build_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "PROCESS_BUILD_MIN_ROWS", 1)
    store = open_store(str(tmp_path / "s.db"))
    fill(store, docs=2)
    indexed = store.use_search_index(background=True)
    indexed.warm()
    for _ in range(200):                 # until the child has started
        if indexed._child is not None or indexed.index is not None:
            break
        threading.Event().wait(0.02)
    child = indexed._child
    store.close()
    assert not indexed._thread.is_alive()
    assert child is None or not child.is_alive()
