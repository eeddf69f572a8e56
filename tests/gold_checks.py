"""Checks shared by the blind evaluation-set tests (tests/test_blind*_gold.py for corpus/blind*): the
gold-file shape, the text of a rendered bulletin,
"every gold name occurs in the text", deterministic generation, and the shared referee's verdict on a
perfect export. Plain helpers only; the tests themselves stay in the test files."""
from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pycountry
import pytest

from tests.conftest import SHARED, load_module

SCORER = SHARED / "tools" / "score.py"          # the referee, beside the project when it is there
needs_scorer = pytest.mark.skipif(not SCORER.exists(), reason="shared referee not available")

KINDS = {"alliance", "mobility_out", "mobility_in", "training", "event", "delegation_visit", "other"}
ACTIVITY_KEYS = {"kind", "title", "partners", "countries", "cities", "date_start", "date_end",
                 "beneficiaries", "regionales"}
PARTNER_KEYS = {"name", "acronym", "country", "aliases"}
CO_SUBDIVISIONS = {s.code for s in pycountry.subdivisions.get(country_code="CO")}
ALPHA2 = {c.alpha_2 for c in pycountry.countries}


# --------------------------------------------------------------------------- fixtures and files

def generator_fixture(module_name: str, path: Path) -> Callable[[], ModuleType]:
    """A module-scoped ``generator`` fixture loading the generator script at ``path``; assign it to a
    name ``generator`` in the test module."""

    @pytest.fixture(scope="module")
    def generator() -> ModuleType:
        return load_module(module_name, path)

    return generator


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def document_names(gold_files: list[Path]) -> set[str]:
    """The bulletin file names the gold files describe."""
    return {load_gold(p)["document"]["document"] for p in gold_files}


def content_of(content_dir: Path, name: str) -> dict[str, Any]:
    """The content file a rendered bulletin ``name`` was generated from."""
    return json.loads((content_dir / (Path(name).stem + ".json")).read_text(encoding="utf-8"))


def name_by_format(gold_files: list[Path], content_dir: Path, fmt: str) -> str:
    """The one rendered bulletin whose content file has format ``fmt``."""
    [name] = [load_gold(p)["document"]["document"] for p in gold_files
              if content_of(content_dir, load_gold(p)["document"]["document"])["format"] == fmt]
    return name


def used_quarters(corpus: Path, own_folder: Path) -> set[str]:
    """Year+quarters ("2019T3") of every bulletin under ``corpus`` outside ``own_folder`` (names only)."""
    used = set()
    for path in corpus.rglob("*"):
        if path.is_file() and own_folder not in path.parents:
            used.update(re.findall(r"_(\d{4}T[1-4])_", path.name))
    return used


def check_set_is_complete(folder: Path, gold_files: list[Path], formats: set[str], max_bytes: int) -> set[str]:
    """Four gold files, naming exactly the bulletins rendered in ``folder``, small enough together;
    returns the bulletin names."""
    rendered = {p.name for p in folder.iterdir() if p.is_file() and p.suffix in formats}
    named = document_names(gold_files)
    assert len(gold_files) == 4
    assert named == rendered
    assert sum((folder / n).stat().st_size for n in named) < max_bytes
    return named


# --------------------------------------------------------------------------- text of a bulletin

class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def pdf_pages(path: Path) -> list[str]:
    """The text layer of a PDF, a string a page."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def rendered_text(path: Path) -> str:
    """Plain text of a rendered bulletin (.md, .html, .docx or a PDF with a text layer), by format."""
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
        return "\n".join(pdf_pages(path))
    raise AssertionError(f"unexpected format {path.suffix}")


def missing_names(gold: dict[str, Any], text: str, flat: Callable[[str], str]) -> list[str]:
    """Gold titles, partner names and acronyms, and cities whose flattened form is not in ``text``
    (already flattened with the same ``flat``)."""
    missing: list[str] = []
    for act in gold["activities"]:
        wanted = [act["title"]] + [p["name"] for p in act["partners"]]
        wanted += [p["acronym"] for p in act["partners"] if p["acronym"]]
        wanted += [] if act["cities"] == "*" else act["cities"]
        missing += [w for w in wanted if flat(w) not in text]
    return missing


# --------------------------------------------------------------------------- gold shape

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


def check_gold_meta(gold_path: Path, first_year: int, last_year: int) -> tuple[dict[str, Any], dt.date, dt.date]:
    """The gold's document block: its keys, a period within [first_year, last_year], the file's name.
    Returns the gold and its period."""
    gold = load_gold(gold_path)
    meta = gold["document"]
    assert set(meta) == {"document", "title", "period_start", "period_end"}
    period_start, period_end = dt.date.fromisoformat(meta["period_start"]), dt.date.fromisoformat(meta["period_end"])
    assert first_year <= period_start.year <= last_year and period_start < period_end
    assert gold_path.name == Path(meta["document"]).stem + ".gold.json"
    return gold, period_start, period_end


def check_period_is_file_quarter(gold: dict[str, Any], period_start: dt.date, period_end: dt.date) -> None:
    """The quarter in the file name ("_2019T3_") is the gold period."""
    year, quarter = re.search(r"_(\d{4})T([1-4])_", gold["document"]["document"]).groups()
    assert period_start == dt.date(int(year), 3 * int(quarter) - 2, 1)
    assert (period_end + dt.timedelta(days=1)).month == (3 * int(quarter)) % 12 + 1


def check_gold_activities(gold: dict[str, Any], gold_path: Path, period_start: dt.date,
                          min_count: int, max_count: int) -> None:
    """Every activity's keys, kind, codes, dates and beneficiaries; titles unique; a count in range."""
    activities = gold["activities"]
    assert min_count <= len(activities) <= max_count
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


# --------------------------------------------------------------------------- generation

def render_twice(generator: ModuleType, out_dir: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The generator's bulletins in memory, and as its ``main`` writes them into ``out_dir`` (exit 0 required)."""
    first = generator.render_all()
    assert generator.main([str(out_dir)]) == 0
    second = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    return first, second


# --------------------------------------------------------------------------- the referee

def as_export(gold: dict[str, Any]) -> list[dict[str, Any]]:
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


def check_referee_scores_perfect_export(module_name: str, gold_files: list[Path], tmp_path: Path) -> None:
    """The referee scores a perfect export of ``gold_files`` at 1.0 (every gold item paired), and one
    without partners below that."""
    score = load_module(module_name, SCORER)
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        for gold_path in gold_files:
            for rec in as_export(load_gold(gold_path)):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    rows, overall, per_doc = score.score(str(export), [str(p) for p in gold_files])
    assert all(c["paired"] == c["gold"] for c in per_doc.values()), per_doc
    assert overall == pytest.approx(1.0), rows
    # And a degraded export (no partners at all) must score below one.
    degraded = tmp_path / "degraded.jsonl"
    lines = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    degraded.write_text("".join(json.dumps({**r, "partners": []}) + "\n" for r in lines), encoding="utf-8")
    _, worse, _ = score.score(str(degraded), [str(p) for p in gold_files])
    assert worse < overall
