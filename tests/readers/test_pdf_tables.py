"""Ruled tables in text PDFs: rows over pages read as table rows with a header, bands as headings, a cell's
bold title kept apart from its note; and on through segmentation, one activity per row."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.model import BlockKind
from extractor.readers import read_document
from extractor.segment import segment_document
from tests.fixtures import pdfs


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory) -> Path:
    return pdfs.ruled_table_bulletin(tmp_path_factory.mktemp("table") / "cuadro.pdf")


def test_rows_headers_and_bands(table_pdf):
    doc = read_document(table_pdf)
    assert doc.pages >= 2
    rows = [b for b in doc.blocks if b.kind == BlockKind.table_row]
    headers = [b for b in rows if b.header == b.cells]
    assert len(headers) == doc.pages                  # the header row, repeated on every page
    data = [b for b in rows if b.header != b.cells]
    assert len(data) == 29 and {b.page for b in data} == set(range(1, doc.pages + 1))
    first = data[0]
    assert first.header == ["Fecha", "Actividad", "Cooperante", "País / Ciudad", "Beneficiarios", "Regional"]
    assert first.cells[1] == "Convenio de formación en soldadura\nVigencia de tres años con cuatro centros."
    assert first.cells[3] == "Brasil / São Paulo"
    for block in data:
        for cell, (a, b) in zip(block.cells, block.cell_offsets):
            assert doc.text[block.start + a:block.start + b] == cell
    bands = [b.text for b in doc.blocks if b.kind == BlockKind.heading]
    assert bands[-2:] == ["1. ALIANZAS", "2. MOVILIDAD SALIENTE"]
    # the table's text is not read a second time as running text
    assert sum(b.text.count("Universidad de Aalborg") for b in doc.blocks) == 28
    order = [b.text for b in doc.blocks]
    assert order.index("1. ALIANZAS") < order.index(first.text) < order.index("2. MOVILIDAD SALIENTE")
    assert order[-1].startswith("Cifras del trimestre")


def test_one_activity_per_row(table_pdf):
    doc = read_document(table_pdf)
    seg = segment_document(doc)
    assert len(seg.items) == 29
    first = seg.items[0]
    assert (first.title, first.kind) == ("Convenio de formación en soldadura", "alliance")
    assert doc.text[first.title_start:first.title_end] == first.title
    assert {f.name: f.value for f in first.fields}["partner"] == "Instituto Técnico de Soldadura"
    assert all(i.kind == "mobility_out" for i in seg.items[1:])
    assert seg.items[5].title == "Pasantía número 6 en energía solar fotovoltaica para instructores"


def test_pages_without_rules_are_not_searched_for_tables(tmp_path):
    """A bulletin that draws no rules reads as before: no table rows, and pdfplumber is never asked."""
    import sys

    doc = read_document(pdfs.two_column_bulletin(tmp_path / "b.pdf"))
    assert not any(b.kind == BlockKind.table_row for b in doc.blocks)
    assert "pdfplumber" not in sys.modules or True   # other tests may have loaded it; the check below is exact
    from extractor.readers import pdf_tables
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(str(tmp_path / "b.pdf"))
    try:
        assert not any(pdf_tables.has_rules(document[i]) for i in range(len(document)))
    finally:
        document.close()


def test_tables_past_the_time_limit_stay_running_text(table_pdf):
    """Once the document's time is used up, the pages left keep their lines as running text (nothing is
    lost) and a warning says how many pages were not read as tables."""
    import pypdfium2 as pdfium

    from extractor.readers.pdf import page_lines
    from extractor.readers.pdf_tables import take_tables

    document = pdfium.PdfDocument(str(table_pdf))
    try:
        pages = [page_lines(document[i]) for i in range(len(document))]
    finally:
        document.close()
    before = [list(lines) for lines in pages]
    warnings: list[str] = []
    assert take_tables(table_pdf, pages, list(range(len(pages))), warnings, deadline=0.0) == []
    assert pages == before and warnings == [f"tables of {len(pages)} page(s) not read (time limit); "
                                            "their text is read as running text"]
    assert take_tables(table_pdf, pages, list(range(len(pages))), [], deadline=None)   # no limit: found
