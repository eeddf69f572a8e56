"""Legacy word-processor files via LibreOffice: documents converted from python-docx DOCX at test time."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest

from extractor.model import BlockKind
from extractor.readers.base import ReaderLimits
from extractor.readers.errors import CorruptDocument, EmptyDocument, MissingDependency
from extractor.readers.office import read_office, soffice_path

needs_soffice = pytest.mark.skipif(soffice_path() is None,
                                   reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer")

HEADING_1 = "Alianzas y convenios del trimestre"
PARAGRAPH = "Se firmó un memorando de entendimiento con una agencia de cooperación de Corea del Sur."
HEADING_2 = "Movilidad de instructores"
ITEM = "Doce instructores participaron en una pasantía técnica en Alemania."


def _docx(tmp: Path) -> Path:
    document = docx.Document()
    document.add_heading(HEADING_1, level=1)
    document.add_paragraph(PARAGRAPH)
    document.add_heading(HEADING_2, level=2)
    document.add_paragraph(ITEM, style="List Bullet")
    document.add_paragraph("Beneficiarios: 12 instructores")
    path = tmp / "source.docx"
    document.save(path)
    return path


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """The same bulletin as .odt, .doc and .rtf, made by LibreOffice from a DOCX."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("office")
    source = _docx(tmp)
    out = {}
    for ext, filt in (("odt", "odt"), ("doc", "doc:MS Word 97"), ("rtf", "rtf")):
        subprocess.run([soffice_path(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", filt, "--outdir", str(tmp), str(source)],
                       check=True, capture_output=True, timeout=120)
        target = tmp / f"boletín trimestral.{ext}"   # a name with a space and an accent
        (tmp / f"source.{ext}").rename(target)
        out[ext] = target
    return out


@needs_soffice
@pytest.mark.parametrize("ext", ["odt", "doc", "rtf"])
def test_legacy_formats_keep_headings_and_paragraphs(converted, ext):
    path = converted[ext]
    doc = read_office(path, ReaderLimits())
    assert (doc.format, doc.reader, doc.name, doc.path) == (ext, "office+docx", path.name, str(path))
    kinds = {block.text: block for block in doc.blocks}
    assert kinds[HEADING_1].kind == BlockKind.heading and kinds[HEADING_1].level == 1
    assert kinds[HEADING_2].kind == BlockKind.heading and kinds[HEADING_2].level == 2
    assert kinds[PARAGRAPH].kind == BlockKind.paragraph
    assert ITEM in kinds and "Beneficiarios: 12 instructores" in kinds
    assert doc.text.index(HEADING_1) < doc.text.index(PARAGRAPH) < doc.text.index(HEADING_2) < doc.text.index(ITEM)
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text


@needs_soffice
def test_doc_extension_holding_rtf_is_read(converted, tmp_path):
    disguised = tmp_path / "informe.doc"
    disguised.write_bytes(converted["rtf"].read_bytes())
    doc = read_office(disguised, ReaderLimits())
    assert doc.format == "doc" and PARAGRAPH in doc.text


@needs_soffice
def test_garbage_file_is_corrupt_and_named(tmp_path):
    bad = tmp_path / "roto.odt"
    bad.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    with pytest.raises((CorruptDocument, EmptyDocument)) as err:
        read_office(bad, ReaderLimits())
    assert str(bad) in str(err.value)


def test_empty_file(tmp_path):
    empty = tmp_path / "vacio.rtf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        read_office(empty, ReaderLimits())


def test_missing_libreoffice_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("EXTRACTOR_SOFFICE_CMD", str(tmp_path / "no-soffice"))
    path = tmp_path / "nota.rtf"
    path.write_text(r"{\rtf1\ansi Hola}", encoding="ascii")
    with pytest.raises(MissingDependency) as err:
        read_office(path, ReaderLimits())
    assert str(err.value) == f"{path}: LibreOffice is not installed: apt-get install libreoffice-writer-nogui"


@needs_soffice
def test_conversion_timeout_is_a_limit(tmp_path, converted):
    from extractor.readers.errors import LimitExceeded

    with pytest.raises(LimitExceeded, match="LibreOffice conversion took over"):
        read_office(converted["odt"], ReaderLimits(seconds_per_document=0.05))
