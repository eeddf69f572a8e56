"""The failures a reader declares. Each names the file and the cause in one line."""

from __future__ import annotations


class ReadError(Exception):
    """A document could not be read; ``str(err)`` is a one-line reason naming the file."""

    def __init__(self, path: str, cause: str) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}")


class UnsupportedFormat(ReadError):
    pass


class EmptyDocument(ReadError):
    pass


class CorruptDocument(ReadError):
    pass


class EncryptedDocument(ReadError):
    pass


class MissingDependency(ReadError):
    """A tool the format needs (Tesseract, LibreOffice) is not installed."""


class LimitExceeded(ReadError):
    """File size, page count or time over the configured limit."""
