"""Benchmark: one 10-page bulletin ingested by a fresh ``extractor ingest`` process, start-up included.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10] [--workers default 1 0]

Generates a 10-page two-column text PDF, then times ``extractor ingest --db NEW.db FILE`` (a new store each
run) with hyperfine when it is installed (``apt-get install hyperfine``), else with repeated subprocess
timing. Without ``--workers`` ("default") and with ``--workers 1`` the CLI forks its parsing worker before
it loads the store, so the worker loads the language pipeline while the command opens the store; 0 parses
in the command's own process, one step after the other. Also times, as floors, a bare ``python -c pass``,
``extractor --help``, and a fresh interpreter that only loads spaCy's blank Spanish pipeline (what every
ingest loads before its first page: when that floor alone is near 1.5 s, no change to this project's code
meets the target on that host). Target: < 1.5 s wall.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SPACY_LOAD, host_speed, load_note, machine, median, percentile, verdict

TARGET_S = 1.5
CLI = str(ROOT / ".venv" / "bin" / "extractor") if (ROOT / ".venv" / "bin" / "extractor").exists() else None


def ten_pages(path: Path) -> Path:
    import synth
    for items in range(70, 200, 6):
        synth.text_pdf(path, 4, items)
        if synth.pdf_pages(path) >= 10:
            return path
    return path


def command(db: Path, pdf: Path, workers: str) -> list[str]:
    """``workers`` "default" leaves the option out (the CLI's default: one early-forked worker for this file)."""
    base = [CLI] if CLI else [sys.executable, "-m", "extractor"]
    chosen = [] if workers == "default" else ["--workers", str(workers)]
    return [*base, "ingest", "--db", str(db), *chosen, str(pdf)]


CPU: dict[str, float] = {}   # mean user + system seconds of the last timed command (hyperfine only)


def time_runs(cmd: list[str], prepare: str, runs: int) -> list[float]:
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(["hyperfine", "--warmup", "1", "--runs", str(runs), "--prepare", prepare,
                            "--export-json", out.name, shlex.join(cmd)], check=True, capture_output=True)
            result = json.loads(Path(out.name).read_text())["results"][0]
            CPU["last"] = result["user"] + result["system"]
            return result["times"]
    CPU.pop("last", None)
    times = []
    for _ in range(runs + 1):
        subprocess.run(prepare, shell=True, check=True)
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times[1:]


def cpu_note() -> str:
    return f"  (CPU user+sys {CPU['last']:.3f} s)" if "last" in CPU else ""


def main() -> None:
    import synth
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--workers", nargs="+", default=["default", "1", "0"],
                    help='worker counts to time; "default" gives no --workers option')
    args = ap.parse_args()
    print(f"machine: {machine()}")
    print(host_speed(spacy_load=False))     # spaCy's load is timed below, as a floor
    print(f"timer: {'hyperfine' if shutil.which('hyperfine') else 'subprocess'}, {args.runs} runs after 1 warm-up")
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        root = Path(tmp)
        pdf = ten_pages(root / "boletin_10p.pdf")
        print(f"input: {pdf.name}, {synth.pdf_pages(pdf)} pages")
        db = root / "fresh.db"
        prepare = f"rm -f {shlex.quote(str(db))} {shlex.quote(str(db))}-wal {shlex.quote(str(db))}-shm"
        floors = {"python -c pass": [sys.executable, "-c", "pass"],
                  "extractor --help": [*(command(db, pdf, "default")[:-4]), "--help"],
                  "spaCy load (floor)": [sys.executable, "-c", SPACY_LOAD]}
        floor_s = {}
        for label, cmd in floors.items():
            floor_s[label] = median(time_runs(cmd, "true", args.runs))
            print(f"{label:<28} median {floor_s[label]:6.3f} s{cpu_note()}")
        print(f"  (spaCy floor: `python -c \"{SPACY_LOAD}\"`. Target minus floor: "
              f"{TARGET_S - floor_s['spaCy load (floor)']:+.3f} s, what is left for the store, 10 pages and the exit)")
        for workers in args.workers:
            t = time_runs(command(db, pdf, workers), prepare, args.runs)
            p50, p95 = median(t), percentile(t, 95)
            print(f"extractor ingest --workers {workers:<7}  median {p50:6.3f} s  p95 {p95:6.3f} s  min {min(t):6.3f} s"
                  f"{cpu_note()}  target < {TARGET_S} s: {verdict(p50 < TARGET_S)}")
    print(load_note())


if __name__ == "__main__":
    main()
