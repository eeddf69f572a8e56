"""Property tests: any text file, in any common encoding, read and segmented: the reader raises nothing but
its declared ReadError, and every offset it or the segmenter gives lies inside the document's text."""

from __future__ import annotations

import tempfile
from pathlib import Path

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.readers import ReadError, read_document
from extractor.segment import segment_document

# Text that looks like bulletins some of the time: headings, list marks, labels, tables, numbers, dates.
_PIECES = ["# ", "## ", "### ", "- ", "* ", "**", "| ", " |", "|---|", ":", "\n", "\n\n", "\t", "  ",
           "Alianzas", "Movilidad internacional", "Formación", "Eventos", "Aliado:", "Fechas:", "Lugar:",
           "Beneficiarios:", "trimestre 2024", "del 3 al 5 de mayo de 2023", "1.200 aprendices", "España",
           "Bogotá", "SENA", "KOICA", "Boletín", "1.", "2)", "é", "ñ", "\u00a0", "\u200b", "\ufeff", "\r\n", "\r",
           "\x0c", "€", "😀"]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=60).map("".join)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"])
# EXTRACTOR_FUZZ_SCALE=20 for a long fuzzing run (CI keeps the default).
FUZZ_SCALE = int(os.environ.get("EXTRACTOR_FUZZ_SCALE", "1"))
_settings = settings(max_examples=120 * FUZZ_SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _write(text: str, encoding: str, suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False)
    with handle:
        handle.write(text.encode(encoding, errors="replace"))
    return Path(handle.name)


def _read(text: str, encoding: str, suffix: str):
    path = _write(text, encoding, suffix)
    try:
        return read_document(path)
    except ReadError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return None
    finally:
        path.unlink()


@_settings
@given(texts, encodings, st.sampled_from([".txt", ".md"]))
def test_text_reader_offsets_inside_text(text, encoding, suffix):
    doc = _read(text, encoding, suffix)
    if doc is None:
        return
    n = len(doc.text)
    assert doc.text.strip()
    previous_end = 0
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= n
        assert block.start >= previous_end
        previous_end = block.end
        assert doc.text[block.start:block.end] == block.text
        for a, b in block.bold_spans:
            assert 0 <= a <= b <= len(block.text)


@_settings
@given(texts, encodings)
def test_segmenter_offsets_inside_text(text, encoding):
    doc = _read(text, encoding, ".md")
    if doc is None:
        return
    seg = segment_document(doc)
    n = len(doc.text)
    if seg.period_start and seg.period_end:
        assert seg.period_start <= seg.period_end
    for section in seg.sections:
        assert 0 <= section.start <= section.end <= n
    for item in seg.items:
        assert 0 <= item.start <= item.title_start <= item.title_end <= item.end <= n
        for field in item.fields:
            assert 0 <= field.start <= field.end <= n
            assert doc.text[field.start:field.end] == field.value


def test_properties_can_fail():
    """The checks above are not vacuous: generated bulletins do produce blocks, sections and items."""
    doc = _read("# Boletín\n\n## Alianzas\n\n### Convenio con KOICA\n\n- Aliado: KOICA\n\nTexto.\n", "utf-8", ".md")
    seg = segment_document(doc)
    assert doc.blocks and seg.sections and seg.items
