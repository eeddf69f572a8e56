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
