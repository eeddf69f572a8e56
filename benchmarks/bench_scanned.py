"""Benchmark: scanned (image-only) PDFs end to end against bare Tesseract on the same pages.

    .venv/bin/python benchmarks/bench_scanned.py [--docs 3] [--items 14] [--dpi 200]

Generates ``--docs`` one-column bulletins rasterised at ``--dpi`` (grayscale, light noise) into image-only
PDFs, then measures in one run, all with OMP_THREAD_LIMIT=1 (one core per Tesseract, as in a batch):
(1) bare ``tesseract page.png out -l spa`` on the scan's own page images, (2) the same on pages rendered at
300 dpi by pypdfium2 (what the reader used to hand Tesseract; it now reads each scan at its own resolution),
(3) ``ingest_paths`` of the PDFs into a fresh SQLite store (workers=0). Target: end to end within 1.2× of (1).
The machine is often shared: compare figures taken back to back, and read the load average printed last.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"

from common import host_speed, ingest_folder, load_note, machine, timed, verdict, warm_up_pipeline  # noqa: E402

TARGET_RATIO = 1.2


def bare_tesseract(images: list[Path], out: Path) -> None:
    for i, image in enumerate(images):
        subprocess.run(["tesseract", str(image), str(out / f"o{i}"), "-l", "spa"], check=True,
                       capture_output=True)


def render_300(pdfs: list[Path], out: Path) -> list[Path]:
    import pypdfium2 as pdfium
    images = []
    for pdf_path in pdfs:
        pdf = pdfium.PdfDocument(str(pdf_path))
        for n, page in enumerate(pdf):
            target = out / f"{pdf_path.stem}_{n}.png"
            page.render(scale=300 / 72, grayscale=True).to_pil().convert("L").save(target, dpi=(300, 300))
            images.append(target)
        pdf.close()
    return images


def main() -> None:
    import synth
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3)
    ap.add_argument("--items", type=int, default=14)
    ap.add_argument("--dpi", type=int, default=200)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    print(host_speed())
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        root = Path(tmp)
        folder, work = root / "in", root / "work"
        folder.mkdir()
        work.mkdir()
        pdfs, images = [], []
        for i in range(args.docs):
            pdf, pngs = synth.scanned_pdf(work / f"escaneado_{i:02d}.pdf", 100 + i, args.items, args.dpi)
            pdfs.append(pdf.rename(folder / pdf.name))
            images += pngs
        pages = len(images)
        print(f"input: {len(pdfs)} scanned PDFs, {pages} pages at {args.dpi} dpi")
        bare_s, _ = timed(lambda: bare_tesseract(images, work))
        print(f"bare tesseract (scan images, {args.dpi} dpi):  {bare_s:7.2f} s  {bare_s / pages:6.2f} s/page")
        hi = render_300(pdfs, work)
        hi_s, _ = timed(lambda: bare_tesseract(hi, work))
        print(f"bare tesseract (300-dpi renders):     {hi_s:7.2f} s  {hi_s / pages:6.2f} s/page")
        warm = warm_up_pipeline(synth.text_pdf(root / "warm.pdf", 1, 10), root)
        print(f"(warm-up ingest of a small text PDF: {warm:.2f} s, not counted)")
        seconds, counts = ingest_folder(folder, root / "scan.db", workers=0)
        ratio = seconds / bare_s
        print(f"end to end, workers=0:                {seconds:7.2f} s  {seconds / pages:6.2f} s/page  "
              f"= {ratio:.2f}× bare ({seconds / hi_s:.2f}× bare at 300 dpi; {counts})  "
              f"target ≤ {TARGET_RATIO}×: {verdict(ratio <= TARGET_RATIO)}")
        print(load_note())


if __name__ == "__main__":
    main()
