"""Workers forked before the store is opened (``ParserPool.fork_early``): used for the batch when there is
parsing to do, stopped at once when there is none, replaced when one dies before its first file."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from extractor.ingest import ParserPool, ingest_paths
from extractor.readers import ReaderLimits
from extractor.store import open_store
from extractor.store.integrity import check_integrity
from tests.batch.hostile import bulletin_md


def _write(folder: Path, n: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"b{i}.md"
        p.write_text(bulletin_md(100 + i), encoding="utf-8")
        paths.append(p)
    return paths


def _children_gone(timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not multiprocessing.active_children():
            return True
        time.sleep(0.05)
    return False


def test_early_worker_parses_the_batch(tmp_path: Path) -> None:
    files = _write(tmp_path / "in", 2)
    pool = ParserPool.fork_early()
    worker_pids = {w.process.pid for w in pool.workers}
    assert len(worker_pids) == 1 and os.getpid() not in worker_pids
    with open_store(str(tmp_path / "s.db")) as store:
        outcomes = ingest_paths(store, files, workers=None, pool=pool)
        assert [o.status for o in outcomes] == ["ok", "ok"]
        assert all(store.find_document(name=f.name)["activities"] > 0 for f in files)
        assert check_integrity(store) == []
    assert pool.workers == [] and _children_gone()


def test_nothing_to_parse_stops_the_early_worker_at_once(tmp_path: Path) -> None:
    files = _write(tmp_path / "in", 3)
    with open_store(str(tmp_path / "s.db")) as store:
        ingest_paths(store, files, workers=0)
        pool = ParserPool.fork_early()
        started = time.perf_counter()
        outcomes = ingest_paths(store, files, workers=None, pool=pool)   # all unchanged
        elapsed = time.perf_counter() - started
    assert {o.status for o in outcomes} == {"skipped"}
    assert _children_gone() and elapsed < 5.0        # killed while loading models, not waited for


def test_early_worker_that_dies_is_replaced(tmp_path: Path) -> None:
    files = _write(tmp_path / "in", 3)
    pool = ParserPool.fork_early()
    os.kill(pool.workers[0].process.pid, signal.SIGKILL)
    with open_store(str(tmp_path / "s.db")) as store:
        outcomes = ingest_paths(store, files, workers=None, pool=pool)
        assert [o.status for o in outcomes] == ["ok", "ok", "ok"]
        assert check_integrity(store) == []
    assert _children_gone()


@pytest.mark.parametrize("workers", [0, 2])
def test_explicit_worker_count_wins_over_the_pool(tmp_path: Path, workers: int) -> None:
    files = _write(tmp_path / "in", 3)
    pool = ParserPool.fork_early()
    with open_store(str(tmp_path / "s.db")) as store:
        outcomes = ingest_paths(store, files, workers=workers, pool=pool)
    assert [o.status for o in outcomes] == ["ok"] * 3
    assert _children_gone()


def test_a_parsed_result_crosses_processes_unchanged(tmp_path: Path) -> None:
    """Results travel between processes as pydantic JSON (see ``Parsed.__getstate__``): nothing may change."""
    import pickle

    from extractor.ingest import Parsed, process_file
    [path] = _write(tmp_path / "in", 1)
    record, activities = process_file(path, "0" * 64, ReaderLimits())
    back = pickle.loads(pickle.dumps(Parsed(record, activities)))
    assert activities and back.record == record and back.activities == activities and back.error is None
    failed = pickle.loads(pickle.dumps(Parsed(error=f"{path}: not a bulletin")))
    assert failed.record is None and failed.activities == [] and failed.error == f"{path}: not a bulletin"


def test_workers_of_a_killed_command_exit(tmp_path: Path) -> None:
    """SIGKILL the command while its early-forked worker waits: the worker must not outlive it."""
    import subprocess
    import sys

    import psutil

    files = _write(tmp_path / "in", 1)
    code = ("import sys, time; from extractor.ingest import ParserPool; pool = ParserPool.fork_early(2); "
            "print(' '.join(str(w.process.pid) for w in pool.workers), flush=True); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert len(pids) == 2 and files
    time.sleep(0.5)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.2)
    assert not alive, f"workers still running after their parent was killed: {alive}"
