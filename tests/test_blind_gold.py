"""Checks on the blind held-out set in corpus/blind: gold shape, gold grounded in the
rendered text, and byte-for-byte deterministic generation. Independent of the extractor."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pycountry
import pytest

from tests.conftest import SHARED, load_module

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "corpus" / "blind"
GENERATOR = BLIND / "build" / "generate.py"
SCORER = SHARED / "tools" / "score.py"          # the referee, beside the project when it is there
GOLD_FILES = sorted(BLIND.glob("*.gold.json"))

KINDS = {"alliance", "mobility_out", "mobility_in", "training", "event", "delegation_visit", "other"}
ACTIVITY_KEYS = {"kind", "title", "partners", "countries", "cities", "date_start", "date_end",
                 "beneficiaries", "regionales"}
PARTNER_KEYS = {"name", "acronym", "country", "aliases"}
CO_SUBDIVISIONS = {s.code for s in pycountry.subdivisions.get(country_code="CO")}
ALPHA2 = {c.alpha_2 for c in pycountry.countries}


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_module("blind_generate", GENERATOR)


def _gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def document_text(path: Path) -> str:
    """Plain text of a rendered bulletin, by format."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        collector = _TextCollector()
        collector.feed(path.read_text(encoding="utf-8"))
        return " ".join(collector.parts)
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if path.suffix == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
    raise AssertionError(f"unexpected format {path.suffix}")


def _flat(text: str) -> str:
    # Line breaks and markdown emphasis are layout, not content.
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("\u00ad", "")
    return " ".join(text.split()).casefold()


def test_blind_set_is_complete() -> None:
    rendered = {p.name for p in BLIND.iterdir() if p.is_file() and p.suffix in {".md", ".html", ".docx", ".pdf"}}
    named = {_gold(p)["document"]["document"] for p in GOLD_FILES}
    assert len(GOLD_FILES) == 4
    assert named == rendered
    assert {Path(n).suffix for n in named} == {".md", ".html", ".docx", ".pdf"}
    assert sum((BLIND / n).stat().st_size for n in named) < 1_000_000


def _check_date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "*":
        return None
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), where
    return dt.date.fromisoformat(value)


def _check_codes(values: Any, allowed: set[str], where: str) -> None:
    if values == "*":
        return
    assert isinstance(values, list), where
    assert len(values) == len(set(values)), f"{where}: duplicates"
    for code in values:
        assert code in allowed, f"{where}: {code!r}"


def _check_partner(partner: dict[str, Any], where: str) -> None:
    assert PARTNER_KEYS <= partner.keys() <= PARTNER_KEYS | {"optional"}, where
    assert isinstance(partner["name"], str) and partner["name"].strip(), where
    assert partner["acronym"] is None or isinstance(partner["acronym"], str), where
    country = partner["country"]
    assert country is None or country == "*" or country in ALPHA2, f"{where}: {country!r}"
    assert isinstance(partner["aliases"], list) and all(isinstance(a, str) and a for a in partner["aliases"])
    assert partner.get("optional", False) in (True, False), where


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_shape(gold_path: Path) -> None:
    gold = _gold(gold_path)
    meta = gold["document"]
    assert set(meta) == {"document", "title", "period_start", "period_end"}
    period_start, period_end = dt.date.fromisoformat(meta["period_start"]), dt.date.fromisoformat(meta["period_end"])
    assert 2017 <= period_start.year <= 2025 and period_start < period_end
    assert gold_path.name == Path(meta["document"]).stem + ".gold.json"
    activities = gold["activities"]
    assert 8 <= len(activities) <= 14
    titles = [a["title"] for a in activities]
    assert len(titles) == len(set(titles))
    for i, act in enumerate(activities):
        where = f"{gold_path.name}#{i}"
        assert set(act) == ACTIVITY_KEYS, where
        assert act["kind"] in KINDS, where
        assert isinstance(act["title"], str) and act["title"].strip(), where
        for partner in act["partners"]:
            _check_partner(partner, where)
        _check_codes(act["countries"], ALPHA2 - {"CO"}, where)
        _check_codes(act["regionales"], CO_SUBDIVISIONS, where)
        assert act["cities"] == "*" or all(isinstance(c, str) and c for c in act["cities"]), where
        start, end = _check_date(act["date_start"], where), _check_date(act["date_end"], where)
        if start and end:
            assert start <= end, where
        for day in (start, end):
            # An item may spill a few days or months past its quarter, never years.
            assert day is None or abs((day - period_start).days) < 400, where
        ben = act["beneficiaries"]
        assert ben is None or ben == "*" or (isinstance(ben, int) and ben > 0), where
        # Every partner's home country is among the item's countries (unless unscored).
        if act["countries"] != "*":
            for partner in act["partners"]:
                if partner["country"] not in (None, "*", "CO") and not partner.get("optional"):
                    assert partner["country"] in act["countries"], f"{where}: {partner['name']}"


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_names_appear_in_document_text(gold_path: Path) -> None:
    gold = _gold(gold_path)
    text = _flat(document_text(BLIND / gold["document"]["document"]))
    missing: list[str] = []
    for act in gold["activities"]:
        wanted = [act["title"]] + [p["name"] for p in act["partners"]]
        wanted += [p["acronym"] for p in act["partners"] if p["acronym"]]
        wanted += [] if act["cities"] == "*" else act["cities"]
        missing += [w for w in wanted if _flat(w) not in text]
    assert not missing, missing


def test_generation_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    first = generator.render_all()
    assert generator.main([str(tmp_path)]) == 0
    second = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert first == second
    # The committed bulletins are exactly what the generator produces.
    for name, blob in first.items():
        assert (BLIND / name).read_bytes() == blob, name


def _as_export(gold: dict[str, Any]) -> list[dict[str, Any]]:
    """A perfect export for a gold file: "*" (unscored) values become empty ones."""
    records = []
    for i, act in enumerate(gold["activities"]):
        rec = {k: ([] if v == "*" and k in {"countries", "cities", "regionales"} else v) for k, v in act.items()}
        rec["date_start"] = None if rec["date_start"] == "*" else rec["date_start"]
        rec["date_end"] = None if rec["date_end"] == "*" else rec["date_end"]
        rec["beneficiaries"] = None if rec["beneficiaries"] == "*" else rec["beneficiaries"]
        rec["partners"] = [{"name": p["name"], "acronym": p["acronym"],
                            "country": None if p["country"] == "*" else p["country"]} for p in act["partners"]]
        records.append({"id": i, "document": gold["document"]["document"], **rec})
    return records


@pytest.mark.skipif(not SCORER.exists(), reason="shared referee not available")
def test_referee_scores_a_perfect_export_as_one(tmp_path: Path) -> None:
    score = load_module("blind_score", SCORER)
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        for gold_path in GOLD_FILES:
            for rec in _as_export(_gold(gold_path)):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    rows, overall, per_doc = score.score(str(export), [str(p) for p in GOLD_FILES])
    assert all(c["paired"] == c["gold"] for c in per_doc.values()), per_doc
    assert overall == pytest.approx(1.0), rows
    # And a degraded export (no partners at all) must score below one.
    degraded = tmp_path / "degraded.jsonl"
    lines = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    degraded.write_text("".join(json.dumps({**r, "partners": []}) + "\n" for r in lines), encoding="utf-8")
    _, worse, _ = score.score(str(degraded), [str(p) for p in GOLD_FILES])
    assert worse < overall


def test_text_extraction_reads_real_content() -> None:
    # Guards the grounding test: an extractor returning "" would make every lookup fail loudly,
    # but one returning the wrong file would not, so check a phrase unique to each bulletin.
    probes = {".docx": "Handwerkskammer", ".pdf": "— 2 —", ".md": "Balcarce", ".html": "Noticias breves"}
    for gold_path in GOLD_FILES:
        name = _gold(gold_path)["document"]["document"]
        assert probes[Path(name).suffix] in document_text(BLIND / name)
