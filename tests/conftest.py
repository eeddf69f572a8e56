"""Shared test helpers: where the repository's data lives, and the optional ../shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED_DIR = ROOT / "tests" / "data" / "seed"
SHARED = ROOT.parent / "shared"
SEED_GOLD = CORPUS / "boletin_2026T1_insumos.gold.json"


@pytest.fixture
def seed_md() -> Path:
    return SEED_DIR / "boletin_2026T1_insumos.md"


@pytest.fixture
def seed_pdf() -> Path:
    return SEED_DIR / "boletin_2026T1_insumos.pdf"


@pytest.fixture
def seed_docx() -> Path:
    return CORPUS / "boletin_2026T1_insumos.docx"
