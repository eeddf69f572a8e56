"""Partner registry: one entity per organisation, distinct bodies kept apart, curation that survives a full
re-ingest (both backends)."""

from __future__ import annotations

from pathlib import Path

from extractor.store import open_store

from tests.store import act, doc, partner

from .bulletins import Item, search_corpus, write_bulletin
from .helpers import cli, cli_json


def _partners(url: str) -> dict[str, dict]:
    return {p["name"]: p for p in cli_json("partners", "list", "--db", url)}


def test_distinct_bodies_stay_distinct(store_url: str) -> None:
    mentions = ["Embajada de Canadá", "CICan", "Colleges and Institutes Canada", "OIT", "OIT / CINTERFOR",
                "red OIT/Cinterfor", "DANIDA", "Danida Fellowship Centre", "Banco Mundial", "World Bank",
                "Fundación Horizonte Austral", "Fundacion Horizonte Austral", "Fundación Horizonte Boreal",
                "Embajada de Suiza", "Embajada de Suecia", "Instituto Técnico Nórdico de Oslo 2020",
                "Instituto Técnico Nórdico de Oslo 2021"]
    with open_store(store_url) as store:
        store.save_document(doc("a.pdf"), [act(f"Actividad {i}", partners=[partner(m)]) for i, m in enumerate(mentions)])
        groups: dict[int, set[str]] = {}
        for rec in store.export_activities():
            full = store.get_activity(rec["id"])
            p = full["partners"][0]
            groups.setdefault(p["partner_id"], set()).add(p["name"])
    together = sorted(sorted(g) for g in groups.values())
    assert together == sorted(sorted(g) for g in [
        {"Embajada de Canadá"}, {"CICan", "Colleges and Institutes Canada"}, {"OIT"},
        {"OIT / CINTERFOR", "red OIT/Cinterfor"}, {"DANIDA"}, {"Danida Fellowship Centre"},
        {"Banco Mundial", "World Bank"}, {"Fundación Horizonte Austral", "Fundacion Horizonte Austral"},
        {"Fundación Horizonte Boreal"}, {"Embajada de Suiza"}, {"Embajada de Suecia"},
        {"Instituto Técnico Nórdico de Oslo 2020"}, {"Instituto Técnico Nórdico de Oslo 2021"}])


def test_fuzzy_spelling_joins_a_known_partner(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_document(doc("a.pdf"), [act("Uno", partners=[partner("Corporación Educativa Los Andes Australes")])])
        store.save_document(doc("b.pdf"), [act("Dos", partners=[partner("Corporacion Educativa Los Andes Austral")])])
        [p] = store.list_partners()
        assert p["activities"] == 2 and p["name"] == "Corporación Educativa Los Andes Australes"
        assert "Corporacion Educativa Los Andes Austral" in p["aliases"]


def _curation_corpus(folder: Path) -> list[Path]:
    paths = search_corpus(folder)
    paths.append(write_bulletin(folder, "boletin_2025T2_kb.md", "Segundo trimestre 2025", [
        Item("alliance", "Acuerdo de doble titulación", "Instituto Tecnológico Austral", "Chile", "Nariño",
             "del 2 al 30 de mayo de 2025", body="Programas de mecánica."),
        Item("training", "Taller de soldadura submarina", "ITA Valdivia", None, "Bolívar",
             "del 9 al 13 de junio de 2025", "quince instructores", body="Formación práctica."),
        Item("event", "Seminario de empleo verde", "OIT", None, "Cauca", "del 3 al 4 de abril de 2025",
             body="Participación de expertos."),
        Item("event", "Red de formación profesional", "OIT / CINTERFOR", None, "Meta",
             "del 20 al 22 de abril de 2025", body="Reunión técnica."),
    ]))
    return paths


def test_curation_survives_full_reingest(store_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _curation_corpus(folder)
    cli("ingest", "--db", store_url, folder)
    before = _partners(store_url)
    assert "Instituto Tecnológico Austral" in before and "ITA Valdivia" in before
    assert before["Organización Internacional del Trabajo"]["id"] != before["OIT/Cinterfor"]["id"]

    merged = cli_json("partners", "merge", "--db", store_url, "ITA Valdivia", "--into", "Instituto Tecnológico Austral")
    assert merged["activities"] == 2
    renamed = cli_json("partners", "rename", "--db", store_url, "ita valdivia", "Instituto Tecnológico Austral de Chile")
    assert renamed["name"] == "Instituto Tecnológico Austral de Chile"
    cli_json("partners", "set-country", "--db", store_url, str(renamed["id"]), "Chile")
    cli_json("partners", "merge", "--db", store_url, "OIT / CINTERFOR", "--into", "OIT")
    cli_json("partners", "rename", "--db", store_url, "KOICA", "KOICA – Agencia de Corea")
    cli_json("partners", "set-country", "--db", store_url, "OIT", "none")

    def check() -> None:
        after = _partners(store_url)
        austral = after["Instituto Tecnológico Austral de Chile"]
        assert austral["country"] == "CL" and austral["activities"] == 2
        assert {"Instituto Tecnológico Austral", "ITA Valdivia"} <= set(austral["aliases"])
        assert after["KOICA – Agencia de Corea"]["activities"] == 3
        assert after["Organización Internacional del Trabajo"]["activities"] == 2
        assert "OIT/Cinterfor" not in after and "ITA Valdivia" not in after
        res = cli_json("search", "--db", store_url, "--partner", "ITA Valdivia")
        assert {r["title"] for r in res["results"]} == {"Acuerdo de doble titulación", "Taller de soldadura submarina"}
        assert res["facets"]["partner"] == {"Instituto Tecnológico Austral de Chile": 2}

    check()
    summary = cli_json("ingest", "--db", store_url, "--force", folder)
    assert summary["counts"]["ok"] == 4
    check()
    # A later bulletin naming the merged body in a new way still lands on the merge target.
    write_bulletin(tmp_path / "later", "boletin_2025T3_kb.md", "Tercer trimestre 2025", [
        Item("event", "Encuentro regional", "red OIT/Cinterfor", None, "Huila", "del 5 al 6 de agosto de 2025",
             body="Reunión de la red."),
        Item("training", "Curso de hidráulica", "Instituto Tecnologico Austral (ITA)", "Chile", "Huila",
             "del 11 al 15 de agosto de 2025", body="Curso corto."),
    ])
    cli("ingest", "--db", store_url, tmp_path / "later")
    after = _partners(store_url)
    assert after["Organización Internacional del Trabajo"]["activities"] == 3
    assert after["Instituto Tecnológico Austral de Chile"]["activities"] == 3
    shown = cli_json("partners", "show", "--db", store_url, "OIT")
    assert shown["country"] is None and any(d["action"] == "merge" for d in shown["decisions"])


def test_partner_commands_report_errors(store_url: str) -> None:
    cli("partners", "show", "--db", store_url, "Nadie", code=1)
    cli("partners", "set-country", "--db", store_url, "Nadie", "Atlantis", code=2)
