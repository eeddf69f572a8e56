"""Checks on the fourth blind held-out set in corpus/blind4: gold shape, gold grounded in the rendered
text (for the scan, in its content file), the layout each bulletin promises (image-only two-column scan,
DOCX with card tables and Heading 1 sections, Markdown with pipe tables, prose items and footnotes,
intranet HTML digest with run-in titles), and deterministic generation. Independent of the extractor.
The checks shared with the other blind sets live in tests/gold_checks.py."""
from __future__ import annotations

import html
import re
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
    used_quarters,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
BLIND = CORPUS / "blind4"
GENERATOR = BLIND / "build" / "generate.py"
CONTENT = BLIND / "build" / "content"
GOLD_FILES = sorted(BLIND.glob("*.gold.json"))
FORMATS = {".html", ".pdf", ".docx", ".md"}

generator = generator_fixture("blind4_generate", GENERATOR)


def _content(name: str) -> dict[str, Any]:
    return content_of(CONTENT, name)


def _name_by_format(fmt: str) -> str:
    return name_by_format(GOLD_FILES, CONTENT, fmt)


def _gold_titles(name: str) -> list[str]:
    return [a["title"] for a in load_gold(BLIND / (Path(name).stem + ".gold.json"))["activities"]]


def _scan_text(content: dict[str, Any]) -> str:
    """The scan has no text layer: its words are those of the content file."""
    lines = list(content["masthead"]) + [content["running_header"]] + [text for _, text in content["blocks"]]
    return "\n".join(lines)


@lru_cache(maxsize=None)
def document_text(name: str) -> str:
    """Plain text of a rendered bulletin, by format (the scan's from its content file)."""
    content = _content(name)
    if content["format"] == "scan2col":
        return _scan_text(content)
    return rendered_text(BLIND / name)


def _flat(text: str) -> str:
    # Line breaks, a hyphen at a line end and bold marks are layout, not content.
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("\u00ad", "")
    text = re.sub(r"-\s+", "-", text)
    return " ".join(text.split()).casefold()


def test_blind4_set_is_complete() -> None:
    named = check_set_is_complete(BLIND, GOLD_FILES, FORMATS, 4_000_000)
    assert sorted(Path(n).suffix for n in named) == [".docx", ".html", ".md", ".pdf"]
    assert sorted(_content(n)["format"] for n in named) == ["digest", "docxcards", "markdown", "scan2col"]
    # Four different quarters, none used by any other bulletin in corpus/.
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

def test_scan_is_an_image_only_two_column_pdf() -> None:
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    name = _name_by_format("scan2col")
    pages = pdf_pages(BLIND / name)
    assert 2 <= len(pages) <= 3
    assert all(not text.strip() for text in pages)              # no text layer: OCR needed
    pdf = pypdfium2.PdfDocument(str(BLIND / name))
    try:
        for page in pdf:
            kinds = [obj.type for obj in page.get_objects()]
            assert kinds == [pdfium_c.FPDF_PAGEOBJ_IMAGE]          # one full-page image a page
    finally:
        pdf.close()
    content = _content(name)
    assert 200 <= content["dpi"] <= 300 and all(0 < abs(a) < 1.5 for a in content["rotations"])
    assert "{page}" in content["footer"] and content["running_header"]
    items = [text for kind, text in content["blocks"] if kind == "item"]
    assert items == _gold_titles(name)


def test_scan_source_has_two_columns(generator: ModuleType) -> None:
    # The clean page behind the scan: two text columns on every page, header and page number on each.
    name = _name_by_format("scan2col")
    content = _content(name)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(generator.two_column_pdf(content))
    try:
        assert len(pdf) == len(pdf_pages(BLIND / name))
        for number, page in enumerate(pdf, start=1):
            width = page.get_width()
            textpage = page.get_textpage()
            text = _flat(textpage.get_text_range())
            assert _flat(content["running_header"]) in text
            assert _flat(content["footer"].format(page=number)) in text
            lefts = [textpage.get_charbox(i)[0] for i in range(textpage.count_chars())
                     if textpage.get_text_range(i, 1).strip()]
            assert sum(x < width / 2 - 20 for x in lefts) > 300
            assert sum(x > width / 2 + 5 for x in lefts) > 300
    finally:
        pdf.close()


def test_docx_has_card_tables_heading_styles_and_a_summary_table() -> None:
    import docx

    name = _name_by_format("docxcards")
    doc = docx.Document(str(BLIND / name))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) >= 6
    assert any(p.style.name == "Title" for p in doc.paragraphs)
    cards = [t for t in doc.tables if len(t.rows) == 1 and len(t.columns) == 1]
    titles = []
    for card in cards:
        paras = [p for p in card.cell(0, 0).paragraphs if p.text.strip()]
        assert paras[0].runs and all(r.bold for r in paras[0].runs)
        titles.append(paras[0].text)
        labels = {p.text.split(":")[0] for p in paras[1:]}
        assert {"Contraparte", "Cuándo", "Dónde", "Quiénes"} <= labels, paras[0].text
    assert titles == _gold_titles(name)
    summary = doc.tables[-1]
    assert len(summary.columns) == 2 and [c.text for c in summary.rows[0].cells] == ["Indicador", "Valor"]
    assert len(doc.tables) == len(cards) + 1


def test_markdown_has_pipe_tables_prose_items_and_footnotes() -> None:
    name = _name_by_format("markdown")
    lines = (BLIND / name).read_text(encoding="utf-8").split("\n")
    headers = [ln for ln in lines if ln.startswith("| Actividad | Socio | País | Fechas | Participantes |")]
    assert len(headers) >= 4
    # Items, in order: the first cell of every table body row and every "### " heading that is not a
    # direction sub-heading.
    items = []
    for i, ln in enumerate(lines):
        if ln.startswith("| ") and not ln.startswith("| Actividad ") and not ln.startswith("|---"):
            items.append(ln.split("|")[1].strip())
        elif ln.startswith("### ") and ln[4:] not in {"Salientes", "Entrantes"}:
            items.append(ln[4:])
    assert items == _gold_titles(name)
    assert sum(ln.startswith("### ") and ln[4:] not in {"Salientes", "Entrantes"} for ln in lines) >= 3
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", "\n".join(lines)))
    defs = {m.group(1) for ln in lines for m in [re.match(r"\[\^(\d+)\]:", ln)] if m}
    assert refs == defs and len(defs) >= 3


def test_html_is_an_intranet_digest_with_run_in_titles() -> None:
    name = _name_by_format("digest")
    raw = (BLIND / name).read_text(encoding="utf-8")
    for tag in ("<aside", "<footer", "<h1>", "<main"):
        assert tag in raw, tag
    assert raw.count("<h2>") >= 6
    titles = [html.unescape(t) for t in re.findall(r"<p><strong>(.+?)\.</strong> ", raw)]
    assert titles == _gold_titles(name)
    # No field labels inside the items.
    items = re.findall(r"<p><strong>.+?</p>", raw)
    assert not any(re.search(r"\b(Socio|Aliado|Contraparte|Fecha|Lugar|Beneficiarios):", p) for p in items)
    aside = raw[raw.index("<aside"):raw.index("</aside>")]
    assert not any(t in aside for t in titles)


# --------------------------------------------------------------------------- generation and referee

def test_generation_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    first, second = render_twice(generator, tmp_path / "out")
    assert set(first) == set(second) == document_names(GOLD_FILES)
    for name, blob in first.items():
        assert blob == second[name], name
        assert (BLIND / name).read_bytes() == blob, name


@needs_scorer
def test_referee_scores_a_perfect_export_as_one(tmp_path: Path) -> None:
    check_referee_scores_perfect_export("blind4_score", GOLD_FILES, tmp_path)


def test_text_extraction_reads_real_content() -> None:
    # Guards the grounding test: a reader returning the wrong file would not fail it.
    probes = {"scan2col": "Aarhus Tech", "docxcards": "Netafim", "markdown": "INSAFORP",
              "digest": "Savonia University of Applied Sciences"}
    for gold_path in GOLD_FILES:
        name = load_gold(gold_path)["document"]["document"]
        assert probes[_content(name)["format"]] in document_text(name)
