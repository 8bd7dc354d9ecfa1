"""The line where the part sent to the model begins (gui/chat/column.py, ChatView), and the
gauge's short figures (gui/chat/gauge.py)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui.chat.context_plan import NOTHING_SENT
from gui.chat.gauge import compact
from gui.chat.message.model import RETRY_ACTION, SHORTER_ACTION, chat_message
from gui.chat.view import ChatMessage, ChatView
from gui.store.records import FAILED, Message


def messages(first: int, count: int) -> list[ChatMessage]:
    return [
        ChatMessage(number, "user" if number % 2 else "assistant", f"message {number}")
        for number in range(first, first + count)
    ]


def column_order(view: ChatView) -> list[str]:
    """The column's widgets top to bottom: message ids and "marker" (not the spacers that stand
    for messages without widgets: here every message has one)."""
    layout = view.scroll_area.column.layout()
    order = []
    for index in range(layout.count()):
        widget: QWidget | None = layout.itemAt(index).widget()
        if widget is None:
            continue  # the closing stretch
        if widget is view.scroll_area.marker:
            order.append("marker")
        elif widget in (view.scroll_area.top_spacer, view.scroll_area.bottom_spacer):
            assert widget.isHidden()
        else:
            order.append(str(widget.message_id))  # type: ignore[attr-defined]
    return order


def test_the_marker_stays_above_its_message_whatever_is_added(view: ChatView, qtbot: QtBot) -> None:
    view.set_messages(messages(11, 4), has_earlier=True)
    view.set_context_start(13)
    assert column_order(view) == ["11", "12", "marker", "13", "14"]
    assert view.scroll_area.marker.isVisibleTo(view)
    view.prepend_messages(messages(7, 4), has_earlier=False)  # older ones, above
    expected = ["7", "8", "9", "10", "11", "12", "marker", "13", "14"]
    qtbot.waitUntil(lambda: column_order(view) == expected)  # made on the turns after
    view.add_message(ChatMessage(15, "user", "new"))  # a new question, at the bottom
    assert column_order(view)[-4:] == ["marker", "13", "14", "15"]
    view.set_context_start(15)
    assert column_order(view)[-3:] == ["14", "marker", "15"]
    view.set_context_start(None)
    assert "marker" not in column_order(view)
    assert not view.scroll_area.marker.isVisibleTo(view)


def test_the_marker_goes_with_its_message_and_comes_back_with_it(view: ChatView) -> None:
    view.set_messages(messages(1, 4))
    view.set_context_start(3)
    view.remove_from(3)  # an edit or a regeneration from there
    assert column_order(view) == ["1", "2"]
    view.add_message(ChatMessage(3, "user", "again"))  # the same message shown again
    assert column_order(view) == ["1", "2", "marker", "3"]
    view.set_messages(messages(21, 2))  # another conversation
    assert "marker" not in column_order(view)


def test_when_no_message_is_sent_the_marker_is_below_them_all(view: ChatView) -> None:
    view.set_messages(messages(1, 3))
    view.set_context_start(NOTHING_SENT)
    assert column_order(view) == ["1", "2", "3", "marker"]
    view.add_message(ChatMessage(4, "assistant", "late"))
    assert column_order(view) == ["1", "2", "3", "4", "marker"]


@pytest.mark.parametrize(
    ("tokens", "window", "text"),
    [
        (812, False, "812"),
        (6_100, False, "6.1k"),
        (7_168, False, "7.2k"),  # a count is decimal
        (99_950, False, "100k"),
        (999_999, False, "1M"),  # never "1000k"
        (1_500_000, False, "1.5M"),
        (8_192, True, "8k"),  # a window is named as people name it
        (131_072, True, "128k"),
        (128_000, True, "128k"),  # GPT-4o: not "125k"
        (200_000, True, "200k"),
        (1_047_576, True, "1M"),
        (1_048_576, True, "1M"),
    ],
)
def test_the_gauges_figures_are_short_and_right(tokens: int, window: bool, text: str) -> None:
    assert compact(tokens, window=window) == text


def test_a_stored_length_failure_offers_the_shorter_retry_again() -> None:
    def failed(error: str) -> Message:
        return Message(1, 1, 1, "assistant", "", FAILED, error, "m/m", None, 0.0, 0.0)

    too_long = (
        "This conversation is longer than Llama 3 70B Instruct can read (8,192 tokens). Retry "
        "with a shorter history to send only the newest messages that fit. (E1002 "
        "PromptTooLong: Prompt length (9000) exceeds maximum input length (8192))"
    )
    shown = chat_message(failed(too_long)).error
    assert shown is not None and shown.action == SHORTER_ACTION
    other = chat_message(failed("Replicate had a server problem (503).")).error
    assert other is not None and other.action == RETRY_ACTION
