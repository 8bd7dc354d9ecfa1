"""Find in the conversation (Ctrl+F) through the real window: every message counts, loaded or
not; stepping loads the pages above and scrolls each match into view; Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.window.conversation import PAGE_SIZE
from gui.window.main_window import MainWindow
from provider.standin import StandIn
from tests.gui.helpers import wait_until


def long_talk(window: MainWindow) -> tuple[int, list[int]]:
    """A conversation longer than a page; "kangaroo" in its first answer, twice near its end
    (once twice in one message), and in markdown emphasis once."""
    store = window.store
    conversation = store.create_conversation("Animals")
    ids = []
    for number in range(PAGE_SIZE + 30):
        role = "user" if number % 2 == 0 else "assistant"
        text = f"Message {number} about rivers."
        if number == 1:
            text = "The first answer mentions a Kangaroo."
        elif number == PAGE_SIZE + 27:
            text = "A **kangaroo** and another kangaroo."
        ids.append(store.add_message(conversation.id, role, text).id)
    return conversation.id, ids


async def typed(window: MainWindow, text: str) -> None:
    bar = window.widgets.find_bar
    QTest.keyClicks(bar.field, text)
    await wait_until(lambda: window.finder.bar.count.text() != "", 5, "the matches")


def marks(window: MainWindow, message_id: int) -> list[str]:
    """The background of each mark in the message: which matches are highlighted, and how."""
    widget = window.view.message_widget(message_id)
    return [
        selection.format.background().color().name(QColor.NameFormat.HexArgb)
        for segment in widget.body.segments
        for selection in segment.extraSelections()
    ]


async def test_find_counts_every_message_and_steps_through_them(
    window: MainWindow, standin: StandIn
) -> None:
    conversation_id, ids = long_talk(window)
    window.open_conversation(conversation_id)
    assert ids[1] not in window.view.message_ids()  # its page is not loaded
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    bar = window.widgets.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    await typed(window, "kangaroo")
    assert bar.count.text() == "3 of 3"  # the newest is current
    newest = ids[PAGE_SIZE + 27]
    first, second = marks(window, newest)  # both of its matches are marked
    assert first != second  # the current one stands out from the other
    QTest.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "2 of 3"
    QTest.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "1 of 3"
    assert ids[1] in window.view.message_ids()  # the pages above were loaded for it
    old = window.view.message_widget(ids[1])
    area = window.view.scroll_area
    top = old.mapTo(area.widget(), old.rect().topLeft()).y()
    scrolled = area.verticalScrollBar().value()
    assert scrolled <= top + old.height() and top <= scrolled + area.viewport().height()
    assert len(marks(window, ids[1])) == 1
    QTest.keyClick(bar.field, Qt.Key.Key_Return)  # next, past the oldest: wraps to the second
    assert bar.count.text() == "2 of 3"
    QTest.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and not window.session.busy
    assert marks(window, newest) == [] and marks(window, ids[1]) == []
    assert QApplication.focusWidget() is window.composer.editor


async def test_nothing_found_says_so(window: MainWindow, standin: StandIn) -> None:
    conversation_id, _ids = long_talk(window)
    window.open_conversation(conversation_id)
    window.finder.open()
    await typed(window, "platypus")
    assert window.widgets.find_bar.count.text() == "No matches"
    QTest.keyClick(window.widgets.find_bar.field, Qt.Key.Key_Return)  # nothing to step to
    assert window.widgets.find_bar.count.text() == "No matches"
