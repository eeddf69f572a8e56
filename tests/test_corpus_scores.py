"""Every bulletin in corpus/ scored against its hand-written gold through ``extractor evaluate``
(issue 3: overall F1 ≥ 0.90 on each, mean ≥ 0.95). The corpus is ingested once, as `./dev run` does."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS

GOLDS = sorted(CORPUS.glob("*.gold.json"))


def cli(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True)
    assert proc.returncode == 0, f"extractor {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("corpus")
    db = str(tmp / "store.db")
    summary = json.loads(cli("ingest", "--db", db, "--json", str(CORPUS)))
    failed = [f for f in summary["files"] if f["status"] == "failed"]
    assert not failed, failed
    path = tmp / "export.jsonl"
    path.write_text(cli("export", "--db", db, "--format", "jsonl"), encoding="utf-8")
    return path


def score(export: Path, gold: Path) -> dict:
    return json.loads(cli("evaluate", str(export), str(gold), "--json"))


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_each_bulletin_scores_at_least_090(export, gold):
    report = score(export, gold)
    assert report["overall_f1"] >= 0.90, json.dumps(report["fields"])


def test_corpus_mean_at_least_095(export):
    figures = [score(export, gold)["overall_f1"] for gold in GOLDS]
    assert len(figures) >= 9
    assert statistics.mean(figures) >= 0.95, figures
