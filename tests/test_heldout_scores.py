"""The held-out bulletins (corpus/heldout/, written without seeing the extractor) scored against their gold.

They were scored blind once (figures in BENCHMARKS.md); since then they guard against regressions on
layouts unlike the tuned corpus: overall F1 ≥ 0.90 each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS

HELDOUT = CORPUS / "heldout"
GOLDS = sorted(HELDOUT.glob("*.gold.json"))


def cli(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True)
    assert proc.returncode == 0, f"extractor {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("heldout")
    db = str(tmp / "store.db")
    cli("ingest", "--db", db, str(HELDOUT))
    path = tmp / "export.jsonl"
    path.write_text(cli("export", "--db", db, "--format", "jsonl"), encoding="utf-8")
    return path


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_heldout_bulletin_scores_at_least_090(export, gold):
    report = json.loads(cli("evaluate", str(export), str(gold), "--json"))
    assert report["overall_f1"] >= 0.90, json.dumps(report["fields"])
