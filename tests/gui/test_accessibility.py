"""The main window for people who use a screen reader or only the keyboard.

Every control is named and explained (the walker in tests/gui/a11y.py), Tab follows the eye, and
the everyday commands work from the keyboard alone: search, send, stop, the model's label.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from gui.store.records import STOPPED
from gui.window.main_window import MainWindow
from provider.standin import Scenario, StandIn
from tests.gui.a11y import (
    accessible_name,
    interactive_widgets,
    interactive_without_name,
    interactive_without_tooltip,
    visible_texts,
)
from tests.gui.helpers import send, stored, wait_until

CODE_ANSWER = "Here you go:\n\n```python\nprint('hi')\n```\n\nThat prints hi."


async def _fill(window: MainWindow, standin: StandIn) -> None:
    """A chat with a code block and a failed answer, a notice, an Undo and an open rename."""
    standin.queue(Scenario(chunks=[CODE_ANSWER]))
    await send(window, "Show me code")
    standin.queue(Scenario(chunks=["Part", " one"], error_after=1))
    await send(window, "Break")
    window.notices.add("The settings file could not be read; defaults are used.")
    other = window.store.create_conversation()
    window.store.add_message(other.id, "user", "A chat to delete")
    window.sidebar.refresh()
    row = window.sidebar.model.row_of(other.id)
    assert row is not None
    window.sidebar.list.setCurrentIndex(window.sidebar.model.index(row))
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_Delete)
    assert window.sidebar.undo_bar.isVisible()
    open_row = window.sidebar.model.row_of(window.sidebar.current_id())
    assert open_row is not None
    window.sidebar.list.setCurrentIndex(window.sidebar.model.index(open_row))
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_F2)
    await wait_until(lambda: window.sidebar.list.findChild(QLineEdit) is not None, 5, "rename")


async def test_every_control_has_a_name_and_a_tooltip(window: MainWindow, standin: StandIn) -> None:
    await _fill(window, standin)
    controls = interactive_widgets(window)
    kinds = {type(w).__name__ for w in controls}
    # The walker sees the window's own controls and the ones shown just now.
    assert {"ModelCombo", "ConversationListView", "MessageEdit", "QToolButton"} <= kinds
    assert window.sidebar.undo_bar.undo_button in controls
    assert window.sidebar.list.findChild(QLineEdit) in controls  # the rename editor
    assert len(controls) > 20
    assert interactive_without_name(window) == []
    assert interactive_without_tooltip(window) == []


async def test_the_walker_catches_a_control_without_a_name(window: MainWindow) -> None:
    # The check itself can fail: an icon-only button with nothing to say is reported.
    from PySide6.QtWidgets import QToolButton

    silent = QToolButton(window.composer)
    silent.setObjectName("silentButton")
    silent.show()
    try:
        assert any("silentButton" in d for d in interactive_without_name(window))
        assert any("silentButton" in d for d in interactive_without_tooltip(window))
    finally:
        silent.deleteLater()
        silent.hide()


async def test_toolbar_buttons_are_named_from_their_actions(window: MainWindow) -> None:
    settings = window.widgets.toolbar.widgetForAction(window.commands.settings_action)
    new = window.widgets.toolbar.widgetForAction(window.commands.new_action)
    assert accessible_name(settings) == "Settings"  # no "…" and no "&" read aloud
    assert accessible_name(new) == "New chat"
    assert new.toolTip() == "Start a new chat (Ctrl+N)"


async def test_the_model_label_is_the_combo_buddy(window: MainWindow) -> None:
    labels = [
        w for w in window.widgets.toolbar.findChildren(QLabel) if w.buddy() is window.model_combo
    ]
    assert [label.text() for label in labels] == ["&Model:"]
    interface = QAccessible.queryAccessibleInterface(window.model_combo)
    assert interface is not None
    # How a screen reader on Linux learns the combo's name: Qt reports there the combo's text as
    # its name and the label through this relation.
    its_labels = [
        other.object() for other, _ in interface.relations(QAccessible.RelationFlag.Label)
    ]
    assert labels[0] in its_labels


def _focus() -> QWidget | None:
    return QApplication.focusWidget()


async def _tab() -> QWidget:
    """Press Tab until the focus moves on (a text with links keeps it for each of its links)."""
    focus = _focus()
    assert focus is not None
    for _ in range(10):
        QTest.keyClick(focus, Qt.Key.Key_Tab)
        await asyncio.sleep(0)
        moved = _focus()
        if moved is not None and moved is not focus:
            return moved
    raise AssertionError(f"Tab never left {focus}")


async def test_tab_follows_the_eye(window: MainWindow, standin: StandIn) -> None:
    window.activateWindow()
    standin.queue(Scenario(chunks=[CODE_ANSWER]))
    await send(window, "Show me code")
    window.composer.set_text("typed, so Send is enabled")
    window.sidebar.focus_search()
    assert _focus() is window.sidebar.search
    assert await _tab() is window.sidebar.list
    chat_stops = []
    focus = await _tab()
    while window.view.isAncestorOf(focus):  # the messages' links and buttons, in order
        chat_stops.append(focus)
        focus = await _tab()
    # The question's Edit and text, the answer's text and its buttons.
    assert len(chat_stops) >= 4, [type(w).__name__ for w in chat_stops]
    assert focus is window.composer.attach_button  # "+", left of the box
    assert await _tab() is window.composer.editor
    assert await _tab() is window.composer.button
    focus = await _tab()
    assert focus is window.model_combo or window.model_combo.isAncestorOf(focus)
    assert await _tab() is window.sidebar.new_button
    assert await _tab() is window.sidebar.search


async def test_keyboard_only_search_send_and_stop(window: MainWindow, standin: StandIn) -> None:
    window.activateWindow()
    await wait_until(lambda: _focus() is window.composer.editor, 5, "the composer's focus")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert _focus() is window.sidebar.search

    # Back to the composer with Shift+Tab… the long way round is the Tab test's; click-free here.
    window.composer.focus_input()
    QTest.keyClicks(window.composer.editor, "Typed by keyboard")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert window.session.busy
    await wait_until(lambda: not window.session.busy, 15, "the reply")
    assert stored(window)[0][1] == "Typed by keyboard"

    standin.queue(Scenario(chunks=[f"word{i} " for i in range(400)], chunk_delay=0.01))
    QTest.keyClicks(window.composer.editor, "Talk for a while")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    await wait_until(lambda: len(window.session.current_text()) > 20, 10, "some of the reply")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Escape)
    await wait_until(lambda: not window.session.busy, 10, "Esc to stop the reply")
    assert stored(window)[-1][2] == STOPPED

    # Esc works from elsewhere in the window too (the Stop action's shortcut).
    standin.queue(Scenario(chunks=[f"word{i} " for i in range(400)], chunk_delay=0.01))
    window.send_message("Once more")
    await wait_until(lambda: len(window.session.current_text()) > 20, 10, "some of the reply")
    window.sidebar.list.setFocus()
    QTest.keyClick(window.sidebar.list, Qt.Key.Key_Escape)
    await wait_until(lambda: not window.session.busy, 10, "Esc in the list to stop the reply")
    assert stored(window)[-1][2] == STOPPED


async def test_alt_m_focuses_the_model(window: MainWindow) -> None:
    window.activateWindow()
    await wait_until(lambda: _focus() is window.composer.editor, 5, "the composer's focus")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    focus = _focus()
    assert focus is window.model_combo or window.model_combo.isAncestorOf(focus)


async def test_texts_scale_with_the_application_font(window: MainWindow) -> None:
    # No absolute font sizes in the window's own parts: a larger system font makes them larger.
    app = QGuiApplication.instance()
    assert isinstance(app, QApplication)
    window.widgets.demo_banner.show()  # as in demo mode
    before = window.sidebar.new_button.sizeHint().height()
    font = app.font()
    larger = font.__class__(font)
    larger.setPointSizeF(font.pointSizeF() * 2)
    app.setFont(larger)
    try:
        await wait_until(
            lambda: window.sidebar.new_button.sizeHint().height() > before, 10, "a taller button"
        )
        assert window.composer.editor.font().pointSizeF() == larger.pointSizeF()
        assert window.widgets.demo_banner.font().pointSizeF() == larger.pointSizeF()
    finally:
        app.setFont(font)


async def test_visible_texts_collects_what_a_person_sees(window: MainWindow) -> None:
    texts = visible_texts(window)
    for expected in (
        "Replicate Chat",  # the title
        "File",  # a menu, without its accelerator
        "Export chat as Markdown…",  # a menu entry
        "Start a new chat (Ctrl+N)",  # a tooltip
        "Search conversations",  # a placeholder and an accessible name
        "Model:",  # a buddy label, without its accelerator
        "Keyboard shortcuts",  # in the Help menu
    ):
        assert expected in texts
    assert not any("&" in text for text in texts if text.startswith(("File", "Edit")))
