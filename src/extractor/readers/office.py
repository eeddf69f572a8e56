"""Legacy and non-OOXML word-processor files (.doc, .odt, .rtf), read by way of LibreOffice.

LibreOffice (headless) converts the file to DOCX in a private temporary directory, then the DOCX reader
reads it; the result names the original file and format, with reader "office+docx". Every conversion
gets its own LibreOffice user profile, so conversions running in parallel do not block one another, and
runs in its own process group, so a timeout kills LibreOffice's helper processes too.
LibreOffice sniffs content, so a ".doc" that is really RTF or HTML converts as well.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from extractor.model import ParsedDocument
from extractor.readers.base import Reader, ReaderLimits, read_head
from extractor.readers.errors import (CorruptDocument, LimitExceeded, MissingDependency,
                                      ReadError)

EXTENSIONS = (".doc", ".odt", ".rtf")
INSTALL_LIBREOFFICE = "LibreOffice is not installed: apt-get install libreoffice-writer-nogui"
_CANDIDATES = ("soffice", "libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice",
               "/opt/libreoffice/program/soffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice")


def soffice_path() -> str | None:
    """The LibreOffice binary: ``EXTRACTOR_SOFFICE_CMD`` if set, else the first one found."""
    override = os.environ.get("EXTRACTOR_SOFFICE_CMD")
    if override:
        return shutil.which(override)
    for candidate in _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def read_office(path: Path, limits: ReaderLimits) -> ParsedDocument:
    """Convert with LibreOffice and read the DOCX; ``format`` is the original extension ("doc", "odt", "rtf")."""
    from extractor.readers.docx import read_docx

    path = Path(path)
    started = time.monotonic()
    _vet(path, limits)
    soffice = soffice_path()
    if soffice is None:
        raise MissingDependency(str(path), INSTALL_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="extractor-office-") as tmp:
        converted = convert_to_docx(soffice, path, Path(tmp), limits.seconds_per_document)
        remaining = max(1.0, limits.seconds_per_document - (time.monotonic() - started))
        try:
            parsed = read_docx(converted, dataclasses.replace(limits, seconds_per_document=remaining))
        except ReadError as exc:  # name the original file, not the temporary conversion
            raise type(exc)(str(path), exc.cause) from None
    fmt = path.suffix.lower().lstrip(".") or "office"
    return parsed.model_copy(update={"path": str(path), "name": path.name, "format": fmt, "reader": "office+docx"})


def convert_to_docx(soffice: str, path: Path, workdir: Path, timeout: float) -> Path:
    """Run ``soffice --convert-to docx`` on a copy of ``path`` inside ``workdir``; return the DOCX."""
    # A plain copy name keeps odd file names (leading "-", spaces, non-ASCII) away from the command line.
    source = workdir / f"input{path.suffix.lower()}"
    shutil.copyfile(path, source)
    outdir = workdir / "out"
    outdir.mkdir()
    profile = (workdir / "profile").resolve().as_uri()
    cmd = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
           f"-env:UserInstallation={profile}", "--convert-to", "docx", "--outdir", str(outdir), str(source)]
    env = {**os.environ, "HOME": str(workdir)}  # LibreOffice may write dot-files into HOME
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=env, cwd=workdir, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise LimitExceeded(str(path), f"LibreOffice conversion took over {timeout:g} s") from None
    converted = outdir / "input.docx"
    if not converted.is_file() or converted.stat().st_size == 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {proc.returncode}"
        raise CorruptDocument(str(path), f"LibreOffice could not convert the file ({reason})")
    return converted


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _vet(path: Path, limits: ReaderLimits) -> None:
    read_head(path, limits, 0)      # it opens, is not empty, is within the size limit


READER = Reader(name="office", extensions=EXTENSIONS, read=read_office,
                mime_hint=("application/msword", "application/vnd.oasis.opendocument.text", "application/rtf"))

__all__ = ["read_office", "convert_to_docx", "soffice_path", "EXTENSIONS", "READER"]
