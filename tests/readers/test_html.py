"""The HTML reader on pages written here (invented content)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.model import BlockKind, ParsedDocument
from extractor.readers.base import ReaderLimits
from extractor.readers.errors import CorruptDocument, EmptyDocument, LimitExceeded
from extractor.readers.html import decode_html, read_html

LIMITS = ReaderLimits()

PAGE = """<!DOCTYPE html>
<html lang="es"><head><meta charset="{charset}"><title>Portal institucional</title>
<style>p {{ color: red; }}</style><script>var menu = "Inicio";</script></head>
<body>
<header><a href="/">Boletín Internacional</a></header>
<nav><ul><li>Inicio</li><li>Contacto</li></ul></nav>
<div role="navigation">Mapa del sitio</div>
<main><article>
  <header><h1>Boletín de cooperación – abril a junio 2032</h1></header>
  <h2>Movilidad entrante</h2>
  <p>Durante el trimestre llegaron <b>cinco delegaciones</b> de
     tres países.</p>
  <h3>Visita de la Academia Técnica de Valparaíso</h3>
  <p><strong>Aliado:</strong> Academia Técnica de Valparaíso (Chile)</p>
  <p><span style="font-weight: 700">Fechas:</span> 4 al 8 de mayo</p>
  <p>88 beneficiarios<br>
     11 regionales</p>
  <ul>
    <li><strong>Resultado:</strong> plan de trabajo conjunto
      <ul><li>Fase piloto en Pasto</li></ul>
    </li>
    <li>Segunda reunión técnica</li>
  </ul>
  <figure><img src="x.jpg"><figcaption>Delegación en el taller de soldadura</figcaption></figure>
  <p>Imagen: recorrido por el centro de formación</p>
  <div style="display:none">Texto oculto</div>
  <div>Texto suelto en un div</div>
  <table>
    <caption>Tabla 1. Movilidades</caption>
    <thead><tr><th>Aliado</th><th>Ciudad</th><th>Personas</th></tr></thead>
    <tbody>
      <tr><td>Instituto Boreal</td><td rowspan="2">Tromsø</td><td>5</td></tr>
      <tr><td>Colegio Ártico</td><td>7</td></tr>
      <tr><td colspan="2">Total</td><td>12</td></tr>
    </tbody>
  </table>
  <table><tr><td><p>Recuadro: 430 aprendices certificados</p></td></tr></table>
</article></main>
<footer>Página 3 · Todos los derechos reservados</footer>
</body></html>
"""


def _write(tmp_path: Path, html: str, encoding: str = "utf-8", charset: str | None = None) -> Path:
    path = tmp_path / "boletin.html"
    path.write_bytes(html.replace("{charset}", charset or encoding).encode(encoding))
    return path


def _block(doc: ParsedDocument, text: str):
    matches = [b for b in doc.blocks if b.text == text]
    assert matches, f"no block {text!r} in {[b.text for b in doc.blocks]}"
    return matches[0]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> ParsedDocument:
    html = PAGE.replace("{{", "{").replace("}}", "}")
    return read_html(_write(tmp_path_factory.mktemp("h"), html), LIMITS)


def test_offsets_and_metadata(page):
    assert (page.format, page.reader, page.pages) == ("html", "html", None)
    for block in page.blocks:
        assert page.text[block.start:block.end] == block.text


def test_chrome_script_style_and_hidden_are_skipped(page):
    for absent in ("Boletín Internacional", "Inicio", "Mapa del sitio", "Página 3", "color: red",
                   "var menu", "Texto oculto", "Portal institucional"):
        assert absent not in page.text


def test_headings_with_levels_including_article_header(page):
    assert [(b.text, b.level) for b in page.blocks if b.kind is BlockKind.heading] == [
        ("Boletín de cooperación – abril a junio 2032", 1), ("Movilidad entrante", 2),
        ("Visita de la Academia Técnica de Valparaíso", 3)]
    assert all(b.bold for b in page.blocks if b.kind is BlockKind.heading)


def test_whitespace_collapsed_and_bold_spans(page):
    intro = _block(page, "Durante el trimestre llegaron cinco delegaciones de tres países.")
    assert [intro.text[a:b] for a, b in intro.bold_spans] == ["cinco delegaciones"]
    label = _block(page, "Aliado: Academia Técnica de Valparaíso (Chile)")
    assert [label.text[a:b] for a, b in label.bold_spans] == ["Aliado:"] and not label.bold
    styled = _block(page, "Fechas: 4 al 8 de mayo")
    assert [styled.text[a:b] for a, b in styled.bold_spans] == ["Fechas:"]


def test_line_break_kept(page):
    assert _block(page, "88 beneficiarios\n11 regionales").kind is BlockKind.paragraph


def test_list_items_including_nested(page):
    items = [b.text for b in page.blocks if b.kind is BlockKind.list_item]
    assert items == ["Resultado: plan de trabajo conjunto", "Fase piloto en Pasto", "Segunda reunión técnica"]


def test_captions(page):
    captions = [b.text for b in page.blocks if b.kind is BlockKind.caption]
    assert captions == ["Delegación en el taller de soldadura", "Imagen: recorrido por el centro de formación",
                        "Tabla 1. Movilidades"]


def test_loose_div_text_is_a_paragraph(page):
    assert _block(page, "Texto suelto en un div").kind is BlockKind.paragraph


def test_table_rows_header_rowspan_colspan(page):
    rows = [b for b in page.blocks if b.kind is BlockKind.table_row]
    header = ["Aliado", "Ciudad", "Personas"]
    assert [r.cells for r in rows] == [header, ["Instituto Boreal", "Tromsø", "5"], ["Colegio Ártico", "", "7"],
                                       ["Total", "12"]]
    assert all(r.header == header for r in rows)
    second = rows[2]
    assert [second.text[a:b] for a, b in second.cell_offsets] == second.cells
    assert page.text.count("Tromsø") == 1


def test_single_cell_layout_table(page):
    assert _block(page, "Recuadro: 430 aprendices certificados").kind is BlockKind.paragraph


def test_encodings(tmp_path):
    html = "<html><head><meta charset='{charset}'></head><body><h2>Año de gestión</h2><p>Cooperación</p></body></html>"
    for encoding in ("utf-8", "iso-8859-1", "cp1252"):
        doc = read_html(_write(tmp_path, html, encoding), LIMITS)
        assert [b.text for b in doc.blocks] == ["Año de gestión", "Cooperación"], encoding
    # No declaration: UTF-8 when valid, else Windows-1252.
    bare = "<p>Información técnica – región</p>"
    assert decode_html(bare.encode("utf-8")) == bare
    assert decode_html(bare.encode("cp1252")) == bare


def test_layout_table_with_headings_keeps_structure(tmp_path):
    html = ("<table><tr><td><h2>Alianzas</h2><p>Texto A</p></td><td><h2>Eventos</h2><p>Texto B</p></td></tr>"
            "</table>")
    doc = read_html(_write(tmp_path, html), LIMITS)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.heading, "Alianzas"), (BlockKind.paragraph, "Texto A"),
        (BlockKind.heading, "Eventos"), (BlockKind.paragraph, "Texto B")]


def test_failures(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    with pytest.raises(EmptyDocument):
        read_html(empty, LIMITS)
    chrome_only = _write(tmp_path, "<html><body><nav>Inicio</nav><script>x()</script></body></html>")
    with pytest.raises(EmptyDocument, match="no text"):
        read_html(chrome_only, LIMITS)
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"\x00\x01" + os.urandom(2000))
    with pytest.raises(CorruptDocument, match="binary"):
        read_html(binary, LIMITS)
    with pytest.raises(LimitExceeded):
        read_html(_write(tmp_path, "<p>x</p>" * 100), ReaderLimits(max_bytes=50))


def test_internal_dtd_subset_is_dropped_not_expanded(tmp_path):
    entities = '<!ENTITY a0 "ja">' + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    path = _write(tmp_path, f"<!DOCTYPE html [{entities}]><html><body><p>&a9;</p><p>Texto real</p></body></html>")
    doc = read_html(path, LIMITS)
    assert "]>" not in doc.text and "Texto real" in doc.text and len(doc.text) < 100


def test_definition_lists_read_as_field_lines(tmp_path):
    from extractor.readers import read_document
    page = tmp_path / "tarjetas.html"
    page.write_text("<html><body><h2>Alianzas</h2><article><h3>Convenio con Fraunhofer</h3>"
                    "<dl><dt>Entidad</dt><dd>Fraunhofer IPA</dd><dt>País:</dt><dd>Alemania</dd><dt>Nota</dt></dl>"
                    "</article></body></html>", encoding="utf-8")
    texts = [(b.text, b.bold_spans) for b in read_document(page).blocks]
    assert ("Entidad: Fraunhofer IPA", [(0, 8)]) in texts
    assert ("País: Alemania", [(0, 5)]) in texts
    assert ("Nota", [(0, 4)]) in texts


def test_a_page_level_aside_is_chrome_but_an_aside_in_an_article_is_content(tmp_path):
    path = tmp_path / "digest.html"
    path.write_text("<html><body><main><h2>Convenios</h2><p><strong>Convenio con la OIT.</strong> Firmado el 3 de "
                    "mayo.</p><article><aside>Recuadro: 40 aprendices formados.</aside></article></main>"
                    "<aside class='sidebar'><h3>Enlaces de interés</h3><ul><li>Consulta tu nómina</li></ul></aside>"
                    "<div role='complementary'>Clima: 25 °C</div></body></html>", encoding="utf-8")
    text = read_html(path, ReaderLimits()).text
    assert "Recuadro: 40 aprendices" in text
    assert "Enlaces" not in text and "nómina" not in text and "Clima" not in text
