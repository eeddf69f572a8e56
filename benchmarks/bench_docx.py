"""Benchmark: 8-page DOCX bulletins end to end (read, segment, extract, store) against bare python-docx reading.

    .venv/bin/python benchmarks/bench_docx.py [--docs 40] [--items 36] [--workers 0 2] [--pages]

Generates ``--docs`` bulletins (styled headings, bold plain headings, styled with tables; about 36 items, which
LibreOffice lays out as 7–10 pages: check with ``--pages``) and measures, in one run, bare python-docx
(``Document(path)`` plus the text of every paragraph and table cell) and ``ingest_paths`` into a fresh SQLite
store. Target: ≥ 25 documents/s end to end.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import cold_caches_per_document, ingest_folder, load_note, machine, timed, verdict, warm_up_pipeline

TARGET_DOCS_S = 25.0


def bare_docx(files: list[Path]) -> int:
    from docx import Document
    chars = 0
    for path in files:
        doc = Document(str(path))
        chars += sum(len(p.text) for p in doc.paragraphs)
        for table in doc.tables:
            for row in table.rows:
                chars += sum(len(c.text) for c in row.cells)
    return chars


def main() -> None:
    import synth
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--items", type=int, default=36)
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    ap.add_argument("--pages", action="store_true", help="lay out three samples with LibreOffice to count pages")
    ap.add_argument("--cold-caches", action="store_true",
                    help="clear the per-text caches before each document (also in workers): the synthetic bulletins "
                         "re-use corpus items, which those caches would otherwise answer across documents")
    args = ap.parse_args()
    if args.cold_caches:
        cold_caches_per_document()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp:
        root = Path(tmp)
        folder = root / "in"
        folder.mkdir()
        files = [synth.docx(folder / f"boletin_{i:03d}.docx", i, args.items) for i in range(args.docs)]
        if args.pages:
            print("pages of samples (LibreOffice):", [synth.docx_pages(f) for f in files[:3]])
        print(f"input: {len(files)} DOCX bulletins of {args.items} items")
        bare_docx(files)
        bare_s, _ = timed(lambda: bare_docx(files))
        bare_cpu = timed.cpu  # type: ignore[attr-defined]
        print(f"bare python-docx:           {bare_s:7.2f} s  {len(files) / bare_s:8.1f} docs/s   "
              f"(CPU {bare_cpu:.2f} s: {len(files) / bare_cpu:.1f} docs per CPU-second)")
        warm = warm_up_pipeline(files[0], root)
        print(f"(warm-up ingest of one file, imports and models: {warm:.2f} s, not counted)")
        for workers in args.workers:
            seconds, counts = ingest_folder(folder, root / f"w{workers}.db", workers=workers)
            rate, cpu = len(files) / seconds, timed.cpu  # type: ignore[attr-defined]
            print(f"end to end, workers={workers}:     {seconds:7.2f} s  {rate:8.1f} docs/s  "
                  f"({rate / (len(files) / bare_s):.1%} of bare; {counts})  target ≥ {TARGET_DOCS_S:.0f}: "
                  f"{verdict(rate >= TARGET_DOCS_S)}")
            print(f"    CPU of this process {cpu:.2f} s = {len(files) / cpu:.1f} docs per CPU-second"
                  + ("" if workers == 0 else " (with its workers, counted when they exit)"))
        print(load_note())


if __name__ == "__main__":
    main()
