"""The PDF reader on PDFs built at test time with reportlab, hostile files, and the seed bulletin."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.model import BlockKind, ParsedDocument
from extractor.readers.base import ReaderLimits
from extractor.readers.errors import (CorruptDocument, EmptyDocument, EncryptedDocument, LimitExceeded,
                                      UnsupportedFormat)
from extractor.readers.pdf import Line, read_pdf
from tests.fixtures import pdfs as fx

LIMITS = ReaderLimits()
SEED = Path("/work/shared/seed/boletin_2026T1_insumos.pdf")


def raw_pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def locate(path: Path, phrase: str) -> tuple[int, float]:
    """(page, x) of a phrase's first character in the PDF: checks that the fixture has the layout we claim."""
    pdf = pdfium.PdfDocument(path)
    try:
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            hit = textpage.search(phrase, match_case=True).get_next()
            if hit:
                return i + 1, textpage.get_charbox(hit[0])[0]
    finally:
        pdf.close()
    raise AssertionError(f"{phrase!r} not in {path}")


def block(doc: ParsedDocument, start: str):
    found = [b for b in doc.blocks if b.text.startswith(start)]
    assert len(found) == 1, f"{start!r}: {[b.text[:60] for b in found]}"
    return found[0]


# ------------------------------------------------------------------------------------- two-column bulletin


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory) -> tuple[Path, ParsedDocument]:
    path = fx.two_column_bulletin(tmp_path_factory.mktemp("pdf") / "boletin.pdf")
    return path, read_pdf(path, LIMITS)


def test_fixture_really_has_two_columns_and_two_pages(bulletin):
    path, doc = bulletin
    middle = fx.WIDTH / 2
    assert locate(path, "Durante el trimestre")[1] < middle
    assert locate(path, "Misión técnica")[1] > middle
    assert locate(path, "Visitas de delegaciones")[0] == 2
    assert doc.pages == 2 and doc.format == "pdf" and doc.reader == "pdf" and doc.name == "boletin.pdf"


def test_reading_order_left_column_then_right_then_next_page(bulletin):
    _, doc = bulletin
    order = ["Boletín de Cooperación Internacional", "Octubre a diciembre de 2025", "Alianzas y convenios",
             "Durante el trimestre", "Convenio marco", "Aliado: Universidad", "El convenio impulsa",
             "Impacto esperado:", "Las líneas de trabajo", "movilidad de instructores durante",
             "pasantías cortas", "Asistencia técnica en gestión", "Movilidades destacadas", "Los resultados",
             "Foto: encuentro", "Misión técnica", "La misión recorrió", "Visitas de delegaciones",
             "Una delegación", "La visita cerró"]
    positions = [doc.text.index(phrase) for phrase in order]
    assert positions == sorted(positions)


def test_full_width_title_and_heading_come_first(bulletin):
    _, doc = bulletin
    first = [(b.kind, b.level, b.text) for b in doc.blocks[:4]]
    assert first[0] == (BlockKind.title, None, "Boletín de Cooperación Internacional")
    assert first[1] == (BlockKind.title, None, "Octubre a diciembre de 2025")
    assert first[2] == (BlockKind.heading, 1, "Alianzas y convenios")
    assert first[3][2].startswith("Durante el trimestre")


def test_running_header_footer_and_page_numbers_removed(bulletin):
    path, doc = bulletin
    raw = raw_pages(path)
    assert all(fx.RUNNING_HEADER in page for page in raw) and "Página 2 de 2" in raw[1]
    assert fx.RUNNING_HEADER not in doc.text
    assert "Página" not in doc.text and "Octubre – diciembre 2025" not in doc.text


def test_headings_levels_and_two_line_heading(bulletin):
    _, doc = bulletin
    headings = {b.text: b.level for b in doc.blocks if b.kind == BlockKind.heading}
    assert headings == {
        "Alianzas y convenios": 1,
        "Visitas de delegaciones": 1,
        "Movilidades destacadas": 2,
        "Convenio marco con la Universidad Técnica de Formación Dual para la innovación agroindustrial": 3,
        "Asistencia técnica en gestión del agua": 3,
        "Misión técnica a centros de energías renovables": 3,
    }
    assert all(b.bold for b in doc.blocks if b.kind == BlockKind.heading)
    assert block(doc, "Alianzas y convenios").font_size == pytest.approx(1.6)


def test_hyphenated_line_ends_are_repaired(bulletin):
    path, doc = bulletin
    assert any("\ufffe" in page or "-\r\n" in page for page in raw_pages(path)), "fixture lost its hyphenation"
    text = block(doc, "El convenio impulsa").text
    assert text == ("El convenio impulsa la transferencia tecnológica, la cooperación académica y la "
                    "actualización de programas de formación profesional en agroindustria, manufactura "
                    "avanzada y logística portuaria con énfasis regional.")
    assert "\ufffe" not in doc.text and "\xad" not in doc.text


def test_paragraph_continuing_in_next_column_is_one_block(bulletin):
    path, doc = bulletin
    assert locate(path, "Los resultados")[1] < fx.WIDTH / 2 < locate(path, "Foto: encuentro")[1]
    b = block(doc, "Los resultados")
    assert b.text == "Los resultados del periodo muestran que " + fx.flowing_text(9) + "."
    assert b.kind == BlockKind.paragraph and b.page == 1


def test_paragraph_continuing_on_next_page_is_one_block(bulletin):
    path, doc = bulletin
    page2 = raw_pages(path)[1]
    assert "La misión" not in page2 and page2.index(" de ") < page2.index("Visitas de delegaciones")
    b = block(doc, "La misión recorrió")
    assert b.text == ("La misión recorrió parques solares y centros de entrenamiento, y sus conclusiones indican que "
                      + fx.flowing_text(34, offset=3) + ".")
    assert b.page == 1
    assert block(doc, "Visitas de delegaciones").page == 2


def test_bullets_become_list_items_without_glyph(bulletin):
    _, doc = bulletin
    items = [b.text for b in doc.blocks if b.kind == BlockKind.list_item]
    assert items == [
        "movilidad de instructores durante el primer semestre;",
        "asistencia técnica para laboratorios de automatización industrial y control de procesos en tres "
        "centros de formación;",
        "pasantías cortas para aprendices.",
    ]


def test_caption_and_field_lines(bulletin):
    _, doc = bulletin
    caption = block(doc, "Foto:")
    assert caption.kind == BlockKind.caption
    assert caption.text == "Foto: encuentro de instructores en el taller de mecatrónica."
    aliado = block(doc, "Aliado: Universidad")
    assert aliado.text == "Aliado: Universidad Técnica de Formación Dual" and aliado.kind == BlockKind.paragraph


def test_bold_label_inside_paragraph(bulletin):
    _, doc = bulletin
    b = block(doc, "Impacto esperado:")
    assert b.bold is False
    assert b.bold_spans == [(0, len("Impacto esperado:"))]
    assert b.text[slice(*b.bold_spans[0])] == "Impacto esperado:"
    assert block(doc, "Durante el trimestre").bold_spans == []


def test_offsets_point_into_text(bulletin):
    _, doc = bulletin
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
        assert b.page in (1, 2)


# ------------------------------------------------------------------------------------- single column, footers


@pytest.mark.parametrize("footer,header", [
    (lambda n, m: f"- {n} -", "Informe trimestral de cooperación"),
    (lambda n, m: f"{n}", None),
    (lambda n, m: f"{n} / {m}", "Informe trimestral de cooperación"),
    (lambda n, m: f"Page {n} of {m}", None),
])
def test_footer_styles_removed_and_page_break_joined(tmp_path, footer, header):
    path = fx.one_column_report(tmp_path / "informe.pdf", footer=footer, header=header)
    doc = read_pdf(path, LIMITS)
    assert doc.pages == 3
    raw = raw_pages(path)
    assert footer(2, 3) in raw[1]
    for number in (1, 2, 3):
        assert footer(number, 3) not in [b.text for b in doc.blocks]
    if header:
        assert header not in doc.text
    assert block(doc, "Informe de gestión").kind == BlockKind.title
    events = block(doc, "La entidad participó")
    flow = fx.flowing_text(fx.EVENTS_CLAUSES, offset=2)
    assert events.text == "La entidad participó en ferias y foros donde " + flow + "."
    assert doc.blocks[-1] is events
    assert [b.text for b in doc.blocks if b.kind == BlockKind.heading and b.level == 1] == ["Capacitaciones", "Eventos"]


# ------------------------------------------------------------------------------------- ligatures

LIBERATION = Path("/usr/share/fonts/truetype/liberation")


def test_ligatures_spelled_out_with_their_bold_flags(tmp_path):
    """A font's "ﬁ" glyph reads as "fi" (pdfium spells ligatures out, one character index per letter), and a
    bold word's flags cover its letters as spelled out."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("LigSans", str(LIBERATION / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("LigSans-Bold", str(LIBERATION / "LiberationSans-Bold.ttf")))
    path = tmp_path / "ligaduras.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    text = c.beginText(72, 760)
    text.setFont("LigSans-Bold", 11)
    text.textOut("O\ufb01cina:")
    text.setFont("LigSans", 11)
    text.textOut(" \ufb01nanciación del \ufb02ujo con Sa\ufb01 Ltda.")
    c.drawText(text)
    c.save()

    pdf = pdfium.PdfDocument(path)
    try:
        from extractor.readers.pdf import page_lines
        (line,) = page_lines(pdf[0])
    finally:
        pdf.close()
    assert line.text == "Oficina: financiación del flujo con Safi Ltda."
    assert line.bold is not None and len(line.bold) == len(line.text)
    assert [ch for ch, b in zip(line.text, line.bold) if b] == list("Oficina:")
    doc = read_pdf(path, LIMITS)
    (b,) = doc.blocks
    assert b.text == line.text and b.bold_spans == [(0, len("Oficina:"))]


# ------------------------------------------------------------------------------------- pages without text


def test_page_without_text_layer_warns(tmp_path):
    doc = read_pdf(fx.pdf_with_blank_page(tmp_path / "scan.pdf"), LIMITS, page_fallback=lambda page, number: None)
    assert doc.warnings == ["page 2: no text layer"]
    assert [(b.page, b.text) for b in doc.blocks] == [(1, "Primera página con texto normal."),
                                                      (3, "Tercera página con texto normal.")]
    assert doc.pages_ocr == 0


def test_page_fallback_supplies_lines(tmp_path):
    calls = []

    def ocr(page, number):
        calls.append(number)
        return [Line("Texto reconocido en la imagen.", 60, 100, 300, 112, 11.0)]

    doc = read_pdf(fx.pdf_with_blank_page(tmp_path / "scan.pdf"), LIMITS, page_fallback=ocr)
    assert calls == [2]
    assert doc.pages_ocr == 1 and doc.warnings == []
    assert [(b.page, b.text) for b in doc.blocks][1] == (2, "Texto reconocido en la imagen.")


# ------------------------------------------------------------------------------------- failures


def test_encrypted_pdf(tmp_path):
    path = fx.encrypted_pdf(tmp_path / "cerrado.pdf")
    with pytest.raises(EncryptedDocument) as err:
        read_pdf(path, LIMITS)
    assert "cerrado.pdf" in str(err.value) and "\n" not in str(err.value)


def test_not_a_pdf(tmp_path):
    path = tmp_path / "nota.pdf"
    path.write_text("esto no es un PDF", encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="nota.pdf"):
        read_pdf(path, LIMITS)


def test_empty_file(tmp_path):
    path = tmp_path / "vacio.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument, match="vacio.pdf"):
        read_pdf(path, LIMITS)


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_truncated_pdf(tmp_path, keep):
    data = fx.two_column_bulletin(tmp_path / "full.pdf").read_bytes()
    path = tmp_path / "cortado.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(CorruptDocument, match="cortado.pdf"):
        read_pdf(path, LIMITS)


def test_garbage_after_header(tmp_path):
    path = tmp_path / "basura.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(CorruptDocument, match="basura.pdf"):
        read_pdf(path, LIMITS)


def test_page_limit(tmp_path):
    path = fx.simple_pdf(tmp_path / "largo.pdf", pages=3)
    with pytest.raises(LimitExceeded, match="3 pages"):
        read_pdf(path, ReaderLimits(max_pages=2))
    assert read_pdf(path, ReaderLimits(max_pages=3)).pages == 3


def test_size_limit(tmp_path):
    path = fx.simple_pdf(tmp_path / "pesado.pdf")
    with pytest.raises(LimitExceeded, match="bytes"):
        read_pdf(path, ReaderLimits(max_bytes=100))


# ------------------------------------------------------------------------------------- the seed bulletin


@pytest.fixture(scope="module")
def seed() -> ParsedDocument:
    if not SEED.exists():
        pytest.skip("seed bulletin not available")
    return read_pdf(SEED, LIMITS)


def test_seed_headings(seed):
    sections = [b for b in seed.blocks if b.text == "Alianzas internacionales"]
    assert sections and all(b.kind == BlockKind.heading and b.level == 1 for b in sections)
    assert seed.blocks[0].kind == BlockKind.title
    long_heading = [b for b in seed.blocks if b.text.startswith("OIT / CINTERFOR")]
    assert len(long_heading) == 1 and long_heading[0].kind == BlockKind.heading
    assert long_heading[0].text.endswith("Conocimiento en la Formación Profesional")


def test_seed_page_break_sentence_joined(seed):
    joined = [b for b in seed.blocks if "enfocados en buenas prácticas" in b.text]
    assert len(joined) == 1 and joined[0].kind == BlockKind.paragraph
    assert not any(b.text.startswith("en buenas prácticas") for b in seed.blocks)


def test_seed_has_no_page_numbers_or_bullet_glyphs(seed):
    assert seed.pages == 8
    assert not [b.text for b in seed.blocks if b.text.strip().isdigit()]
    items = [b for b in seed.blocks if b.kind == BlockKind.list_item]
    assert items and all(not ("\ue000" <= b.text[0] <= "\uf8ff") for b in items)
    impact = [b for b in items if b.text.startswith("Impacto esperado:")]
    assert impact and all(b.bold_spans[0] == (0, len("Impacto esperado:")) for b in impact)


def test_three_columns_read_column_by_column(tmp_path):
    """A page of three columns: each column's sentences in order, the columns one after another."""
    from tests.fixtures.pdfs import three_column_page

    text = read_pdf(three_column_page(tmp_path / "revista.pdf"), ReaderLimits()).text
    positions = [text.find(f"Frase {n} de la columna {k}") for k in (1, 2, 3) for n in range(1, 7)]
    assert -1 not in positions and positions == sorted(positions)
    assert text.index("Pasantía en Lausana") < text.index("Misión a Melbourne") < text.index("Curso en Florianópolis")
