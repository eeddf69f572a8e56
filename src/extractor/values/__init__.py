"""Value types: one module per type (date, count, country, department, organisation, city)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil


def load_tables() -> int:
    """Build now every look-up table the value modules otherwise build on first use (country, department
    and city tries from pycountry/babel and models/, the organisation gazetteer, compiled date patterns).

    By convention a table is a module-level function without parameters cached with ``lru_cache(maxsize=1)``.
    A process calls this while it would otherwise wait (a worker before its first file, the writer while
    the worker parses), so no document pays for the tables. Returns how many tables were built."""
    built = 0
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, obj in sorted(vars(module).items()):
            cache = getattr(obj, "cache_info", None)
            wrapped = getattr(obj, "__wrapped__", None)
            if (callable(cache) and wrapped is not None and getattr(wrapped, "__module__", None) == module.__name__
                    and cache().maxsize == 1 and not inspect.signature(wrapped).parameters):
                obj()
                built += 1
    return built
