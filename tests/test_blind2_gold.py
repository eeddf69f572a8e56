"""Checks on the second blind held-out set in corpus/blind2: gold shape, gold grounded in the
rendered text (for the scanned PDF, in the content it was rendered from), the layout each bulletin
promises, and deterministic generation. Independent of the extractor.
The checks shared with tests/test_blind_gold.py live in tests/gold_checks.py."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.gold_checks import (
    check_gold_activities,
    check_gold_meta,
    check_period_is_file_quarter,
    check_referee_scores_perfect_export,
    check_set_is_complete,
    content_of,
    document_names,
    generator_fixture,
    load_gold,
    missing_names,
    name_by_format,
    needs_scorer,
    pdf_pages,
    render_twice,
    rendered_text,
)

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "corpus" / "blind2"
GENERATOR = BLIND / "build" / "generate.py"
CONTENT = BLIND / "build" / "content"
GOLD_FILES = sorted(BLIND.glob("*.gold.json"))
FORMATS = {".pdf", ".docx", ".doc"}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is needed to read the .doc bulletin")

generator = generator_fixture("blind2_generate", GENERATOR)


def _content(name: str) -> dict[str, Any]:
    return content_of(CONTENT, name)


def _is_scan(name: str) -> bool:
    return _content(name)["format"] == "scan"


def _doc_text(blob: bytes, tmp: Path) -> str:
    """Text of a legacy .doc, through LibreOffice (its own throwaway profile)."""
    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / "bulletin.doc"
    src.write_bytes(blob)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp), str(src)],
                   check=True, capture_output=True, timeout=180)
    return (tmp / "bulletin.txt").read_text(encoding="utf-8-sig")


def _content_text(content: dict[str, Any]) -> str:
    """Everything a content file puts on the page (blocks, tables, key/value rows)."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    walk(content["blocks"])
    return "\n".join(parts).replace("**", "")


@lru_cache(maxsize=None)
def document_text(name: str) -> str:
    """Plain text of a rendered bulletin, by format; for the scan, the text it was rendered from."""
    path = BLIND / name
    if path.suffix == ".pdf" and _is_scan(name):
        return _content_text(_content(name))
    if path.suffix in {".pdf", ".docx"}:
        return rendered_text(path)
    if path.suffix == ".doc":
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            return _doc_text(path.read_bytes(), Path(tmp))
    raise AssertionError(f"unexpected format {path.suffix}")


def _flat(text: str) -> str:
    # Line breaks, a hyphen at a line end and bold marks are layout, not content.
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("\u00ad", "").replace("\ufffe", "")
    text = re.sub(r"-\s+", "-", text)
    return " ".join(text.split()).casefold()


def test_blind2_set_is_complete() -> None:
    named = check_set_is_complete(BLIND, GOLD_FILES, FORMATS, 1_500_000)
    assert sorted(Path(n).suffix for n in named) == [".doc", ".docx", ".pdf", ".pdf"]
    assert sorted(_content(n)["format"] for n in named) == ["doc", "docx", "pdf2col", "scan"]
    # Four different quarters, none of them one the previous blind set used.
    periods = {Path(n).stem.split("_")[1] for n in named}
    assert len(periods) == 4 and not periods & {"2017T4", "2018T2", "2021T3", "2022T4"}


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_shape(gold_path: Path) -> None:
    gold, period_start, period_end = check_gold_meta(gold_path, 2016, 2025)
    check_period_is_file_quarter(gold, period_start, period_end)
    check_gold_activities(gold, gold_path, period_start, 8, 12)


@needs_soffice
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_names_appear_in_document_text(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    text = _flat(document_text(gold["document"]["document"]))
    missing = missing_names(gold, text, _flat)
    assert not missing, missing


def _pdf_by_format(fmt: str) -> str:
    return name_by_format(GOLD_FILES, CONTENT, fmt)


def test_two_column_pdf_layout() -> None:
    name = _pdf_by_format("pdf2col")
    content = _content(name)
    pages = pdf_pages(BLIND / name)
    assert 3 <= len(pages) <= 5
    for number, text in enumerate(pages, start=1):
        flat = _flat(text)
        assert _flat(content["running_header"]) in flat, number
        assert _flat(content["footer"].format(page=number)) in flat, number
    # Two columns: body lines start at two distinct x positions on every full page.
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(BLIND / name))
    try:
        width = pdf[0].get_width()
        for page in list(pdf)[:-1]:
            textpage = page.get_textpage()
            lefts = {round(textpage.get_charbox(i)[0]) for i in range(textpage.count_chars())
                     if textpage.get_text_range(i, 1).strip()}
            assert any(x < width / 2 for x in lefts) and any(x > width / 2 for x in lefts)
    finally:
        pdf.close()


def test_scanned_pdf_has_no_text_layer() -> None:
    name = _pdf_by_format("scan")
    pages = pdf_pages(BLIND / name)
    assert 2 <= len(pages) <= 3
    assert all(not t.strip() for t in pages)


def test_docx_keeps_activities_in_tables_under_word_headings() -> None:
    import docx

    name = _pdf_by_format("docx")
    doc = docx.Document(str(BLIND / name))
    assert len(doc.tables) >= 4
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 6


def test_generation_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    first, second = render_twice(generator, tmp_path / "out")
    assert set(first) == set(second) == document_names(GOLD_FILES)
    for name, blob in first.items():
        committed = (BLIND / name).read_bytes()
        if name.endswith(".doc"):
            # .doc bytes are LibreOffice's: compare what they say, not how it is stored.
            texts = {_doc_text(b, tmp_path / f"doc{i}") for i, b in enumerate((blob, second[name], committed))}
            assert len(texts) == 1, name
        else:
            # The committed bulletins are exactly what the generator produces.
            assert blob == second[name], name
            assert committed == blob, name


def test_scan_pages_are_deterministic(generator: ModuleType) -> None:
    import hashlib

    content = _content(_pdf_by_format("scan"))
    digest = [[hashlib.sha256(img.tobytes()).hexdigest() for img in generator.scan_pages(content)]
              for _ in range(2)]
    assert digest[0] == digest[1] and len(set(digest[0])) == len(digest[0])


@needs_scorer
def test_referee_scores_a_perfect_export_as_one(tmp_path: Path) -> None:
    check_referee_scores_perfect_export("blind2_score", GOLD_FILES, tmp_path)


@needs_soffice
def test_text_extraction_reads_real_content() -> None:
    # Guards the grounding test: an extractor returning "" would make every lookup fail loudly,
    # but one returning the wrong file would not, so check a phrase unique to each bulletin.
    probes = {"pdf2col": "Tknika", "scan": "Humber College", "docx": "Wageningen", "doc": "Enabel"}
    for gold_path in GOLD_FILES:
        name = load_gold(gold_path)["document"]["document"]
        assert probes[_content(name)["format"]] in document_text(name)
