"""Search results and facets equal a brute-force computation over the base tables, on SQLite and PostgreSQL,
whichever path a query takes (maintained counts, calendar-year span counts plus half-open spans, the
FTS5 hits path, the general hits path); and the maintained counts stay exact through saves, re-saves,
deletions and curation, and are verified by check_integrity."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from extractor.store import SearchQuery, Store, open_store
from extractor.store.facets import count_over_hits
from extractor.store.integrity import check_integrity
from extractor.store.search import _fill_hits, _hits_page, matching
from tests.store.facet_rows import facet_rows, recounted_rows

from . import act, doc, partner


def _doc(name: str, period: tuple[date | None, date | None] = (date(2021, 4, 1), date(2021, 6, 30))):  # noqa: ANN202
    return doc(name, text="Boletín de prueba. " * 4, period=period)


def _corpus(store: Store) -> None:
    """Spans of every shape: closed within a year, across years, over many years, inverted, open at either
    end, none at all (the bulletin's period then), and no date anywhere."""
    p = partner
    store.save_document(_doc("a.pdf"), [
        act("Convenio de formación dual", kind="alliance", countries=["DE"], regionales=["CO-DC"],
            partners=[p("Cámara Alemana"), p("Instituto Sierra Verde")], start=date(2021, 5, 1), end=date(2021, 5, 3)),
        act("Movilidad de aprendices", kind="mobility_out", countries=["JP", "KR"], regionales=["CO-ANT", "CO-DC"],
            partners=[p("Agencia Nipona")], start=date(2020, 11, 1), end=date(2022, 2, 1)),
        act("Programa de formación de largo plazo", kind="training", countries=["ES"], partners=[p("Red Andina")],
            start=date(2015, 1, 1), end=date(2030, 12, 31)),
        act("Foro de formación abierto", kind="event", countries=["MX"], regionales=["CO-SAN"],
            partners=[p("Red Andina")], end=date(2022, 10, 31)),
        act("Acuerdo vigente desde 2019", kind="alliance", countries=["PE"], partners=[p("Instituto Sierra Verde")],
            start=date(2019, 3, 1)),
        act("Curso sin fechas propias", kind="training", regionales=["CO-DC"], partners=[p("Cámara Alemana")]),
        act("Fechas invertidas", kind="other", countries=["DE"], start=date(2021, 9, 1), end=date(2021, 2, 1)),
    ])
    store.save_document(_doc("b.pdf", (date(2022, 1, 1), date(2022, 3, 31))), [
        act("Visita de delegación alemana", kind="delegation_visit", countries=["DE"], regionales=["CO-ATL"],
            partners=[p("Cámara Alemana")]),
        act("Formación en energías renovables", kind="training", countries=["DE", "ES"],
            partners=[p("Red Andina"), p("Agencia Nipona")], start=date(2021, 12, 20), end=date(2022, 1, 10)),
    ])
    store.save_document(_doc("c.pdf", (None, None)), [act("Actividad sin fecha", kind="other", countries=["PE"])])


def _brute(store: Store, q: SearchQuery) -> tuple[int, dict[str, dict[str, int]], list[int]]:
    """Total, facets (unlimited) and the ids in document/seq order, from the base tables in Python."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT a.id, a.kind, a.year, a.span_start, a.span_end, d.name, a.seq "
                                 "FROM activities a JOIN documents d ON d.id = a.document_id")).all()
        links: dict[str, dict[int, set[str]]] = {"country": {}, "regional": {}, "partner": {}}
        for dim, sql in (("country", "SELECT activity_id, code FROM activity_countries"),
                         ("regional", "SELECT activity_id, code FROM activity_regionales"),
                         ("partner", "SELECT ap.activity_id, p.name FROM activity_partners ap "
                                     "JOIN partners p ON p.id = ap.partner_id")):
            for aid, v in conn.execute(text(sql)):
                links[dim].setdefault(aid, set()).add(v)

    def as_date(v: Any) -> date | None:
        return date.fromisoformat(v) if isinstance(v, str) else v

    def keep(r: Any) -> bool:
        if q.kinds and r.kind not in q.kinds:
            return False
        for dim, wanted in (("country", q.countries), ("regional", q.regionales), ("partner", q.partners)):
            if wanted and not links[dim].get(r.id, set()) & set(wanted):
                return False
        if q.date_from or q.date_to:
            s, e = as_date(r.span_start), as_date(r.span_end)
            if s is None and e is None:
                return False
            if q.date_to and s is not None and s > q.date_to:
                return False
            if q.date_from and e is not None and e < q.date_from:
                return False
        return True

    hits = sorted((r for r in rows if keep(r)), key=lambda r: (r.name, r.seq))
    facets: dict[str, dict[str, int]] = {"kind": {}, "country": {}, "partner": {}, "regional": {}, "year": {}}
    for r in hits:
        values = {"kind": {r.kind}, "year": {str(r.year)} if r.year is not None else set(),
                  **{dim: links[dim].get(r.id, set()) for dim in links}}
        for name, vs in values.items():
            for v in vs:
                facets[name][v] = facets[name].get(v, 0) + 1
    return len(hits), facets, [r.id for r in hits]


def _general(store: Store, q: SearchQuery) -> tuple[int, dict[str, dict[str, int]], list[int]]:
    """Total, facets and the ranked ids the general way (the matching set with its rank in _hits)."""
    with store.engine.connect() as conn:
        base, rank = matching(conn, store.backend, q)
        total = _fill_hits(conn, base, rank)
        return total, count_over_hits(conn, None), list(conn.execute(_hits_page(q, rank is not None)).scalars())


@pytest.fixture
def store(store_url: str) -> Store:
    s = open_store(store_url)
    _corpus(s)
    yield s
    s.close()


def Y(year: int) -> dict[str, date]:   # noqa: N802 - a calendar-year window, as --from Y --to Y gives
    return {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31)}


STRUCTURED = [
    {}, {"countries": ["DE"]}, {"kinds": ["training"]}, {"regionales": ["CO-DC"]}, {"partners": ["Red Andina"]},
    Y(2021), Y(2022), Y(2019), Y(2025), Y(2031), Y(2014),                                  # the span counts
    {"date_from": date(2021, 3, 1), "date_to": date(2021, 5, 2)},                            # part of a year
    {"date_from": date(2020, 1, 1), "date_to": date(2022, 12, 31)},                          # several years
    {"date_from": date(2022, 1, 5)}, {"date_to": date(2020, 12, 31)},                         # one bound
    {**Y(2021), "countries": ["DE"]}, {**Y(2022), "partners": ["Red Andina"]},
    {"countries": ["DE"], "regionales": ["CO-DC"]}, {"countries": ["DE", "JP"]},
    {"partners": ["Red Andina", "Cámara Alemana"], "regionales": ["CO-DC", "CO-ANT"]}, {"partners": ["nadie"]},
]


@pytest.mark.parametrize("kw", STRUCTURED, ids=str)
def test_structured_queries_equal_brute_force(store: Store, kw: dict) -> None:
    q = SearchQuery(limit=None, **kw)
    total, facets, ids = _brute(store, q)
    res = store.search(q)
    assert (res.total, res.facets) == (total, facets)
    assert [r["id"] for r in res.results] == ids
    # Half-open spans reach any year on their open side (2014, 2031), so only the unknown partner matches nothing.
    assert (total == 0) == (kw == {"partners": ["nadie"]})


def test_calendar_year_adds_half_open_spans_and_keeps_the_facet_limit(store: Store) -> None:
    """2023 matches only the span 2015–2030 (counted) and the open-ended agreement from 2019 (not counted):
    both must be there, and a facet limit must cut the merged counts, not each part."""
    res = store.search(SearchQuery(limit=None, facet_limit=1, **Y(2023)))
    titles = {r["title"] for r in res.results}
    assert titles == {"Programa de formación de largo plazo", "Acuerdo vigente desde 2019"}
    full = _brute(store, SearchQuery(limit=None, **Y(2023)))[1]
    for name, counts in res.facets.items():
        top = sorted(full[name].items(), key=lambda kv: (-kv[1], int(kv[0]) if name == "year" else kv[0]))[:1]
        assert res.facets[name] == dict(top), name


TEXTUAL = [{"text": "formación"}, {"text": "formación", "countries": ["DE"]}, {"text": "formacion", **Y(2021)},
           {"text": "formación dual", "regionales": ["CO-DC"]}, {"text": "alemana", "partners": ["Cámara Alemana"]},
           {"text": "aprendiz", **Y(2022)}, {"text": "zzzz"}, {"text": "formación", **Y(2023)}, {"text": "foro", **Y(2014)}]


@pytest.mark.parametrize("kw", TEXTUAL, ids=str)
def test_text_queries_equal_the_general_path(store: Store, kw: dict) -> None:
    q = SearchQuery(limit=None, **kw)
    res = store.search(q)
    assert (res.total, res.facets, [r["id"] for r in res.results]) == _general(store, q)   # same rank order too
    # Structure-only brute force on the text matches: the filters applied on top of the text are exact.
    textual = {r["id"] for r in store.search(SearchQuery(text=kw["text"], limit=None)).results}
    rest = {k: v for k, v in kw.items() if k != "text"}
    assert {r["id"] for r in res.results} == textual & set(_brute(store, SearchQuery(limit=None, **rest))[2])
    paged = store.search(SearchQuery(limit=2, offset=1, **kw))
    assert [r["id"] for r in paged.results] == [r["id"] for r in res.results][1:3]




def _exact(store: Store) -> None:
    assert facet_rows(store) == recounted_rows(store)
    assert check_integrity(store) == []
    for kw in (Y(2021), Y(2022), Y(2023), {}):
        q = SearchQuery(limit=None, **kw)
        assert (store.search(q).total, store.search(q).facets) == _brute(store, q)[:2]


def test_span_counts_follow_save_resave_delete_and_curation(store: Store) -> None:
    rows = facet_rows(store)
    # Python's span values and the SQL recount agree on every span shape of the corpus.
    assert rows[("span", "2021", "", "")] == 6 and rows[("span", "2025", "", "")] == 1
    assert max(int(k[1]) for k in rows if k[0] == "spanlen") == 15
    _exact(store)
    # Re-save with other dates: the old spans go, the new ones come.
    store.save_document(_doc("a.pdf"), [act("Convenio nuevo", countries=["DE"], partners=[partner("Red Andina")],
                                            start=date(2024, 2, 1), end=date(2026, 1, 1))])
    assert ("span", "2030", "", "") not in facet_rows(store)
    _exact(store)
    # A failed first read of a stored document keeps it; a document replaced by a failure loses its activities.
    store.save_document(_doc("d.pdf"), [act("Taller", start=date(2023, 5, 1), end=date(2023, 5, 2),
                                            partners=[partner("Agencia Nipona")])])
    store.record_failure(doc("d.pdf", sha="other", status="failed", error="gone"))
    _exact(store)
    # Curation: a merge moves mentions; a rename changes the facet's name, not its counts.
    store.merge_partners(["Agencia Nipona"], "Red Andina")
    _exact(store)
    store.rename_partner("Red Andina", "Red Andina de Formación")
    res = store.search(SearchQuery(limit=None, **Y(2022)))
    assert "Red Andina de Formación" in res.facets["partner"] and "Red Andina" not in res.facets["partner"]
    _exact(store)


def test_integrity_check_finds_a_wrong_span_count(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE facet_counts SET n = n + 1 WHERE dim = 'span' AND value = '2021' AND dim2 = ''"))
    problems = check_integrity(store)
    assert problems and all("facet_counts" in p for p in problems), problems
    assert any("'span', '2021'" in p for p in problems)


def test_migration_adds_span_counts_to_an_older_store(tmp_path) -> None:  # noqa: ANN001
    """A store at 0003 (before span counts) is upgraded on opening: its counts are then complete."""
    from alembic import command
    from extractor.store.schema import alembic_config

    db = tmp_path / "old.db"
    s = open_store(str(db))
    _corpus(s)
    expected = facet_rows(s)
    with s.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003_speed")
    s.close()
    s = open_store(str(db))
    with s.engine.connect() as conn:
        indexes = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_activities_hits", "ix_activities_span_end"} <= indexes
    assert facet_rows(s) == expected and check_integrity(s) == []
    s.close()
