"""Locate and load the language data (vocabularies, gazetteers) kept under ``models/``.

Language knowledge lives in JSON files, not in code, so new bulletins' wording can be
covered by editing data. ``EXTRACTOR_MODELS_DIR`` overrides the location (e.g. when the
package is installed outside the repository).
"""

from __future__ import annotations

import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

ENV_VAR = "EXTRACTOR_MODELS_DIR"


def models_dir() -> Path:
    """The models folder: ``$EXTRACTOR_MODELS_DIR`` or the repository's ``models/``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    # src/extractor/values/_data.py -> parents[3] is the repository root.
    return Path(__file__).resolve().parents[3] / "models"


@lru_cache(maxsize=None)
def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def load_json(relpath: str) -> Any:
    """Parsed JSON of ``models/<relpath>``, cached per resolved path (treat it as read-only)."""
    return _load(str(models_dir() / relpath))


def fold(text: str) -> str:
    """Lower-case and strip accents *without changing length*, so regex offsets on the
    folded string are offsets into the original."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)
