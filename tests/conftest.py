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


def load_module(name: str, path: Path):
    """Load a Python file (a corpus generator, the shared referee) as a module without leaving a __pycache__
    beside it: corpus/ and ../shared stay as they are."""
    import importlib.util
    import sys
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def extractor(*args: str, check: bool = True, env: dict | None = None):
    """Run the command line as a user would (``python -m extractor …``); with ``check``, exit 0 is required."""
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"extractor {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc
