"""Scans of text bulletins read almost as well as the bulletins themselves.

Bulletins mark item titles and section headings with bold at body size, which a scan loses unless OCR
measures it; running headers must go as on text pages. Two bulletins of the held-out and blind sets (their
PDFs were never tuned on as scans) are rasterised at test time, at 200 dpi with a skewed page and at 300 dpi,
grey with noise, into image-only PDFs, ingested and scored against their gold.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractor.readers import ocr
from tests.conftest import CORPUS, extractor

pytestmark = pytest.mark.skipif(not ocr.ocr_available(), reason="Tesseract with Spanish data is not installed")

SCANS = [("blind/boletin_2021T3_balance", 200, True), ("heldout/heldout_2019T2_dos_columnas", 300, False)]


def scan_pdf(source: Path, target: Path, dpi: int, skew: bool, seed: int) -> Path:
    """An image-only PDF of ``source``: grey pages at ``dpi`` with scanner noise, every other page skewed."""
    rng = np.random.default_rng(seed)
    pages = []
    pdf = pdfium.PdfDocument(str(source))
    for i in range(len(pdf)):
        image = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if skew and i % 2 == 1:
            image = image.rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
        noisy = np.asarray(image, dtype=np.int16) - 12 + rng.normal(0, 7, image.size[::-1]).astype(np.int16)
        pages.append(Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "L"))
    pdf.close()
    pages[0].save(target, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=60)
    return target


@pytest.fixture(scope="module")
def scanned_export(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("scans")
    folder = tmp / "in"
    folder.mkdir()
    for n, (stem, dpi, skew) in enumerate(SCANS):
        source = CORPUS / f"{stem}.pdf"
        scan_pdf(source, folder / source.name, dpi, skew, seed=100 + n)
    db = str(tmp / "s.db")
    summary = json.loads(extractor("ingest", "--db", db, "--json", str(folder)).stdout)
    assert {f["status"] for f in summary["files"]} <= {"ok", "partial"}, summary
    export = tmp / "export.jsonl"
    export.write_text(extractor("export", "--db", db, "--format", "jsonl").stdout, encoding="utf-8")
    return export


@pytest.mark.parametrize("stem, dpi, skew", SCANS, ids=[f"{s.split('/')[-1]}-{d}dpi" for s, d, _ in SCANS])
def test_scanned_bulletin_scores_close_to_its_text_pdf(scanned_export: Path, stem: str, dpi: int,
                                                       skew: bool) -> None:
    gold = CORPUS / f"{stem}.gold.json"
    report = json.loads(extractor("evaluate", str(scanned_export), str(gold), "--json").stdout)
    assert report["overall_f1"] >= 0.93, report
