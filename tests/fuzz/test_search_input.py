"""Whatever a user types into ``extractor search`` gives results or a clear message (exit 0 or 2), never a
stack trace: FTS syntax, SQL fragments, unbalanced quotes, control characters, 10 KB of text."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from extractor.cli import app
from extractor.ingest import ingest_paths
from extractor.store import open_store
from tests.batch.hostile import bulletin_md

NASTY = ['"', '""', "'", "AND(", "AND", "OR", "NOT", "NEAR", "NEAR(a b, 2)", "*", "a*", "**", "^title", "title:",
         "{title}: x", "-", "(", ")", "()", "; DROP TABLE activities; --", "' OR 1=1 --", "%", "_", "\\", "\x00",
         "\x1b[31m", "[red]x[/red]", "[/]", "[bold]", "[/bold]", "ñandú", "Ⅻ", "😀", " ", "", "x" * 10_000,
         " ".join(f"palabra{i}" for i in range(1500)), "convenio AND(alianza OR \"cooperación", "KOICA NEAR/3 SENA"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    for n in range(3):
        (folder / f"b{n}.md").write_text(bulletin_md(n), encoding="utf-8")
    path = str(tmp_path_factory.mktemp("store") / "s.db")
    with open_store(path) as store:
        assert all(o.status == "ok" for o in ingest_paths(store, [folder]))
    return path


def _search(db: str, *args: str):
    result = CliRunner().invoke(app, ["search", *args, "--db", db, "--json"])
    assert result.exit_code in (0, 2), (args, result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
def test_nasty_queries(db, query):
    result = _search(db, query.replace("\x00", ""))   # a NUL cannot be passed in argv at all
    if result.exit_code == 0:
        payload = json.loads(result.stdout)
        assert payload["total"] >= 0 and isinstance(payload["results"], list)


def test_a_plain_query_finds_something(db):
    assert json.loads(_search(db, "aprendices").stdout)["total"] > 0


# EXTRACTOR_FUZZ_SCALE=20 for a long fuzzing run (CI keeps the default).
FUZZ_SCALE = int(os.environ.get("EXTRACTOR_FUZZ_SCALE", "1"))


@settings(max_examples=80 * FUZZ_SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=200),
       st.sampled_from(["--partner", "--country", "--regional", "--from", "--to", "--kind", None]))
def test_any_text_in_any_option(db, text, option):
    _search(db, *([option, text] if option else [text]))


def test_through_the_real_command_line(db):
    proc = subprocess.run([sys.executable, "-m", "extractor", "search", 'AND( "NEAR * ; DROP TABLE x', "--db", db,
                           "--from", "not-a-date"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stderr.strip()
    proc = subprocess.run([sys.executable, "-m", "extractor", "search", 'AND( "NEAR * ; DROP TABLE x' * 300,
                           "--db", db, "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["total"] >= 0
