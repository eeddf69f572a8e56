"""Readers: one module per format, and the manager that picks one for a file.

``read_document`` never lets an undeclared exception escape: anything unexpected from a format library
becomes a ``CorruptDocument`` naming the file, so one bad file cannot stop a batch.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from extractor.model import ParsedDocument
from extractor.readers.base import Reader, ReaderLimits
from extractor.readers.errors import CorruptDocument, ReadError, UnsupportedFormat

# extension → (module, function); imported lazily so a missing optional library only hurts its format.
_READERS: dict[str, tuple[str, str, str]] = {
    ".txt": ("text", "extractor.readers.text", "read_text"),
    ".md": ("text", "extractor.readers.text", "read_text"),
    ".markdown": ("text", "extractor.readers.text", "read_text"),
    ".docx": ("docx", "extractor.readers.docx", "read_docx"),
    ".pdf": ("pdf", "extractor.readers.pdf", "read_pdf"),
    ".html": ("html", "extractor.readers.html", "read_html"),
    ".htm": ("html", "extractor.readers.html", "read_html"),
    ".doc": ("office", "extractor.readers.office", "read_office"),
    ".odt": ("office", "extractor.readers.office", "read_office"),
    ".rtf": ("office", "extractor.readers.office", "read_office"),
}


def supported_extensions() -> list[str]:
    return sorted(_READERS)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in _READERS


def reader_for(path: Path) -> Reader:
    ext = path.suffix.lower()
    if ext not in _READERS:
        raise UnsupportedFormat(str(path), f"unsupported format '{ext or 'no extension'}'; "
                                           f"accepted: {', '.join(supported_extensions())}")
    name, module, func = _READERS[ext]
    fn = getattr(importlib.import_module(module), func)
    return Reader(name=name, extensions=(ext,), read=fn)


def read_document(path: Path, limits: ReaderLimits | None = None) -> ParsedDocument:
    limits = limits or ReaderLimits()
    reader = reader_for(path)
    try:
        return reader.read(path, limits)
    except ReadError:
        raise
    except MemoryError:
        raise CorruptDocument(str(path), "out of memory while reading (file too complex)") from None
    except Exception as exc:  # a format library's own failure: report it, don't crash the batch
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptDocument(str(path), f"cannot be read as {reader.name}: {reason}") from exc


__all__ = ["ReadError", "ReaderLimits", "read_document", "reader_for", "is_supported", "supported_extensions"]
