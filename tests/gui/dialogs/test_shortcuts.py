"""Help → Keyboard shortcuts: built from the window's own actions, readable, one at a time."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from gui.dialogs.shortcuts import ShortcutGroup, ShortcutsDialog, plain_text
from gui.window.main_window import MainWindow
from tests.gui.a11y import interactive_without_name, interactive_without_tooltip, visible_texts
from tests.gui.helpers import wait_until


def _native(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def _all_actions(window: MainWindow) -> list[QAction]:
    """The window's actions and every action in its menus (submenus included)."""
    found = list(window.actions())
    menus = [a.menu() for a in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            found.append(action)
            menus.append(action.menu())
    return [a for a in dict.fromkeys(found) if not a.isSeparator()]


async def _open(window: MainWindow) -> ShortcutsDialog:
    window.commands.shortcuts_action.trigger()
    await wait_until(
        lambda: window.dialogs.shortcuts_dialog is not None, 10, "the shortcuts dialog"
    )
    dialog = window.dialogs.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog)
    return dialog


async def test_every_action_with_a_shortcut_is_listed_with_its_keys(window: MainWindow) -> None:
    dialog = await _open(window)
    rows = {(action, keys) for _group, action, keys in dialog.rows()}
    with_keys = [a for a in _all_actions(window) if not a.shortcut().isEmpty()]
    assert len(with_keys) >= 7  # new, quit, copy, search, settings, stop, shortcuts
    for action in with_keys:
        keys = ", ".join(_native(s) for s in action.shortcuts())
        assert (plain_text(action.text()), keys) in rows
    # Grouped by menu, in menu-bar order; the keys that are not actions follow.
    groups = list(dict.fromkeys(group for group, _action, _keys in dialog.rows()))
    assert groups == ["File", "Edit", "Chat", "Help", "Message box", "Conversation list"]
    assert ("Quit", _native(QKeySequence("Ctrl+Q"))) in rows
    help_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
    assert ("Keyboard shortcuts", ", ".join(_native(s) for s in help_keys)) in rows


async def test_a_changed_shortcut_shows_as_it_is_now(window: MainWindow) -> None:
    # Built from the actions each time it opens: the list cannot go stale.
    window.commands.copy_answer_action.setShortcut(QKeySequence("Ctrl+Alt+Y"))
    dialog = await _open(window)
    assert ("Edit", "Copy last answer", _native(QKeySequence("Ctrl+Alt+Y"))) in dialog.rows()


async def test_keys_that_are_not_actions_are_listed(window: MainWindow) -> None:
    dialog = await _open(window)
    rows = dialog.rows()
    enter = _native(QKeySequence(Qt.Key.Key_Return))
    assert ("Message box", "Send the message", enter) in rows
    assert ("Message box", "Start a new line", _native(QKeySequence("Shift+Return"))) in rows
    assert ("Conversation list", "Rename the chat", "F2") in rows
    delete = _native(QKeySequence(QKeySequence.StandardKey.Delete))
    assert ("Conversation list", "Delete the chat", delete) in rows


async def test_the_dialog_is_readable_by_screen_readers_and_read_only(window: MainWindow) -> None:
    dialog = await _open(window)
    assert interactive_without_name(dialog) == []
    assert interactive_without_tooltip(dialog) == []
    assert dialog.windowTitle() == "Keyboard shortcuts"
    assert {"Action", "Shortcut", "Keyboard shortcuts"} <= set(visible_texts(dialog))
    table = dialog.table
    item = table.topLevelItem(0).child(0)
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable
    assert item.data(0, Qt.ItemDataRole.AccessibleTextRole) == f"{item.text(0)}: {item.text(1)}"
    # The keyboard moves through the rows.
    table.setFocus()
    before = table.currentItem()
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert table.currentItem() is not before


async def test_non_modal_one_at_a_time_and_esc_closes(window: MainWindow) -> None:
    dialog = await _open(window)
    assert dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.NonModal  # the window stays usable
    assert dialog.parent() is window
    QTest.keyClick(dialog.table, Qt.Key.Key_Escape)
    await wait_until(lambda: window.dialogs.shortcuts_dialog is None, 10, "Esc to close the dialog")
    assert not dialog.isVisible()
    await asyncio.sleep(0)


# Raising an open window: the offscreen platform says it cannot.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
async def test_opening_twice_keeps_one_dialog(window: MainWindow) -> None:
    dialog = await _open(window)
    window.show_shortcuts()
    assert window.dialogs.shortcuts_dialog is dialog
    assert len(window.findChildren(ShortcutsDialog)) == 1


async def test_f1_opens_it(window: MainWindow) -> None:
    window.activateWindow()
    await wait_until(lambda: window.composer.editor.hasFocus(), 5, "the composer's focus")
    help_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
    assert help_keys, "the platform has a help key"
    assert window.commands.shortcuts_action.shortcut() == help_keys[0]
    combination = help_keys[0][0]
    QTest.keyClick(window.composer.editor, combination.key(), combination.keyboardModifiers())
    await wait_until(
        lambda: window.dialogs.shortcuts_dialog is not None, 10, "the help key to open it"
    )


def test_plain_text_reads_a_menu_entry_as_shown() -> None:
    assert plain_text("&Settings…") == "Settings"
    assert plain_text("Export all chats as JS&ON…") == "Export all chats as JSON"
    assert plain_text("Save && &Quit") == "Save & Quit"
    assert plain_text("&Rename\tF2") == "Rename"


def test_the_longest_row_fits_without_being_cut(qtbot: QtBot) -> None:
    long = "Из поля поиска перейти к результатам поиска в списке бесед, не трогая мышь"
    dialog = ShortcutsDialog([ShortcutGroup("Список бесед", [(long, "Вниз"), ("Короче", "F2")])])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    metrics = dialog.table.fontMetrics()
    indent = dialog.table.indentation()
    assert dialog.table.header().sectionSize(0) >= metrics.horizontalAdvance(long) + indent
