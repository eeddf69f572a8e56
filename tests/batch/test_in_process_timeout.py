"""In-process parsing (workers=0 and the CLI default for 1–2 files) still honours the per-document time limit."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from extractor import ingest
from extractor.ingest import IN_PROCESS_MAX_JOBS, Job, run_here
from extractor.readers import ReaderLimits
from extractor.store import open_store
from tests.batch.hostile import bulletin_md
from tests.batch.test_incremental import _slow_bulletin


def test_overrunning_document_is_stopped_in_process_and_the_next_one_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "KILL_GRACE_S", 0.2)
    slow = _slow_bulletin(tmp_path / "largo.md", copies=400)
    good = tmp_path / "corto.md"
    good.write_text(bulletin_md(3), encoding="utf-8")
    started = time.monotonic()
    results = {job.path.name: parsed for job, parsed in
               run_here([Job(0, slow, "s1"), Job(1, good, "s2")], ReaderLimits(seconds_per_document=0.3))}
    assert "timed out" in results["largo.md"].error
    assert results["corto.md"].error is None and results["corto.md"].activities
    assert time.monotonic() - started < 30
    # The alarm is cleared and the default handler restored.
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_default_workers_parse_a_small_batch_here_and_a_larger_one_in_a_worker(tmp_path, monkeypatch):
    used: list[str] = []
    real_here, real_workers = ingest.run_here, ingest.run_in_workers
    monkeypatch.setattr(ingest, "run_here", lambda *a, **k: (used.append("here"), real_here(*a, **k))[1])
    monkeypatch.setattr(ingest, "run_in_workers", lambda *a, **k: (used.append("workers"), real_workers(*a, **k))[1])
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(IN_PROCESS_MAX_JOBS + 1):
        (folder / f"b{n}.md").write_text(bulletin_md(n), encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        small = ingest.ingest_paths(store, [folder / "b0.md", folder / "b1.md"], workers=None)
        large = ingest.ingest_paths(store, [folder], workers=None, force=True)
    assert used == ["here", "workers"]
    assert all(o.status == "ok" for o in small) and all(o.status == "ok" for o in large)
