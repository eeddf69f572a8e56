"""How the process treats what it keeps for its whole life, for the garbage collector's sake."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """For loading what a process keeps to its end (libraries, the language pipeline, the look-up tables):
    the garbage collector is off while they load, and what exists afterwards is frozen (``gc.freeze``) so
    no later collection walks it again. Loading them with the collector on runs about 0.1 s of collections,
    and each later full collection walks all of it again: about 90 ms per 175,000 objects, every few
    dozen documents. The collector is left as it was found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
