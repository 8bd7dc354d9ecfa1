"""The context gauge's reading of a conversation through the real window
(gui/window/context_meter.py): the history is read on the store's reader, not on the window's
thread, and a reading overtaken by a newer one is dropped (not even read, if it has not
begun)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from gui.store.conversations import ConversationStore
from gui.store.records import Message
from gui.window.main_window import MainWindow
from tests.gui.helpers import wait_until


def conversation(window: MainWindow, title: str, size: int) -> tuple[int, list[int]]:
    """A conversation of `size` messages, questions and answers in turn: its id, theirs."""
    store = window.store
    created = store.create_conversation(title)
    ids: list[int] = []
    for number in range(size):
        role = "user" if number % 2 == 0 else "assistant"
        parent = ids[-1] if ids else None
        message = store.add_message(created.id, role, f"{title} {number}.", parent=parent)
        ids.append(message.id)
    return created.id, ids


@pytest.fixture
def reading_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The threads whole conversations were read on (`messages` with no limit: the window reads
    a page of the newest to show them)."""
    threads: list[str] = []
    messages = ConversationStore.messages

    def recorded(self: ConversationStore, *args: object, **kwargs: object) -> list[Message]:
        if kwargs.get("limit") is None:
            threads.append(threading.current_thread().name)
        return messages(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ConversationStore, "messages", recorded)
    yield threads


async def test_the_history_is_read_off_the_windows_thread(
    window: MainWindow, reading_threads: list[str]
) -> None:
    conversation_id, ids = conversation(window, "Long", 40)
    meter = window.meter
    window.open_conversation(conversation_id)
    await wait_until(lambda: not meter.counting, 5, "the gauge to count")
    assert meter._history is not None and meter._history.ids == ids
    assert reading_threads and threading.main_thread().name not in reading_threads
    assert window.widgets.gauge.text()  # the reading is shown


async def test_a_reading_overtaken_by_a_newer_one_is_dropped(
    window: MainWindow, reading_threads: list[str]
) -> None:
    first, _ids = conversation(window, "First", 30)
    second, second_ids = conversation(window, "Second", 4)
    meter = window.meter
    taken: list[list[int]] = []
    history = meter.planner.history

    def counted(messages: list[Message], *args: object) -> object:
        taken.append([m.id for m in messages])
        return history(messages, *args)  # type: ignore[arg-type]

    meter.planner.history = counted  # type: ignore[method-assign]
    held = threading.Event()
    window.reads.submit(lambda _reader: held.wait(10))  # the reader is busy for now
    try:
        window.open_conversation(first)
        await wait_until(lambda: meter._read is not None, 5, "the first reading to be asked for")
        asked = meter._read
        window.open_conversation(second)

        def second_asked() -> bool:
            reading = meter._read
            return reading not in (None, asked) and not meter._history_timer.isActive()

        await wait_until(second_asked, 5, "the second reading to be asked for")
        assert asked is not None and asked.cancelled()  # out of date before it began
        assert not reading_threads and meter.counting  # nothing read yet: still to count
    finally:
        held.set()
    await wait_until(lambda: not meter.counting, 5, "the gauge to count")
    # The first, out of date before the reader got to it, was never read.
    assert reading_threads == ["store-reads_0"]
    assert taken == [second_ids]
    assert meter._history is not None and meter._history.ids == second_ids
