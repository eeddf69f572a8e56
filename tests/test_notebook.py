"""The research notebook runs top to bottom (nbclient) on a store built from corpus/, draws its plots, and
its figures are the store's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractor.ingest import ingest_paths
from extractor.store import SearchQuery, open_store

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "cooperacion.ipynb"


@pytest.mark.timeout(600)
def test_notebook_runs_on_the_corpus(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    with open_store(url) as store:
        ingest_paths(store, [ROOT / "corpus"])
        expected = store.search(SearchQuery(limit=None))
    assert expected.total > 0

    monkeypatch.setenv("EXTRACTOR_DATABASE_URL", url)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    src = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    monkeypatch.setenv("PYTHONPATH", src)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3   # country × year, partners, beneficiaries by regional and kind

    summary = json.loads(nb.cells[-1].outputs[-1]["text"].strip().splitlines()[-1])
    assert summary["activities"] == expected.total
    assert summary["beneficiaries"] == sum(r["beneficiaries"] or 0 for r in expected.results)
    assert summary["top_partner"] == max(expected.facets["partner"].items(), key=lambda kv: kv[1])[0]
    assert set(summary["years"]) == {int(y) for y in expected.facets["year"]}
    assert summary["countries"] == len(expected.facets["country"])
