"""gui/app/heap.py: what is alive after start-up is kept out of the collector's full passes."""

from __future__ import annotations

import gc

from gui.app.heap import freeze_startup_objects, pause_collection, resume_collection


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


def test_collection_paused_for_start_up_comes_back_with_the_freeze() -> None:
    try:
        pause_collection()
        assert not gc.isenabled(), "no passes over the objects start-up is still making"
        freeze_startup_objects()
        assert gc.isenabled(), "after the first frame, garbage is collected again"
        pause_collection()
        resume_collection()
        assert gc.isenabled(), "a start-up that never painted ends collecting as usual"
    finally:
        gc.enable()
        gc.unfreeze()
