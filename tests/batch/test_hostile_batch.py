"""The hostile corpus in one batch beside good bulletins (through the command line, in worker processes):
every good file stored, every bad one failed with its own reason, exit code 1, no traceback, a sound store;
then what the stored outcomes allow: listing failures, re-running, retrying."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.store import open_store
from extractor.store.integrity import check_integrity
from tests.batch.hostile import HOSTILE_ENV, HOSTILE_LIMIT_ARGS, build_good, build_hostile, bulletin_md


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The hostile batch, run once for the module's tests: (folder, db, expected, first run, its summary)."""
    root = tmp_path_factory.mktemp("hostile")
    good = build_good(root / "good", generated=3)
    expected = build_hostile(root / "hostile")
    db = str(tmp_path_factory.mktemp("store") / "store.db")
    run = cli("ingest", "--db", db, "--json", "--workers", "2", *HOSTILE_LIMIT_ARGS, str(root), env=HOSTILE_ENV)
    return root, db, good, expected, run, json.loads(run.stdout)


def test_every_file_has_its_outcome(batch):
    root, db, good, expected, run, summary = batch
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert len([e for e in expected.values() if e and e[0] == "failed"]) >= 25
    by_name = {Path(f["path"]).name: f for f in summary["files"]}
    for path in good:
        assert by_name[path.name]["status"] == "ok", by_name[path.name]
        assert by_name[path.name]["activities"] > 0
    for name, outcome in expected.items():
        if outcome is None:
            continue
        status, words = outcome
        got = by_name[name]
        assert got["status"] == status, (name, got)
        if status == "failed":
            assert got["error"] and "\n" not in got["error"], got
            assert "internal error" not in got["error"] and "worker crashed" not in got["error"], got
            if words:
                assert words in got["error"].lower(), (name, got["error"])
    assert not any("arriba" in f["path"] for f in summary["files"])     # the folder loop was not followed
    counts = summary["counts"]
    assert counts["failed"] == sum(1 for e in expected.values() if e and e[0] == "failed")
    assert sum(counts.values()) == len(summary["files"])


def test_reasons_are_specific(batch):
    """No two kinds of hostile file share a vague reason: at most a few failures say the same thing."""
    *_, summary = batch
    reasons = [f["error"].split(": ", 1)[-1] for f in summary["files"] if f["status"] == "failed"]
    assert all(len(r) > 10 for r in reasons)
    assert max(reasons.count(r) for r in reasons) <= 3


def test_store_is_sound_and_lists_failures(batch):
    root, db, good, expected, run, summary = batch
    with open_store(db) as store:
        assert check_integrity(store) == []
        docs = {d["document"]: d for d in store.list_documents()}
    for path in good:
        assert docs[path.name]["status"] == "ok" and docs[path.name]["activities"] > 0
    listed = cli("documents", "--db", db, "--status", "failed", "--json")
    assert listed.returncode == 0, listed.stderr
    failed = {d["document"]: d for d in json.loads(listed.stdout)}
    assert {"cifrado_con_clave.pdf", "bomba_zip.docx", "receta.txt", "escaneado_sin_texto.pdf"} <= set(failed)
    assert all(d["status"] == "failed" and d["error"] and d["activities"] == 0 for d in failed.values())
    assert "encrypted" in failed["cifrado_con_clave.pdf"]["error"]
    assert cli("documents", "--db", db, "--status", "broken").returncode == 2


def test_rerun_skips_what_was_settled(batch):
    """A re-run parses nothing again: stored files are skipped as unchanged, failed ones too until retried;
    only files that cannot even be hashed (empty, pipes, dangling links, oversized) fail again."""
    root, db, good, expected, run, summary = batch
    again = cli("ingest", "--db", db, "--json", "--workers", "2", *HOSTILE_LIMIT_ARGS, str(root), env=HOSTILE_ENV)
    files = {Path(f["path"]).name: f for f in json.loads(again.stdout)["files"]}
    unhashable = {"vacio.pdf", "vacio.md", "tuberia.pdf", "enlace_roto.pdf", "bucle.pdf", "demasiado_grande.txt"}
    for name, f in files.items():
        if name in unhashable:
            assert f["status"] == "failed", f
        elif expected.get(name) == ("ignored", None):
            assert f["status"] == "ignored"
        else:
            assert f["status"] == "skipped", f
    assert again.returncode == 1


def test_retry_failed_reads_a_fixed_file(batch):
    root, db, good, expected, run, summary = batch
    fixed = root / "hostile" / "receta.txt"
    fixed.write_text(bulletin_md(300), encoding="utf-8")        # the archivist replaced the file
    retry = cli("ingest", "--db", db, "--json", "--retry-failed", "--workers", "0", *HOSTILE_LIMIT_ARGS,
                env=HOSTILE_ENV)
    files = {Path(f["path"]).name: f for f in json.loads(retry.stdout)["files"]}
    assert files["receta.txt"]["status"] == "ok"
    assert files["cifrado_con_clave.pdf"]["status"] == "failed"        # still encrypted
    assert "escaneado_sin_texto.pdf" in files and files["escaneado_sin_texto.pdf"]["status"] == "failed"
    assert retry.returncode == 1 and "Traceback" not in retry.stderr
    with open_store(db) as store:
        doc = store.find_document(name="receta.txt")
        assert doc["status"] == "ok" and doc["activities"] > 0 and doc["error"] is None
        assert check_integrity(store) == []


def test_usage_errors_exit_2(tmp_path):
    assert cli("ingest", "--db", str(tmp_path / "s.db")).returncode == 2              # nothing to ingest
    assert cli("ingest", "--db", str(tmp_path / "s.db"), str(tmp_path / "missing")).returncode == 2
    bad_env = cli("ingest", "--db", str(tmp_path / "s.db"), str(tmp_path), env={"EXTRACTOR_MAX_PAGES": "many"})
    assert bad_env.returncode == 2 and "EXTRACTOR_MAX_PAGES" in bad_env.stderr
    assert cli("ingest", "--db", str(tmp_path / "s.db"), "--workers", "-1", str(tmp_path)).returncode == 2
