"""CLI runner and store helpers shared by the knowledge-base tests."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from extractor.cli import app


def cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result.stdout


def cli_json(*args: str) -> Any:
    return json.loads(cli(*args, *([] if "--format" in args else ["--json"])))
