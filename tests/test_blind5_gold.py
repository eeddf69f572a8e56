"""Checks on the fifth blind held-out set in corpus/blind5: gold shape, gold grounded in the rendered
text, the layout each bulletin promises (three-then-two-column magazine PDF with pull quotes and photo
captions, DOCX with a custom "Sección" style and List Number items followed by tab-separated fields,
plain-text minutes with numbered prose items and an ASCII table, ODT converted by LibreOffice with one
two-column label/value table per activity), and deterministic generation. Independent of the extractor.
The checks shared with the other blind sets live in tests/gold_checks.py.

The ODT is produced by LibreOffice: its bytes are compared with the committed file, and where they
differ (another LibreOffice version) its extracted text and its content.xml are compared instead."""
from __future__ import annotations

import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
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
    rendered_text,
    used_quarters,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
BLIND = CORPUS / "blind5"
GENERATOR = BLIND / "build" / "generate.py"
CONTENT = BLIND / "build" / "content"
GOLD_FILES = sorted(BLIND.glob("*.gold.json"))
FORMATS = {".pdf", ".docx", ".txt", ".odt"}

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

generator = generator_fixture("blind5_generate", GENERATOR)


def _content(name: str) -> dict[str, Any]:
    return content_of(CONTENT, name)


def _name_by_format(fmt: str) -> str:
    return name_by_format(GOLD_FILES, CONTENT, fmt)


def _gold_titles(name: str) -> list[str]:
    return [a["title"] for a in load_gold(BLIND / (Path(name).stem + ".gold.json"))["activities"]]


def odt_text(blob: bytes) -> str:
    """The ODT's body text, a line per paragraph, heading or table-cell paragraph."""
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(blob)).read("content.xml"))
    lines = []
    for el in root.iter():
        if el.tag in (f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"):
            lines.append("".join(el.itertext()))
    return "\n".join(lines)


@lru_cache(maxsize=None)
def document_text(name: str) -> str:
    path = BLIND / name
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".odt":
        return odt_text(path.read_bytes())
    return rendered_text(path)


def _flat(text: str) -> str:
    # Line breaks and bold marks are layout, not content.
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("\u00ad", "")
    return " ".join(text.split()).casefold()


def test_blind5_set_is_complete() -> None:
    named = check_set_is_complete(BLIND, GOLD_FILES, FORMATS, 2_000_000)
    assert sorted(Path(n).suffix for n in named) == [".docx", ".odt", ".pdf", ".txt"]
    assert sorted(_content(n)["format"] for n in named) == ["acta", "docxlist", "magazine", "odtcards"]
    periods = {re.search(r"_(\d{4}T[1-4])_", n).group(1) for n in named}
    assert len(periods) == 4 and not periods & used_quarters(CORPUS, BLIND)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_shape(gold_path: Path) -> None:
    gold, period_start, period_end = check_gold_meta(gold_path, 2015, 2025)
    check_period_is_file_quarter(gold, period_start, period_end)
    check_gold_activities(gold, gold_path, period_start, 8, 12)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_names_appear_in_document_text(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    text = _flat(document_text(gold["document"]["document"]))
    assert _flat(gold["document"]["title"]) in text
    missing = missing_names(gold, text, _flat)
    assert not missing, missing


# --------------------------------------------------------------------------- layouts

def test_magazine_pdf_has_three_then_two_columns_quotes_and_captions() -> None:
    import pypdfium2

    name = _name_by_format("magazine")
    content = _content(name)
    pages = pdf_pages(BLIND / name)
    assert 2 <= len(pages) <= 3
    for number, text in enumerate(pages, start=1):
        assert _flat(content["footer"].format(page=number)) in _flat(text)
    pdf = pypdfium2.PdfDocument(str(BLIND / name))
    try:
        for number, page in enumerate(pdf):
            width, height = page.get_width(), page.get_height()
            textpage = page.get_textpage()
            boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())
                     if textpage.get_text_range(i, 1).strip()]
            body = [b for b in boxes if 60 < b[1] < (height - 230 if number == 0 else height - 50)]
            if number == 0:        # three columns: text in each third, nothing in the two gutters
                thirds = [sum(lo <= b[0] < hi for b in body) for lo, hi in
                          ((40, 200), (218, 376), (394, 555))]
                assert min(thirds) > 300, thirds
                assert sum(203 < b[0] < 216 or 379 < b[0] < 392 for b in body) == 0
                assert len([b for b in boxes if b[1] > height - 230]) > 100      # the masthead
            else:                  # two columns: text on both halves, nothing in the middle gutter
                assert sum(b[0] < width / 2 - 10 for b in body) > 300
                assert sum(b[0] > width / 2 + 10 for b in body) > 150
                assert sum(291 < b[0] < 304 for b in body) == 0
    finally:
        pdf.close()
    blocks = content["blocks"]
    assert [t for k, t in blocks if k == "item"] == _gold_titles(name)
    assert sum(k == "quote" for k, _ in blocks) >= 4 and sum(k == "caption" for k, _ in blocks) >= 4
    assert all(t.startswith("Foto: ") for k, t in blocks if k == "caption")
    # Prose only: no "Label: value" lines.
    assert not any(re.match(r"^\w[\w ]{0,25}:", t) for k, t in blocks if k == "para")


def test_docx_has_custom_section_style_and_numbered_items_with_tab_fields() -> None:
    import docx

    name = _name_by_format("docxlist")
    doc = docx.Document(str(BLIND / name))
    style = doc.styles["Sección"]
    assert not style.builtin and style.font.bold and style.font.size.pt >= 14
    assert not style.name.lower().startswith("heading")
    assert not any(p.style.name.startswith("Heading") or p.style.name == "Title" for p in doc.paragraphs)
    paras = doc.paragraphs
    assert sum(p.style.name == "Sección" for p in paras) >= 6
    titles = [p.text for p in paras if p.style.name == "List Number"]
    assert titles == _gold_titles(name)
    for i, para in enumerate(paras):
        if para.style.name == "List Number":
            fields = paras[i + 1].text.split("\t")
            assert len(fields) == 6 and all(f.endswith(":") for f in fields[0::2]), paras[i + 1].text
            assert fields[2] == "País:" and paras[i + 2].style.name == "Normal"
    assert len(doc.tables) == 0


def test_acta_is_plain_minutes_with_numbered_prose_and_ascii_table() -> None:
    name = _name_by_format("acta")
    text = (BLIND / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    assert re.search(r"^\+-+\+-+\+", text, re.M) and re.search(r"^\| N\.º \| Nombre", text, re.M)
    headings = [ln for ln in lines if ln and ln == ln.upper() and re.search(r"[A-ZÁÉÍÓÚÑ]{4}", ln)
                and not ln.startswith(("+", "|"))]
    assert len(headings) >= 10
    body = text[text.index("DESARROLLO DE LA SESIÓN"):]
    items = re.findall(r"^(\d+)\. (.+?)\. ", body, re.M)
    assert [int(n) for n, _ in items] == list(range(1, len(items) + 1))
    assert [t for _, t in items] == _gold_titles(name)
    assert len(re.findall(r"de dos mil veintiuno", _flat(text))) >= 5
    # Numbered paragraphs are prose: no "Label:" lines inside them.
    assert not re.search(r"^ {3,}\w[\w ]{0,25}:\s", body, re.M)
    assert "\t" not in text and "**" not in text


def test_odt_was_converted_by_libreoffice_with_one_label_table_per_activity() -> None:
    name = _name_by_format("odtcards")
    blob = (BLIND / name).read_bytes()
    package = zipfile.ZipFile(io.BytesIO(blob))
    first = package.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert b"LibreOffice" in package.read("meta.xml")
    root = ET.fromstring(package.read("content.xml"))
    bold = {s.get(f"{{{STYLE_NS}}}name") for s in root.iter(f"{{{STYLE_NS}}}style")
            for tp in s.iter(f"{{{STYLE_NS}}}text-properties") if tp.get(f"{{{FO_NS}}}font-weight") == "bold"}
    headings = ["".join(h.itertext()) for h in root.iter(f"{{{TEXT_NS}}}h")]
    assert len(headings) >= 7
    titles = []
    tables = list(root.iter(f"{{{TABLE_NS}}}table"))
    for table in tables:
        rows = list(table.iter(f"{{{TABLE_NS}}}table-row"))
        cells = [list(r.iter(f"{{{TABLE_NS}}}table-cell")) for r in rows]
        assert all(len(c) == 2 for c in cells)
        for left, _ in cells:     # every label is a bold span
            spans = list(left.iter(f"{{{TEXT_NS}}}span"))
            assert spans and all(s.get(f"{{{TEXT_NS}}}style-name") in bold for s in spans)
        first_label = "".join(cells[0][0].itertext())
        if first_label == "Actividad":
            titles.append("".join(cells[0][1].itertext()))
        else:
            assert first_label == "Indicador" and table is tables[-1]
    assert titles == _gold_titles(name)
    assert len(tables) == len(titles) + 1


# --------------------------------------------------------------------------- generation and referee

def test_generation_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    if generator.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the ODT cannot be rendered")
    first = generator.render_all()
    assert generator.main([str(tmp_path / "out")]) == 0
    second = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert set(first) == set(second) == document_names(GOLD_FILES)
    for name, blob in first.items():
        committed = (BLIND / name).read_bytes()
        if name.endswith(".odt") and blob != committed:
            # Another LibreOffice version packs differently: compare what it says instead.
            assert odt_text(blob) == odt_text(second[name]) == odt_text(committed), name
            continue
        assert blob == second[name], name
        assert committed == blob, name


def test_non_odt_generation_needs_no_libreoffice(generator: ModuleType) -> None:
    # The PDF, DOCX and text bulletins render (and match the committed files) without LibreOffice.
    renderers = {k: v for k, v in generator.RENDERERS.items() if k != "odtcards"}
    for path in sorted(CONTENT.glob("*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        if content["format"] in renderers:
            ext, render = renderers[content["format"]]
            assert render(content) == (BLIND / (path.stem + ext)).read_bytes(), path.name


@needs_scorer
def test_referee_scores_a_perfect_export_as_one(tmp_path: Path) -> None:
    check_referee_scores_perfect_export("blind5_score", GOLD_FILES, tmp_path)


def test_text_extraction_reads_real_content() -> None:
    probes = {"magazine": "Holmesglen Institute", "docxlist": "Tknika", "acta": "ChileValora",
              "odtcards": "Politecnico di Torino"}
    for gold_path in GOLD_FILES:
        name = load_gold(gold_path)["document"]["document"]
        assert _flat(probes[_content(name)["format"]]) in _flat(document_text(name))
