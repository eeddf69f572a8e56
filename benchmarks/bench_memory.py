"""Benchmark: peak RSS while ingesting 1,000 documents, and whether memory grows with the number of documents.

    .venv/bin/python benchmarks/bench_memory.py [--docs 1000] [--distinct 40] [--workers 0|N|default] [--chunk 100]

Generates ``--distinct`` text PDFs (one- and two-column, 1–3 pages) and writes ``--docs`` files from them,
each made unique by a trailing PDF comment (so none is skipped as a duplicate). Ingests them into one
SQLite store through ``ingest_paths``, ``--chunk`` files per call, sampling the RSS of this process and its
children (worker processes) with psutil every 50 ms. Prints RSS after each chunk (growth check) and the
peak. With workers the sum of RSS counts the pages they share with each other (the interpreter, libraries)
once per process; the sum of PSS (proportional set size) counts each page once, split between its sharers,
so both are printed. ``--workers default`` is the command line's default (one worker per core, up to 2).
Target: peak < 500 MB, no growth with the number of documents.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import psutil

from common import host_speed, load_note, machine, verdict

TARGET_MB = 500.0


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.peak_pss = 0.0
        self.stop = threading.Event()
        self.me = psutil.Process()

    def _processes(self) -> list[psutil.Process]:
        return [self.me, *self.me.children(recursive=True)]

    def rss_mb(self) -> float:
        total = 0
        for process in self._processes():
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20

    def pss_mb(self) -> float:
        total = 0
        for process in self._processes():
            try:
                total += process.memory_full_info().pss
            except (psutil.Error, AttributeError):
                pass
        return total / 2**20

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, self.rss_mb())
            self.peak_pss = max(self.peak_pss, self.pss_mb())
            time.sleep(0.05)


def main() -> None:
    import synth
    from extractor.ingest import ingest_paths
    from extractor.store import open_store

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--distinct", type=int, default=40)
    ap.add_argument("--workers", default="0", help="0 (parse in this process), N, or default (the CLI's)")
    ap.add_argument("--chunk", type=int, default=100)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    print(host_speed())
    with tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        root = Path(tmp)
        sources = [synth.text_pdf(root / f"src_{i}.pdf", 500 + i, 6 + (i * 7) % 18).read_bytes()
                   for i in range(args.distinct)]
        chunks = []
        for c in range(0, args.docs, args.chunk):
            folder = root / f"chunk_{c // args.chunk:03d}"
            folder.mkdir()
            for i in range(c, min(args.docs, c + args.chunk)):
                (folder / f"boletin_{i:05d}.pdf").write_bytes(sources[i % len(sources)] + f"\n%copy {i}\n".encode())
            chunks.append(folder)
        workers = None if args.workers == "default" else int(args.workers)
        print(f"input: {args.docs} text PDFs ({args.distinct} distinct layouts/contents), workers={args.workers}")
        sampler = Sampler()
        print(f"RSS before the store is opened: {sampler.rss_mb():.0f} MB")
        sampler.start()
        started, done, after = time.perf_counter(), 0, []
        with open_store(str(root / "mem.db")) as store:
            for folder in chunks:
                outcomes = ingest_paths(store, [folder], workers=workers)
                done += len(outcomes)
                bad = sum(o.status not in ("ok", "partial") for o in outcomes)
                after.append(sampler.rss_mb())
                print(f"  after {done:>5} documents: RSS {after[-1]:6.0f} MB  (peak so far {sampler.peak:6.0f} MB"
                      f"{f', {bad} not ok' if bad else ''}; {time.perf_counter() - started:.0f} s)")
        sampler.stop.set()
        sampler.join()
        growth = after[-1] - after[0]
        per_100 = growth / max(len(after) - 1, 1)
        print(f"peak RSS {sampler.peak:.0f} MB (summed over processes)  target < {TARGET_MB:.0f} MB: "
              f"{verdict(sampler.peak < TARGET_MB)}")
        print(f"peak PSS {sampler.peak_pss:.0f} MB (shared pages counted once)  target < {TARGET_MB:.0f} MB: "
              f"{verdict(sampler.peak_pss < TARGET_MB)}")
        print(f"growth from the first to the last chunk: {growth:+.0f} MB ({per_100:+.1f} MB per {args.chunk} documents)")
    print(load_note())


if __name__ == "__main__":
    main()
