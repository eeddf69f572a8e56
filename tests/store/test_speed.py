"""The store's speed machinery keeps results exact: maintained facet counts, the registry kept between saves,
one evaluation of the matching set per search, and opening a current store without Alembic."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from extractor.store import SearchQuery, Store, open_store
from extractor.store.facets import count_over_hits
from extractor.store.integrity import check_integrity
from extractor.store.schema import HEAD, head_revision
from extractor.store.search import _fill_hits, matching
from tests.store.facet_rows import facet_rows, recounted_rows

from . import act, doc, partner


@pytest.fixture
def store(store_url: str) -> Store:
    s = open_store(store_url)
    yield s
    s.close()


def _doc(name: str, **kw: object):   # noqa: ANN202 - text long enough for the items' evidence offsets
    return doc(name, text="Boletín de prueba. " * 4, **kw)


def _over_hits(store: Store, q: SearchQuery) -> tuple[int, dict[str, dict[str, int]]]:
    """Total and facets computed the general way (the matching set in _hits), whatever the query."""
    with store.engine.connect() as conn:
        base, rank = matching(conn, store.backend, q)
        return _fill_hits(conn, base, rank), count_over_hits(conn, q.facet_limit)


def _bulletin(n: int, *, countries: list[str], partners_: list[str], year: int) -> list:
    return [act(f"Actividad {n}-{i}", kind=("alliance", "event", "mobility_out")[i % 3],
                countries=countries[: 1 + i % len(countries)], regionales=["CO-ANT"] if i % 2 else ["CO-DC", "CO-ANT"],
                partners=[partner(p) for p in partners_[: 1 + i % len(partners_)]] + [partner(partners_[0])],
                start=date(year, 1 + i % 12, 5))
            for i in range(5)]


BROAD = [SearchQuery(limit=50), SearchQuery(countries=["PE"], limit=50), SearchQuery(kinds=["event"], limit=50),
         SearchQuery(regionales=["co-ant"], limit=50), SearchQuery(partners=["Red Andina de Formación"], limit=50),
         SearchQuery(countries=["pe"], facet_limit=2, limit=3, offset=2)]


def test_facet_counts_follow_saves_replacements_failures_and_merges(store: Store) -> None:
    store.save_document(_doc("a.pdf"), _bulletin(1, countries=["PE", "EC"], year=2021,
                                                partners_=["Red Andina de Formación", "Instituto Sierra Verde"]))
    store.save_document(_doc("b.pdf"), _bulletin(2, countries=["EC", "PE", "BO"], year=2022,
                                                partners_=["Instituto Sierra Verde", "Colegio Técnico Lago Azul"]))
    assert facet_rows(store) == recounted_rows(store)
    # Re-saving with other items subtracts the old ones; a failed re-read of an ok document changes nothing.
    store.save_document(_doc("a.pdf"), _bulletin(3, countries=["PE"], year=2023, partners_=["Red Andina de Formación"]))
    store.record_failure(_doc("a.pdf", status="failed", error="unreadable"))
    assert facet_rows(store) == recounted_rows(store)
    # A merge moves mentions (an activity naming both partners counts once under the target).
    store.merge_partners(["Instituto Sierra Verde"], "Colegio Técnico Lago Azul")
    assert facet_rows(store) == recounted_rows(store)
    # A document replaced by a failure loses its activities.
    store.record_failure(_doc("c.pdf", status="failed", error="x"))
    store.save_document(_doc("c.pdf"), _bulletin(4, countries=["BO"], year=2020, partners_=["Colegio Técnico Lago Azul"]))
    store.record_failure(_doc("c.pdf", sha="other", status="failed", error="gone"))
    assert facet_rows(store) == recounted_rows(store)
    for q in BROAD:
        res = store.search(q)
        total, facets = _over_hits(store, q)
        assert (res.total, res.facets) == (total, facets), q
    assert store.search(SearchQuery(countries=["PE"])).total == 5 + 3   # all of a.pdf, 3 items of b.pdf
    assert check_integrity(store) == []


def test_broad_pages_follow_document_order(store: Store) -> None:
    for n, name in enumerate(["c.pdf", "a.pdf", "b.pdf"]):
        store.save_document(doc(name), _bulletin(n, countries=["PE", "EC"], year=2021, partners_=["Red Andina"]))
    everything = store.search(SearchQuery(limit=None))
    order = [(r["document"], r["id"]) for r in everything.results]
    assert [d for d, _ in order] == sorted(d for d, _ in order)
    for q in (SearchQuery(limit=4, offset=3), SearchQuery(countries=["EC"], limit=4, offset=1)):
        page = [r["id"] for r in store.search(q).results]
        full = [r["id"] for r in store.search(SearchQuery(countries=q.countries, limit=None)).results]
        assert page == full[q.offset:q.offset + 4]


def test_registry_kept_between_saves_sees_other_writers(store_url: str) -> None:
    a, b = open_store(store_url), open_store(store_url)
    try:
        a.save_document(_doc("one.pdf"), [act("Convenio", partners=[partner("Fundación Río Claro")])])
        # Another writer renames the partner: the first store's next save must use the new name.
        b.rename_partner("Fundación Río Claro", "Fundación Río Claro del Norte")
        a.save_document(_doc("two.pdf"), [act("Visita", partners=[partner("Fundación Río Claro")])])
        detail = a.get_partner("Fundación Río Claro")
        assert detail["name"] == "Fundación Río Claro del Norte" and detail["activities"] == 2
        # Another writer's re-save prunes a partner the first store knows: the next save must re-create it.
        a.save_document(_doc("three.pdf"), [act("Taller", partners=[partner("Corporación Alto Valle")])])
        b.save_document(_doc("three.pdf"), [act("Taller", partners=[])])
        with pytest.raises(LookupError):
            b.get_partner("Corporación Alto Valle")
        a.save_document(_doc("four.pdf"), [act("Curso", partners=[partner("Corporación Alto Valle")])])
        assert a.get_partner("Corporación Alto Valle")["activities"] == 1
        assert check_integrity(a) == []
    finally:
        a.close()
        b.close()


def test_failed_save_forgets_its_partners(store: Store) -> None:
    bad = [act("Convenio", partners=[partner("Fundación Nube Alta")]), act("x" * 5, kind="not-a-kind")]
    with pytest.raises(Exception):
        store.save_document(_doc("bad.pdf"), bad)
    store.save_document(_doc("good.pdf"), [act("Visita", partners=[partner("Fundación Nube Alta")])])
    assert store.get_partner("Fundación Nube Alta")["activities"] == 1
    assert check_integrity(store) == []


def test_head_constant_is_the_newest_migration() -> None:
    assert HEAD == head_revision()


def test_opening_a_current_store_does_not_import_alembic(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(str(db)).close()
    code = ("import sys; from extractor.store import open_store, SearchQuery; s = open_store(sys.argv[1]); "
            "s.search(SearchQuery(text='convenio')); s.close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_new_store_is_created_and_stamped_without_alembic(tmp_path: Path) -> None:
    """A new store is stamped at head by writing Alembic's version row directly; Alembic itself must then
    see it at head with nothing to upgrade."""
    db = tmp_path / "new.db"
    code = ("import sys; from extractor.store import open_store; s = open_store(sys.argv[1]); s.close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    engine.dispose()
    open_store(str(db)).close()     # and it opens as a current store


def test_partners_without_activities_are_pruned_only_when_activities_are_replaced(store: Store) -> None:
    """A new document cannot orphan a partner, so its save skips the prune (a scan of every partner); a
    re-save that drops a partner's last activity must still remove it."""
    store.save_document(_doc("a.pdf"), [act("Uno", partners=[partner("Fundación Río Claro")])])
    store.save_document(_doc("b.pdf"), [act("Dos", partners=[partner("Instituto Cerro Azul")])])
    names = {p["name"] for p in store.list_partners()}
    assert {"Fundación Río Claro", "Instituto Cerro Azul"} <= names
    assert all(p["activities"] > 0 for p in store.list_partners())
    store.save_document(_doc("a.pdf", sha="b" * 64), [act("Uno bis", partners=[partner("Instituto Cerro Azul")])])
    names = {p["name"] for p in store.list_partners()}
    assert "Fundación Río Claro" not in names and "Instituto Cerro Azul" in names
    assert all(p["activities"] > 0 for p in store.list_partners())
