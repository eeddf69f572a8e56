"""Crash safety (``extractor ingest`` SIGKILLed at random moments) and concurrent ingest processes on one
SQLite store: afterwards the store passes its integrity check and holds every document exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from extractor.store import open_store
from extractor.store.integrity import check_integrity
from tests.batch.hostile import build_good

CMD = [sys.executable, "-m", "extractor", "ingest"]


def _start(args: list[str], log: Path) -> subprocess.Popen:
    handle = log.open("ab")
    return subprocess.Popen([*CMD, *args], stdout=handle, stderr=handle, start_new_session=True)


def _documents(db: str) -> list[dict]:  # a path or URL
    with open_store(db) as store:
        return store.list_documents()


def test_sigkill_at_random_moments_then_rerun(tmp_path):
    files = build_good(tmp_path / "in", generated=20)
    assert len(files) >= 30
    db = str(tmp_path / "store.db")
    rng = random.Random(int(os.environ.get("KILL_TEST_SEED", "17")))
    # Kill moments are fractions of a whole uninterrupted run, so the test keeps its bite however fast
    # ingestion gets (a fixed delay let every run finish before its kill once parsing became faster).
    started = time.monotonic()
    reference = _start(["--db", str(tmp_path / "reference.db"), "--workers", "1", str(tmp_path / "in")],
                       tmp_path / "reference.txt")
    reference.wait(timeout=300)
    whole_run = time.monotonic() - started
    killed_with_progress = kills = 0
    for attempt in range(4):
        proc = _start(["--db", db, "--workers", "1", str(tmp_path / "in")], tmp_path / "log.txt")
        time.sleep(rng.uniform(0.3, 0.8) * whole_run)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)          # the ingest process only: its worker then finds it gone
            kills += 1
        proc.wait(timeout=30)
        with open_store(db) as store:
            problems = check_integrity(store)
        assert problems == [], f"after kill {attempt}: {problems}"
        killed_with_progress += bool(_documents(db))
    assert kills >= 1, "every run finished before its kill"
    assert killed_with_progress, "no run got far enough to store anything before its kill"

    final = subprocess.run([*CMD, "--db", db, "--json", str(tmp_path / "in")], capture_output=True, text=True,
                           timeout=300)
    assert final.returncode == 0, final.stderr
    assert "Traceback" not in final.stderr
    summary = json.loads(final.stdout)
    assert summary["counts"]["failed"] == 0
    docs = _documents(db)
    names = [d["document"] for d in docs]
    assert sorted(names) == sorted(p.name for p in files)           # every document exactly once
    assert all(d["status"] == "ok" and d["activities"] > 0 for d in docs)
    with open_store(db) as store:
        assert check_integrity(store) == []
        exported = list(store.export_activities())
    assert len(exported) == sum(d["activities"] for d in docs)


def test_concurrent_ingests_on_one_store(tmp_path, store_url):
    """Four ingest processes at once on one store (SQLite in WAL mode, then PostgreSQL)."""
    files = build_good(tmp_path / "in", generated=9)
    db = store_url
    with open_store(db):
        pass                                            # schema first, as a deployed store would have it
    n = len(files)
    # Four processes over overlapping quarters of the files: every file is named by two processes.
    sets = [[files[(start + k) % n] for k in range(n // 2)] for start in range(0, n, n // 4)][:4]
    procs = [subprocess.Popen([*CMD, "--db", db, "--json", "--workers", "0", *map(str, chosen)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for chosen in sets]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    reported: dict[str, set[int]] = {}
    for out, _ in outputs:
        for f in json.loads(out)["files"]:
            assert f["status"] in ("ok", "skipped"), f
            if f["status"] == "ok":
                reported.setdefault(Path(f["path"]).name, set()).add(f["activities"])
    docs = {d["document"]: d for d in _documents(db)}
    assert sorted(docs) == sorted({p.name for chosen in sets for p in chosen})
    for name, counts in reported.items():
        assert counts == {docs[name]["activities"]}, name      # whoever wrote last, the same record
    with open_store(db) as store:
        assert check_integrity(store) == []

