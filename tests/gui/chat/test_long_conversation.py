"""A long conversation in the chat view (gui/chat/view.py, live_rows.py, windowing.py): only the
messages near the viewport are widgets, every message stays reachable, what the person reads
stays put while older pages load, the stream is followed at the bottom, and what holds the
person's work (a selection, a streaming reply) survives scrolling far away and back."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSlider, QApplication, QWidget
from pytestqt.qtbot import QtBot

from gui.chat.message.widget import MessageWidget
from gui.chat.stream_render import settle_layouts
from gui.chat.view import ChatMessage, ChatView

MODEL = "meta/meta-llama-3-8b-instruct"
PAGE = 60


def talk(count: int, first: int = 1) -> list[ChatMessage]:
    """Questions and answers of a few paragraphs, with code now and then."""
    messages = []
    for number in range(first, first + count):
        if number % 2:
            messages.append(ChatMessage(number, "user", f"Question {number}: how?"))
        else:
            code = f"\n\n```python\nprint({number})\n```\n" if number % 6 == 0 else ""
            text = f"Answer {number}. " + "Words that fill a line or two. " * 12 + code
            messages.append(ChatMessage(number, "assistant", text, model=MODEL))
    return messages


def settle() -> None:
    for _ in range(5):
        settle_layouts()
        QApplication.processEvents()


def live_count(view: ChatView) -> int:
    return len(view.column.findChildren(MessageWidget))


def page_up_to_the_top(view: ChatView, qtbot: QtBot, limit: int = 2000) -> int:
    """Page Up until the first loaded message is at the top; how many steps it took."""
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    bar = view.scroll_area.verticalScrollBar()
    assert bar.value() > 0
    for step in range(limit):
        if bar.value() == 0 and not view.windowing.pending:
            return step
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)
        qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    raise AssertionError("never reached the top")


def on_screen(view: ChatView, message_id: int) -> int:
    widget = view.rows.widget(message_id)
    assert widget is not None and widget.isVisible()
    return widget.mapTo(view.scroll_area.viewport(), QPoint(0, 0)).y()


def in_view(view: ChatView, message_id: int) -> bool:
    widget = view.rows.widget(message_id)
    if widget is None or not widget.isVisible():
        return False
    y = on_screen(view, message_id)
    return y < view.scroll_area.viewport().height() and y + widget.height() > 0


def test_only_the_messages_near_the_viewport_are_widgets(view: ChatView, qtbot: QtBot) -> None:
    messages = talk(2000)
    view.set_messages(messages)
    assert 2 <= live_count(view) < 12  # the newest screen, at once
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=10000)
    settle()
    assert view.is_at_bottom() and in_view(view, 2000)
    assert live_count(view) < 40  # and the screens just above it: not 2,000
    assert view.message_ids() == [m.id for m in messages]  # every one is there, as a row
    assert view.message_text(1) == "Question 1: how?"  # read without a widget
    assert view.rows.widget(1) is None


def test_page_up_reaches_the_oldest_message_with_few_widgets(view: ChatView, qtbot: QtBot) -> None:
    messages = talk(300)
    view.set_messages(messages)
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    assert view.is_at_bottom() and in_view(view, 300)
    most = 0
    bar = view.scroll_area.verticalScrollBar()
    for _ in range(3000):
        if bar.value() == 0:
            break
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)
        # Each step's frame shows widgets, made at once when not made ahead.
        first = view.rows.rows_between(bar.value(), bar.value() + 10)[0]
        assert view.rows.lo <= first < view.rows.hi
        qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
        most = max(most, live_count(view))
    settle()
    assert in_view(view, 1)
    assert most < 40
    # And down again to the newest with End.
    view.scroll_to_bottom()
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    assert in_view(view, 300) and live_count(view) < 40


def test_the_widgets_scrolled_away_are_freed_without_the_garbage_collector(
    view: ChatView, qtbot: QtBot
) -> None:
    """A dropped message widget in a reference cycle waits for a full collection, which then
    frees dozens at once in one long turn: none may be in one, questions or answers."""
    view.set_messages(talk(300))
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    widgets = view.column.findChildren(MessageWidget)
    assert {widget.role for widget in widgets} == {"user", "assistant"}
    newest = [weakref.ref(widget) for widget in widgets]
    del widgets
    gc.disable()
    try:
        page_up_to_the_top(view, qtbot)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        alive = [ref() for ref in newest if ref() is not None]
        assert all(widget in view.column.findChildren(MessageWidget) for widget in alive)
        assert len(alive) < len(newest) // 2
    finally:
        gc.enable()


def test_what_is_read_stays_put_while_older_pages_load(view: ChatView, qtbot: QtBot) -> None:
    messages = talk(4 * PAGE)
    loaded = [len(messages) - PAGE]  # where the loaded part starts

    def load_earlier() -> None:  # what the window does: the page before, from the store
        start = max(0, loaded[0] - PAGE)
        page = messages[start : loaded[0]]
        loaded[0] = start
        view.prepend_messages(page, has_earlier=start > 0)

    view.load_earlier_requested.connect(load_earlier)
    view.set_messages(messages[-PAGE:], has_earlier=True)
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    bar = view.scroll_area.verticalScrollBar()
    positions = []
    for _ in range(1500):  # reading upwards, half a screen at a time
        before = loaded[0]
        reading = view.rows.anchor_at(bar.value())
        assert reading is not None
        y = on_screen(view, reading[0])
        bar.setValue(bar.value() - bar.pageStep() // 2)
        moved = on_screen(view, reading[0]) - y  # the step itself
        qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
        settle()
        # Whatever loaded or got its widget above meanwhile, the message read has not moved.
        assert on_screen(view, reading[0]) - y == moved
        if loaded[0] < before:
            positions.append(loaded[0])
        if loaded[0] == 0 and len(positions) >= 2:
            break
    assert positions[:3] == [len(messages) - 2 * PAGE, len(messages) - 3 * PAGE, 0]
    assert not view.is_at_bottom() and view.jump_button.isVisible()
    assert view.message_ids() == [m.id for m in messages]


def test_the_stream_is_followed_at_the_bottom_of_a_long_conversation(
    view: ChatView, qtbot: QtBot
) -> None:
    view.set_messages(talk(1000))
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    view.add_message(ChatMessage(1001, "user", "One more?"))
    view.add_message(ChatMessage(1002, "assistant", "", status="streaming", model=MODEL))
    for index in range(40):
        view.append_text(1002, f"Token {index} of a growing answer. " * 3 + "\n\n")
        view.stream_renderer.flush()
        settle()
        assert view.is_at_bottom()
    view.finish_message(1002, "complete")
    settle()
    assert view.is_at_bottom() and in_view(view, 1002)
    assert view.message_text(1002).startswith("Token 0 of")
    assert live_count(view) < 40


def test_a_reply_streaming_while_the_person_reads_far_above_is_kept_whole(
    view: ChatView, qtbot: QtBot
) -> None:
    view.set_messages(talk(400))
    view.add_message(ChatMessage(401, "user", "Go on"))
    view.add_message(ChatMessage(402, "assistant", "", status="streaming", model=MODEL))
    page_up_to_the_top(view, qtbot)
    assert not in_view(view, 402)
    streaming = view.rows.widget(402)
    assert streaming is not None and streaming.isHidden()  # kept aside, not dropped
    chunks = [f"part {n} " for n in range(200)]
    for chunk in chunks:
        view.append_text(402, chunk)
    view.finish_message(402, "complete")
    assert view.message_text(402) == "".join(chunks)
    view.scroll_to_bottom()
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    assert in_view(view, 402)
    assert view.message_widget(402).body.plain_text() == "".join(chunks).strip()


def answer_with_a_word_selected(view: ChatView, qtbot: QtBot) -> MessageWidget:
    """Answer 398 of a 400-message conversation, its first word selected in its own text."""
    view.set_messages(talk(400))
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    answer = view.message_widget(398)
    segment = answer.body.segments[0]
    cursor = segment.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    segment.setTextCursor(cursor)
    return answer


def test_a_selection_survives_scrolling_far_away_and_back_and_copies(
    view: ChatView, qtbot: QtBot
) -> None:
    answer = answer_with_a_word_selected(view, qtbot)
    segment = answer.body.segments[0]
    assert segment.textCursor().selectedText() == "Answer"
    page_up_to_the_top(view, qtbot)
    assert view.rows.widget(398) is answer  # kept while far away: it holds a selection
    assert live_count(view) < 45
    view.scroll_to_bottom()
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    assert view.rows.widget(398) is answer and answer.isVisible()
    segment.setFocus()
    QTest.keyClick(segment, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Answer"
    # Unselected widgets far away are let go of: made again, they show the same text.
    other = view.message_widget(2)
    assert other.body.plain_text().startswith("Answer 2.")


def test_a_widget_kept_aside_goes_once_it_holds_nothing(view: ChatView, qtbot: QtBot) -> None:
    answer = answer_with_a_word_selected(view, qtbot)
    segment = answer.body.segments[0]
    page_up_to_the_top(view, qtbot)
    assert view.rows.widget(398) is answer  # kept while far away: it holds a selection
    cursor = segment.textCursor()
    cursor.clearSelection()
    segment.setTextCursor(cursor)
    # The next turn of the windowing lets it go: here one that the focus moving starts.
    near = next(w for w in view.rows.live() if w.isVisible())
    near.body.segments[0].setFocus()
    qtbot.waitUntil(lambda: view.rows.widget(398) is None, timeout=5000)
    assert live_count(view) < 45
    # Made again when it comes back, it shows the same text.
    assert view.message_widget(398).body.plain_text().startswith("Answer 398.")


def test_moving_away_before_the_first_frame_does_not_stop_the_work_ahead(
    view: ChatView, qtbot: QtBot
) -> None:
    # The newest screen's widgets can be gone before the first frame (a find, say, reveals an
    # old message at once); what waits for that frame must not wait for them.
    view.set_messages(talk(500))
    view.reveal(3)
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    assert in_view(view, 3)
    assert view.rows.hi - view.rows.lo > 3  # the rows around it were made, after the frame


def test_shift_tab_walks_up_message_by_message_past_the_widgets_made_at_first(
    view: ChatView, qtbot: QtBot
) -> None:
    view.set_messages(talk(300))
    qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
    settle()
    made_at_first = {widget.message_id for widget in view.rows.live()}
    view.message_widget(300).copy_button.setFocus()
    walked: list[int] = []
    for _ in range(300):
        focused = QApplication.focusWidget()
        QTest.keyClick(focused, Qt.Key.Key_Backtab)
        qtbot.waitUntil(lambda: not view.windowing.pending, timeout=5000)
        owner: QWidget | None = QApplication.focusWidget()
        while owner is not None and not isinstance(owner, MessageWidget):
            owner = owner.parentWidget()
        assert owner is not None, "the focus left the messages"
        if not walked or walked[-1] != owner.message_id:
            walked.append(owner.message_id)
    # Every message in turn, none skipped, far beyond those that had widgets at first: the
    # focus scrolls the view, and the view makes the widgets ahead of it.
    assert walked == list(range(300, 300 - len(walked), -1))
    assert min(walked) < min(made_at_first)
