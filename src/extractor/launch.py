"""The ``extractor`` command's entry point.

``extractor ingest`` forks its parsing worker here, before the command line's own libraries (Typer, Rich,
Click) load: the worker does not need them, and loading the language pipeline is the longest step of a
one-file batch, so it starts about 0.1 s sooner. The ingest command takes the worker
(``ParserPool.adopt_early``), or stops it when there is nothing to parse or ``--workers 0`` was given.
"""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    in_process = "--workers=0" in args or any(a == "--workers" and b == "0" for a, b in zip(args, args[1:]))
    if args[:1] == ["ingest"] and not in_process and not {"-h", "--help"} & set(args):
        from extractor.ingest import ParserPool
        ParserPool.fork_for_command()
    from extractor.cli import main as run_command_line
    run_command_line()
