"""Value types: one module per type (date, count, country, department, organisation, city)."""

from __future__ import annotations

import importlib
import pkgutil

from extractor.values._data import TABLES


def load_tables() -> int:
    """Build now every look-up table the value modules otherwise build on first use (country, department
    and city tries from pycountry/babel and models/, compiled date patterns, vocabularies: 0.15–0.3 s).

    A process calls this while it would otherwise wait (a worker before its first file, the writer while
    the worker parses), so no document pays for the tables. Returns how many tables were built."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")      # each module declares its tables
    built = [t for t in TABLES.values() if not t.built]
    for t in built:
        t()
    return len(built)
