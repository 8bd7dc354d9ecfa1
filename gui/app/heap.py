"""Short pauses from Python's garbage collector in a long-running window.

A full collection walks every object that can hold references. Right after start-up that is
about 45,000 of them (modules, classes, functions, Qt wrappers, caches), none of which will ever
be garbage; walking them made each full pass take 20 to 40 ms here, a visible hitch in the
middle of a streaming reply (the view benchmark's longest stall). `gc.freeze()` moves what is
alive into a permanent generation the collector skips; later objects are collected as usual.

Before that, start-up makes those objects, and the collector walked them again and again while
it did: about 30 ms of passes before the first frame, one full pass of about 20 ms among them.
None of them is garbage, so collection is paused from the start until they are frozen.
"""

from __future__ import annotations

import gc


def pause_collection() -> None:
    """No collections until `freeze_startup_objects` or `resume_collection`."""
    gc.disable()


def resume_collection() -> None:
    gc.enable()


def freeze_startup_objects() -> int:
    """Exempt everything alive now from future collections, and collect again from now on;
    how many objects were exempted."""
    gc.freeze()
    gc.enable()
    return gc.get_freeze_count()
