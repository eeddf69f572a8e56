"""The synthetic corpus (corpus/build/make_corpus.py): rebuilds byte for byte, and every bulletin in corpus/
has a well-formed gold file whose titles and cities stand in the rendered document's text."""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
BUILD = CORPUS / "build"
KINDS = {"alliance", "mobility_out", "mobility_in", "training", "event", "delegation_visit", "other"}
DOC_EXTS = {".pdf", ".docx", ".doc", ".txt", ".md", ".html", ".htm", ".odt"}
ACTIVITY_KEYS = {"kind", "title", "partners", "countries", "cities", "date_start", "date_end", "beneficiaries",
                 "regionales"}
CO_SUBDIVISIONS = {s.code for s in pycountry.subdivisions.get(country_code="CO")}


def _make_corpus():
    sys.path.insert(0, str(BUILD))
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True   # no __pycache__ inside corpus/
    try:
        import make_corpus
    finally:
        sys.path.remove(str(BUILD))
        sys.dont_write_bytecode = saved
    return make_corpus


GOLD_FILES = sorted(CORPUS.glob("*.gold.json"))
GENERATED = [g for g in GOLD_FILES if (BUILD / "content").exists()
             and not g.name.startswith("boletin_2026T1_insumos")]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("**", "")
    return " ".join(text.lower().split())


class _HTMLText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def document_text(path: Path, tmp: Path) -> str | None:
    """Plain text of a rendered bulletin, or None where it cannot be read here."""
    ext = path.suffix.lower()
    if ext in {".doc", ".odt"}:
        if not shutil.which("soffice"):
            return None
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "txt:Text (encoded):UTF8", "--outdir", str(tmp), str(path)],
                       check=True, capture_output=True, timeout=180)
        return (tmp / f"{path.stem}.txt").read_text(encoding="utf-8")
    if ext in {".txt", ".md"}:
        return path.read_text(encoding="utf-8")
    if ext == ".html":
        parser = _HTMLText()
        parser.feed(path.read_text(encoding="utf-8"))
        return " ".join(parser.parts)
    if ext == ".docx":
        import docx
        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    if ext == ".pdf":
        import pypdfium2
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()
    return None


def _check_date(value, field: str) -> dt.date | None:
    if value is None or value == "*":
        return None
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), f"{field}={value!r}"
    return dt.date.fromisoformat(value)


def _check_partner(p: dict, where: str) -> None:
    assert set(p) <= {"name", "acronym", "country", "aliases", "optional"}, where
    assert isinstance(p["name"], str) and p["name"].strip(), where
    assert p.get("acronym") is None or isinstance(p["acronym"], str), where
    c = p.get("country")
    assert c is None or c == "*" or pycountry.countries.get(alpha_2=c) is not None, f"{where}: country {c!r}"
    assert isinstance(p.get("aliases", []), list), where
    assert p.get("optional", False) in (True, False), where


def _check_activity(a: dict, where: str) -> None:
    assert set(a) == ACTIVITY_KEYS, f"{where}: keys {sorted(a)}"
    assert a["kind"] in KINDS, where
    assert isinstance(a["title"], str) and a["title"].strip() and "**" not in a["title"], where
    assert isinstance(a["partners"], list), where
    for p in a["partners"]:
        _check_partner(p, where)
    if a["countries"] != "*":
        assert all(pycountry.countries.get(alpha_2=c) for c in a["countries"]), f"{where}: {a['countries']}"
        assert "CO" not in a["countries"], f"{where}: CO is never listed"
        assert len(set(a["countries"])) == len(a["countries"]), where
    if a["regionales"] != "*":
        assert all(r in CO_SUBDIVISIONS for r in a["regionales"]), f"{where}: {a['regionales']}"
    assert a["cities"] == "*" or all(isinstance(c, str) and c for c in a["cities"]), where
    start, end = _check_date(a["date_start"], "date_start"), _check_date(a["date_end"], "date_end")
    if start and end:
        assert start <= end, f"{where}: {start} > {end}"
    ben = a["beneficiaries"]
    assert ben is None or ben == "*" or (isinstance(ben, int) and not isinstance(ben, bool) and ben > 0), where


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_is_well_formed(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert set(gold) == {"document", "activities"}
    doc = gold["document"]
    assert set(doc) == {"document", "title", "period_start", "period_end"}
    stem = gold_path.name.removesuffix(".gold.json")
    assert Path(doc["document"]).stem == stem
    assert any(p.suffix.lower() in DOC_EXTS for p in CORPUS.glob(f"{stem}.*")), f"no document for {stem}"
    start, end = _check_date(doc["period_start"], "period_start"), _check_date(doc["period_end"], "period_end")
    assert start and end and start < end
    assert gold["activities"], "a bulletin without activities"
    for i, a in enumerate(gold["activities"]):
        _check_activity(a, f"{gold_path.name}#{i} {a.get('title')!r}")


@pytest.mark.parametrize("gold_path", GENERATED, ids=lambda p: p.name)
def test_generated_gold_matches_rendered_document(gold_path: Path, tmp_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = CORPUS / gold["document"]["document"]
    assert path.is_file(), f"gold names {path.name}, which is not in corpus/"
    assert 8 <= len(gold["activities"]) <= 25
    titles = [a["title"] for a in gold["activities"]]
    assert len(set(titles)) == len(titles), "titles must be unique within a bulletin"
    text = document_text(path, tmp_path)
    if text is None:
        pytest.skip(f"{path.suffix} text needs LibreOffice")
    if gold_path.name.startswith("boletin_2020T3_escaneado"):
        assert not text.strip(), "the scanned bulletin must have no text layer"
        return
    flat = _norm(text)
    for a in gold["activities"]:
        assert _norm(a["title"]) in flat, f"title not in {path.name}: {a['title']!r}"
        for city in a["cities"] if a["cities"] != "*" else []:
            assert _norm(city) in flat, f"city not in {path.name}: {city!r}"


def test_corpus_is_varied_and_small() -> None:
    docs = [p for p in CORPUS.iterdir() if p.suffix.lower() in DOC_EXTS and p.is_file()]
    generated = [p for p in docs if not p.name.startswith("boletin_2026T1_insumos")]
    assert len(generated) >= 8
    assert {p.suffix for p in generated} >= {".pdf", ".docx", ".txt", ".html"}
    assert sum(p.stat().st_size for p in generated) < 8 * 1024 * 1024
    for p in docs:
        assert (CORPUS / f"{p.stem}.gold.json").is_file(), f"{p.name} has no gold file"


def test_scanned_bulletin_is_small_image_only_pdf() -> None:
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(CORPUS / "boletin_2020T3_escaneado.pdf"))
    try:
        assert 1 <= len(pdf) <= 4
        assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("soffice")),
                    reason="pdftoppm and LibreOffice are needed to rebuild the scanned and .doc bulletins")
def test_generator_is_deterministic(tmp_path: Path) -> None:
    written = _make_corpus().build(tmp_path)
    assert len(written) == 2 * len(GENERATED)
    for path in written:
        committed = CORPUS / path.name
        assert committed.is_file(), f"{path.name} is generated but not in corpus/"
        if "escaneado" in path.name and path.suffix == ".pdf":
            # JPEG pages: their bytes follow the JPEG encoder Pillow's wheel carries; the pages must not change.
            _assert_same_pages(path, committed)
        else:
            assert path.read_bytes() == committed.read_bytes(), f"{path.name} differs from a fresh build"


def _assert_same_pages(built: Path, committed: Path) -> None:
    import numpy as np
    import pypdfium2

    def pages(path: Path) -> list:
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return [np.asarray(pdf[i].render(scale=1).to_pil().convert("L"), dtype=np.int16) for i in range(len(pdf))]
        finally:
            pdf.close()

    new, old = pages(built), pages(committed)
    assert [p.shape for p in new] == [p.shape for p in old], f"{built.name}: other pages than committed"
    for i, (a, b) in enumerate(zip(new, old)):
        diff = np.abs(a - b)
        # Re-encoding moves grey levels by a little; other text, layout or noise moves many pixels by a lot.
        assert diff.mean() < 1.0 and (diff > 40).mean() < 0.01, f"{built.name}: page {i + 1} differs from a fresh build"


def test_gold_builder_rejects_unknown_fields() -> None:
    mc = _make_corpus()
    from spec import Section, item   # importable once make_corpus put corpus/build on sys.path
    sec = Section("Alianzas", "alliance", items=[item("X", partnerz=[])])
    with pytest.raises(ValueError):
        mc.gold_record(sec, sec.items[0])
