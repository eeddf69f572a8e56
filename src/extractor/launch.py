"""The ``extractor`` command's entry point.

``extractor ingest`` forks its parsing worker here, before the command line's own libraries (Typer, Rich,
Click) load: the worker does not need them, and loading the language pipeline is the longest step of a
one-file batch, so it starts about 0.1 s sooner. The ingest command takes the worker
(``ParserPool.adopt_early``), or stops it when there is nothing to parse or ``--workers 0`` was given.

A command that has finished (its output written and flushed, its store closed, every exit handler run)
ends the process without the interpreter's teardown, which frees every object of SQLAlchemy, pydantic and the
look-up tables one by one and runs a last garbage collection: 0.15–0.2 s of a one-file ingest, for nothing.
An uncaught exception or an interrupt still ends the ordinary way.
"""

from __future__ import annotations

import atexit
import os
import sys

from extractor.heap import long_lived

_exit_status: int | None = None      # set once the command has finished with this status


def _end_without_teardown() -> None:
    """The last exit handler (registered first, so the others have run): flush and end the process."""
    if _exit_status is None:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed or broken pipe: the interpreter would not write it either
            pass
    os._exit(_exit_status)


def main() -> None:
    global _exit_status
    atexit.register(_end_without_teardown)
    args = sys.argv[1:]
    in_process = "--workers=0" in args or any(a == "--workers" and b == "0" for a, b in zip(args, args[1:]))
    with long_lived():      # the command line's libraries; a worker forked here turns the collector back on
        if args[:1] == ["ingest"] and not in_process and not {"-h", "--help"} & set(args):
            from extractor.ingest import ParserPool
            ParserPool.fork_for_command()
        from extractor.cli import main as run_command_line
    try:
        run_command_line()
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            _exit_status = exc.code or 0
        raise
    _exit_status = 0
