"""Search: text (accents, Spanish word forms), every filter alone and combined, dates, facets, hostile input.

The same corpus runs on the SQLite text backends (FTS5 and the portable LIKE index) and on a real
PostgreSQL server (Spanish full text with unaccent; tests/pg.py starts it).
"""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from extractor.store import SearchQuery, Store, open_store, parse_bound
from extractor.store.search import Fts5Backend, LikeBackend, query_terms
from tests.pg import TEMPLATE_DB, PgServer

from . import act, doc, partner

Q2_2024 = (date(2024, 4, 1), date(2024, 6, 30))
Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))


def build(store: Store) -> dict[str, int]:
    """Save a small varied corpus; return activity ids by a short label."""
    store.save_document(doc("boletin_2024_t2.pdf", title="Boletín Internacional – abril a junio 2024",
                            period=Q2_2024), [
        act("Alianza con Instituto Politécnico de Lisboa", kind="alliance",
            text="Cooperación para la enseñanza del portugués a aprendices.",
            partners=[partner("Instituto Politécnico de Lisboa", "IPL", "PT")], countries=["PT"],
            regionales=["CO-ANT"]),
        act("Movilidad de aprendices a Japón", kind="mobility_out", text="Pasantía técnica en Osaka.",
            partners=[partner("Agencia de Cooperación Nipona", "ACN", "JP")], countries=["JP"], cities=["Osaka"],
            start=date(2024, 5, 6), end=date(2024, 5, 20), beneficiaries=12, regionales=["CO-DC", "CO-VAC"]),
        act("Curso de inglés técnico", kind="training", text="Dos cohortes de instructores.",
            partners=[partner("Consejo Cultural Británico", "CCB", "GB")], countries=["GB"],
            start=date(2024, 6, 25), end=date(2024, 7, 5), beneficiaries=40, regionales=["CO-DC"]),
        act("Foro regional de formación dual", kind="event", text="El aprendiz ganador viaja al foro.",
            partners=[partner("Cámara Binacional de Comercio", None, "DE")], countries=["DE", "MX"],
            end=date(2025, 10, 31), regionales=["CO-SAN"]),
    ])
    store.save_document(doc("boletin_2025_t1.docx", title="Boletín Internacional – enero a marzo 2025",
                            period=Q1_2025), [
        act("Visita de delegación portuguesa", kind="delegation_visit", text="Recorrido por tres centros.",
            partners=[partner("IPL", "IPL", "PT")], countries=["PT"], start=date(2025, 2, 10),
            end=date(2025, 2, 10), regionales=["CO-ATL"]),
        act("Expertos de Alemania visitan centros", kind="mobility_in", text="Asesoría en energías renovables.",
            partners=[partner("Cámara Binacional de Comercio e Industria", None, "DE")], countries=["DE"],
            beneficiaries=5),
        act("Memorando con entidad multilateral", kind="alliance", text="Marco de cooperación regional.",
            partners=[partner("Organización Regional del Trabajo", "ORT", None)]),
    ])
    store.save_document(doc("sin_periodo.txt", title=None, period=(None, None)),
                        [act("Actividad sin fecha", kind="other", text="Sin fecha ni periodo.")])
    labels = ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "c1"]
    return dict(zip(labels, [r["id"] for r in store.export_activities()]))


@pytest.fixture(scope="module")
def pg_corpus(pg_server: PgServer) -> tuple[Store, dict[str, int]]:
    """Built once: the corpus tests only read."""
    name = pg_server.create_database(template=TEMPLATE_DB)
    store = open_store(pg_server.url(name))
    assert type(store.backend).__name__ == "PgFtsBackend"
    yield store, build(store)
    store.close()
    pg_server.drop_database(name)


@pytest.fixture(params=["fts5", "like", "postgres", "index", "index-postgres"])
def corpus(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Store, dict[str, int]]:
    """The corpus on each text backend, and answered by the in-memory search index (search_index.py) over
    SQLite and over PostgreSQL."""
    if request.param.endswith("postgres"):
        pg_store, ids = request.getfixturevalue("pg_corpus")
        if request.param == "postgres":
            yield pg_store, ids
            return
        store = Store(pg_store.engine, pg_store.backend)   # the engine stays pg_corpus's to close
        store.use_search_index(background=False)
        yield store, ids
        assert store.search_index.index is not None, "the index answered"
        store.search_index.close()
        return
    opened = open_store(str(tmp_path / "kb.db"))
    assert isinstance(opened.backend, Fts5Backend)
    store = Store(opened.engine, LikeBackend()) if request.param == "like" else opened
    ids = build(store)
    if request.param == "index":
        store.use_search_index(background=False)
    yield store, ids
    if request.param == "index":
        assert store.search_index.index is not None, "the index answered"
    opened.close()


def found(store: Store, ids: dict[str, int], **kw: object) -> set[str]:
    res = store.search(SearchQuery(limit=None, **kw))
    by_id = {v: k for k, v in ids.items()}
    labels = {by_id[r["id"]] for r in res.results}
    assert res.total == len(labels)
    return labels


# --- text ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("portugues", {"a1", "b1"}),            # accent-free query finds "portugués" (and "portuguesa" by prefix)
    ("PORTUGUÉS", {"a1", "b1"}),
    ("aprendiz", {"a1", "a2", "a4"}),       # singular finds plural "aprendices"
    ("aprendices", {"a1", "a2", "a4"}),     # and plural finds singular
    ("japon", {"a2"}),
    ("energia", {"b2"}),                    # singular, no accent → "energías"
    ("nipona", {"a2"}),                     # partner names are indexed
    ("abril junio", {"a1", "a2", "a3", "a4"}),   # document title is indexed
    ("aprendices japón", {"a2"}),           # terms combine with AND
    ("cooperación de la", {"a1", "a2", "b3"}),   # stopwords do not narrow
    ("zzzinexistente", set()),
])
def test_text(corpus: tuple[Store, dict[str, int]], query: str, expected: set[str]) -> None:
    store, ids = corpus
    assert found(store, ids, text=query) == expected


def test_empty_text_is_no_filter(corpus: tuple[Store, dict[str, int]]) -> None:
    store, ids = corpus
    for q in (None, "", "   ", "***", "\"\""):
        assert found(store, ids, text=q) == set(ids)


@pytest.mark.parametrize("indexed", [False, True])
def test_relevance_ranks_title_hits_first(tmp_path: Path, indexed: bool) -> None:
    with open_store(str(tmp_path / "r.db")) as store:
        if indexed:
            store.use_search_index(background=False)
        store.save_document(doc("r.pdf"), [
            act("Taller general", text="Se mencionó de paso la robótica."),
            act("Robótica educativa", text="Programa de robótica con robótica aplicada."),
        ])
        res = store.search(SearchQuery(text="robotica"))
        assert [r["title"] for r in res.results] == ["Robótica educativa", "Taller general"]


# --- filters -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kw, expected", [
    ({"kinds": ["training", "event"]}, {"a3", "a4"}),
    ({"kinds": ["alliance"]}, {"a1", "b3"}),
    ({"countries": ["PT"]}, {"a1", "b1"}),
    ({"countries": ["pt", "JP"]}, {"a1", "a2", "b1"}),
    ({"partners": ["ipl"]}, {"a1", "b1"}),                              # acronym
    ({"partners": ["Instituto Politecnico de Lisboa"]}, {"a1", "b1"}),  # name without accents
    ({"partners": ["Lisboa"]}, {"a1", "b1"}),                           # a whole word of a name
    ({"partners": ["ACN", "ort"]}, {"a2", "b3"}),
    ({"partners": ["Organización desconocida"]}, set()),
    ({"regionales": ["co-dc"]}, {"a2", "a3"}),
    ({"regionales": ["CO-ANT", "CO-ATL"]}, {"a1", "b1"}),
    ({"min_beneficiaries": 12}, {"a2", "a3"}),
    ({"min_beneficiaries": 0}, {"a2", "a3", "b2"}),
    ({"min_beneficiaries": 10**20}, set()),                            # past any INTEGER: nothing, no error
    ({"min_beneficiaries": -10**20}, {"a2", "a3", "b2"}),
    # combined: AND across dimensions
    ({"countries": ["DE"], "kinds": ["mobility_in"]}, {"b2"}),
    ({"text": "aprendices", "countries": ["JP", "DE"]}, {"a2", "a4"}),
    ({"partners": ["IPL"], "date_from": date(2025, 1, 1)}, {"b1"}),
    ({"regionales": ["CO-DC"], "min_beneficiaries": 20, "kinds": ["training"]}, {"a3"}),
    ({"regionales": ["CO-DC"], "kinds": ["alliance"]}, set()),
])
def test_filters(corpus: tuple[Store, dict[str, int]], kw: dict, expected: set[str]) -> None:
    store, ids = corpus
    assert found(store, ids, **kw) == expected


def test_partner_alias_learned_from_written_form(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "p.db")) as store:
        store.save_document(doc("a.pdf"), [act("Uno", partners=[partner("Red Andina de Escuelas Técnicas", "RAET")])])
        store.save_document(doc("b.pdf"), [act("Dos", partners=[partner("Red Andina de Escuelas Tecnicas – RAET",
                                                                         "RAET")])])
        # the second written form resolved by acronym and became an alias of the same partner
        res = store.search(SearchQuery(partners=["red andina de escuelas tecnicas raet"]))
        assert {r["title"] for r in res.results} == {"Uno", "Dos"}
        assert res.facets["partner"] == {"Red Andina de Escuelas Técnicas": 2}


# --- dates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bounds, expected", [
    (("2024-07", "2024-07"), {"a3", "a4"}),         # a3 runs into July; a4 has only an end: open start
    (("2025", "2025"), {"a4", "b1", "b2", "b3"}),    # b2, b3 have no dates: their bulletin's period counts
    (("2025-11", None), set()),
    ((None, "2024-04"), {"a1", "a4"}),
    ((None, "2024-05-06"), {"a1", "a2", "a4"}),      # bounds are inclusive
    (("2024-05-21", "2024-06-24"), {"a1", "a4"}),    # between a2's end and a3's start
    (("2024-05-20", "2024-05-20"), {"a1", "a2", "a4"}),
])
def test_date_overlap(corpus: tuple[Store, dict[str, int]], bounds: tuple, expected: set[str]) -> None:
    store, ids = corpus
    lo, hi = bounds
    kw = {"date_from": parse_bound(lo) if lo else None, "date_to": parse_bound(hi, end=True) if hi else None}
    got = found(store, ids, **kw)
    assert got == expected
    assert "c1" not in got   # no date and no period: never in a date-filtered result


@pytest.mark.parametrize("s, end, expected", [
    ("2024", False, date(2024, 1, 1)), ("2024", True, date(2024, 12, 31)),
    ("2024-02", False, date(2024, 2, 1)), ("2024-02", True, date(2024, 2, 29)),
    ("2023-02", True, date(2023, 2, 28)), ("2025-7", True, date(2025, 7, 31)),
    ("2025-03-15", False, date(2025, 3, 15)), (" 2025-03-15 ", True, date(2025, 3, 15)),
])
def test_parse_bound(s: str, end: bool, expected: date) -> None:
    assert parse_bound(s, end=end) == expected


@pytest.mark.parametrize("bad", ["", "24", "2024-13", "2024-02-30", "marzo 2024", "2024/03", "2024-03-01T00"])
def test_parse_bound_rejects(bad: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_bound(bad)
    assert "\n" not in str(info.value)


# --- facets, sorting, paging ---------------------------------------------------------------------------------

def test_facets_count_all_matches_not_the_page(corpus: tuple[Store, dict[str, int]]) -> None:
    store, _ = corpus
    res = store.search(SearchQuery(limit=1))
    assert res.total == 8 and len(res.results) == 1
    f = res.facets
    assert set(f) == {"kind", "country", "partner", "regional", "year"}
    assert f["kind"] == {"alliance": 2, "delegation_visit": 1, "event": 1, "mobility_in": 1, "mobility_out": 1,
                         "other": 1, "training": 1}
    assert f["country"] == {"DE": 2, "PT": 2, "GB": 1, "JP": 1, "MX": 1}
    assert f["regional"] == {"CO-DC": 2, "CO-ANT": 1, "CO-ATL": 1, "CO-SAN": 1, "CO-VAC": 1}
    assert f["year"] == {"2025": 4, "2024": 3}
    assert f["partner"]["Instituto Politécnico de Lisboa"] == 2
    assert list(f["country"])[:2] == ["DE", "PT"]   # by count, then value


def test_facets_follow_filters(corpus: tuple[Store, dict[str, int]]) -> None:
    store, _ = corpus
    res = store.search(SearchQuery(countries=["DE"]))
    assert res.facets["kind"] == {"event": 1, "mobility_in": 1}
    assert res.facets["country"] == {"DE": 2, "MX": 1}
    assert store.search(SearchQuery(facet_limit=1)).facets["kind"] == {"alliance": 2}


def test_sort_by_date_and_paging(corpus: tuple[Store, dict[str, int]]) -> None:
    store, ids = corpus
    by_id = {v: k for k, v in ids.items()}
    res = store.search(SearchQuery(sort="date", limit=None))
    order = [by_id[r["id"]] for r in res.results]
    assert order[0] == "a4" and order[-1] == "c1"
    assert order.index("b1") < order.index("a3") < order.index("a2") < order.index("a1")
    pages = [store.search(SearchQuery(sort="date", limit=3, offset=o)).results for o in (0, 3, 6)]
    assert [by_id[r["id"]] for p in pages for r in p] == order
    assert store.search(SearchQuery(limit=0)).results == []
    for far in (10**20, 2**63, -5):   # beyond what SQLite or psycopg bind: an empty page (a negative one: the first)
        for text in (None, "aprendices"):
            page = store.search(SearchQuery(text=text, sort="date", limit=3, offset=far))
            assert page.total == store.search(SearchQuery(text=text, limit=0)).total > 0
            assert page.results == ([] if far > 0 else store.search(SearchQuery(text=text, sort="date", limit=3)).results)


def test_results_are_section1_records(corpus: tuple[Store, dict[str, int]]) -> None:
    store, _ = corpus
    res = store.search(SearchQuery(text="japon"))
    [rec] = res.results
    assert rec["document"] == "boletin_2024_t2.pdf" and rec["cities"] == ["Osaka"]
    assert rec["partners"] == [{"name": "Agencia de Cooperación Nipona", "acronym": "ACN", "country": "JP"}]
    assert set(res.to_dict()) == {"total", "results", "facets"}


# --- hostile input -------------------------------------------------------------------------------------------

HOSTILE = ['"', "'", "AND(", "*", "NEAR", "NEAR(a b, 2)", "a OR", "OR", "NOT", "^", "title:x", "{title}: x",
           "'; DROP TABLE activities;--", "\\", "%", "_", "\x00", "😀", "²³", "aprendi\u0301ces", "‮", "x" * 5000,
           "-portugues", "col:", "(", ")", "a AND (b OR", "\"unbalanced", "中文 检索"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_text_never_raises(corpus: tuple[Store, dict[str, int]], query: str) -> None:
    store, _ = corpus
    res = store.search(SearchQuery(text=query, partners=[query]))
    assert res.total == 0   # nothing matches these partners
    res = store.search(SearchQuery(text=query))
    assert isinstance(res.total, int) and res.total == len(res.results)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM activities")).scalar() == 8


def test_ten_kilobytes_of_text(corpus: tuple[Store, dict[str, int]]) -> None:
    store, ids = corpus
    assert found(store, ids, text="aprendices " * 1000) == {"a1", "a2", "a4"}
    noise = " ".join(f"palabra{i}" for i in range(1200))
    assert len(noise) > 10_000
    assert found(store, ids, text=noise) == set()
    assert len(query_terms(noise)) == 64


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
       | st.text(alphabet=string.printable, max_size=80))
def test_any_text_never_raises(corpus: tuple[Store, dict[str, int]], query: str) -> None:
    store, _ = corpus
    res = store.search(SearchQuery(text=query, partners=[query], limit=5))
    assert res.total >= 0
