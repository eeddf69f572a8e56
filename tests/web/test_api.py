"""The JSON API (CONTRACT §4 search shape, filters as in `extractor search`) and the HTML pages' content,
through FastAPI's TestClient over a real store."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from urllib.parse import quote

import pytest

from extractor.store import SearchQuery, open_store

FACETS = {"kind", "country", "partner", "regional", "year"}
RECORD_FIELDS = {"id", "document", "kind", "title", "partners", "countries", "cities", "date_start", "date_end",
                 "beneficiaries", "regionales", "evidence"}


def _cli_search(db: str, **filters) -> dict:
    with open_store(db) as store:
        return store.search(SearchQuery(limit=None, **filters)).to_dict()


def test_search_answers_the_contract_shape(client, web_db):
    body = client.get("/api/search").json()
    assert set(body) == {"total", "results", "facets"}
    assert set(body["facets"]) == FACETS
    assert body["total"] == _cli_search(web_db)["total"] > 0
    for rec in body["results"]:
        assert RECORD_FIELDS <= set(rec)
        assert set(rec["evidence"]) >= {"page", "start", "end"}


def test_search_filters_match_the_store(client, web_db):
    every = _cli_search(web_db)
    country = next(iter(every["facets"]["country"]))
    year = next(iter(every["facets"]["year"]))
    body = client.get("/api/search", params={"country": country, "limit": 1000}).json()
    assert body["total"] == every["facets"]["country"][country]
    assert all(country in r["countries"] for r in body["results"])
    both = client.get("/api/search", params=[("kind", "alliance"), ("kind", "training"), ("from", year),
                                             ("to", year)]).json()
    assert all(r["kind"] in ("alliance", "training") for r in both["results"])
    assert both["total"] == _cli_search(web_db, kinds=["alliance", "training"],
                                        date_from=date(int(year), 1, 1), date_to=date(int(year), 12, 31))["total"]


def test_country_and_regional_take_names_like_the_cli(client):
    by_code = client.get("/api/search", params={"country": "FI"}).json()
    by_name = client.get("/api/search", params={"country": "Finlandia"}).json()
    assert by_code["total"] == by_name["total"] > 0
    dept = client.get("/api/search", params={"regional": "Santander"}).json()
    assert dept["total"] == client.get("/api/search", params={"regional": "CO-SAN"}).json()["total"] > 0


@pytest.mark.parametrize("params", [{"kind": "picnic"}, {"country": "Atlántida"}, {"from": "ayer"},
                                    {"regional": "Narnia"}, {"sort": "azar"}])
def test_bad_filters_are_422(client, params):
    r = client.get("/api/search", params=params)
    assert r.status_code == 422
    assert r.json()["detail"]


def test_pagination(client):
    total = client.get("/api/search").json()["total"]
    first = client.get("/api/search", params={"limit": 2}).json()["results"]
    second = client.get("/api/search", params={"limit": 2, "offset": 2}).json()["results"]
    assert len(first) == 2 and total > 2
    assert not {r["id"] for r in first} & {r["id"] for r in second}


def test_downloads_hold_the_whole_result(client):
    total = client.get("/api/search", params={"q": "aprendices"}).json()["total"]
    r = client.get("/api/search.csv", params={"q": "aprendices"})
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total > 0
    j = client.get("/api/search.json", params={"q": "aprendices"})
    assert len(json.loads(j.text)["results"]) == total


def test_activity_api_carries_values_with_evidence(client):
    rec = next(r for r in client.get("/api/search", params={"limit": 100}).json()["results"] if r["beneficiaries"])
    full = client.get(f"/api/activities/{rec['id']}").json()
    text = client.get(f"/api/documents/{quote(full['document'])}/text").text
    assert full["values"]
    for v in full["values"]:
        ev = v["evidence"]
        assert 0 <= ev["start"] < ev["end"] <= len(text)
    assert client.get("/api/activities/999999").status_code == 404


def test_documents_api(client):
    docs = client.get("/api/documents").json()
    assert {d["status"] for d in docs} >= {"ok", "failed"}
    ok = next(d for d in docs if d["status"] == "ok")
    one = client.get(f"/api/documents/{quote(ok['document'])}").json()
    assert len(one["records"]) == ok["activities"]
    assert client.get("/api/documents/no_existe.pdf").status_code == 404


def test_partner_api_and_page(client):
    facet = client.get("/api/search").json()["facets"]["partner"]
    name, count = max(facet.items(), key=lambda kv: kv[1])
    profile = client.get(f"/api/partners/{quote(name, safe='')}").json()
    assert profile["name"] == name
    assert len(profile["activities"]) == count
    html = client.get(f"/socio/{quote(name, safe='')}").text
    assert "Cronología" in html and "Alias" in html
    assert client.get("/api/partners/Nadie%20Conocido%20XYZ").status_code == 404


def test_overview_counts_add_up(client):
    data = client.get("/api/overview").json()
    assert sum(data["totals"]["activities"].values()) + data["undated"] == data["activities"]
    kinds = data["by"]["kind"]["activities"]
    for year, n in data["totals"]["activities"].items():
        assert sum(per.get(year, 0) for per in kinds.values()) == n
    narrowed = client.get("/api/overview", params={"kind": "alliance"}).json()
    assert set(narrowed["by"]["kind"]["activities"]) == {"alliance"}


def test_openapi_documents_the_search_parameters(client):
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "kind", "country", "partner", "regional", "from", "to", "limit", "offset"} <= params
    assert "/api/search" in client.get("/api").text


def test_pages_answer_in_spanish(client):
    docs = client.get("/api/documents").json()
    failed = next(d for d in docs if d["status"] == "failed")
    page = client.get(f"/documento/{quote(failed['document'])}").text
    assert "fallido" in page and "Error" in page
    assert 'lang="es"' in client.get("/").text
    assert client.get("/actividad/999999").status_code == 404
    assert "gráfico" in client.get("/panorama").text or "<svg" in client.get("/panorama").text


def test_original_file_is_served_only_while_it_exists(client):
    docs = {d["document"]: d for d in client.get("/api/documents").json()}
    present = next(d for d in docs.values() if d["status"] == "ok" and "retirado" not in d["document"])
    r = client.get(f"/original/{quote(present['document'])}")
    assert r.status_code == 200 and "Tampere" in r.text
    gone = next(d for d in docs if "retirado" in d)
    assert client.get(f"/original/{quote(gone)}").status_code == 404
    assert 'id="original"' not in client.get(f"/documento/{quote(gone)}").text


# --- escaping ----------------------------------------------------------------------------------------------

SCRIPT_TAG = re.compile(r"<script\b", re.IGNORECASE)


def test_a_bulletin_with_a_script_tag_renders_as_text(client):
    hits = client.get("/api/search", params={"q": "Hispano"}).json()["results"]
    rec = next(r for r in hits if "<script>" in r["title"])
    for url in ("/?q=Hispano", f"/actividad/{rec['id']}", f"/documento/{quote(rec['document'])}"):
        html = client.get(url).text
        assert not SCRIPT_TAG.search(html), url
        assert "&lt;script&gt;" in html, url


def test_a_query_with_a_script_tag_renders_as_text(client):
    evil = "<script>alert(1)</script>"
    for url in (f"/?q={quote(evil)}", f"/?partner={quote(evil)}", f"/socio/{quote(evil, safe='')}",
                f"/documento/{quote(evil, safe='')}", f"/?country={quote(evil)}"):
        html = client.get(url).text
        assert not SCRIPT_TAG.search(html), url
        assert "&lt;script&gt;" in html, url
