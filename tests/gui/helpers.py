"""Waiting helpers for async GUI tests: they yield to the qasync loop instead of nesting Qt's.

Never call qtbot.waitUntil / waitSignal inside an async test: a nested Qt event loop would run
asyncio callbacks re-entrantly.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtTest import QTest

from gui.window.main_window import MainWindow
from tests.waiting import wait_until

__all__ = [
    "choose_model",
    "click_conversation",
    "delete_conversation",
    "send",
    "stored",
    "wait_until",
]


async def send(window: MainWindow, text: str) -> None:
    """Type `text` into the composer and press Enter, as a person does; wait for the reply."""
    window.composer.set_text(text)
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert window.session.busy, "Enter started a reply"
    await wait_until(lambda: not window.session.busy, 15, "the reply to finish")


def stored(window: MainWindow) -> list[tuple[str, str, str]]:
    conversation = window.store.list_conversations()[0]
    return [(m.role, m.content, m.status) for m in window.store.messages(conversation.id)]


def choose_model(window: MainWindow, text: str) -> None:
    """Type a model into the toolbar's picker and press Enter, as a person does."""
    line = window.model_combo.lineEdit()
    assert line is not None
    line.selectAll()
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)


def _row_index(window: MainWindow, conversation_id: int) -> QModelIndex:
    model = window.sidebar.model
    row = model.row_of(conversation_id)
    assert row is not None, f"conversation {conversation_id} is not listed"
    return model.index(row)


def click_conversation(window: MainWindow, conversation_id: int) -> None:
    """Click the conversation's row in the sidebar."""
    view = window.sidebar.list
    center = view.visualRect(_row_index(window, conversation_id)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def delete_conversation(window: MainWindow, conversation_id: int) -> None:
    """Move the keyboard cursor to the conversation's row and press Delete."""
    view = window.sidebar.list
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        _row_index(window, conversation_id), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    QTest.keyClick(view, Qt.Key.Key_Delete)
