"""Selecting across messages (gui/chat/selection.py): a drag from one message's text into
others selects a part of each, as one selection; auto-scroll takes it beyond the viewport; the
widgets far away go, and come back with their part selected; Ctrl+C copies all of it, messages
without widgets too. Within one text, selecting works as it always did."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui.chat.message.body import MessageBody
from gui.chat.message.segment import MessageSegment
from gui.chat.message.selection_text import document_text
from gui.chat.message.widget import MessageWidget
from gui.chat.view import ChatMessage, ChatView
from gui.markdown.render import LIGHT
from tests.gui.chat.test_copying import click_link, fenced, forget_clipboard
from tests.gui.chat.test_long_conversation import live_count, settle, talk
from tests.gui.chat.test_view import MODEL, body_of

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier

A = "Alpha one two three four"
B = "Bravo **bold** words.\n\nSecond paragraph, longer than the first."
C = "Charlie five six seven"
B_SHOWN = "Bravo bold words.\nSecond paragraph, longer than the first."


def three(view: ChatView) -> tuple[MessageSegment, MessageSegment, MessageSegment]:
    view.set_messages(
        [
            ChatMessage(1, "user", A),
            ChatMessage(2, "assistant", B, model=MODEL),
            ChatMessage(3, "user", C),
        ]
    )
    settle()
    return tuple(view.rows.widget(n).body.segments[0] for n in (1, 2, 3))  # type: ignore


def spot(segment: MessageSegment, position: int) -> QPoint:
    """Where character `position` starts in the segment's viewport."""
    cursor = QTextCursor(segment.document())
    cursor.setPosition(position)
    rect = segment.cursorRect(cursor)
    return QPoint(rect.x() + 1, rect.center().y())


def seen_from(pressed: MessageSegment, widget: QWidget, point: QPoint) -> QPoint:
    """`point` of `widget` in the pressed segment's viewport (the drag's events go there)."""
    return pressed.viewport().mapFromGlobal(widget.mapToGlobal(point))


def press(segment: MessageSegment, position: int, modifiers: Qt.KeyboardModifier = NONE) -> None:
    QTest.mousePress(segment.viewport(), LEFT, modifiers, spot(segment, position))


def drag_to(pressed: MessageSegment, segment: MessageSegment, position: int) -> QPoint:
    point = seen_from(pressed, segment.viewport(), spot(segment, position))
    QTest.mouseMove(pressed.viewport(), point)
    return point


def drag_to_point(pressed: MessageSegment, point: QPoint) -> QPoint:
    QTest.mouseMove(pressed.viewport(), point)
    return point


def release(pressed: MessageSegment, point: QPoint) -> None:
    QTest.mouseRelease(pressed.viewport(), LEFT, NONE, point)


def drag(start: MessageSegment, at: int, end: MessageSegment, to: int) -> None:
    press(start, at)
    release(start, drag_to(start, end, to))


def selected(segment: MessageSegment) -> str:
    return document_text(segment.textCursor().selection())


def copied_with_ctrl_c(segment: MessageSegment) -> str:
    forget_clipboard()
    segment.setFocus()
    QTest.keyClick(segment, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QGuiApplication.clipboard().text()


def all_segments(view: ChatView) -> list[MessageSegment]:
    segments = []
    for widget in view.rows.widgets():
        segments.extend(widget.body.segments)
        if widget.thought is not None:
            segments.extend(widget.thought.body.segments)
    return segments


def test_a_drag_down_selects_the_rest_of_the_first_all_between_and_the_start_of_the_last(
    view: ChatView, qtbot: QtBot
) -> None:
    a, b, c = three(view)
    drag(a, 6, c, 7)
    assert view.selection.is_active()
    assert (selected(a), selected(b), selected(c)) == (A[6:], B_SHOWN, C[:7])
    expected = f"{A[6:]}\n\n{B_SHOWN}\n\n{C[:7]}"
    assert copied_with_ctrl_c(a) == expected
    # The context menu's Copy (and a drag of the text) copy the same, from any part of it.
    mime = b.createMimeDataFromSelection()
    assert mime.text() == expected and "Bravo" in mime.html()


def test_a_drag_up_selects_the_same_parts(view: ChatView, qtbot: QtBot) -> None:
    a, b, c = three(view)
    drag(c, 7, a, 6)
    assert (selected(a), selected(b), selected(c)) == (A[6:], B_SHOWN, C[:7])
    assert copied_with_ctrl_c(c) == f"{A[6:]}\n\n{B_SHOWN}\n\n{C[:7]}"
    assert c.textCursor().anchor() == 7  # the press point stays the anchor


def test_dragging_back_into_the_first_text_selects_within_it_alone(
    view: ChatView, qtbot: QtBot
) -> None:
    a, b, c = three(view)
    press(a, 6)
    drag_to(a, c, 7)
    assert view.selection.is_active()
    release(a, drag_to(a, a, 13))
    assert not view.selection.is_active()
    assert (selected(a), selected(b), selected(c)) == ("one two", "", "")
    assert copied_with_ctrl_c(a) == "one two"


def test_selecting_within_one_text_works_as_before(view: ChatView, qtbot: QtBot) -> None:
    a, b, c = three(view)
    drag(b, 6, b, 10)
    assert not view.selection.is_active()
    assert (selected(a), selected(b), selected(c)) == ("", "bold", "")
    assert copied_with_ctrl_c(b) == "bold"
    QTest.mouseDClick(a.viewport(), LEFT, NONE, spot(a, 11))
    assert selected(a) == "two"
    cursor = c.textCursor()  # the keyboard too: Shift+arrows from the cursor
    cursor.setPosition(0)
    c.setTextCursor(cursor)
    c.setFocus()
    for _ in range(7):
        QTest.keyClick(c, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert selected(c) == "Charlie" and copied_with_ctrl_c(c) == "Charlie"


def test_a_plain_click_clears_every_selection(view: ChatView, qtbot: QtBot) -> None:
    a, b, c = three(view)
    drag(a, 6, c, 7)
    assert all(selected(s) for s in (a, b, c))
    QTest.mouseClick(b.viewport(), LEFT, NONE, spot(b, 3))
    assert not view.selection.is_active()
    assert not any(s.textCursor().hasSelection() for s in all_segments(view))
    # A selection within one text does not stay behind either when another is clicked.
    drag(a, 0, a, 5)
    assert selected(a) == "Alpha"
    QTest.mouseClick(c.viewport(), LEFT, NONE, spot(c, 3))
    assert not any(s.textCursor().hasSelection() for s in all_segments(view))


def test_shift_click_extends_and_esc_clears(view: ChatView, qtbot: QtBot) -> None:
    a, b, c = three(view)
    drag(a, 6, b, 5)
    assert (selected(a), selected(b), selected(c)) == (A[6:], "Bravo", "")
    press(c, 7, Qt.KeyboardModifier.ShiftModifier)
    release(c, spot(c, 7))
    assert (selected(a), selected(b), selected(c)) == (A[6:], B_SHOWN, C[:7])
    c.setFocus()
    QTest.keyClick(c, Qt.Key.Key_Escape)
    assert not view.selection.is_active()
    assert not any(s.textCursor().hasSelection() for s in all_segments(view))


def test_a_right_press_or_the_menu_key_keeps_the_span_for_the_menus_copy(
    view: ChatView, qtbot: QtBot
) -> None:
    a, b, c = three(view)
    drag(a, 6, c, 7)
    # A text ignores a right press, so it reaches the view's viewport: that must not clear.
    QTest.mousePress(b.viewport(), Qt.MouseButton.RightButton, NONE, spot(b, 3))
    QTest.mouseRelease(b.viewport(), Qt.MouseButton.RightButton, NONE, spot(b, 3))
    assert view.selection.is_active()
    assert (selected(a), selected(b), selected(c)) == (A[6:], B_SHOWN, C[:7])
    b.setFocus()
    QTest.keyClick(b, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(b, Qt.Key.Key_Menu)
    assert view.selection.is_active()
    mime = b.createMimeDataFromSelection()  # what the menu's Copy puts on the clipboard
    assert mime.text() == f"{A[6:]}\n\n{B_SHOWN}\n\n{C[:7]}"


def test_messages_going_end_the_span(view: ChatView, qtbot: QtBot) -> None:
    # A regeneration or an edit drops the messages from one on; another conversation drops
    # them all. The span goes with them: nothing stays highlighted, and Ctrl+C copies again.
    a, _, c = three(view)
    drag(a, 6, c, 7)
    view.remove_from(3)
    assert not view.selection.is_active()
    assert not any(s.textCursor().hasSelection() for s in all_segments(view))
    drag(a, 0, a, 5)
    assert copied_with_ctrl_c(a) == "Alpha", "Ctrl+C copies the text's own selection again"
    a, _, c = three(view)
    drag(a, 6, c, 7)
    view.set_messages([ChatMessage(9, "user", "Another chat")])
    assert not view.selection.is_active()
    three(view)  # the first conversation again, the same message ids
    assert not any(s.textCursor().hasSelection() for s in all_segments(view))


def test_a_drag_whose_release_never_comes_stops_scrolling(view: ChatView, qtbot: QtBot) -> None:
    view.set_messages(talk(40))
    settle()
    bar = view.scroll_area.verticalScrollBar()
    last = view.rows.live()[-1].body.segments[0]
    press(last, 2)
    above = last.viewport().mapFromGlobal(view.scroll_area.viewport().mapToGlobal(QPoint(50, -30)))
    QTest.mouseMove(last.viewport(), above)
    qtbot.waitUntil(lambda: bar.value() < bar.maximum() - 50, timeout=3000)
    # The release goes elsewhere (here: it never comes; no button is down any more).
    view.set_messages(talk(40))
    settle()
    qtbot.wait(200)
    assert bar.value() == bar.maximum(), "the new conversation stays at its newest message"


def test_a_span_over_no_character_leaves_the_clipboard_alone(view: ChatView, qtbot: QtBot) -> None:
    a, _, _ = three(view)
    QGuiApplication.clipboard().setText("kept")
    end = len(A)
    press(a, end)
    below = a.viewport().mapFromGlobal(a.mapToGlobal(QPoint(a.width() // 2, a.height() + 4)))
    release(a, drag_to_point(a, below))
    a.setFocus()
    QTest.keyClick(a, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "kept"


def test_links_in_a_selected_message_still_work(view: ChatView, qtbot: QtBot) -> None:
    code = "print('copied')"
    view.set_messages(
        [
            ChatMessage(1, "user", A),
            ChatMessage(2, "assistant", f"Intro.\n\n{fenced(code)}\n\nOutro.", model=MODEL),
        ]
    )
    settle()
    a, b = view.rows.widget(1).body.segments[0], view.rows.widget(2).body.segments[0]
    drag(a, 6, b, b.document().characterCount() - 1)
    assert view.selection.is_active() and "print" in selected(b)
    forget_clipboard()
    click_link(qtbot, view.rows.widget(2).body, "copy-code:0")
    assert QGuiApplication.clipboard().text() == code
    assert not view.selection.is_active()


def test_a_drag_across_the_segments_of_a_long_answer(
    view: ChatView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gui.chat.message.body.SEGMENT_CHARS", 300)
    paragraphs = [f"Paragraph {n}: " + "some words to fill a line. " * 5 for n in range(12)]
    text = "\n\n".join(paragraphs)
    view.add_message(ChatMessage(1, "assistant", "", status="streaming", model=MODEL))
    body = body_of(view, 1)
    for paragraph in paragraphs:
        view.append_text(1, paragraph + "\n\n")
        body.render_pending()  # a render per paragraph: the segments fill one by one
    view.finish_message(1, "complete")
    settle()
    assert len(body.segments) >= 3
    first, second = body.segments[0], body.segments[1]
    drag(first, 12, second, 20)
    assert view.selection.is_active()
    shown = body.plain_text()  # the segments' texts, a line break between: the message's
    start, end = 12, first.document().characterCount() + 20
    assert selected(first) == shown[12 : first.document().characterCount() - 1]
    assert selected(second) == shown[first.document().characterCount() : end]
    assert all(not s.textCursor().hasSelection() for s in body.segments[2:])
    assert copied_with_ctrl_c(first) == shown[start:end]
    # ...which is what the message rendered whole, as one document, gives.
    assert shown == whole_text(ChatMessage(1, "assistant", text, model=MODEL), qtbot)


def whole_text(message: ChatMessage, qtbot: QtBot) -> str:
    """What selecting all of the message in its own widget copies."""
    widget = MessageWidget(message, LIGHT)
    qtbot.addWidget(widget)
    return _all_of(widget.body)


def _all_of(body: MessageBody) -> str:
    texts = []
    for segment in body.segments:
        cursor = QTextCursor(segment.document())
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        texts.append(document_text(cursor.selection()))
    return "\n".join(texts)


def visible_in(view: ChatView, widget: MessageWidget, point: QPoint) -> bool:
    y = widget.body.segments[0].viewport().mapTo(view.scroll_area.viewport(), point).y()
    return widget.isVisible() and 0 <= y < view.scroll_area.viewport().height()


def test_a_span_over_a_long_conversation_keeps_few_widgets_and_copies_them_all(
    view: ChatView, qtbot: QtBot
) -> None:
    messages = talk(300)
    view.set_messages(messages)
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    bar = view.scroll_area.verticalScrollBar()
    start = bar.value()
    viewport = view.scroll_area.viewport()
    old = next(
        w
        for w in reversed(view.rows.live())
        if w.role == "assistant" and visible_in(view, w, spot(w.body.segments[0], 10))
    )
    end_id, last = old.message_id, old.body.segments[0]
    press(last, 10)
    # Out above the viewport, held: the view scrolls up on its own, the selection with it.
    above = last.viewport().mapFromGlobal(viewport.mapToGlobal(QPoint(200, -150)))
    QTest.mouseMove(last.viewport(), above)
    qtbot.waitUntil(lambda: bar.value() < start - 3000, timeout=10000)
    assert view.selection.is_active()
    # Back in the viewport, in a message's text there, and let go.
    shown = [w for w in view.rows.live() if visible_in(view, w, QPoint(0, 0))]
    top = shown[0].body.segments[0]
    release(last, drag_to(last, top, 4))
    assert view.selection.is_active()
    between = shown[1]  # made by the scrolling, inside the span: all of it selected
    assert selected(between.body.segments[0]) == whole_text(
        view.rows.messages[view.rows.row_of(between.message_id) or 0], qtbot
    )
    # A Shift+click far up, where the view is scrolled to, takes the span there.
    bar.setValue(bar.value() - 20_000)
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=10000)
    settle()
    far_id = next(
        w.message_id
        for w in view.rows.live()
        if w.role == "user" and visible_in(view, w, spot(w.body.segments[0], 9))
    )
    far = view.rows.widget(far_id).body.segments[0]
    press(far, 9, Qt.KeyboardModifier.ShiftModifier)
    release(far, spot(far, 9))
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=10000)
    settle()
    covered = range(far_id, end_id + 1)
    assert len(covered) > 100
    assert live_count(view) < 45  # a span over a hundred messages, not a hundred widgets
    assert view.rows.widget(end_id) is None and view.rows.widget(far_id + 60) is None
    texts = {m.id: whole_text(m, qtbot) for m in messages if m.id in covered}
    expected = "\n\n".join(
        texts[n][9:] if n == far_id else texts[n][:10] if n == end_id else texts[n] for n in covered
    )
    assert copied_with_ctrl_c(far) == expected
    # Back at the bottom, the widgets made again show their parts selected.
    view.scroll_to_bottom()
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=10000)
    settle()
    again = view.rows.widget(end_id)
    assert again is not None and again is not old
    assert selected(again.body.segments[0]) == texts[end_id][:10]
    assert selected(view.rows.widget(end_id - 1).body.segments[0]) == texts[end_id - 1]
    assert view.selection.text() == expected
