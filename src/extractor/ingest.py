"""The one use case that ties the stages: file → read → segment → extract → store, with a status per file.

A failure is a value: every file ends as ok, partial, skipped, ignored or failed with a one-line reason,
and nothing a file does can stop the batch or half-write the store.

A batch runs in three steps:

1. **Plan** (this process): walk the paths and settle every file that needs no parsing — ignored (not a
   document format, in a folder), failed (unsupported format named explicitly, unreadable, not a regular
   file, over the size limit), skipped (the same content already stored by this extractor version, under
   this name or another; a file that failed before and has not changed, unless retried).
2. **Parse** (read → segment → extract): in this process (``workers=0``) or in N worker processes. A worker
   that crashes or overruns the per-document time limit is killed and replaced; only its file fails.
   The ``extractor`` command forks its first worker as its first step (``extractor.launch``), before it
   loads its own libraries and the store, so the worker loads the language models while this process loads
   the store and plans: a one-file batch then costs about the longer of the two, not their sum.
3. **Write** (this process only): each document with its activities in one transaction, so the store stays
   consistent whatever the workers do, and a kill at any moment leaves a document's old or new version.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import wait as wait_any
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from extractor import __version__ as EXTRACTOR_VERSION
from extractor.heap import long_lived
from extractor.model import Activity, DocumentRecord
from extractor.readers import ReadError, ReaderLimits, is_supported, reader_for

if TYPE_CHECKING:       # the store is imported where it is used: the command line forks its first worker
    from extractor.store import Store       # before loading it (see ParserPool)

STATUSES = ("ok", "partial", "skipped", "ignored", "failed")
# A reader checks the time limit itself between pages; killing its worker is the backstop, a little later.
KILL_GRACE_S = 5.0
WORKER_START_S = 300.0          # a worker that cannot load its models in this time is replaced
MAX_START_FAILURES = 3          # consecutive worker deaths before any file was parsed: give up the pool
# ``workers=None`` (the default): a batch this small is parsed in this process (or in the one worker forked
# early, when there is one), since starting a worker costs a second load of the models; larger batches use
# one worker per core, up to DEFAULT_WORKERS (each worker holds its own models: about 150 MB).
IN_PROCESS_MAX_JOBS = 2
DEFAULT_WORKERS = 2


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
    retry: bool = False        # re-try even if it failed before unchanged (--retry-failed)


@dataclass
class Job:
    index: int                 # position in the batch, so outcomes keep the walk's order
    path: Path
    sha: str
    started: float = field(default_factory=time.perf_counter)


@dataclass
class Parsed:
    """What a worker sends back: a record and its activities, or a one-line failure reason."""
    record: DocumentRecord | None = None
    activities: list = field(default_factory=list)
    error: str | None = None

    # Sent between processes as pydantic JSON, validated on arrival: pickling the models field by field
    # costs about five times as much (13 ms against 2.4 ms for 124 activities, each way together).
    def __getstate__(self) -> tuple[bytes | None, bytes, str | None]:
        record = self.record.model_dump_json().encode() if self.record is not None else None
        return record, _ACTIVITIES.dump_json(self.activities), self.error

    def __setstate__(self, state: tuple[bytes | None, bytes, str | None]) -> None:
        record, activities, error = state
        self.record = DocumentRecord.model_validate_json(record) if record is not None else None
        self.activities = _ACTIVITIES.validate_json(activities)
        self.error = error


_ACTIVITIES = TypeAdapter(list[Activity])


# --- planning --------------------------------------------------------------------------------------------

def walk(paths: Iterable[Path]) -> Iterator[Candidate]:
    """Files named explicitly, and every file under the folders named (symbolic links to folders are not
    followed, so a link loop cannot trap the walk; hidden files and folders are left out)."""
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


def _known_by_sha(store: Store) -> Callable[[str], dict | None]:
    """Stored document by content hash: from one query for the whole batch, or per file from a Store-like
    object that only offers ``find_document``."""
    from extractor.store.integrity import stored_fingerprints
    try:
        return stored_fingerprints(store).get
    except AttributeError:
        return lambda sha: store.find_document(sha256=sha)


def _settle_without_parsing(known_by_sha: Callable[[str], dict | None], cand: Candidate, sha: str, force: bool,
                            seen: dict[str, str]) -> tuple[str, str | None] | None:
    """(status, reason) when the file needs no parsing, else None."""
    name = cand.path.name
    if sha in seen:
        return "skipped", f"duplicate of {seen[sha]} (same content, earlier in this batch)"
    if force:
        return None
    known = known_by_sha(sha)
    if not known or known.get("extractor_version") != EXTRACTOR_VERSION:
        return None
    if known["status"] in ("ok", "partial"):
        return "skipped", ("unchanged" if known["document"] == name
                           else f"duplicate of {known['document']} (same content)")
    if known["status"] == "failed" and known["document"] == name and not cand.retry:
        return "skipped", f"unchanged since it failed ({known.get('error') or 'failed'}); use --retry-failed"
    return None


def _vet_file(path: Path, limits: ReaderLimits) -> str | None:
    """Why a file cannot be hashed and parsed at all, or None. Never opens a FIFO or device (it could block)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"{path}: cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "a directory" if stat.S_ISDIR(info.st_mode) \
            else "a special file"
        return f"{path}: not a regular file ({kind})"
    if info.st_size == 0:   # decided here: every empty file has the same hash, but none duplicates another
        return f"{path}: the file is empty (0 bytes)"
    if info.st_size > limits.max_bytes:
        return f"{path}: {info.st_size} bytes, over the size limit of {limits.max_bytes} bytes"
    return None


# --- parsing (in a worker or in this process) ------------------------------------------------------------

def process_file(path: Path, sha: str, limits: ReaderLimits) -> tuple[DocumentRecord, list]:
    """Read, segment and extract one file; raises ReadError for a declared failure."""
    from extractor.extract import extract_activities
    from extractor.readers import read_document
    from extractor.segment import segment_document

    parsed = read_document(path, limits)
    segmented = segment_document(parsed)
    activities = extract_activities(parsed, segmented)
    warnings_ = list(parsed.warnings)
    status = "partial" if warnings_ else "ok"
    error = None
    if not segmented.sections and not activities:
        status, error = "failed", f"{path}: not a bulletin: no activity sections or items found"
    return DocumentRecord(
        document=path.name, path=str(path), sha256=sha, format=parsed.format, reader=parsed.reader,
        title=segmented.title, period_start=segmented.period_start, period_end=segmented.period_end,
        pages=parsed.pages, pages_ocr=parsed.pages_ocr, status=status, error=error, warnings=warnings_,
        text=parsed.text, extractor_version=EXTRACTOR_VERSION), activities


def parse_job(path: Path, sha: str, limits: ReaderLimits) -> Parsed:
    """``process_file`` with every failure turned into a reason (an extractor bug must not stop the batch)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # library chatter would break line-oriented logs
            record, activities = process_file(path, sha, limits)
    except ReadError as exc:
        return Parsed(error=one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001
        return Parsed(error=one_line(f"{path}: internal error while extracting: {type(exc).__name__}: {exc}"))
    if record.status == "failed":
        return Parsed(error=one_line(record.error or f"{path}: failed"))
    return Parsed(record, activities)


def _warm_up() -> None:
    """Load the language pipeline and the value look-up tables before the first job, so loading them never
    counts against a file's time limit."""
    with long_lived():
        from extractor.extract.pipeline import build_nlp    # imports spaCy
        from extractor.values import load_tables
        build_nlp()
        load_tables()


def _prepare_to_write() -> None:
    """The writer's share of the tables (the partner registry resolves names with the gazetteer and the
    country and city tries): built while the workers parse, not when the first document is saved."""
    with contextlib.suppress(Exception), long_lived():
        from extractor.values import load_tables
        load_tables()


PARENT_CHECK_S = 1.0            # how often an idle worker checks that the process it works for is alive


def _worker_main(conn: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # Ctrl-C is the parent's to handle
    os.dup2(2, 1)                                       # stdout belongs to the parent's --json output
    sys.stdout = sys.stderr
    parent = os.getppid()
    with contextlib.suppress(Exception):
        _warm_up()
    gc.enable()         # off when this worker was forked from the command's start-up (extractor.launch)
    try:
        conn.send(("ready", None))
        while True:
            # A forked worker holds copies of the parent's pipe ends, so a killed parent is not seen as
            # end-of-file: an idle worker whose parent is gone (re-parented) exits instead of waiting forever.
            while not conn.poll(PARENT_CHECK_S):
                if os.getppid() != parent:
                    return
            message = conn.recv()
            if message is None:
                return
            path, sha, limits = message
            result = parse_job(Path(path), sha, limits)
            try:
                conn.send(("done", result))
            except (BrokenPipeError, ConnectionError):
                return
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                conn.send(("done", Parsed(error=one_line(f"{path}: internal error: result cannot be sent: {exc}"))))
    except (EOFError, BrokenPipeError, ConnectionError, KeyboardInterrupt):
        return                                          # the parent is gone


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (workers fork from a server that has the code imported: a replacement
    after a crash starts fast), else spawn; never plain fork (the parent holds database connections)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["extractor.ingest", "extractor.readers", "extractor.extract",
                                    "extractor.segment"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx: multiprocessing.context.BaseContext) -> None:
        for stream in (sys.stdout, sys.stderr):     # a forked child must not write our buffered output again
            with contextlib.suppress(Exception):
                stream.flush()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), daemon=True,
                                   name="extractor-worker")
        self.process.start()
        child.close()
        self.ready = False
        self.job: Job | None = None
        self.deadline = time.monotonic() + WORKER_START_S

    @property
    def idle(self) -> bool:
        return self.ready and self.job is None

    def assign(self, job: Job, seconds: float, limits: ReaderLimits) -> None:
        self.job = job
        job.started = time.perf_counter()
        self.deadline = time.monotonic() + seconds
        self.conn.send((str(job.path), job.sha, limits))

    def poll(self) -> tuple[str, Any] | None:
        """("ready"|"done", payload), ("crashed", exit code), ("timeout", None) or None (nothing yet)."""
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(2)
            return "crashed", self.process.exitcode
        if not self.process.is_alive():
            return "crashed", self.process.exitcode
        if time.monotonic() > self.deadline:
            return "timeout", None
        return None

    def stop(self, kill: bool = False) -> None:
        if not kill and self.ready:                     # still loading its models: it would not hear a stop
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


def _crash_reason(path: Path, exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return f"{path}: worker crashed while reading ({how}); the file may be malformed or too large"


class ParserPool:
    """Worker processes started before the batch is planned, handed to ``ingest_paths``.

    ``fork_early`` forks them from this process *before it opens any store* (a forked child must not
    inherit database connections): they start at once, share the interpreter's imports, and load the
    language models while this process loads the store and plans. The ``extractor`` command forks one as
    its very first step (``extractor.launch``), before its own command-line libraries load, and the ingest
    command takes it with ``adopt_early``. Workers added or replaced later come from ``_context()``
    (forkserver or spawn), since by then this process holds connections. Limits travel with each job."""

    _early: ParserPool | None = None

    def __init__(self, workers: list[_Worker] | None = None) -> None:
        self.workers = workers or []

    @classmethod
    def fork_early(cls, n: int = 1) -> ParserPool:
        if "fork" not in multiprocessing.get_all_start_methods():
            return cls()                            # (Windows) nothing to gain: workers start with the batch
        ctx = multiprocessing.get_context("fork")
        return cls([_Worker(ctx) for _ in range(n)])

    @classmethod
    def fork_for_command(cls) -> None:
        """Fork the command's worker now and keep it for ``adopt_early``."""
        cls._early = cls.fork_early()

    @classmethod
    def adopt_early(cls) -> ParserPool | None:
        """The worker forked by ``fork_for_command``, if any (taken once)."""
        pool, cls._early = cls._early, None
        return pool

    def take(self, n: int) -> list[_Worker]:
        """Up to ``n`` of the started workers, for one batch; the others are stopped."""
        taken, rest = self.workers[:n], self.workers[n:]
        for w in rest:
            w.stop(kill=True)
        self.workers = []
        return taken

    def close(self) -> None:
        """Stop every worker not taken."""
        self.take(0)


def run_in_workers(jobs: list[Job], workers: int, limits: ReaderLimits,
                   on_start: Callable[[Job, int], None] | None = None,
                   started: list[_Worker] | None = None,
                   while_waiting: Callable[[], None] | None = None) -> Iterator[tuple[Job, Parsed]]:
    """Parse ``jobs`` in ``workers`` processes, yielding each job with its result as it finishes
    (``on_start`` hears each job as a worker, named by its process id, takes it). ``started`` are
    workers already running (from a ``ParserPool``); more are started up to ``workers``.
    ``while_waiting`` runs once, when the workers have been started (this process would only wait)."""
    ctx = _context()
    pending = deque(jobs)
    pool = list(started or [])
    pool += [_Worker(ctx) for _ in range(min(workers, len(jobs)) - len(pool))]
    starts_failed = 0
    allowed = _allowed_seconds(limits)
    try:
        while pending or any(w.job for w in pool):
            for w in pool:
                if w.idle and pending:
                    w.assign(pending.popleft(), allowed, limits)
                    if on_start:
                        on_start(w.job, w.process.pid)
            if not pool:
                break
            if while_waiting is not None:
                while_waiting()
                while_waiting = None
            timeout = max(0.0, min(w.deadline for w in pool) - time.monotonic()) + 0.05
            wait_any([w.conn for w in pool] + [w.process.sentinel for w in pool], timeout)
            for i, w in enumerate(pool):
                event = w.poll()
                if event is None:
                    continue
                kind, payload = event
                if kind == "ready":
                    w.ready, w.deadline, starts_failed = True, float("inf"), 0
                elif kind == "done":
                    job, w.job, w.deadline = w.job, None, float("inf")
                    if job is not None:
                        yield job, payload
                else:                           # crashed or timed out: replace the worker
                    job = w.job
                    w.stop(kill=True)
                    if job is None:
                        starts_failed += 1
                    elif kind == "timeout":
                        yield job, Parsed(error=f"{job.path}: timed out: reading took over "
                                                f"{limits.seconds_per_document:g} s (worker stopped)")
                    else:
                        yield job, Parsed(error=_crash_reason(job.path, payload))
                    if starts_failed >= MAX_START_FAILURES:
                        raise RuntimeError(f"worker processes cannot start (exit code {payload})")
                    pool[i] = _Worker(ctx)
    except RuntimeError as exc:
        for job in list(pending) + [w.job for w in pool if w.job]:
            yield job, Parsed(error=f"{job.path}: not parsed: {exc}")
    finally:
        for w in pool:
            w.stop(kill=bool(w.job))


class _Overrun(BaseException):
    """Raised by SIGALRM in this process when one document overruns its time (a BaseException, so that
    the parse's own ``except Exception`` does not take it for an extractor bug)."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with ``_Overrun`` (POSIX main thread, when no other alarm is
    set, e.g. a test runner's; otherwise the readers' own between-page checks are the only limit)."""
    usable = (hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def overrun(signum: int, frame: Any) -> None:
        raise _Overrun()

    signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _allowed_seconds(limits: ReaderLimits) -> float:
    """A reader checks the limit itself between pages; stopping it from outside is the backstop, a little later."""
    return limits.seconds_per_document + max(KILL_GRACE_S, 0.1 * limits.seconds_per_document)


def run_here(jobs: list[Job], limits: ReaderLimits) -> Iterator[tuple[Job, Parsed]]:
    """Parse ``jobs`` in this process, one at a time, each under the per-document time limit."""
    if jobs:
        with contextlib.suppress(Exception):
            _warm_up()              # as in a worker: loading the models does not count against a file's time
    allowed = _allowed_seconds(limits)
    for job in jobs:
        job.started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(sys.stderr), _deadline(allowed):
                result = parse_job(job.path, job.sha, limits)
        except _Overrun:
            result = Parsed(error=f"{job.path}: timed out: reading took over "
                                  f"{limits.seconds_per_document:g} s (stopped)")
        yield job, result


# --- writing (this process only) -------------------------------------------------------------------------

def _failure_record(path: Path, sha: str, error: str) -> DocumentRecord:
    return DocumentRecord(document=path.name, path=str(path), sha256=sha, status="failed", error=one_line(error),
                          extractor_version=EXTRACTOR_VERSION)


def _record_failure(store: Store, path: Path, sha: str, error: str) -> str:
    from extractor.store import SaveError
    try:
        store.record_failure(_failure_record(path, sha, error))
    except SaveError as exc:
        return f"{error} (and the failure could not be recorded: {exc})"
    return error


def store_result(store: Store, job: Job, parsed: Parsed, force: bool) -> FileOutcome:
    """Write one parsed file (or its failure) in one transaction and say how it went."""
    from extractor.store import SaveError
    path = job.path

    def done(status: str, activities: int = 0, error: str | None = None) -> FileOutcome:
        return FileOutcome(str(path), status, activities, round(time.perf_counter() - job.started, 4),
                           one_line(error) if error else None)

    if parsed.error or parsed.record is None:
        return done("failed", error=_record_failure(store, path, job.sha, parsed.error or f"{path}: failed"))
    if not force:   # another process (or worker) may have stored the same content meanwhile
        known = store.find_document(sha256=job.sha)
        if known and known["status"] in ("ok", "partial") and known.get("extractor_version") == EXTRACTOR_VERSION:
            if known["document"] != path.name:
                return done("skipped", error=f"duplicate of {known['document']} (same content)")
            return done("skipped", error="unchanged (stored meanwhile by another process)")
    record = parsed.record
    try:
        store.save_document(record, parsed.activities)
    except SaveError as exc:
        return done("failed", error=f"{path}: {exc}")
    return done(record.status, len(parsed.activities), "; ".join(record.warnings) if record.warnings else None)


# --- the batch -------------------------------------------------------------------------------------------

def failed_candidates(store: Store) -> list[Candidate]:
    """Every stored failed document, by its stored path, to be tried again."""
    return [Candidate(Path(d["path"]), explicit=True, retry=True) for d in store.list_documents(status="failed")
            if d.get("path")]


def ingest_paths(store: Store, paths: list[Path], *, force: bool = False, limits: ReaderLimits | None = None,
                 workers: int | None = 0, retry_failed: bool = False,
                 on_file: Callable[[FileOutcome], None] | None = None,
                 on_plan: Callable[[int], None] | None = None,
                 pool: ParserPool | None = None) -> list[FileOutcome]:
    """Ingest files and folders; ``workers`` 0 parses here, N ≥ 1 in N processes, None: for up to
    ``IN_PROCESS_MAX_JOBS`` files to parse, here (or in ``pool``'s early worker), else in one process per
    core up to ``DEFAULT_WORKERS``. ``pool``: workers started before the store was opened, used first (and
    stopped when the batch needs none). Returns one outcome per file, in walk order (``on_file`` hears each
    as it is settled; ``on_plan`` the number of files first)."""
    limits = limits or ReaderLimits()
    candidates = list(walk(paths))
    if retry_failed:
        named = {c.path for c in candidates}
        candidates += [c for c in failed_candidates(store) if c.path not in named]
    if on_plan:
        on_plan(len(candidates))
    outcomes: dict[int, FileOutcome] = {}

    def settle(index: int, outcome: FileOutcome) -> None:
        outcomes[index] = outcome
        if on_file:
            on_file(outcome)

    jobs: list[Job] = []
    seen: dict[str, str] = {}
    known_by_sha = _known_by_sha(store)
    for index, cand in enumerate(candidates):
        started = time.perf_counter()
        path = cand.path
        if not is_supported(path):
            if cand.explicit:
                try:
                    reader_for(path)
                    reason = f"{path}: unsupported format"
                except ReadError as exc:
                    reason = str(exc)
                settle(index, FileOutcome(str(path), "failed", error=reason))
            else:
                settle(index, FileOutcome(str(path), "ignored", error="not a document format"))
            continue
        problem = _vet_file(path, limits)
        sha = ""
        if problem is None:
            try:
                sha = sha256_of(path)
            except OSError as exc:
                problem = f"{path}: cannot be read: {exc.strerror or exc}"
        if problem is not None:
            if os.path.lexists(path) and not path.is_dir():
                problem = _record_failure(store, path, sha, problem)
            settle(index, FileOutcome(str(path), "failed", seconds=round(time.perf_counter() - started, 4),
                                      error=one_line(problem)))
            continue
        settled = _settle_without_parsing(known_by_sha, cand, sha, force, seen)
        if settled is not None:
            settle(index, FileOutcome(str(path), settled[0], seconds=round(time.perf_counter() - started, 4),
                                      error=settled[1]))
            continue
        seen[sha] = path.name
        jobs.append(Job(index, path, sha, started))

    early = pool.take(len(jobs)) if pool is not None else []
    if workers is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        workers = (len(early) if len(jobs) <= IN_PROCESS_MAX_JOBS
                   else max(len(early), min(DEFAULT_WORKERS, cores)))
    if workers > 0:
        results = run_in_workers(jobs, workers, limits, started=early, while_waiting=_prepare_to_write)
    else:
        for w in early:
            w.stop(kill=True)
        results = run_here(jobs, limits)
    for job, parsed in results:
        settle(job.index, store_result(store, job, parsed, force))
    return [outcomes[i] for i in sorted(outcomes)]


def ingest_file(store: Store, path: Path, *, force: bool = False, limits: ReaderLimits | None = None) -> FileOutcome:
    """One file, parsed in this process."""
    return ingest_paths(store, [Path(path)], force=force, limits=limits)[0]


def summarise(outcomes: list[FileOutcome]) -> dict:
    counts = {k: 0 for k in STATUSES}
    for o in outcomes:
        counts[o.status] += 1
    return {"files": [o.to_json() for o in outcomes], "counts": counts}
