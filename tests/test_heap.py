"""``heap.long_lived``: the collector is off while long-lived things load, they are frozen afterwards, and
the collector is left as it was found."""

from __future__ import annotations

import gc

from extractor.heap import long_lived


class _Node:
    def __init__(self) -> None:
        self.me = self            # a cycle: only the collector could ever free it


def test_collector_off_inside_and_what_was_made_is_frozen() -> None:
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    try:
        with long_lived():
            assert not gc.isenabled()
            kept = [_Node() for _ in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen_before + 1000
        assert len(kept) == 1000
    finally:
        gc.unfreeze()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
