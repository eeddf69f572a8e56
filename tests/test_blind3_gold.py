"""Checks on the third blind held-out set in corpus/blind3: gold shape, gold grounded in the rendered
text, the layout each bulletin promises (CMS web page, table PDF, DOCX without heading styles, plain-text
e-mail), and deterministic generation. Independent of the extractor.
The checks shared with the other blind sets live in tests/gold_checks.py."""
from __future__ import annotations

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
BLIND = CORPUS / "blind3"
GENERATOR = BLIND / "build" / "generate.py"
CONTENT = BLIND / "build" / "content"
GOLD_FILES = sorted(BLIND.glob("*.gold.json"))
FORMATS = {".html", ".pdf", ".docx", ".txt"}

generator = generator_fixture("blind3_generate", GENERATOR)


def _content(name: str) -> dict[str, Any]:
    return content_of(CONTENT, name)


def _name_by_format(fmt: str) -> str:
    return name_by_format(GOLD_FILES, CONTENT, fmt)


def _gold_for(name: str) -> dict[str, Any]:
    return load_gold(BLIND / (Path(name).stem + ".gold.json"))


@lru_cache(maxsize=None)
def document_text(name: str) -> str:
    """Plain text of a rendered bulletin, by format."""
    path = BLIND / name
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    return rendered_text(path)


def _flat(text: str) -> str:
    # Line breaks, a hyphen at a line end and bold marks are layout, not content.
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("\u00ad", "").replace("\ufffe", "")
    text = re.sub(r"-\s+", "-", text)
    return " ".join(text.split()).casefold()


def test_blind3_set_is_complete() -> None:
    named = check_set_is_complete(BLIND, GOLD_FILES, FORMATS, 1_500_000)
    assert sorted(Path(n).suffix for n in named) == [".docx", ".html", ".pdf", ".txt"]
    assert sorted(_content(n)["format"] for n in named) == ["docxplain", "email", "html", "pdftable"]
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
    missing = missing_names(gold, text, _flat)
    assert not missing, missing


# --------------------------------------------------------------------------- layouts

def test_html_is_a_cms_page_with_article_cards() -> None:
    name = _name_by_format("html")
    raw = (BLIND / name).read_text(encoding="utf-8")
    for tag in ("<nav", 'class="breadcrumb"', "<footer", "<aside", "<dl", "<dt>", "<dd>"):
        assert tag in raw, tag
    assert "&nbsp;" in raw and "&oacute;" in raw and "&laquo;" in raw
    # One <article> per gold activity, each with its <h3> title in gold order.
    titles = re.findall(r'<article class="card">\s*<h3>(.*?)</h3>', raw)
    import html

    assert [html.unescape(t) for t in titles] == [a["title"] for a in _gold_for(name)["activities"]]


def test_pdf_table_spans_pages_with_repeated_header() -> None:
    name = _name_by_format("pdftable")
    content = _content(name)
    pages = pdf_pages(BLIND / name)
    assert len(pages) >= 2
    header_row = _flat(" ".join(content["columns"]))
    for number, text in enumerate(pages, start=1):
        flat = _flat(text)
        assert _flat(content["running_header"]) in flat, number
        assert _flat(content["footer"].format(page=number)) in flat, number
        assert header_row in flat, number            # the table header is repeated on every page
    assert content["columns"][0] == "Fecha" and content["columns"][-1] == "Regional"
    rows = [r for r in content["rows"] if "cells" in r]
    # One table row per gold activity; its title is the bold first line of the Actividad cell.
    row_titles = [re.match(r"\*\*(.+?)\*\*", r["cells"][1]).group(1) for r in rows]
    assert row_titles == [a["title"] for a in _gold_for(name)["activities"]]
    assert any("\n" in r["cells"][1] for r in rows)   # multi-line cells


def test_docx_has_no_heading_styles_and_bold_run_in_items() -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    name = _name_by_format("docxplain")
    doc = docx.Document(str(BLIND / name))
    assert {p.style.name for p in doc.paragraphs} == {"Normal"}
    assert not doc.tables
    sections = [p for p in doc.paragraphs if p.text and p.text == p.text.upper() and p.runs
                and all(r.bold for r in p.runs) and p.alignment == WD_ALIGN_PARAGRAPH.CENTER]
    assert len(sections) >= 6
    items = [p for p in doc.paragraphs if len(p.runs) >= 2 and p.runs[0].bold and p.runs[0].text.endswith(".")
             and not p.runs[1].bold]
    titles = [p.runs[0].text[:-1] for p in items]
    assert titles == [a["title"] for a in _gold_for(name)["activities"]]


def test_txt_is_an_email_newsletter_with_a_quoted_forward() -> None:
    name = _name_by_format("email")
    text = document_text(name)
    lines = text.split("\n")
    assert [ln.split(":")[0] for ln in lines[:4]] == ["From", "To", "Date", "Subject"]
    underlined = [lines[i - 1] for i in range(1, len(lines)) if re.fullmatch(r"-{5,}", lines[i])]
    assert len(underlined) >= 6 and all(len(u) == len(lines[lines.index(u) + 1]) for u in underlined)
    items = [ln[2:] for ln in lines if ln.startswith("* ")]
    golds = [a["title"] for a in _gold_for(name)["activities"]]
    assert len(items) == len(golds)
    assert all(item.startswith(title) for item, title in zip(items, golds))
    # The forwarded block is quoted and comes after everything else; it holds no "* " item.
    quoted = [i for i, ln in enumerate(lines) if ln.startswith(">")]
    nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
    assert len(quoted) >= 5 and quoted[-1] == nonempty[-1]
    assert min(quoted) > max(i for i, ln in enumerate(lines) if ln.startswith("* "))
    assert not any(ln.startswith("> *") for ln in lines)


# --------------------------------------------------------------------------- generation and referee

def test_generation_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    first, second = render_twice(generator, tmp_path / "out")
    assert set(first) == set(second) == document_names(GOLD_FILES)
    for name, blob in first.items():
        assert blob == second[name], name
        assert (BLIND / name).read_bytes() == blob, name


@needs_scorer
def test_referee_scores_a_perfect_export_as_one(tmp_path: Path) -> None:
    check_referee_scores_perfect_export("blind3_score", GOLD_FILES, tmp_path)


def test_text_extraction_reads_real_content() -> None:
    # Guards the grounding test: a reader returning the wrong file would not fail it.
    probes = {"html": "TAFE NSW", "pdftable": "Aalborg University", "docxplain": "Weihenstephan-Triesdorf",
              "email": "Swisscontact"}
    for gold_path in GOLD_FILES:
        name = load_gold(gold_path)["document"]["document"]
        assert probes[_content(name)["format"]] in document_text(name)
