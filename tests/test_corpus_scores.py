"""Every bulletin in corpus/ scored against its hand-written gold through ``extractor evaluate``
(issue 3: overall F1 ≥ 0.90 on each, mean ≥ 0.95). The corpus is ingested once, as `./dev run` does."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from tests.conftest import CORPUS, extractor

GOLDS = sorted(CORPUS.glob("*.gold.json"))




@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("corpus")
    db = str(tmp / "store.db")
    summary = json.loads(extractor("ingest", "--db", db, "--json", str(CORPUS)).stdout)
    failed = [f for f in summary["files"] if f["status"] == "failed"]
    assert not failed, failed
    path = tmp / "export.jsonl"
    path.write_text(extractor("export", "--db", db, "--format", "jsonl").stdout, encoding="utf-8")
    return path


def score(export: Path, gold: Path) -> dict:
    return json.loads(extractor("evaluate", str(export), str(gold), "--json").stdout)


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_each_bulletin_scores_at_least_090(export, gold):
    report = score(export, gold)
    assert report["overall_f1"] >= 0.90, json.dumps(report["fields"])


def test_corpus_mean_at_least_095(export):
    figures = [score(export, gold)["overall_f1"] for gold in GOLDS]
    assert len(figures) >= 9
    assert statistics.mean(figures) >= 0.95, figures
