"""Benchmark: first ingest of a batch against a re-run of the same, unchanged batch (every file skipped).

    .venv/bin/python benchmarks/rerun_skip.py [--generated N] [--workers N]

Builds a batch at run time (the readable corpus renditions plus N generated Markdown bulletins) in a
temporary folder, then times ``extractor ingest`` as a command (wall time, interpreter start included)
and ``ingest_paths`` in this process (the batch work alone), each first run on an empty store and a re-run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from extractor.ingest import ingest_paths, summarise  # noqa: E402
from extractor.store import open_store  # noqa: E402
from tests.batch.hostile import build_good  # noqa: E402


def _cli(db: Path, folder: Path, workers: int) -> tuple[float, dict]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "extractor", "ingest", "--db", str(db), "--json",
                           "--workers", str(workers), str(folder)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr}")
    return seconds, json.loads(proc.stdout)["counts"]


def _in_process(db: Path, folder: Path, workers: int) -> tuple[float, dict]:
    with open_store(str(db)) as store:
        started = time.perf_counter()
        outcomes = ingest_paths(store, [folder], workers=workers)
        return time.perf_counter() - started, summarise(outcomes)["counts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=40, help="generated bulletins beside the corpus files")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rerun-bench-") as tmp:
        folder = Path(tmp) / "batch"
        files = build_good(folder, generated=args.generated)
        size = sum(p.stat().st_size for p in files)
        print(f"batch: {len(files)} files, {size / 1024:.0f} KB; workers={args.workers}")
        for label, run in (("extractor ingest (command)", _cli), ("ingest_paths (in process)", _in_process)):
            db = Path(tmp) / f"{run.__name__}.db"
            first, counts1 = run(db, folder, args.workers)
            again, counts2 = run(db, folder, args.workers)
            assert counts2["skipped"] == len(files), counts2
            print(f"{label}: first run {first:.2f} s ({counts1['ok']} ok), re-run {again:.2f} s "
                  f"({counts2['skipped']} skipped): re-run/first = {again / first:.3f}")


if __name__ == "__main__":
    main()
