"""Benchmark: search latency p50/p95 with facet counts on stores of 10⁴, 10⁵, 10⁶ activities (SQLite, PostgreSQL).

    .venv/bin/python benchmarks/bench_search.py [--sizes 10000 100000] [--backends sqlite postgres]
                                                [--queries 200] [--keep DIR]
    .venv/bin/python benchmarks/bench_search.py --sizes 1000000 --keep /tmp/stores    # the target size (~30 min)

Stores are filled by benchmarks/bulk_load.py (rows inserted straight into the project's tables and text
index: the normal save path would take hours for 10⁶). The 200 queries are drawn (seeded) from the corpus
vocabulary: text terms from item titles, partner names and acronyms, countries, regionales and years,
alone and combined; each runs through ``Store.search(SearchQuery(..., limit=20, facet_limit=20))``, i.e. the
first page of results plus counts for every facet (kind, country, partner, regional, year) over the whole
matching set. Each query is run once to warm the caches, then timed once; p50/p95/max are reported overall
and per query shape. Each store is measured on two paths (``--paths``): ``sql``, the database answering each
search (what a one-shot ``extractor search`` does), and ``index``, the in-memory search index a long-running
process keeps (``Store.use_search_index``, which ``extractor serve`` turns on; store/search_index.py): it is
built once before the clock starts, and its build time and size are printed. PostgreSQL: a throw-away server is started with tests/pg.py's helper (initdb on
127.0.0.1, a free port) and stopped at the end. Targets: p95 < 20 ms at 10⁶ on SQLite, < 50 ms on PostgreSQL.
With ``--keep DIR`` SQLite stores are kept in DIR and reused by later runs (loading 10⁶ takes minutes).
With ``--url URL`` (repeatable) the queries run on existing stores instead (e.g. a kept PostgreSQL database
filled by bulk_load.py; the store is migrated to the current schema on opening). ``--shapes`` keeps only
the named query shapes (for profiling one shape; the figures to report use all 200).
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import load_note, machine, median, percentile, verdict

from extractor.store import SearchQuery, open_store
from extractor.store.search import STOPWORDS, fold

TARGET_MS = {"sqlite": 20.0, "postgres": 50.0}


def make_queries(n: int, seed: int = 11) -> list[tuple[str, SearchQuery]]:
    import synth
    rng = random.Random(seed)
    v = synth.vocabulary()
    terms = sorted({w for t in v["titles"] for w in re.findall(r"[^\W\d_]{4,}", t) if fold(w) not in STOPWORDS})
    regionales = [r for r in v["regionales"] if r.startswith("CO-")]

    def text1() -> dict:
        return {"text": rng.choice(terms)}

    def text2() -> dict:
        return {"text": f"{rng.choice(terms)} {rng.choice(terms)}"}

    def partner() -> dict:
        return {"partners": [rng.choice(v["partners"])]}

    def country() -> dict:
        return {"countries": [rng.choice(v["countries"])]}

    def regional() -> dict:
        return {"regionales": [rng.choice(regionales)]}

    def year() -> dict:
        y = rng.randint(2010, 2026)
        return {"date_from": date_of(y, False), "date_to": date_of(y, True)}

    shapes = {"text": text1, "text 2 words": text2, "partner": partner, "country": country, "regional": regional,
              "year": year}
    combos = {"text+country": (text1, country), "text+year": (text1, year), "partner+year": (partner, year),
              "country+regional": (country, regional), "text+partner+country": (text1, partner, country),
              "regional+year+text": (regional, year, text1)}
    out = []
    for i in range(n):
        if i % 2 == 0:
            label = rng.choice(list(shapes))
            kw = shapes[label]()
        else:
            label = rng.choice(list(combos))
            kw = {}
            for part in combos[label]:
                kw.update(part())
        out.append((label, SearchQuery(limit=20, facet_limit=20, **kw)))
    return out


def date_of(year: int, end: bool):
    from extractor.store import parse_bound
    return parse_bound(str(year), end=end)


def run(url: str, queries: list[tuple[str, SearchQuery]],
        indexed: bool = False) -> tuple[list[float], dict[str, list[float]], float]:
    store = open_store(url)
    try:
        if indexed:   # the web app's way: an in-memory copy of the store, built once (search_index.py)
            rss = _rss_mb()
            index = store.use_search_index(background=False).build()
            print(f"      search index: {index.size:,} activities built in {index.build_seconds:.1f} s, "
                  f"{index.nbytes() / 1e6:.0f} MB of arrays, process RSS {rss:.0f} -> {_rss_mb():.0f} MB")
        hits = []
        for _, q in queries:                         # warm caches (page cache, statement cache)
            hits.append(store.search(q).total)
        times: list[float] = []
        by_shape: dict[str, list[float]] = defaultdict(list)
        for label, q in queries:
            started = time.perf_counter()
            store.search(q)
            ms = (time.perf_counter() - started) * 1000
            times.append(ms)
            by_shape[label].append(ms)
        return times, by_shape, median(hits)
    finally:
        store.close()


def _rss_mb() -> float:
    import psutil   # as bench_memory.py measures it
    return psutil.Process().memory_info().rss / 2**20


def measure(backend: str, size: int, url: str, queries: list[tuple[str, SearchQuery]], paths: list[str]) -> None:
    for path in paths:
        report(backend, path, size, *run(url, queries, indexed=path == "index"))


def report(backend: str, path: str, size: int, times: list[float], by_shape: dict[str, list[float]],
           hits: float) -> None:
    p95 = percentile(times, 95)
    target = TARGET_MS[backend]
    note = f"target p95 < {target:.0f} ms: {verdict(p95 < target)}" if size >= 1_000_000 else ""
    print(f"{backend + '/' + path:<14} {size:>9,} activities: p50 {median(times):8.1f} ms  p95 {p95:8.1f} ms  "
          f"max {max(times):8.1f} ms  (median hits {hits:,.0f})  {note}")
    for label, ts in sorted(by_shape.items(), key=lambda kv: -percentile(kv[1], 95)):
        print(f"      {label:<22} n={len(ts):>3}  p50 {median(ts):8.1f} ms  p95 {percentile(ts, 95):8.1f} ms")


def sqlite_store(folder: Path, size: int) -> str:
    from bulk_load import load
    path = folder / f"bench_{size}.db"
    if not path.exists() or path.with_suffix(".db.partial").exists():
        for p in folder.glob(f"bench_{size}.db*"):
            p.unlink()
        path.with_suffix(".db.partial").touch()
        load(str(path), size)
        path.with_suffix(".db.partial").unlink()
    return str(path)


def postgres_stores(sizes: list[int], queries, paths: list[str]) -> None:
    from bulk_load import load
    from tests.pg import PgServer, find_bindir
    bindir = find_bindir()
    if bindir is None:
        print("postgres: no server binaries under /usr/lib/postgresql/*/bin: skipped")
        return
    server = PgServer(bindir)
    try:
        server.start()
        for size in sizes:
            url = server.url(server.create_database())
            load(url, size)
            measure("postgres", size, url, queries, paths)
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000],
                    help="10⁶ (the target size) takes ~6 min to load per backend and ~10 min of queries")
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="folder to keep (and reuse) the SQLite stores in")
    ap.add_argument("--url", action="append", default=[], help="run on this existing store instead")
    ap.add_argument("--shapes", nargs="+", help="only these query shapes (profiling)")
    ap.add_argument("--paths", nargs="+", default=["sql", "index"], choices=["sql", "index"],
                    help="sql: the database answers each search (one-shot commands); index: the in-memory search "
                         "index a long-running process keeps (extractor serve)")
    args = ap.parse_args()
    print(f"machine: {machine()}")
    queries = make_queries(args.queries)
    if args.shapes:
        queries = [(label, q) for label, q in queries if label in args.shapes]
    if args.url:
        for url in args.url:
            store = open_store(url)
            backend = "postgres" if store.engine.dialect.name == "postgresql" else "sqlite"
            with store.engine.connect() as conn:
                size = conn.exec_driver_sql("SELECT count(*) FROM activities").scalar_one()
            store.close()
            measure(backend, size, url, queries, args.paths)
        print(load_note())
        return
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if "sqlite" in args.backends:
            for size in args.sizes:
                measure("sqlite", size, sqlite_store(folder, size), queries, args.paths)
        if "postgres" in args.backends:
            postgres_stores(args.sizes, queries, args.paths)
    print(load_note())


if __name__ == "__main__":
    main()
