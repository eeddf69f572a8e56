"""Benchmark: how long the search index of a running server takes to be current again after a new bulletin is
ingested into a large store: taking the new document in (``SearchIndex.extended``) against building it again.

    .venv/bin/python benchmarks/bench_index_update.py --url sqlite:////tmp/stores/bench_1000000.db [--check] [--rename]

The store is one filled by bulk_load.py (``bench_search.py --keep`` or ``bulk_load.py --db``); it is migrated
to the current schema on opening, and this benchmark adds documents to it. In one run: (1) the index is built
from the whole store (what ``extractor serve`` does at start), (2) a new 10-page bulletin (generated as
bench_startup.py's) is ingested through ``ingest_paths``, as the batch job does, (3) the index is brought to
the new generation by taking the document in, (4) built again from scratch, for comparison, and (5) the
same bulletin is ingested again (``--force``, as after an extractor upgrade) and taken in again. While the
index is not current, searches in the server go to the database (p95 of hundreds of ms at 10⁶). ``--check``
compares the two indexes array by array (they must be equal). ``--rename`` then renames the partner mentioned
most and times the rename (curation rewrites its mentions' text) and what the index does after it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import load_note, machine

from extractor.ingest import ingest_paths
from extractor.store import open_store
from extractor.store.search_index import SearchIndex
from extractor.store.state import snapshot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--check", action="store_true", help="compare the extended index with the rebuilt one")
    ap.add_argument("--rename", action="store_true",
                    help="then rename the partner mentioned most: time the rename and what the index does after it")
    args = ap.parse_args()
    print(f"machine: {machine()}")
    import bench_startup
    with open_store(args.url) as store, tempfile.TemporaryDirectory(prefix="bench-update-") as tmp:
        with snapshot(store.engine) as conn:
            index = SearchIndex.build(conn)
        print(f"store: {index.size:,} activities; index built in {index.build_seconds:.1f} s "
              f"({index.nbytes() / 1e6:.0f} MB)")
        pdf = bench_startup.ten_pages(Path(tmp) / f"boletin_nuevo_{int(time.time())}.pdf")
        # A comment after the PDF's end makes its content new to the store (an earlier run added the same file).
        pdf.write_bytes(pdf.read_bytes() + f"% run {time.time()}\n".encode())
        started = time.perf_counter()
        outcomes = ingest_paths(store, [pdf], workers=0)
        print(f"ingested {pdf.name}: {outcomes[0].status}, {outcomes[0].activities} activities "
              f"in {time.perf_counter() - started:.2f} s")
        if outcomes[0].status not in ("ok", "partial"):
            raise SystemExit("the bulletin was not added: nothing to take in")
        with snapshot(store.engine) as conn:
            extended = index.extended(conn)
            if extended is None or extended is index:
                raise SystemExit("the index could not take the document in (the store changed otherwise)")
            print(f"taken in:      {extended.build_seconds:6.2f} s  ({extended.size:,} activities)")
            rebuilt = SearchIndex.build(conn)
            print(f"built again:   {rebuilt.build_seconds:6.2f} s")
        if args.check:
            from tests.store.test_search_index_extend import assert_same
            assert_same(extended, rebuilt)
            print("check: the extended index equals the rebuilt one")
        # The same bulletin read again (an extractor upgrade re-reads the archive): its rows are replaced.
        started = time.perf_counter()
        outcomes = ingest_paths(store, [pdf], workers=0, force=True)
        print(f"ingested again with --force: {outcomes[0].status} in {time.perf_counter() - started:.2f} s")
        with snapshot(store.engine) as conn:
            again = extended.extended(conn)
            if again is None or again is extended:
                raise SystemExit("the index could not take the document in again")
            print(f"taken in again: {again.build_seconds:5.2f} s  ({again.size:,} activities)")
            if args.check:
                assert_same(again, SearchIndex.build(conn))
                print("check: equal to a build")
        if args.rename:
            # Curation rewrites the mentions' text in the database and stamps their documents; past
            # EXTEND_MAX_ROWS activities to read again the index is built again instead of taking them in.
            with store.engine.connect() as conn:
                pid, mentions = conn.exec_driver_sql(
                    "SELECT partner_id, count(*) n FROM activity_partners GROUP BY partner_id ORDER BY n DESC LIMIT 1").one()
            started = time.perf_counter()
            store.rename_partner(pid, f"Socio renombrado {int(time.time())}")
            print(f"renamed partner {pid} ({mentions:,} mentions) in {time.perf_counter() - started:.2f} s")
            with snapshot(store.engine) as conn:
                after = again.extended(conn)
            print("after the rename: " + ("built again (too much to read again)" if after is None
                                          else f"taken in, {after.build_seconds:.2f} s"))
    print(load_note())


if __name__ == "__main__":
    main()
