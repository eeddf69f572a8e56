"""Benchmark: text PDFs end to end (read, segment, extract, store) against bare pypdfium2 text extraction.

    .venv/bin/python benchmarks/bench_pdf.py [--docs 24] [--workers 0 2] [--seed 0]

Generates ``--docs`` bulletins (half two-column, half one-column, 4–12 pages each, items sampled from the
fixture corpus) into a temporary folder, then in one run: (1) bare pypdfium2 ``get_textpage().get_text_range()``
of every page, (2) ``extractor.ingest.ingest_paths`` of the folder into a fresh SQLite store, once per
``--workers`` value (0 = parse in this process). Target: ≥ 100 pages/s end to end.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from common import cold_caches_per_document, ingest_folder, load_note, machine, timed, verdict, warm_up_pipeline

TARGET_PAGES_S = 100.0


def bare_pdfium(files: list[Path]) -> int:
    import pypdfium2 as pdfium
    pages = 0
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages


def build(folder: Path, docs: int, seed: int) -> tuple[list[Path], int]:
    import synth
    rng = random.Random(seed)
    files = [synth.text_pdf(folder / f"boletin_{i:03d}.pdf", seed + i, rng.randint(30, 90)) for i in range(docs)]
    return files, sum(synth.pdf_pages(f) for f in files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=24)
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cold-caches", action="store_true",
                    help="clear the per-text caches before each document (also in workers): the synthetic bulletins "
                         "re-use corpus items, which those caches would otherwise answer across documents")
    args = ap.parse_args()
    if args.cold_caches:
        cold_caches_per_document()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        root = Path(tmp)
        folder = root / "in"
        folder.mkdir()
        files, pages = build(folder, args.docs, args.seed)
        print(f"input: {len(files)} text PDFs, {pages} pages (two- and one-column)")
        bare_pdfium(files)                                   # page cache and library warm
        bare_s, counted = timed(lambda: bare_pdfium(files))
        bare_cpu = timed.cpu  # type: ignore[attr-defined]
        print(f"bare pypdfium2 text:        {bare_s:7.2f} s  {pages / bare_s:8.1f} pages/s   "
              f"(CPU {bare_cpu:.2f} s: {pages / bare_cpu:.1f} pages per CPU-second)")
        warm = warm_up_pipeline(files[0], root)
        print(f"(warm-up ingest of one file, imports and models: {warm:.2f} s, not counted)")
        for workers in args.workers:
            seconds, counts = ingest_folder(folder, root / f"w{workers}.db", workers=workers)
            rate, cpu = pages / seconds, timed.cpu  # type: ignore[attr-defined]
            print(f"end to end, workers={workers}:     {seconds:7.2f} s  {rate:8.1f} pages/s  "
                  f"({rate / (pages / bare_s):.1%} of bare; {counts})  target ≥ {TARGET_PAGES_S:.0f}: "
                  f"{verdict(rate >= TARGET_PAGES_S)}")
            print(f"    CPU of this process {cpu:.2f} s = {pages / cpu:.1f} pages per CPU-second"
                  + ("" if workers == 0 else " (with its workers, counted when they exit)"))
        print(load_note())


if __name__ == "__main__":
    main()
