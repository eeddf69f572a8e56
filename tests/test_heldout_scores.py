"""The held-out bulletins (corpus/heldout/ and corpus/blind/, written without seeing the extractor) scored
against their gold.

Each set was scored blind once (figures in BENCHMARKS.md); since then they guard against regressions on
layouts unlike the tuned corpus: overall F1 ≥ 0.90 each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS, extractor

SETS = [CORPUS / "heldout", CORPUS / "blind"]
GOLDS = sorted(g for folder in SETS for g in folder.glob("*.gold.json"))




@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("heldout")
    db = str(tmp / "store.db")
    extractor("ingest", "--db", db, *map(str, SETS))
    path = tmp / "export.jsonl"
    path.write_text(extractor("export", "--db", db, "--format", "jsonl").stdout, encoding="utf-8")
    return path


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_heldout_bulletin_scores_at_least_090(export, gold):
    report = json.loads(extractor("evaluate", str(export), str(gold), "--json").stdout)
    assert report["overall_f1"] >= 0.90, json.dumps(report["fields"])
