"""Deterministic rendering helpers shared by the blind-set generators (corpus/blind*/build/generate.py):
fixed document metadata, fixed ZIP member timestamps, reportlab's ``invariant`` mode, the content files'
``**bold**`` marks in each output format, and the common "render everything into OUT_DIR" entry point.

The generators run as scripts and are also loaded by the tests (tests.conftest.load_module); either way
they put this folder on ``sys.path`` and ``import deterministic``.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any, Callable

AUTHOR = "Coordinación Nacional de Relaciones Internacionales"
FIXED_TIME = dt.datetime(2020, 1, 1, 0, 0, 0)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


BOLD_MARK = re.compile(r"\*\*(.+?)\*\*")


def markup(text: str) -> str:
    """Escape for reportlab and turn ``**bold**`` into <b>…</b>."""
    return BOLD_MARK.sub(r"<b>\1</b>", html.escape(text, quote=False))


def add_runs(paragraph: Any, text: str, bold: bool = False) -> None:
    """Add text to a python-docx paragraph, ``**bold**`` spans (or all of it) as bold runs."""
    for i, part in enumerate(BOLD_MARK.split(text)):
        if part:
            paragraph.add_run(part).bold = bold or bool(i % 2)


def normalise_zip(blob: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps; python-docx stamps the wall clock."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def new_docx(title: str) -> Any:
    """A fresh python-docx Document whose core properties are fixed (no wall clock, no user name)."""
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return doc


def save_docx(doc: Any) -> bytes:
    """The bytes of a python-docx Document, with fixed ZIP member timestamps."""
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def pdf_metadata(title: str) -> dict[str, Any]:
    """Keyword arguments for a reportlab DocTemplate: fixed metadata, and ``invariant`` (no dates, fixed ids)."""
    return {"title": title, "author": AUTHOR, "creator": AUTHOR, "producer": "reportlab", "invariant": 1}


def write_all(argv: list[str], default_out: Path, render_all: Callable[[], dict[str, bytes]]) -> int:
    """``generate.py [OUT_DIR]``: write every rendered bulletin into OUT_DIR (default ``default_out``)."""
    out_dir = Path(argv[0]) if argv else default_out
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, blob in render_all().items():
        (out_dir / name).write_bytes(blob)
        print(f"{name}: {len(blob)} bytes")
    return 0


def render_set(content_dir: Path, renderers: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]]) -> dict[str, bytes]:
    """File name -> bytes of every bulletin described in ``content_dir`` (one JSON file per bulletin, its
    "format" naming the renderer: an extension and a function)."""
    files: dict[str, bytes] = {}
    for path in sorted(content_dir.glob("*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))
        ext, render = renderers[content["format"]]
        files[path.stem + ext] = render(content)
    return files
