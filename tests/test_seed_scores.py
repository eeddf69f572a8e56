"""The seed bulletin in its three renditions, each ingested alone into an empty store, exported and scored
through ``extractor evaluate`` against the gold copied into corpus/ (issue: overall F1 ≥ 0.95 each)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SEED_DIR, SEED_GOLD, extractor

RENDITIONS = [SEED_DIR / "boletin_2026T1_insumos.md", CORPUS / "boletin_2026T1_insumos.docx",
              SEED_DIR / "boletin_2026T1_insumos.pdf"]




@pytest.mark.parametrize("path", RENDITIONS, ids=lambda p: p.suffix[1:])
def test_seed_rendition_scores(tmp_path: Path, path: Path):
    db = str(tmp_path / "store.db")
    extractor("ingest", "--db", db, str(path))
    export = tmp_path / "export.jsonl"
    export.write_text(extractor("export", "--db", db, "--format", "jsonl").stdout, encoding="utf-8")
    report = json.loads(extractor("evaluate", str(export), str(SEED_GOLD), "--json").stdout)
    print(path.suffix, json.dumps(report["fields"]), report["overall_f1"])
    assert report["overall_f1"] >= 0.95, report["fields"]
    # Evidence offsets index the text `export --what text` prints.
    text = extractor("export", "--db", db, "--what", "text", "--document", path.name).stdout
    for line in export.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        ev = record["evidence"]
        assert text[ev["start"]:ev["end"]].startswith(record["title"][:20])
