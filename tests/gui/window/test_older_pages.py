"""A long conversation's older pages through the real window (gui/window/older_pages.py): the
page above the loaded ones is read ahead on the store's reader (a worker thread), and the view
takes it from there, in order and with where each message stands among its versions."""

from __future__ import annotations

import threading

from gui.store.records import Message
from gui.window.conversation import PAGE_SIZE
from gui.window.main_window import MainWindow
from tests.gui.helpers import wait_until


def three_pages(window: MainWindow) -> tuple[int, list[int]]:
    """Three pages and a bit; the answer at index 5 has a second version, off the path."""
    store = window.store
    conversation = store.create_conversation("Long")
    ids: list[int] = []
    for number in range(3 * PAGE_SIZE + 10):
        role = "user" if number % 2 == 0 else "assistant"
        parent = ids[-1] if ids else None
        ids.append(store.add_message(conversation.id, role, f"Message {number}.", parent=parent).id)
        if number == 5:  # another take on this answer, then the path goes on from the first
            store.add_message(conversation.id, role, "Another take.", parent=ids[4])
    return conversation.id, ids


def counting_reads(window: MainWindow) -> list[int]:
    """The pages read on the window's thread, by the message each was above."""
    read_here: list[int] = []
    reading = window.shown.page_before

    def page_before(first: int) -> tuple[list[Message], bool]:
        read_here.append(first)
        return reading(first)

    window.shown.page_before = page_before  # type: ignore[method-assign]
    return read_here


async def test_the_page_above_is_read_ahead_and_taken_from_there(window: MainWindow) -> None:
    conversation_id, ids = three_pages(window)
    window.open_conversation(conversation_id)
    view, older = window.view, window.older
    assert view.message_ids() == ids[-PAGE_SIZE:]
    read_here = counting_reads(window)

    view.load_earlier_requested.emit()  # nothing read ahead yet: read here
    assert read_here == [ids[-PAGE_SIZE]]
    assert view.message_ids() == ids[-2 * PAGE_SIZE :]
    ahead = older._ahead
    assert ahead is not None and ahead[0] == ids[-2 * PAGE_SIZE]
    await wait_until(ahead[1].done, 5, "the page read ahead")

    view.load_earlier_requested.emit()  # taken from the worker's reading
    assert read_here == [ids[-PAGE_SIZE]]
    assert view.message_ids() == ids[-3 * PAGE_SIZE :]
    await wait_until(lambda: older._ahead is not None and older._ahead[1].done(), 5, "the top")
    view.load_earlier_requested.emit()
    assert read_here == [ids[-PAGE_SIZE]]
    assert view.message_ids() == ids  # in order, the versions off the path left out
    assert view.rows.messages[5].versions == (1, 2)  # read on the worker with the page
    assert view.rows.messages[4].versions is None


async def test_a_page_asked_for_before_it_came_is_read_at_once(window: MainWindow) -> None:
    conversation_id, ids = three_pages(window)
    window.open_conversation(conversation_id)
    view, older = window.view, window.older
    read_here = counting_reads(window)
    view.load_earlier_requested.emit()
    assert older._ahead is not None
    await wait_until(older._ahead[1].done, 5, "the page read ahead")
    held = threading.Event()
    window.reads.submit(lambda _reader: held.wait(10))  # busy: the next page cannot come
    try:
        view.load_earlier_requested.emit()  # taken from the worker's first reading
        view.load_earlier_requested.emit()  # not come yet: read here
    finally:
        held.set()
    assert len(read_here) == 2
    assert view.message_ids() == ids
