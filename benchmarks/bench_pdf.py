"""Benchmark: text PDFs end to end (read, segment, extract, store) against bare pypdfium2 text extraction.

    .venv/bin/python benchmarks/bench_pdf.py [--docs 24] [--workers 0 2] [--cold-caches] [--seed 0]

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

from common import add_ingest_options, end_to_end_against_bare, host_speed, machine

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
    ap.add_argument("--seed", type=int, default=0)
    add_ingest_options(ap)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    print(host_speed())
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        files, pages = build(folder, args.docs, args.seed)
        print(f"input: {len(files)} text PDFs, {pages} pages (two- and one-column)")
        end_to_end_against_bare(args, folder, files, pages, "pages", bare_pdfium, "bare pypdfium2 text",
                                TARGET_PAGES_S)


if __name__ == "__main__":
    main()
