"""gui/app/heap.py: what is alive after start-up is kept out of the collector's full passes."""

from __future__ import annotations

import gc

from gui.app.heap import freeze_startup_objects


def test_freezing_exempts_what_is_alive_and_later_garbage_is_still_collected() -> None:
    try:
        frozen = freeze_startup_objects()
        assert frozen == gc.get_freeze_count() > 1000  # modules, classes, Qt wrappers...

        class Cycle:
            pass

        made = Cycle()
        made.me = made  # type: ignore[attr-defined]  # garbage only a collection frees
        del made
        assert gc.collect() > 0, "objects made after the freeze are collected as before"
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
