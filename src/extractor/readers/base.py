"""The reader interface: each format module declares what it accepts and how it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from extractor.model import ParsedDocument


@dataclass(frozen=True)
class ReaderLimits:
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    seconds_per_document: float = 300.0


@dataclass(frozen=True)
class Reader:
    name: str
    extensions: tuple[str, ...]                       # lower-case, with the dot
    read: Callable[[Path, ReaderLimits], ParsedDocument]
    sniff: Callable[[bytes], bool] | None = None      # does the file's head look like this format?
    mime_hint: tuple[str, ...] = field(default_factory=tuple)


def read_head(path: Path, limits: ReaderLimits, size: int) -> bytes:
    """The first ``size`` bytes of a file, after the checks every reader makes first: it opens, it is not
    empty, it is within the size limit (each failure a declared error naming the file)."""
    from extractor.readers.errors import CorruptDocument, EmptyDocument, LimitExceeded
    name = str(path)
    try:
        length = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(size)
    except OSError as exc:
        raise CorruptDocument(name, f"cannot open file: {exc.strerror or exc}") from None
    if length == 0:
        raise EmptyDocument(name, "empty file (0 bytes)")
    if length > limits.max_bytes:
        raise LimitExceeded(name, f"file is {length} bytes, over the {limits.max_bytes}-byte limit")
    return head
