from pathlib import Path

import pytest

from extractor.model import BlockKind
from extractor.readers import ReaderLimits, read_document
from extractor.readers.errors import EmptyDocument, ReadError, UnsupportedFormat


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_offsets_point_into_text(seed_md):
    doc = read_document(seed_md)
    assert doc.blocks
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text


def test_page_break_sentence_is_rejoined(tmp_path):
    path = write(tmp_path, "b.md", "Título\n\nLa delegación visitó los centros enfocados\n\n\n\nen buenas prácticas de formación.\n")
    doc = read_document(path)
    texts = [b.text for b in doc.blocks]
    assert "La delegación visitó los centros enfocados en buenas prácticas de formación." in texts


def test_bold_and_bullets(tmp_path):
    path = write(tmp_path, "b.md", "Sección\n\n- **Impacto esperado:** mejor formación.\n- » **Curso:** 12 beneficiarios\n")
    doc = read_document(path)
    items = [b for b in doc.blocks if b.kind == BlockKind.list_item]
    assert [b.text for b in items] == ["Impacto esperado: mejor formación.", "Curso: 12 beneficiarios"]
    assert items[0].bold_spans == [(0, len("Impacto esperado:"))]


def test_markdown_headings_and_captions(tmp_path):
    path = write(tmp_path, "b.md", "# Convenios\n\n## Universidad de Sevilla\n\nFoto: firma del convenio\n\nTexto del convenio.\n")
    doc = read_document(path)
    kinds = [(b.kind, b.level) for b in doc.blocks]
    assert kinds[0] == (BlockKind.heading, 1)
    assert kinds[1] == (BlockKind.heading, 2)
    assert doc.blocks[2].kind == BlockKind.caption


def test_field_lines_are_not_headings(tmp_path):
    path = write(tmp_path, "b.txt", "Socio: Universidad de Chile\n\nPaís: Chile\n")
    doc = read_document(path)
    assert all(b.kind == BlockKind.paragraph for b in doc.blocks)


def test_hard_wrapped_paragraph_joins(tmp_path):
    path = write(tmp_path, "b.md", "El SENA participó en un encuentro regional de cooperación\ntécnica con socios de la región andina.\n")
    doc = read_document(path)
    assert len(doc.blocks) == 1


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "cp1252"])
def test_other_encodings(tmp_path, encoding):
    path = write(tmp_path, "b.txt", "Formación en idioma portugués para aprendices\n".encode(encoding))
    doc = read_document(path)
    assert "portugués" in doc.text


def test_empty_and_binary(tmp_path):
    with pytest.raises(EmptyDocument, match="b.txt"):
        read_document(write(tmp_path, "b.txt", b""))
    with pytest.raises(ReadError, match="binary"):
        read_document(write(tmp_path, "c.txt", bytes(range(256)) * 20))


def test_unsupported_format_names_file_and_formats(tmp_path):
    with pytest.raises(UnsupportedFormat) as info:
        read_document(write(tmp_path, "b.xyz", "hola"))
    assert "b.xyz" in str(info.value) and ".pdf" in str(info.value)


def test_size_limit(tmp_path):
    from extractor.readers.errors import LimitExceeded
    with pytest.raises(LimitExceeded):
        read_document(write(tmp_path, "b.txt", "x" * 100), ReaderLimits(max_bytes=10))


def test_hanging_indent_and_open_parenthesis_continue_a_line(tmp_path):
    """An e-mail wraps a field's value onto an indented line: "(GIZ) GmbH", "Técnico)" continue it."""
    path = tmp_path / "correo.txt"
    path.write_text("* Visita de la GIZ\n"
                    "  Delegación: Deutsche Gesellschaft für Internationale Zusammenarbeit\n"
                    "              (GIZ) GmbH\n"
                    "  Aliado: Swisscontact (Fundación Suiza de Cooperación para el Desarrollo\n"
                    "Técnico)\n"
                    "  Fecha: 25/07\n"
                    "* Siguiente actividad\n"
                    "  Seis funcionarios conocieron el centro.\n", encoding="utf-8")
    texts = [(b.kind, b.text) for b in read_document(path).blocks]
    assert texts == [
        (BlockKind.list_item, "Visita de la GIZ"),
        (BlockKind.paragraph, "Delegación: Deutsche Gesellschaft für Internationale Zusammenarbeit\n(GIZ) GmbH"),
        (BlockKind.paragraph, "Aliado: Swisscontact (Fundación Suiza de Cooperación para el Desarrollo\nTécnico)"),
        (BlockKind.paragraph, "Fecha: 25/07"),
        (BlockKind.list_item, "Siguiente actividad"),
        (BlockKind.paragraph, "Seis funcionarios conocieron el centro."),   # the list line's own text indent
    ]


def test_markdown_footnotes_are_marks_and_notes(tmp_path):
    """A footnote reference is not text; a footnote's definition is a note apart from the item above it."""
    path = tmp_path / "b.md"
    path.write_text("## Alianzas\n\nCofinanciado por el Ministerio de Educación Nacional.[^3]\n\n"
                    "| Actividad | Socio |\n|---|---|\n| Convenio | STC Group[^2] |\n\n"
                    "[^3]: Nota al pie.\n[^2]: Otra nota.\n", encoding="utf-8")
    blocks = [(b.kind, b.text) for b in read_document(path).blocks]
    assert (BlockKind.paragraph, "Cofinanciado por el Ministerio de Educación Nacional.") in blocks
    assert blocks[-3][1] == "Convenio | STC Group"
    assert blocks[-2:] == [(BlockKind.caption, "[^3]: Nota al pie."), (BlockKind.caption, "[^2]: Otra nota.")]
