"""Readers: one module per format, and the manager that picks one for a file.

The manager vets a file before any format library sees it: it must be a regular, non-empty file within
the size limit, and its content must agree with its extension (an HTML page named ``.pdf`` or a random
ZIP named ``.docx`` is caught here, by sniffing the first bytes). ``read_document`` never lets an
undeclared exception escape: anything unexpected from a format library becomes a ``CorruptDocument``
naming the file, so one bad file cannot stop a batch.

Limits (file size, pages, seconds per document) have safe defaults, overridable by environment variables
(``limits_from_env``) and by the command line.
"""

from __future__ import annotations

import codecs
import importlib
import os
import stat
import time
from collections.abc import Mapping
from pathlib import Path

from extractor.model import ParsedDocument
from extractor.readers.base import Reader, ReaderLimits
from extractor.readers.errors import (CorruptDocument, EmptyDocument, LimitExceeded, MissingDependency,
                                      ReadError, UnsupportedFormat)

# extension → (reader name, module, function); imported lazily so a missing optional library only hurts
# its own format.
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

# Content kinds each reader accepts (see ``sniff``). LibreOffice sniffs content itself, so the office
# reader takes any word-processor-like content.
_ACCEPTS: dict[str, frozenset[str]] = {
    "text": frozenset({"text", "html", "xml", "rtf"}),
    "html": frozenset({"html", "xml", "text"}),
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"zip"}),
    "office": frozenset({"ole", "zip", "rtf", "html", "xml", "text"}),
}
_KIND_NAMES = {"pdf": "a PDF", "zip": "a ZIP archive", "ole": "an OLE (legacy Office) file", "rtf": "RTF",
               "html": "HTML", "xml": "XML", "text": "plain text", "binary": "binary data",
               "image": "an image"}
_READER_NAMES = {"text": "text", "html": "HTML", "pdf": "PDF", "docx": "DOCX", "office": "a word-processor document"}
_SNIFF_BYTES = 4096

ENV_MAX_FILE_MB = "EXTRACTOR_MAX_FILE_MB"
ENV_MAX_PAGES = "EXTRACTOR_MAX_PAGES"
ENV_TIMEOUT = "EXTRACTOR_DOCUMENT_TIMEOUT"


# --- limits ----------------------------------------------------------------------------------------------

def make_limits(max_file_mb: float | None = None, max_pages: int | None = None,
                seconds_per_document: float | None = None,
                environ: Mapping[str, str] | None = None) -> ReaderLimits:
    """Limits from explicit values, else the environment, else the defaults; ValueError on a bad value."""
    env = os.environ if environ is None else environ
    default = ReaderLimits()

    def pick(value: float | None, var: str, convert: type, fallback: float) -> float:
        if value is None and env.get(var, "").strip():
            try:
                value = convert(env[var].strip())
            except ValueError:
                raise ValueError(f"{var}={env[var]!r} is not a number") from None
        if value is None:
            return fallback
        if value <= 0:
            raise ValueError(f"limit {var} must be positive, not {value}")
        return value

    mb = pick(max_file_mb, ENV_MAX_FILE_MB, float, default.max_bytes / (1024 * 1024))
    return ReaderLimits(max_bytes=int(mb * 1024 * 1024),
                        max_pages=int(pick(max_pages, ENV_MAX_PAGES, int, default.max_pages)),
                        seconds_per_document=float(pick(seconds_per_document, ENV_TIMEOUT, float,
                                                        default.seconds_per_document)))


# --- formats ---------------------------------------------------------------------------------------------

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
    try:
        fn = getattr(importlib.import_module(module), func)
    except ImportError as exc:
        raise MissingDependency(str(path), f"the {name} reader cannot load: {exc}") from None
    return Reader(name=name, extensions=(ext,), read=fn)


def sniff(head: bytes) -> str:
    """What the first bytes of a file look like: pdf, zip, ole, rtf, html, xml, image, text or binary."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    text = _as_text(head)
    if text is None:
        return "binary"
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("{\\rtf"):
        return "rtf"
    if start.startswith(("<!doctype html", "<html")) or ("<html" in start[:1024] and "<body" in start):
        return "html"
    if start.startswith("<?xml"):
        return "html" if "<html" in start else "xml"
    return "text"


def _as_text(head: bytes) -> str | None:
    """The head decoded as text, or None when it looks binary (NULs outside UTF-16, many control bytes)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, errors="replace")
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = max(1, len(head) // 2)
        if max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half:   # UTF-16 without a BOM
            return head.decode("utf-16-le" if odd > even else "utf-16-be", errors="replace")
        return None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls > 0.05 * len(head):
        return None
    return head.decode("utf-8", errors="replace")


def _vet(path: Path, reader: Reader, limits: ReaderLimits) -> None:
    """Checks every format shares: a regular, non-empty file within the size limit whose content matches
    its extension."""
    name = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReadError(name, f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(name, f"not a regular file ({_file_kind(info.st_mode)})")
    if info.st_size == 0:
        raise EmptyDocument(name, "the file is empty (0 bytes)")
    if info.st_size > limits.max_bytes:
        raise LimitExceeded(name, f"{info.st_size} bytes, over the size limit of {limits.max_bytes} bytes")
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise ReadError(name, f"cannot be read: {exc.strerror or exc}") from None
    kind = sniff(head)
    if kind not in _ACCEPTS.get(reader.name, frozenset({kind})):
        ext = path.suffix.lower()
        raise UnsupportedFormat(name, f"the content is {_KIND_NAMES.get(kind, kind)}, not "
                                      f"{_READER_NAMES.get(reader.name, reader.name)} as its '{ext}' "
                                      f"extension says")


def _file_kind(mode: int) -> str:
    for test, label in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
                        (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                        (stat.S_ISBLK, "a block device")):
        if test(mode):
            return label
    return "a special file"


# --- OCR for PDF pages without a text layer --------------------------------------------------------------

class _PageOcr:
    """The PDF reader's page fallback: OCR when Tesseract is there; when it is not, remember why, so a
    document with no text at all fails naming what to install, and one with some text is partial."""

    def __init__(self, path: Path, limits: ReaderLimits) -> None:
        self.missing: MissingDependency | None = None
        self.warnings: list[str] = []
        self._ocr = None
        self._path = path
        self._deadline = time.monotonic() + limits.seconds_per_document

    def _start(self) -> None:
        """Import the OCR stack on the first page that needs it: text PDFs never pay for it."""
        try:
            from extractor.readers.ocr import OcrFallback
            self._ocr = OcrFallback(str(self._path), deadline=self._deadline)
        except ImportError as exc:
            self.missing = MissingDependency(str(self._path), f"OCR is unavailable ({exc}); install pytesseract "
                                                              f"and Tesseract (apt-get install tesseract-ocr-spa)")

    def __call__(self, page, number: int):
        if self._ocr is None and self.missing is None:
            self._start()
        if self.missing is not None:
            return None
        try:
            return self._ocr(page, number)
        except MissingDependency as exc:
            self.missing = exc
            return None

    def finish(self, doc: ParsedDocument) -> ParsedDocument:
        if self._ocr is not None:
            doc.warnings.extend(w for w in self._ocr.warnings if w not in doc.warnings)
        if self.missing is None:
            return doc
        if not doc.text.strip():
            raise MissingDependency(doc.path, f"no page has a text layer (scanned?) and OCR cannot run: "
                                              f"{self.missing.cause}")
        doc.warnings.append(f"pages without a text layer were not read: {self.missing.cause}")
        return doc


# --- reading ---------------------------------------------------------------------------------------------

def read_document(path: Path, limits: ReaderLimits | None = None) -> ParsedDocument:
    """Read one file with the reader its extension names; raises only ``ReadError`` (and subclasses)."""
    path = Path(path)
    limits = limits or ReaderLimits()
    reader = reader_for(path)
    _vet(path, reader, limits)
    try:
        if reader.name == "pdf":
            fallback = _PageOcr(path, limits)
            parsed = reader.read(path, limits, page_fallback=fallback)
            parsed = fallback.finish(parsed)
        else:
            parsed = reader.read(path, limits)
    except ReadError:
        raise
    except MemoryError:
        raise CorruptDocument(str(path), "out of memory while reading (file too complex)") from None
    except RecursionError:
        raise CorruptDocument(str(path), "structure nested too deeply to read") from None
    except Exception as exc:  # a format library's own failure: report it, don't crash the batch
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptDocument(str(path), f"cannot be read as {reader.name}: {reason}") from exc
    if not parsed.text.strip():
        raise EmptyDocument(str(path), "no text could be read from the file")
    return parsed


__all__ = ["ReadError", "ReaderLimits", "read_document", "reader_for", "is_supported", "supported_extensions",
           "sniff", "make_limits", "ENV_MAX_FILE_MB", "ENV_MAX_PAGES", "ENV_TIMEOUT"]
