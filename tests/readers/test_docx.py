"""The DOCX reader on DOCX files built at test time, hostile files, and the seed bulletin."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from extractor.model import BlockKind, ParsedDocument
from extractor.readers.base import ReaderLimits
from extractor.readers.docx import read_docx
from extractor.readers.errors import (
    CorruptDocument, EmptyDocument, EncryptedDocument, LimitExceeded, ReadError, UnsupportedFormat,
)
from tests.fixtures import docx_files as fx

LIMITS = ReaderLimits()
SEED = Path("/work/shared/seed/boletin_2026T1_insumos.docx")


def _read(path: Path) -> ParsedDocument:
    return read_docx(path, LIMITS)


def _block(doc: ParsedDocument, text: str):
    matches = [b for b in doc.blocks if b.text == text]
    assert matches, f"no block {text!r} in {[b.text for b in doc.blocks]}"
    return matches[0]


def _bold_texts(block) -> list[str]:
    return [block.text[a:b] for a, b in block.bold_spans]


def _assert_offsets(doc: ParsedDocument) -> None:
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
        for a, b in block.bold_spans:
            assert 0 <= a < b <= len(block.text)
        for a, b in block.cell_offsets or []:
            assert 0 <= a <= b <= len(block.text)


# --- (a) styled bulletin ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def styled(tmp_path_factory) -> ParsedDocument:
    return _read(fx.build_styled_bulletin(tmp_path_factory.mktemp("a") / "styled.docx"))


def test_styled_document_metadata(styled):
    assert (styled.format, styled.reader, styled.pages, styled.name) == ("docx", "docx", None, "styled.docx")
    _assert_offsets(styled)


def test_title_and_subtitle_are_title_blocks(styled):
    assert [b.text for b in styled.blocks if b.kind is BlockKind.title] == [
        "Oficina de Cooperación Técnica", "Boletín trimestral – julio a septiembre 2031"]


def test_heading_levels_follow_styles(styled):
    headings = [(b.text, b.level) for b in styled.blocks if b.kind is BlockKind.heading]
    assert headings == [("Convenios firmados", 1), ("Intercambios de instructores", 2),
                        ("Pasantía en mecatrónica industrial", 3)]
    assert _block(styled, "Convenios firmados").bold  # bold through the heading style


def test_bold_label_spans(styled):
    block = _block(styled, "Aliado: Fundación Horizonte Técnico (Noruega)")
    assert block.kind is BlockKind.paragraph
    assert _bold_texts(block) == ["Aliado:"]
    assert not block.bold


def test_list_items(styled):
    bullet = _block(styled, "Impacto esperado: actualización curricular en automatización.")
    assert bullet.kind is BlockKind.list_item and _bold_texts(bullet) == ["Impacto esperado:"]
    assert _block(styled, "Segundo resultado del intercambio.").kind is BlockKind.list_item


def test_captions_by_style_and_by_prefix(styled):
    assert _block(styled, "Foto: instructores en el laboratorio de robótica").kind is BlockKind.caption
    assert _block(styled, "Fotografía: firma del convenio en la sede principal.").kind is BlockKind.caption


def test_manual_line_break_is_kept_as_newline(styled):
    assert _block(styled, "57 beneficiarios\n9 regionales").kind is BlockKind.paragraph


def test_page_header_footer_and_page_number_are_not_read(styled):
    assert fx.RUNNING_HEADER not in styled.text
    assert fx.RUNNING_FOOTER not in styled.text
    assert fx.RUNNING_PAGE_NUMBER not in styled.text


def test_table_of_contents_is_skipped(styled):
    assert "....." not in styled.text
    assert styled.text.count("Convenios firmados") == 1
    assert any("table-of-contents" in w for w in styled.warnings)


def test_content_control_tracked_changes_hidden_text(styled):
    assert _block(styled, "Texto dentro de un control de contenido")
    _block(styled, "Versión insertada")
    assert "borrada" not in styled.text and "oculta" not in styled.text


def test_text_box_read_once(styled):
    assert styled.text.count("Cifra destacada: 430 aprendices") == 1


def test_body_order_is_preserved(styled):
    texts = [b.text for b in styled.blocks]
    assert texts.index("Convenios firmados") < texts.index("Pasantía en mecatrónica industrial") \
        < texts.index("Foto: instructores en el laboratorio de robótica") \
        < texts.index("Texto dentro de un control de contenido") < texts.index("Cifra destacada: 430 aprendices")


# --- (b) bold paragraphs as headings ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def bold_headings(tmp_path_factory) -> ParsedDocument:
    return _read(fx.build_bold_headings_bulletin(tmp_path_factory.mktemp("b") / "bold.docx"))


def test_bold_paragraphs_are_flagged_not_promoted(bold_headings):
    assert not any(b.kind is BlockKind.heading for b in bold_headings.blocks)
    section = _block(bold_headings, "MOVILIDAD SALIENTE")
    item = _block(bold_headings, "Visitas recibidas: actividad número 2")
    assert section.bold and item.bold and section.kind is BlockKind.paragraph
    label = _block(bold_headings, "Aliado: Instituto Politécnico Meridional 1")
    assert not label.bold and _bold_texts(label) == ["Aliado:"]
    assert not _block(bold_headings, "Texto descriptivo de la actividad 1 con cifras y fechas.").bold


def test_bold_from_character_style(bold_headings):
    assert _block(bold_headings, "Cierre del periodo").bold


def test_font_size_relative_to_body(bold_headings):
    assert _block(bold_headings, "Texto grande").font_size == pytest.approx(2.0)  # 22 pt over an 11 pt body
    assert _block(bold_headings, "Cierre del periodo").font_size == pytest.approx(1.0)
    _assert_offsets(bold_headings)


# --- (c) tables ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> ParsedDocument:
    return _read(fx.build_table_bulletin(tmp_path_factory.mktemp("c") / "tables.docx"))


def test_table_rows_with_header(tables):
    _assert_offsets(tables)
    rows = [b for b in tables.blocks if b.kind is BlockKind.table_row]
    header_row, first = rows[0], rows[1]
    assert header_row.cells == fx.TABLE_HEADER and header_row.header == fx.TABLE_HEADER and header_row.bold
    assert first.text == " | ".join(fx.TABLE_ROWS[0])
    assert first.cells == fx.TABLE_ROWS[0] and first.header == fx.TABLE_HEADER
    assert [first.text[a:b] for a, b in first.cell_offsets] == fx.TABLE_ROWS[0]


def test_vertically_merged_cell_is_not_duplicated(tables):
    rows = [b for b in tables.blocks if b.kind is BlockKind.table_row and b.header == fx.TABLE_HEADER]
    second, third = rows[2], rows[3]
    assert second.cells[1] == "Gdansk, Polonia"
    assert third.cells[1] == "" and third.cells[0] == "Red Técnica del Pacífico"
    assert len(third.cells) == len(fx.TABLE_HEADER)
    assert tables.text.count("Gdansk, Polonia") == 1


def test_spanned_cell_once_and_nested_table_flattened(tables):
    spanned = _block(tables, "Soldadura submarina | 40 horas en Cartagena")
    assert spanned.cells == ["Soldadura submarina", "40 horas en Cartagena"]
    assert spanned.header == ["Curso", "Horas", "Sede"]
    nested = [b for b in tables.blocks if b.text.startswith("Drones agrícolas")][0]
    assert nested.cells[2] == "Sede A | Sede B"
    assert tables.text.count("Sede A") == 1


def test_trailing_empty_cell_adds_no_dangling_separator(tables):
    row = _block(tables, "Robótica educativa | 30")
    assert row.cells == ["Robótica educativa", "30", ""]
    assert row.cell_offsets[2] == (len(row.text), len(row.text))


def test_layout_table_with_headings_is_read_as_blocks(tmp_path):
    doc = _read(fx.build_layout_table_bulletin(tmp_path / "layout.docx"))
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        (BlockKind.heading, 2, "Alianzas"), (BlockKind.paragraph, None, "Texto de alianzas."),
        (BlockKind.heading, 2, "Eventos"), (BlockKind.paragraph, None, "Texto de eventos.")]


def test_single_cell_table_is_read_as_paragraph(tables):
    box = _block(tables, "Total del trimestre: 29 beneficiarios")
    assert box.kind is BlockKind.paragraph and box.cells is None


def test_table_position_in_document_order(tables):
    texts = [b.text for b in tables.blocks]
    assert texts[0] == "Movilidades del trimestre"
    assert texts.index("Texto entre tablas.") > texts.index(" | ".join(fx.TABLE_ROWS[0]))
    assert texts.index("Texto entre tablas.") < texts.index("Curso | Horas | Sede")


# --- (d) localized and inherited styles ------------------------------------------------------------------
def test_localized_and_inherited_heading_styles(tmp_path):
    doc = _read(fx.build_localized_styles_bulletin(tmp_path / "es.docx"))
    kinds = {b.text: (b.kind, b.level) for b in doc.blocks}
    assert kinds["Informe de gestión internacional"] == (BlockKind.title, None)
    assert kinds["Alianzas estratégicas"] == (BlockKind.heading, 1)
    assert kinds["Cooperación bilateral"] == (BlockKind.heading, 2)      # based on Heading 2
    assert kinds["Programa de energías limpias"] == (BlockKind.heading, 3)  # outline level 2 → level 3
    assert kinds["Elemento con numeración directa"] == (BlockKind.list_item, None)
    assert kinds["Párrafo normal de cierre."] == (BlockKind.paragraph, None)
    assert _block(doc, "Alianzas estratégicas").bold


# --- (e) hostile files -----------------------------------------------------------------------------------
@pytest.mark.parametrize("builder, error, words", [
    (fx.build_entity_bomb, CorruptDocument, "DTD"),
    (fx.build_zip_not_docx, UnsupportedFormat, "not a Word document"),
    (fx.build_random_bytes, CorruptDocument, "not a DOCX"),
    (fx.build_truncated_docx, CorruptDocument, "ZIP"),
    (fx.build_malformed_xml_docx, CorruptDocument, "XML"),
    (lambda p: fx.build_ole_file(p, encrypted=True), EncryptedDocument, "password"),
    (lambda p: fx.build_ole_file(p, encrypted=False), UnsupportedFormat, ".doc"),
    (fx.build_images_only_docx, EmptyDocument, "no text"),
])
def test_hostile_files_fail_with_declared_errors(tmp_path, builder, error, words):
    path = builder(tmp_path / "hostile.docx")
    started = time.monotonic()
    with pytest.raises(error) as caught:
        _read(path)
    message = str(caught.value)
    assert str(path) in message and words in message and "\n" not in message
    assert time.monotonic() - started < 5


def test_empty_file(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        _read(path)


def test_zip_bomb_rejected_before_parsing(tmp_path):
    path = fx.build_zip_bomb(tmp_path / "bomb.docx", megabytes=210)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(LimitExceeded, match="zip bomb"):
        _read(path)


def test_high_ratio_zip_rejected(tmp_path):
    path = fx.build_zip_bomb(tmp_path / "ratio.docx", megabytes=20)
    with pytest.raises(LimitExceeded, match="ratio"):
        _read(path)


def test_file_over_size_limit(tmp_path):
    path = fx.build_styled_bulletin(tmp_path / "big.docx")
    with pytest.raises(LimitExceeded):
        read_docx(path, ReaderLimits(max_bytes=1000))


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError):
        _read(tmp_path / "absent.docx")


# --- the seed bulletin -----------------------------------------------------------------------------------
@pytest.mark.skipif(not SEED.exists(), reason="seed bulletin not present")
def test_seed_bulletin_structure():
    doc = _read(SEED)
    _assert_offsets(doc)
    by_kind = {kind: [b for b in doc.blocks if b.kind is kind] for kind in BlockKind}
    assert {b.level for b in by_kind[BlockKind.heading]} == {1, 2, 3}
    assert len(by_kind[BlockKind.title]) >= 2
    assert by_kind[BlockKind.caption] and all(b.text.startswith("Foto:") for b in by_kind[BlockKind.caption])
    assert len(by_kind[BlockKind.list_item]) >= 10
    labels = [b for b in doc.blocks if b.text.startswith("Aliado:")]
    assert len(labels) >= 4 and all(b.kind is BlockKind.paragraph for b in labels)
    # bold runs inside list items survive as spans ("Impacto esperado:" style lead-ins)
    assert any(_bold_texts(b) and _bold_texts(b)[0].endswith(":") for b in by_kind[BlockKind.list_item])
    # figures separated by " | " on one line stay one paragraph
    assert any(re.fullmatch(r"\d+ \w+( \| \d+ \w+)+", b.text) for b in by_kind[BlockKind.paragraph])


# --- (f) the package: parts found through relationships, not by name ------------------------------------
def _move_main_part(source: Path, target: Path, new_name: str) -> Path:
    """Rewrite a DOCX with its main part stored under another name (as some producers do)."""
    import zipfile
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            data = original.read(item.filename)
            name = item.filename
            if name == "word/document.xml":
                name = f"word/{new_name}"
            elif name == "word/_rels/document.xml.rels":
                name = f"word/_rels/{new_name}.rels"
            elif name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/document.xml", f"word/{new_name}".encode())
            out.writestr(name, data)
    return target


def test_main_part_under_another_name_is_found_through_the_relationships(tmp_path):
    original = fx.build_styled_bulletin(tmp_path / "a.docx")
    moved = _move_main_part(original, tmp_path / "b.docx", "cuerpo.xml")
    expected = [(b.text, b.kind, b.level, b.bold) for b in _read(original).blocks]
    assert expected and [(b.text, b.kind, b.level, b.bold) for b in _read(moved).blocks] == expected


def test_main_part_of_another_office_type_is_refused(tmp_path):
    original = fx.build_styled_bulletin(tmp_path / "a.docx")
    import zipfile
    target = tmp_path / "hoja.docx"
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
            out.writestr(item, data)
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        _read(target)
