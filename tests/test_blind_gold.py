"""Checks on the blind held-out set in corpus/blind: gold shape, gold grounded in the
rendered text, and byte-for-byte deterministic generation. Independent of the extractor.
The checks shared with tests/test_blind2_gold.py live in tests/gold_checks.py."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

from tests.gold_checks import (
    check_gold_activities,
    check_gold_meta,
    check_referee_scores_perfect_export,
    check_set_is_complete,
    generator_fixture,
    load_gold,
    missing_names,
    needs_scorer,
    render_twice,
)
from tests.gold_checks import rendered_text as document_text   # plain text of a rendered bulletin, by format

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "corpus" / "blind"
GENERATOR = BLIND / "build" / "generate.py"
GOLD_FILES = sorted(BLIND.glob("*.gold.json"))

generator = generator_fixture("blind_generate", GENERATOR)


def _flat(text: str) -> str:
    # Line breaks and markdown emphasis are layout, not content.
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("\u00ad", "")
    return " ".join(text.split()).casefold()


def test_blind_set_is_complete() -> None:
    named = check_set_is_complete(BLIND, GOLD_FILES, {".md", ".html", ".docx", ".pdf"}, 1_000_000)
    assert {Path(n).suffix for n in named} == {".md", ".html", ".docx", ".pdf"}


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_shape(gold_path: Path) -> None:
    gold, period_start, _ = check_gold_meta(gold_path, 2017, 2025)
    check_gold_activities(gold, gold_path, period_start, 8, 14)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_names_appear_in_document_text(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    text = _flat(document_text(BLIND / gold["document"]["document"]))
    missing = missing_names(gold, text, _flat)
    assert not missing, missing


def test_generation_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    first, second = render_twice(generator, tmp_path)
    assert first == second
    # The committed bulletins are exactly what the generator produces.
    for name, blob in first.items():
        assert (BLIND / name).read_bytes() == blob, name


@needs_scorer
def test_referee_scores_a_perfect_export_as_one(tmp_path: Path) -> None:
    check_referee_scores_perfect_export("blind_score", GOLD_FILES, tmp_path)


def test_text_extraction_reads_real_content() -> None:
    # Guards the grounding test: an extractor returning "" would make every lookup fail loudly,
    # but one returning the wrong file would not, so check a phrase unique to each bulletin.
    probes = {".docx": "Handwerkskammer", ".pdf": "— 2 —", ".md": "Balcarce", ".html": "Noticias breves"}
    for gold_path in GOLD_FILES:
        name = load_gold(gold_path)["document"]["document"]
        assert probes[Path(name).suffix] in document_text(BLIND / name)
