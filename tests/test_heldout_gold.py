"""The held-out evaluation set (corpus/heldout): gold files well formed and grounded in
their documents, and the bulletins reproducible byte for byte from build/."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pycountry
import pypdfium2
import pytest
from docx import Document

from tests.conftest import load_module

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "corpus" / "heldout"
GENERATOR = HELDOUT / "build" / "make_heldout.py"
GOLD_FILES = sorted(HELDOUT.glob("*.gold.json"))

KINDS = {"alliance", "mobility_out", "mobility_in", "training", "event", "delegation_visit", "other"}
ACTIVITY_KEYS = {"kind", "title", "partners", "countries", "cities", "date_start", "date_end",
                 "beneficiaries", "regionales"}
PARTNER_KEYS = {"name", "acronym", "country", "aliases"}
ALPHA2 = {c.alpha_2 for c in pycountry.countries}
CO_SUBDIVISIONS = {s.code for s in pycountry.subdivisions.get(country_code="CO")}
DOC_EXTENSIONS = {".docx", ".pdf", ".txt", ".html"}


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _gold_ids() -> list[str]:
    return [p.name for p in GOLD_FILES]


def _generator() -> ModuleType:
    return load_module("make_heldout", GENERATOR)


# ------------------------------------------------------------ document text

class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._skip += tag in {"style", "script"}

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in {"style", "script"}

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _html_text(path: Path) -> str:
    collector = _TextCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return "\n".join(collector.parts)


def document_text(path: Path) -> str:
    readers = {".docx": _docx_text, ".pdf": _pdf_text, ".html": _html_text,
               ".txt": lambda p: p.read_text(encoding="utf-8")}
    return readers[path.suffix](path)


def flat(text: str) -> str:
    """Whitespace collapsed (PDF and e-mail lines wrap), case folded, accents kept."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def loose(text: str) -> str:
    """Also without accents and punctuation, for partner names that the text inflects."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\W+", " ", text).strip().casefold()


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name: document_text(p) for p in HELDOUT.iterdir() if p.suffix in DOC_EXTENSIONS}


# ------------------------------------------------------------------- shape

def _check_date(value: Any) -> None:
    if value is None or value == "*":
        return
    assert isinstance(value, str) and dt.date.fromisoformat(value), value


def _check_list(values: Any, allowed: set[str] | None) -> None:
    if values == "*":
        return
    assert isinstance(values, list)
    assert len(values) == len(set(values)), f"duplicates in {values}"
    for v in values:
        assert isinstance(v, str) and v
        if allowed is not None:
            assert v in allowed, v


def _check_partner(p: dict[str, Any]) -> None:
    assert PARTNER_KEYS <= p.keys() <= PARTNER_KEYS | {"optional"}, p
    assert isinstance(p["name"], str) and p["name"].strip()
    assert p["acronym"] is None or isinstance(p["acronym"], str)
    assert p["country"] in ALPHA2 | {None, "*"}, p
    assert isinstance(p["aliases"], list) and all(isinstance(a, str) for a in p["aliases"])
    assert p.get("optional", True) is True or p.get("optional") is False


def _check_activity(a: dict[str, Any]) -> None:
    assert a.keys() == ACTIVITY_KEYS, sorted(a.keys() ^ ACTIVITY_KEYS)
    assert a["kind"] in KINDS
    assert isinstance(a["title"], str) and a["title"].strip()
    assert isinstance(a["partners"], list)
    for p in a["partners"]:
        _check_partner(p)
    _check_list(a["countries"], ALPHA2 - {"CO"})
    _check_list(a["cities"], None)
    _check_list(a["regionales"], CO_SUBDIVISIONS)
    _check_date(a["date_start"])
    _check_date(a["date_end"])
    start, end = a["date_start"], a["date_end"]
    if isinstance(start, str) and start != "*" and isinstance(end, str) and end != "*":
        assert start <= end, a["title"]
    b = a["beneficiaries"]
    assert b is None or b == "*" or (isinstance(b, int) and not isinstance(b, bool) and b > 0)


def test_there_are_five_heldout_documents_each_with_gold() -> None:
    docs = sorted(p.name for p in HELDOUT.iterdir() if p.suffix in DOC_EXTENSIONS)
    assert len(docs) == 5
    assert sorted(_load(g)["document"]["document"] for g in GOLD_FILES) == docs
    assert {Path(d).suffix for d in docs} == DOC_EXTENSIONS


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=_gold_ids())
def test_gold_shape(gold_path: Path) -> None:
    gold = _load(gold_path)
    assert gold.keys() == {"document", "activities"}
    meta = gold["document"]
    assert meta.keys() == {"document", "title", "period_start", "period_end"}
    assert gold_path.name == Path(meta["document"]).stem + ".gold.json"
    assert (HELDOUT / meta["document"]).is_file()
    start, end = dt.date.fromisoformat(meta["period_start"]), dt.date.fromisoformat(meta["period_end"])
    assert start < end
    activities = gold["activities"]
    assert 8 <= len(activities) <= 15
    titles = [loose(a["title"]) for a in activities]
    assert len(titles) == len(set(titles)), "titles must be distinct for pairing"
    for a in activities:
        _check_activity(a)
        # Explicit dates stay inside the bulletin's year (no year given means that year).
        for d in (a["date_start"], a["date_end"]):
            if isinstance(d, str) and d != "*":
                assert dt.date.fromisoformat(d).year == start.year, (a["title"], d)


# -------------------------------------------------------- grounded in text

@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=_gold_ids())
def test_titles_and_cities_appear_in_the_document(gold_path: Path, texts: dict[str, str]) -> None:
    gold = _load(gold_path)
    text = flat(texts[gold["document"]["document"]])
    missing = [a["title"] for a in gold["activities"] if flat(a["title"]) not in text]
    for a in gold["activities"]:
        if a["cities"] != "*":
            missing += [f"{a['title']} -> city {c}" for c in a["cities"] if flat(c) not in text]
    assert not missing, missing


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=_gold_ids())
def test_every_partner_is_named_in_the_document(gold_path: Path, texts: dict[str, str]) -> None:
    gold = _load(gold_path)
    text = loose(texts[gold["document"]["document"]])
    missing = []
    for a in gold["activities"]:
        for p in a["partners"]:
            names = [p["name"], p["acronym"], *p["aliases"]]
            if not any(n and loose(n) in text for n in names):
                missing.append(f"{a['title']} -> {p['name']}")
    assert not missing, missing


# ----------------------------------------------------------- reproducible

def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_generator_reproduces_the_committed_bulletins(tmp_path: Path) -> None:
    written = _generator().build(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        p.name for p in HELDOUT.iterdir() if p.suffix in DOC_EXTENSIONS)
    for p in written:
        assert _digest(p) == _digest(HELDOUT / p.name), f"{p.name} differs: rerun make_heldout.py"


def test_heldout_binaries_stay_small() -> None:
    total = sum(p.stat().st_size for p in HELDOUT.iterdir() if p.suffix in DOC_EXTENSIONS)
    assert total < 2 * 1024 * 1024


def test_heldout_names_do_not_clash_with_other_corpus_documents() -> None:
    # score.py pairs gold with exports by file name, then by name without extension.
    others = {p.name.split(".", 1)[0] for p in (ROOT / "corpus").iterdir() if p.is_file()}
    ours = {p.name.split(".", 1)[0] for p in HELDOUT.iterdir() if p.is_file()}
    assert not ours & others
