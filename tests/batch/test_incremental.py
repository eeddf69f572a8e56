"""Incremental, idempotent ingestion and worker isolation (in this process, through ``ingest_paths``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import ingest
from extractor.ingest import Job, ingest_paths, run_in_workers
from extractor.readers import ReaderLimits, make_limits
from extractor.store import open_store
from extractor.store.integrity import check_integrity
from tests.batch.hostile import build_good, bulletin_md


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "store.db")) as s:
        yield s


def _statuses(outcomes) -> dict[str, tuple[str, str | None]]:
    return {Path(o.path).name: (o.status, o.error) for o in outcomes}


def test_unchanged_changed_duplicate_and_force(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    a = folder / "a.md"
    a.write_text(bulletin_md(1), encoding="utf-8")
    (folder / "b.md").write_text(bulletin_md(2), encoding="utf-8")
    first = _statuses(ingest_paths(store, [folder]))
    assert {s for s, _ in first.values()} == {"ok"}
    n_before = store.find_document(name="a.md")["activities"]

    (folder / "copia de a.md").write_bytes(a.read_bytes())
    second = _statuses(ingest_paths(store, [folder]))
    assert second["a.md"] == ("skipped", "unchanged") and second["b.md"][0] == "skipped"
    assert second["copia de a.md"] == ("skipped", "duplicate of a.md (same content)")
    assert store.find_document(name="copia de a.md") is None

    a.write_text(bulletin_md(50), encoding="utf-8")          # changed at the same path: replaced
    third = _statuses(ingest_paths(store, [a]))
    assert third["a.md"][0] == "ok"
    doc = store.find_document(name="a.md")
    assert doc["activities"] == len(list(store.export_activities(["a.md"])))
    titles = [r["title"] for r in store.export_activities(["a.md"])]
    assert titles and all("(50-" in t for t in titles)                # only the new version's activities
    assert n_before and not any("(1-" in t for t in titles)
    assert [d["document"] for d in store.list_documents()].count("a.md") == 1

    forced = _statuses(ingest_paths(store, [folder / "b.md"], force=True))
    assert forced["b.md"][0] == "ok"
    assert check_integrity(store) == []


def test_same_content_twice_in_one_batch(tmp_path, store):
    for name in ("uno.md", "dos.md"):
        (tmp_path / name).write_text(bulletin_md(9), encoding="utf-8")
    got = _statuses(ingest_paths(store, [tmp_path / "uno.md", tmp_path / "dos.md"], workers=0))
    assert got["uno.md"][0] == "ok"
    assert got["dos.md"][0] == "skipped" and "duplicate of uno.md" in got["dos.md"][1]


def test_file_vanishing_between_walk_and_read(tmp_path, store):
    files = build_good(tmp_path / "in", generated=2)
    gone = files[-1]
    outcomes = ingest_paths(store, [tmp_path / "in"], on_plan=lambda n: gone.unlink())
    got = _statuses(outcomes)
    assert got[gone.name][0] == "failed" and "no such file" in got[gone.name][1].lower()
    assert all(s == "ok" for name, (s, _) in got.items() if name != gone.name)


def test_limits_from_environment_and_options():
    env = {"EXTRACTOR_MAX_FILE_MB": "2", "EXTRACTOR_MAX_PAGES": "10", "EXTRACTOR_DOCUMENT_TIMEOUT": "7.5"}
    limits = make_limits(environ=env)
    assert (limits.max_bytes, limits.max_pages, limits.seconds_per_document) == (2 * 1024 * 1024, 10, 7.5)
    assert make_limits(max_pages=3, environ=env).max_pages == 3            # an option beats the environment
    assert make_limits(environ={}) == ReaderLimits()
    with pytest.raises(ValueError, match="EXTRACTOR_MAX_PAGES"):
        make_limits(environ={"EXTRACTOR_MAX_PAGES": "lots"})
    with pytest.raises(ValueError):
        make_limits(max_file_mb=-1, environ={})


def _slow_bulletin(path: Path, copies: int = 100) -> Path:
    """A valid but very long bulletin: extraction takes seconds (the text reader has no time check)."""
    parts = [bulletin_md(0)] + [bulletin_md(i).split("\n", 6)[6] for i in range(1, copies)]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def test_worker_overrunning_time_limit_is_killed_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "KILL_GRACE_S", 0.5)
    slow = _slow_bulletin(tmp_path / "largo.md", copies=400)
    good = tmp_path / "corto.md"
    good.write_text(bulletin_md(3), encoding="utf-8")
    jobs = [Job(0, slow, "s1"), Job(1, good, "s2")]
    started = time.monotonic()
    results = {job.path.name: parsed for job, parsed in run_in_workers(jobs, 1, ReaderLimits(seconds_per_document=1.0))}
    assert "timed out" in results["largo.md"].error
    assert results["corto.md"].error is None and results["corto.md"].activities
    assert time.monotonic() - started < 30


def test_worker_crash_fails_only_its_file(tmp_path):
    files = build_good(tmp_path / "in", generated=3)[-3:]
    jobs = [Job(i, p, f"sha{i}") for i, p in enumerate(files)]
    victims: list[int] = []

    def crash_first(job: Job, pid: int) -> None:
        if job.index == 0:
            os.kill(pid, signal.SIGKILL)
            victims.append(pid)

    results = {job.index: parsed for job, parsed in run_in_workers(jobs, 2, ReaderLimits(), on_start=crash_first)}
    assert victims
    assert "worker crashed" in results[0].error and "SIGKILL" in results[0].error
    assert results[1].error is None and results[2].error is None


def test_rerun_of_a_batch_skips_every_file(tmp_path):
    folder = tmp_path / "in"
    build_good(folder, generated=4)
    db = str(tmp_path / "s.db")
    cmd = [sys.executable, "-m", "extractor", "ingest", "--db", db, "--json", str(folder)]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["counts"]["skipped"] == len(summary["files"]) > 10
