"""gui/app/quiet_gc.py: full collections wait for a turn in which the chat view is not busy."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from gui.app import quiet_gc
from gui.app.quiet_gc import FULL_PASS_DUE, QuietCollector


class Busy:
    def __init__(self) -> None:
        self.now = True

    def __call__(self) -> bool:
        return self.now


@pytest.fixture
def full_passes() -> Iterator[list[int]]:
    """The full passes made while the test runs, each as the number of objects it freed."""
    seen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            seen.append(info["collected"])

    gc.collect()
    gc.callbacks.append(watch)
    try:
        yield seen
    finally:
        gc.callbacks.remove(watch)


def make_full_pass_due() -> None:
    """As many middle-generation passes as Python makes before a full one."""
    for _ in range(FULL_PASS_DUE):
        gc.collect(1)


def test_python_keeps_its_full_passes_for_later_while_it_lives() -> None:
    owner = QObject()
    before = gc.get_threshold()
    collector = QuietCollector(lambda: False, owner)
    assert gc.get_threshold()[:2] == before[:2], "young passes as Python has them"
    assert gc.get_threshold()[2] == FULL_PASS_DUE * quiet_gc.FALLBACK_FACTOR
    collector.close()
    assert gc.get_threshold() == before


def test_a_due_full_pass_waits_while_the_view_is_busy_and_then_frees_the_garbage(
    qtbot: QtBot, full_passes: list[int]
) -> None:
    owner = QObject()
    busy = Busy()
    collector = QuietCollector(busy, owner)
    try:

        class Node:
            pass

        node = Node()
        node.me = node  # type: ignore[attr-defined]  # a cycle: only a collection frees it
        gone = weakref.ref(node)
        gc.collect(1)  # it is old enough to be left to a full pass
        del node
        make_full_pass_due()
        qtbot.wait(4 * quiet_gc.CHECK_MS)
        assert full_passes == [] and collector.passes == 0, "not while the view is busy"
        assert gone() is not None

        busy.now = False
        qtbot.waitUntil(lambda: collector.passes == 1, timeout=2000)
        assert len(full_passes) == 1 and gone() is None
        assert gc.get_count()[2] == 0, "Python's count starts again after it"
    finally:
        collector.close()


def test_a_view_that_stays_busy_gets_its_full_pass_after_a_while(
    qtbot: QtBot, full_passes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quiet_gc, "WAIT_AT_MOST_MS", 300)
    owner = QObject()
    collector = QuietCollector(lambda: True, owner)
    try:
        make_full_pass_due()
        qtbot.wait(100)
        assert collector.passes == 0
        qtbot.waitUntil(lambda: collector.passes == 1, timeout=2000)
        assert len(full_passes) == 1
    finally:
        collector.close()


def test_a_pass_due_on_another_thread_is_left_to_the_window_thread(qtbot: QtBot) -> None:
    owner = QObject()
    collector = QuietCollector(lambda: False, owner)
    try:
        worker = threading.Thread(target=make_full_pass_due)  # Qt's timer is not touched there
        worker.start()
        worker.join()
        qtbot.wait(4 * quiet_gc.CHECK_MS)
        assert collector.passes == 0
        make_full_pass_due()
        qtbot.waitUntil(lambda: collector.passes == 1, timeout=2000)
    finally:
        collector.close()


def test_once_its_owner_is_gone_python_collects_on_its_own_schedule_again(
    qtbot: QtBot,
) -> None:
    before = gc.get_threshold()
    owner = QObject()
    collector = QuietCollector(lambda: False, owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(collector), timeout=2000)
    make_full_pass_due()  # would have started the collector's deleted timer
    assert gc.get_threshold() == before
    assert collector._after_pass not in gc.callbacks


def _alive(item: QObject) -> bool:
    try:
        item.objectName()
    except RuntimeError:
        return False
    return True
