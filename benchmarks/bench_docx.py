"""Benchmark: 8-page DOCX bulletins end to end (read, segment, extract, store) against bare python-docx reading.

    .venv/bin/python benchmarks/bench_docx.py [--docs 40] [--items 36] [--workers 0 2] [--cold-caches] [--pages]

Generates ``--docs`` bulletins (styled headings, bold plain headings, styled with tables; about 36 items, which
LibreOffice lays out as 7–10 pages: check with ``--pages``) and measures, in one run, bare python-docx
(``Document(path)`` plus the text of every paragraph and table cell) and ``ingest_paths`` into a fresh SQLite
store. Target: ≥ 25 documents/s end to end.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import add_ingest_options, end_to_end_against_bare, host_speed, machine

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
    ap.add_argument("--pages", action="store_true", help="lay out three samples with LibreOffice to count pages")
    add_ingest_options(ap)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    print(host_speed())
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        files = [synth.docx(folder / f"boletin_{i:03d}.docx", i, args.items) for i in range(args.docs)]
        if args.pages:
            print("pages of samples (LibreOffice):", [synth.docx_pages(f) for f in files[:3]])
        print(f"input: {len(files)} DOCX bulletins of {args.items} items")
        end_to_end_against_bare(args, folder, files, len(files), "docs", bare_docx, "bare python-docx",
                                TARGET_DOCS_S)


if __name__ == "__main__":
    main()
