"""Search over generated bulletins on both backends: each filter returns exactly the expected records, with
facet counts that agree with the whole result set; sort and pagination."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from extractor.ingest import ingest_paths
from extractor.store import open_store
from tests.pg import TEMPLATE_DB

from .bulletins import search_corpus
from .helpers import cli, cli_json

KOICA = "Agencia de Cooperación Internacional de Corea"
JICA = "Agencia de Cooperación Internacional del Japón"
EMB_JP = "Embajada de Japón en Colombia"
T_CONVENIO = "Convenio para energías renovables en el norte"
T_OSAKA = "Pasantía de instructores en Osaka"
T_AGUA = "Memorando sobre agua potable"
T_ROBOT = "Curso de robótica colaborativa"
T_SEUL = "Misión técnica a Seúl"
T_FORO = "Foro de formación dual"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the generated corpus, built once per backend (the tests only read)."""
    folder = tmp_path_factory.mktemp("kb")
    search_corpus(folder / "in")
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        name = server.create_database(template=TEMPLATE_DB)
        request.addfinalizer(lambda: server.drop_database(name))
        url = server.url(name)
    else:
        url = f"sqlite:///{folder / 'kb.db'}"
    with open_store(url) as store:
        outcomes = ingest_paths(store, [folder / "in"])
    assert [o.status for o in outcomes] == ["ok"] * 3
    return url


def search(url: str, *args: str) -> dict:
    result = cli_json("search", "--db", url, "--limit", "100", *args)
    check_facets(result)
    return result


def check_facets(result: dict) -> None:
    """Facets count every matching record (all fit on the page here) per value."""
    records = result["results"]
    assert result["total"] == len(records)
    expect = {
        "kind": Counter(r["kind"] for r in records),
        "country": Counter(c for r in records for c in set(r["countries"])),
        "regional": Counter(c for r in records for c in set(r["regionales"])),
        "year": Counter((r["date_start"] or r["date_end"])[:4] for r in records if r["date_start"] or r["date_end"]),
    }
    for name, counts in expect.items():
        assert result["facets"][name] == dict(counts), name
    assert set(result["facets"]) == {"kind", "country", "partner", "regional", "year"}


def titles(result: dict) -> set[str]:
    return {r["title"] for r in result["results"]}


def test_country(kb: str) -> None:
    for country in ("JP", "Japón", "japan"):
        res = search(kb, "--country", country)
        assert titles(res) == {T_OSAKA, T_AGUA}
        assert res["facets"]["partner"] == {EMB_JP: 1, JICA: 1}
        assert res["facets"]["year"] == {"2021": 1, "2022": 1}


def test_partner_by_any_alias(kb: str) -> None:
    for name in ("KOICA", "koica", KOICA, "Agencia Coreana de Cooperación Internacional",
                 "agencia de cooperacion internacional de corea"):
        res = search(kb, "--partner", name)
        assert titles(res) == {T_CONVENIO, T_ROBOT, T_SEUL}, name
        assert res["facets"]["partner"] == {KOICA: 3}
        assert res["facets"]["regional"] == {"CO-LAG": 2, "CO-ATL": 1}
    # a gazetteer alias never written in these bulletins still finds the partner
    assert titles(search(kb, "--partner", "Korea International Cooperation Agency")) == {T_CONVENIO, T_ROBOT, T_SEUL}
    assert titles(search(kb, "--partner", "KOICA", "--partner", "JICA")) == {T_CONVENIO, T_ROBOT, T_SEUL, T_AGUA}
    assert search(kb, "--partner", "Fundación Inexistente")["total"] == 0


def test_regional(kb: str) -> None:
    for regional in ("CO-LAG", "La Guajira"):
        res = search(kb, "--regional", regional)
        assert titles(res) == {T_CONVENIO, T_AGUA, T_SEUL}
        assert res["facets"]["kind"] == {"alliance": 2, "mobility_out": 1}


def test_date_range(kb: str) -> None:
    assert titles(search(kb, "--from", "2022-10", "--to", "2022-12")) == {T_ROBOT, T_AGUA}
    assert titles(search(kb, "--from", "2024-02-14", "--to", "2024-03-04")) == {T_FORO, T_SEUL}   # edges overlap
    assert titles(search(kb, "--from", "2023", "--to", "2023")) == set()
    assert titles(search(kb, "--to", "2021-08-01")) == {T_CONVENIO}


def test_text(kb: str) -> None:
    assert titles(search(kb, "aprendiz")) == {T_CONVENIO, T_ROBOT, T_SEUL}     # aprendices, singular query
    assert titles(search(kb, "ROBOTICA")) == {T_ROBOT}                          # accents and case ignored
    assert titles(search(kb, "aprendices", "--regional", "CO-LAG")) == {T_CONVENIO, T_SEUL}
    assert titles(search(kb, "instructor")) == {T_OSAKA, T_AGUA}


def test_combined_filters_and_min_beneficiaries(kb: str) -> None:
    assert titles(search(kb, "--country", "KR", "--kind", "mobility_out")) == {T_SEUL}
    assert titles(search(kb, "--min-beneficiaries", "10")) == {T_OSAKA, T_ROBOT}


def test_sort_by_date_and_pages(kb: str) -> None:
    order = [T_SEUL, T_FORO, T_AGUA, T_ROBOT, T_OSAKA, T_CONVENIO]   # by start date, newest first
    pages = [cli_json("search", "--db", kb, "--sort", "date", "--limit", "2", "--offset", str(o)) for o in (0, 2, 4)]
    assert [r["title"] for p in pages for r in p["results"]] == order
    assert all(p["total"] == 6 and p["facets"]["kind"]["alliance"] == 2 for p in pages)   # facets: all, not the page


def test_relevance_puts_title_hits_first(kb: str) -> None:
    res = cli_json("search", "--db", kb, "formación")
    assert res["results"][0]["title"] == T_FORO


def test_one_partner_three_aliases(kb: str) -> None:
    [koica] = [p for p in cli_json("partners", "list", "--db", kb) if p["entry_id"] == "koica"]
    assert koica["name"] == KOICA and koica["acronym"] == "KOICA" and koica["country"] == "KR"
    assert koica["type"] == "cooperation_agency"
    assert {KOICA, "KOICA", "Agencia Coreana de Cooperación Internacional"} <= set(koica["aliases"])
    assert (koica["activities"], koica["documents"], koica["first_year"], koica["last_year"]) == (3, 3, 2021, 2024)
    shown = cli_json("partners", "show", "--db", kb, "Agencia Coreana de Cooperación Internacional")
    assert shown["id"] == koica["id"] and shown["years"] == [2021, 2022, 2024]
    written = {a["written"] for a in shown["activity_list"]}
    assert written == {KOICA, "KOICA", "Agencia Coreana de Cooperación Internacional"}
    assert "KOICA" in cli("partners", "list", "--db", kb)


def test_stats(kb: str) -> None:
    by_kind = cli_json("stats", "--db", kb, "--by", "kind", "--format", "json")
    assert by_kind["by"] == ["kind"]
    rows = {r["kind"]: (r["activities"], r["beneficiaries"]) for r in by_kind["rows"]}
    assert rows == {"alliance": (2, 0), "mobility_out": (2, 20), "training": (1, 20), "event": (1, 0)}
    pairs = cli_json("stats", "--db", kb, "--by", "country", "--by", "year")["rows"]
    assert {(r["country"], r["year"]): r["activities"] for r in pairs} == {
        ("KR", 2021): 1, ("KR", 2022): 1, ("KR", 2024): 1, ("JP", 2021): 1, ("JP", 2022): 1, ("DE", 2024): 1}
    quarters = cli_json("stats", "--db", kb, "--by", "quarter")["rows"]
    assert [(r["quarter"], r["activities"]) for r in quarters] == [
        ("2021-Q3", 2), ("2022-Q4", 2), ("2024-Q1", 2)]
    partner_rows = cli_json("stats", "--db", kb, "--by", "partner", "--by", "regional")["rows"]
    assert {"partner": KOICA, "regional": "CO-LAG", "activities": 2, "beneficiaries": 8} in partner_rows
    csv_text = cli("stats", "--db", kb, "--by", "regional", "--format", "csv")
    lines = csv_text.splitlines()
    assert lines[0] == "regional,activities,beneficiaries" and "CO-LAG,3,8" in lines
    assert "CO-LAG" in cli("stats", "--db", kb, "--by", "regional")
    cli("stats", "--db", kb, "--by", "nonsense", code=2)
