"""Profile steady-state ingestion (after a warm-up file) of generated bulletins with pyinstrument.

    .venv/bin/pip install pyinstrument
    .venv/bin/python benchmarks/profile_ingest.py [--kind pdf|docx] [--docs 8] [--html out.html] [--cold-caches]

Prints the call tree (wall time, in this process: workers=0) of ``ingest_paths`` over the generated files.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import cold_caches_per_document, ingest_folder, warm_up_pipeline


def main() -> None:
    import synth
    from pyinstrument import Profiler
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", choices=["pdf", "docx"], default="pdf")
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--html", type=Path)
    ap.add_argument("--cold-caches", action="store_true",
                    help="clear the per-text caches before each document (as bench_pdf/bench_docx --cold-caches)")
    args = ap.parse_args()
    if args.cold_caches:
        cold_caches_per_document()
    with tempfile.TemporaryDirectory(prefix="prof-") as tmp:
        root = Path(tmp)
        folder = root / "in"
        folder.mkdir()
        make = synth.text_pdf if args.kind == "pdf" else synth.docx
        files = [make(folder / f"b{i:03d}.{args.kind}", i, 60 if args.kind == "pdf" else 36) for i in range(args.docs)]
        warm_up_pipeline(files[0], root)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        ingest_folder(folder, root / "p.db")
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            args.html.write_text(profiler.output_html())


if __name__ == "__main__":
    main()
