"""The command line as CONTRACT.md §4 describes it: shapes, exit codes, search, show, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_DIR, SEED_GOLD, SHARED

SEED_MD = SEED_DIR / "boletin_2026T1_insumos.md"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "store.db")
    proc = run("ingest", "--db", path, "--json", str(SEED_MD))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["counts"] == {"ok": 1, "partial": 0, "skipped": 0, "ignored": 0, "failed": 0}
    (entry,) = summary["files"]
    assert set(entry) == {"path", "status", "activities", "seconds", "error"} and entry["activities"] == 21
    return path


def search(db: str, *args: str) -> dict:
    proc = run("search", "--db", db, "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_search_without_accents_finds_portuguese_training(db):
    result = search(db, "portugues")
    assert "Formación en idioma portugués" in [r["title"] for r in result["results"]]
    assert set(result["facets"]) == {"kind", "country", "partner", "regional", "year"}


def test_search_by_country_code_or_name(db):
    by_code = search(db, "--country", "JP")
    assert [r["title"] for r in by_code["results"]] == ["Desarrollo local e identidad territorial: Proyecto OVOP"]
    assert search(db, "--country", "Japón")["total"] == by_code["total"] == 1
    assert by_code["facets"]["country"] == {"JP": 1}


def test_search_filters_combine(db):
    training = search(db, "--kind", "training", "--regional", "Tolima")
    assert {r["title"] for r in training["results"]} == {"Formación en idioma portugués",
                                                          "Formación especializada en gestión del recurso hídrico"}
    march = search(db, "--from", "2026-03-20", "--to", "2026-03-25", "--kind", "event")
    assert {r["title"] for r in march["results"]} >= {"Posicionamiento del SENA en redes regionales"}


def test_show_prints_the_source_passage(db):
    (hit,) = search(db, "--country", "JP")["results"]
    proc = run("show", "--db", db, str(hit["id"]))
    assert proc.returncode == 0
    assert "Comité de Coordinación Conjunta" in proc.stdout and "page" in proc.stdout
    record = json.loads(run("show", "--db", db, str(hit["id"]), "--json").stdout)
    assert record["id"] == hit["id"] and record["evidence"]["start"] < record["evidence"]["end"]
    assert run("show", "--db", db, "999999").returncode == 1


def test_export_formats_and_text(db):
    lines = run("export", "--db", db, "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 21
    required = {"id", "document", "kind", "title", "partners", "countries", "cities", "date_start", "date_end",
                "beneficiaries", "regionales", "evidence"}
    assert all(required <= set(r) for r in records)
    as_json = json.loads(run("export", "--db", db, "--format", "json").stdout)
    assert [r["id"] for r in as_json] == [r["id"] for r in records]
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", db, "--format", "csv").stdout)))
    assert len(rows) == 21 and "; " in next(r["regionales"] for r in rows if r["regionales"].count("CO-") > 1)
    (document,) = json.loads(run("export", "--db", db, "--format", "json", "--what", "documents").stdout)
    assert {k: document[k] for k in ("document", "title", "period_start", "period_end", "status", "activities")} == {
        "document": SEED_MD.name, "title": "Insumos boletín", "period_start": "2026-01-01",
        "period_end": "2026-03-31", "status": "ok", "activities": 21}
    text = run("export", "--db", db, "--what", "text", "--document", SEED_MD.name).stdout
    for r in records:
        ev = r["evidence"]
        assert text[ev["start"]:ev["end"]].startswith(r["title"])


def test_exit_codes(tmp_path, db):
    assert run("ingest", "--db", db, "--bogus", str(SEED_MD)).returncode == 2          # unknown option
    assert run("ingest", "--db", db, str(tmp_path / "missing.pdf")).returncode == 2   # missing path
    assert run("search", "--db", str(tmp_path), "x").returncode == 2                   # a folder is no store
    # Paths nothing can be read from are usage errors that name the cause, not tracebacks; an empty argument
    # (an unset shell variable) is not taken for the current folder.
    too_long = "x" * 300
    for args, cause in [(("ingest", ""), "an empty path"), (("ingest", too_long), "File name too long"),
                        (("ingest", str(SEED_MD / "x.md")), "Not a directory"),
                        (("evaluate", too_long, str(SEED_MD)), "File name too long"),
                        (("evaluate", str(tmp_path), str(SEED_MD)), "not a file"),
                        (("evaluate", "", str(SEED_MD)), "an empty path")]:
        proc = run(*args, "--db", db) if args[0] == "ingest" else run(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, (args[:2], proc.stderr[-300:])
        assert proc.stderr.startswith("error: ") and cause in proc.stderr, (args[:2], proc.stderr[-300:])
    bad = tmp_path / "notes.xyz"
    bad.write_text("hola", encoding="utf-8")
    proc = run("ingest", "--db", str(tmp_path / "s.db"), "--json", str(bad))
    assert proc.returncode == 1
    (entry,) = json.loads(proc.stdout)["files"]
    assert entry["status"] == "failed" and "notes.xyz" in entry["error"] and "Traceback" not in proc.stderr


MARKUP_LIKE_BULLETIN = """# Boletín de Cooperación Internacional [red]

**Segundo trimestre 2024**

## 1. Alianzas

### Convenio [/] con la Universidad de Salamanca [bold]

El 12 de mayo de 2024 se firmó el convenio con la Universidad de Salamanca (España) [1]; participaron
25 aprendices de la Regional Antioquia [/red].
"""


def test_text_that_looks_like_markup_is_printed_as_written(tmp_path):
    """Square brackets in a bulletin, its file name or the user's input are text: printed verbatim, never
    read as Rich tags (an unmatched "[/]" used to crash the command; "[bold]" used to vanish)."""
    name = "boletin_[b]2024.md"
    (tmp_path / name).write_text(MARKUP_LIKE_BULLETIN, encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert run("ingest", "--db", db, str(tmp_path / name)).returncode == 0
    title = "Convenio [/] con la Universidad de Salamanca [bold]"
    listed = run("search", "--db", db, "salamanca")
    assert listed.returncode == 0 and title in listed.stdout, listed.stderr
    (activity,) = search(db, "salamanca")["results"]
    shown = run("show", "--db", db, str(activity["id"]))
    assert shown.returncode == 0 and shown.stdout.startswith(title), shown.stderr
    assert "Regional Antioquia [/red]." in shown.stdout and f"document: {name}" in shown.stdout
    docs = run("documents", "--db", db)
    assert docs.returncode == 0 and name in docs.stdout and "Internacional [red]" in docs.stdout, docs.stderr
    for option in ("--country", "--regional", "--kind", "--from", "--to"):
        for value in ("[/]", "[bold]x", "[red]x[/red]", "[/bold]"):
            proc = run("search", "--db", db, option, value)
            assert proc.returncode == 2 and "Traceback" not in proc.stderr, (option, value, proc.stderr)
            assert proc.stderr.startswith("error: ") and value in proc.stderr, (option, value, proc.stderr)
    missing = run("show", "--db", db, "[/x]")
    assert missing.returncode == 1 and missing.stderr == "error: no activity with id [/x]\n"


def test_folder_ingest_ignores_non_documents(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.md").write_text(SEED_MD.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.gold.json").write_text("{}", encoding="utf-8")
    (folder / "script.py").write_text("print(1)", encoding="utf-8")
    proc = run("ingest", "--db", str(tmp_path / "s.db"), "--json", str(folder))
    assert proc.returncode == 0
    counts = json.loads(proc.stdout)["counts"]
    assert counts["ok"] == 1 and counts["ignored"] == 2


def test_database_from_environment(tmp_path):
    import os
    env = dict(os.environ, EXTRACTOR_DATABASE_URL=f"sqlite:///{tmp_path / 'env.db'}")
    assert run("ingest", str(SEED_MD), env=env).returncode == 0
    assert (tmp_path / "env.db").exists()


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").exists(),
                    reason="../shared/tools/score.py is not beside this clone (it is in CI): nothing to compare with")
def test_evaluate_equals_the_referee(db, tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text(run("export", "--db", db, "--format", "jsonl").stdout, encoding="utf-8")
    ours = json.loads(run("evaluate", str(export), str(SEED_GOLD), "--json").stdout)
    referee = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(export), str(SEED_GOLD),
                              "--json"], capture_output=True, text=True)
    theirs = json.loads(referee.stdout)
    assert ours["fields"] == theirs["fields"] and ours["overall_f1"] == theirs["overall_f1"]
    table = run("evaluate", str(export), str(SEED_GOLD)).stdout
    assert table.strip().splitlines()[-1].startswith("overall F1")
