"""Shared helpers of the benchmark scripts: machine description, timing, fresh stores, figures."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(Path(__file__).resolve().parent)]


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} CPUs ({cpu}), {mem_gb:.1f} GB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


LOOP_STEPS = 10**7
# The pipeline's library, loaded as every fresh `extractor ingest` loads it: nothing of this project.
SPACY_LOAD = "import spacy; spacy.blank('es')"


def python_loop_seconds(steps: int = LOOP_STEPS) -> float:
    """Seconds for a bare ``for`` loop of ``steps`` additions: this host's speed at plain Python work."""
    started = time.perf_counter()
    i = 0
    for _ in range(steps):
        i += 1
    return time.perf_counter() - started


def spacy_load_seconds(runs: int = 3) -> float:
    """Median wall seconds of a fresh interpreter that imports spaCy and makes its blank Spanish pipeline."""
    import subprocess
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", SPACY_LOAD], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def host_speed(spacy_load: bool = True) -> str:
    """How fast this host runs the two things that bound ingestion here, so figures taken on different hosts
    can be compared: plain Python (most of the pipeline) and loading spaCy (most of a fresh process's start;
    ``spacy_load=False`` leaves it to a script that times it itself). The third speed round's host, where the
    ingestion targets were met, imported spaCy in 0.42–0.57 s."""
    line = f"host speed: {LOOP_STEPS:,}-step Python loop (in a function) {python_loop_seconds():.2f} s"
    return f"{line}; fresh `{SPACY_LOAD}` {spacy_load_seconds():.2f} s (median of 3)" if spacy_load else line


def cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (user + system)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """(wall seconds, result); the CPU seconds of the call are left in ``timed.cpu``."""
    started, cpu = time.perf_counter(), cpu_seconds()
    out = fn()
    timed.cpu = cpu_seconds() - cpu  # type: ignore[attr-defined]
    return time.perf_counter() - started, out


def load_note() -> str:
    """The machine's load average: other work on the two cores inflates wall times (CPU times are given too)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def ingest_folder(folder: Path, db: Path, workers: int = 0) -> tuple[float, dict]:
    """Ingest every file of ``folder`` into a fresh SQLite store at ``db`` through the project's API.

    Returns (seconds, counts); the store is opened before the clock starts (its schema creation is a
    one-off) and closed after it stops. With ``workers`` ≥ 1 the workers are forked before the store is
    opened, as the command line does (``ParserPool.fork_early``); forked from a process that has run
    ``warm_up_pipeline`` they start with the models loaded, and they inherit ``cold_caches_per_document``."""
    from extractor.ingest import ParserPool, ingest_paths, summarise
    from extractor.store import open_store

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    pool = ParserPool.fork_early(workers) if workers > 0 else None
    with open_store(str(db)) as store:
        seconds, outcomes = timed(lambda: ingest_paths(store, [folder], workers=workers, pool=pool))
        cpu = timed.cpu  # type: ignore[attr-defined]
    timed.cpu = cpu  # type: ignore[attr-defined]
    summary = summarise(outcomes)  # type: ignore[arg-type]
    bad = [o for o in outcomes if o.status not in ("ok", "partial")]  # type: ignore[union-attr]
    if bad:
        print(f"  warning: {len(bad)} files not ok, e.g. {bad[0].path}: {bad[0].status} {bad[0].error}")
    return seconds, summary["counts"]


def warm_up_pipeline(sample: Path, scratch: Path) -> float:
    """Ingest ``sample`` once into a throw-away store, so imports, models and lazily built lookup tables are
    loaded before the clock starts (start-up is measured on its own by bench_startup.py). Returns seconds."""
    folder = scratch / "warm"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sample.name
    target.write_bytes(sample.read_bytes())
    seconds, _ = timed(lambda: ingest_folder(folder, scratch / "warm.db"))
    return seconds


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def median(values: list[float]) -> float:
    return statistics.median(values)


def clear_text_caches() -> None:
    """Empty the per-text caches of the value finders (folding, dates, countries, gazetteer look-ups…).

    The synthetic bulletins re-use the corpus' items, so across documents the same item texts come back
    and those caches answer for them; real archives repeat much less. Benchmarks run with
    ``--cold-caches`` clear them before each document, for a figure that credits no cross-document reuse
    (data tables, built once per process, are kept)."""
    import importlib
    import pkgutil

    import extractor.values as values
    from extractor import normalize
    from extractor.values.organisation import load_gazetteer

    modules = [normalize, importlib.import_module("extractor.extract.partners")]
    modules += [importlib.import_module(f"extractor.values.{m.name}") for m in pkgutil.iter_modules(values.__path__)]
    for module in modules:
        for obj in list(vars(module).values()):
            info = getattr(obj, "cache_info", None)
            if callable(info) and hasattr(obj, "cache_clear") and (info().maxsize or 0) > 1:
                obj.cache_clear()
    gazetteer = load_gazetteer()
    for name in ("_lookup_cached", "_find_cached"):
        cached = getattr(gazetteer, name, None)
        if cached is not None:
            cached.cache_clear()


def cold_caches_per_document() -> None:
    """Make ingestion clear the per-text caches before each document: in this process (workers=0) and in
    workers forked from it afterwards (``ingest_folder`` forks them, so they run the patched function)."""
    import extractor.ingest as ingest

    parse = ingest.parse_job

    def parse_cold(*args, **kwargs):
        clear_text_caches()
        return parse(*args, **kwargs)

    ingest.parse_job = parse_cold


def add_ingest_options(ap: argparse.ArgumentParser) -> None:
    """The options every end-to-end ingestion benchmark takes (see ``end_to_end_against_bare``)."""
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    ap.add_argument("--cold-caches", action="store_true",
                    help="clear the per-text caches before each document (also in workers): the synthetic bulletins "
                         "re-use corpus items, which those caches would otherwise answer across documents")


def end_to_end_against_bare(args: argparse.Namespace, folder: Path, files: list[Path], units: int, unit: str,
                            bare: Callable[[list[Path]], object], bare_label: str, target: float) -> None:
    """Time ``bare`` (the library alone on ``files``: the practical limit), then ingest ``folder`` once per
    ``--workers`` value; print each rate in ``unit``/s beside the bare rate and the ``target``."""
    if args.cold_caches:
        cold_caches_per_document()
    bare(files)                                              # page cache and library warm
    bare_s, _ = timed(lambda: bare(files))
    bare_cpu = timed.cpu  # type: ignore[attr-defined]
    print(f"{bare_label + ':':<27} {bare_s:7.2f} s  {units / bare_s:8.1f} {unit}/s   "
          f"(CPU {bare_cpu:.2f} s: {units / bare_cpu:.1f} {unit} per CPU-second)")
    warm = warm_up_pipeline(files[0], folder.parent)
    print(f"(warm-up ingest of one file, imports and models: {warm:.2f} s, not counted)")
    for workers in args.workers:
        seconds, counts = ingest_folder(folder, folder.parent / f"w{workers}.db", workers=workers)
        rate, cpu = units / seconds, timed.cpu  # type: ignore[attr-defined]
        print(f"end to end, workers={workers}:     {seconds:7.2f} s  {rate:8.1f} {unit}/s  "
              f"({rate / (units / bare_s):.1%} of bare; {counts})  target ≥ {target:.0f}: {verdict(rate >= target)}")
        print(f"    CPU of this process {cpu:.2f} s = {units / cpu:.1f} {unit} per CPU-second"
              + ("" if workers == 0 else " (with its workers, counted when they exit)"))
    print(load_note())
