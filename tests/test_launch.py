"""The command's entry point (``extractor.launch``) ends a finished command without the interpreter's
teardown: the exit status, every exit handler and all output must be exactly as with an ordinary exit, and
an unfinished command (an uncaught exception) must still end the ordinary way."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import extractor

# A stand-in command line: registers an exit handler the way a library would, keeps an object whose
# finaliser only the interpreter's teardown runs, writes a large output, then ends as told.
SCRIPT = """
import atexit, sys
import extractor.cli
from extractor import launch

class Torn:
    def __del__(self):
        sys.stderr.write("torn down\\n")

kept = Torn()

def command():
    atexit.register(lambda: sys.stderr.write("handler ran\\n"))
    sys.stdout.write("x" * 200_000 + "\\n")
    how = sys.argv[1]
    if how == "raise":
        raise RuntimeError("boom")
    if how != "return":
        sys.exit(int(how))

extractor.cli.main = command
launch.main()
"""


def _run(how: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, how], capture_output=True, text=True)


def test_finished_command_keeps_status_output_and_handlers_but_skips_teardown() -> None:
    for how, status in (("return", 0), ("0", 0), ("3", 3)):
        proc = _run(how)
        assert proc.returncode == status
        assert proc.stdout == "x" * 200_000 + "\n"          # buffered output flushed
        assert "handler ran" in proc.stderr                 # exit handlers of the command still run
        assert "torn down" not in proc.stderr               # ... but not the interpreter's teardown


def test_uncaught_exception_ends_the_ordinary_way() -> None:
    proc = _run("raise")
    assert proc.returncode == 1
    assert "RuntimeError: boom" in proc.stderr and "handler ran" in proc.stderr


def test_real_commands_keep_their_exit_codes_and_leave_a_closed_store(tmp_path: Path, seed_md: Path) -> None:
    db = tmp_path / "s.db"
    ingest = extractor("ingest", "--db", str(db), "--json", str(seed_md))
    assert json.loads(ingest.stdout)["counts"]["ok"] == 1
    # The store was closed before the process ended: its write-ahead log was folded into the file.
    assert not Path(f"{db}-wal").exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] > 0
    found = extractor("search", "--db", str(db), "--json", "--limit", "1", "cooperación")
    assert json.loads(found.stdout)["total"] > 0
    usage = extractor("search", "--db", str(db), "--from", "not-a-date", check=False)
    assert usage.returncode == 2 and "not-a-date" in usage.stderr
