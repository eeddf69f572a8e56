"""The one use case that ties the stages: file → read → segment → extract → store, with a status per file.

A failure is a value: every file ends as ok, partial, skipped, ignored or failed with a one-line reason,
and nothing a file does can stop the batch or half-write the store.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extractor.extract import EXTRACTOR_VERSION, extract_activities
from extractor.model import DocumentRecord
from extractor.readers import ReadError, ReaderLimits, is_supported, read_document
from extractor.segment import segment_document
from extractor.store import SaveError, Store


@dataclass
class FileOutcome:
    path: str
    status: str                # ok, partial, skipped, ignored, failed
    activities: int = 0
    seconds: float = 0.0
    error: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Candidate:
    path: Path
    explicit: bool             # named on the command line (an unsupported format fails) or found in a folder


def walk(paths: Iterable[Path]) -> Iterator[Candidate]:
    """Files named explicitly, and every file under the folders named (symbolic links not followed)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Candidate(Path(root) / name, explicit=False)
        else:
            yield Candidate(path, explicit=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def one_line(text: str) -> str:
    return " ".join(str(text).split())[:500]


def process_file(path: Path, sha: str, limits: ReaderLimits) -> tuple[DocumentRecord, list]:
    """Read, segment and extract one file; raises ReadError for a declared failure."""
    parsed = read_document(path, limits)
    segmented = segment_document(parsed)
    activities = extract_activities(parsed, segmented)
    warnings = list(parsed.warnings)
    status = "partial" if warnings else "ok"
    error = None
    if not segmented.sections and not activities:
        status, error = "failed", f"{path}: not a bulletin: no activity sections or items found"
    return DocumentRecord(
        document=path.name, path=str(path), sha256=sha, format=parsed.format, reader=parsed.reader,
        title=segmented.title, period_start=segmented.period_start, period_end=segmented.period_end,
        pages=parsed.pages, pages_ocr=parsed.pages_ocr, status=status, error=error, warnings=warnings,
        text=parsed.text, extractor_version=EXTRACTOR_VERSION), activities


def ingest_file(store: Store, path: Path, *, force: bool = False, limits: ReaderLimits | None = None) -> FileOutcome:
    started = time.perf_counter()
    limits = limits or ReaderLimits()

    def done(status: str, activities: int = 0, error: str | None = None) -> FileOutcome:
        return FileOutcome(str(path), status, activities, round(time.perf_counter() - started, 4),
                           one_line(error) if error else None)

    try:
        sha = sha256_of(path)
    except OSError as exc:
        return done("failed", error=f"{path}: cannot be read: {exc.strerror or exc}")
    if not force:
        known = store.find_document(sha256=sha)
        if known and known.get("status") in ("ok", "partial") and known.get("extractor_version") == EXTRACTOR_VERSION:
            same = known.get("document") == path.name
            reason = None if same else f"same content as {known.get('document')}"
            return done("skipped", activities=known.get("activities", 0) if same else 0, error=reason)
    try:
        record, activities = process_file(path, sha, limits)
    except ReadError as exc:
        record = DocumentRecord(document=path.name, path=str(path), sha256=sha, status="failed", error=one_line(str(exc)),
                                extractor_version=EXTRACTOR_VERSION)
        store.record_failure(record)
        return done("failed", error=str(exc))
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the batch either
        reason = f"{path}: internal error while extracting: {type(exc).__name__}: {exc}"
        record = DocumentRecord(document=path.name, path=str(path), sha256=sha, status="failed",
                                error=one_line(reason), extractor_version=EXTRACTOR_VERSION)
        store.record_failure(record)
        return done("failed", error=reason)
    if record.status == "failed":
        store.record_failure(record)
        return done("failed", error=record.error)
    try:
        store.save_document(record, activities)
    except SaveError as exc:
        return done("failed", error=f"{path}: {exc}")
    return done(record.status, len(activities), "; ".join(record.warnings) if record.warnings else None)


def ingest_paths(store: Store, paths: list[Path], *, force: bool = False, limits: ReaderLimits | None = None,
                 on_file: Callable[[FileOutcome], None] | None = None) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    for candidate in walk(paths):
        path = candidate.path
        if not is_supported(path):
            if candidate.explicit:
                from extractor.readers import reader_for
                try:
                    reader_for(path)
                except ReadError as exc:
                    outcome = FileOutcome(str(path), "failed", error=str(exc))
            else:
                outcome = FileOutcome(str(path), "ignored", error="not a document format")
        elif not path.exists():
            outcome = FileOutcome(str(path), "failed", error=f"{path}: no such file")
        else:
            outcome = ingest_file(store, path, force=force, limits=limits)
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return outcomes


def summarise(outcomes: list[FileOutcome]) -> dict:
    counts = {k: 0 for k in ("ok", "partial", "skipped", "ignored", "failed")}
    for o in outcomes:
        counts[o.status] += 1
    return {"files": [o.to_json() for o in outcomes], "counts": counts}
