"""The chat view for people who use the keyboard, a screen reader, a large font or Russian.

Every control is named and explained, Tab walks the messages top to bottom (links in the text
included, Enter follows them), the text selects by keyboard, everything grows with the
application font, and every word the view shows goes through the translator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.chat.labels import metrics_summary
from gui.chat.message.body import SEGMENT_TABLES
from gui.chat.message.widget import MessageWidget
from gui.chat.view import ChatMessage, ChatView, ErrorInfo
from gui.markdown.render import LIGHT, render_markdown
from gui.window.main_window import MainWindow
from provider.standin import Scenario, StandIn
from tests.gui.a11y import (
    accessible_name,
    interactive_widgets,
    interactive_without_name,
    interactive_without_tooltip,
)
from tests.gui.helpers import send, wait_until

MODEL = "meta/meta-llama-3-70b-instruct"
CODE_ANSWER = "Here you go:\n\n```python\nprint('hi')\n```\n\nAnd [a link](https://example.com)."


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r} {accessible_name(widget)!r}"


# -- every control is named and explained ----------------------------------------------------


async def test_every_control_of_every_kind_of_message_has_a_name_and_a_tooltip(
    window: MainWindow, standin: StandIn
) -> None:
    # A question and an answer with a code block and a link.
    standin.queue(Scenario(chunks=[CODE_ANSWER]))
    await send(window, "Show me code")
    # A stopped answer.
    standin.queue(Scenario(chunks=[f"word{i} " for i in range(400)], chunk_delay=0.01))
    window.send_message("Talk for a while")
    await wait_until(lambda: len(window.session.current_text()) > 30, 10, "some text")
    window.stop_reply()
    await wait_until(lambda: not window.session.busy, 10, "the stop")
    # A failed answer (it keeps what arrived and offers Retry).
    standin.queue(Scenario(chunks=["Part", " one", " two"], error_after=2))
    await send(window, "Break")
    view = window.view
    ids = view.message_ids()
    statuses = [view.message_widget(i).status for i in ids]
    assert statuses == ["complete"] * 3 + ["stopped", "complete", "failed"]
    failed = view.message_widget(ids[-1])
    assert failed.error_button is not None and failed.error_button.isVisibleTo(failed)
    # The editor of a question, open.
    question = view.message_widget(ids[0])
    question.open_editor()
    assert question.editor is not None

    widgets = interactive_widgets(view)
    assert len(widgets) >= 15  # the walker sees the messages' buttons, texts and the editor
    assert interactive_without_name(view) == []
    # The text of a message has no tooltip on purpose (it would cover what is being read): it
    # tells assistive technology how to use it instead, and the walker lets it off for that.
    texts = [w for w in widgets if isinstance(w, QTextEdit)]
    assert len(texts) == 5  # the question being edited hides its text
    assert all(w.accessibleDescription() for w in texts)
    assert interactive_without_tooltip(view) == []


def test_names_say_what_each_control_acts_on(qtbot: QtBot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.set_messages(
        [
            ChatMessage(1, "user", "Hi"),
            ChatMessage(2, "assistant", "Hello", model=MODEL),
            ChatMessage(3, "assistant", "Oops", status="failed", error=ErrorInfo("Down", "retry")),
        ]
    )
    question, answer, failed = (view.message_widget(i) for i in (1, 2, 3))
    assert accessible_name(question.edit_button) == "Edit question"
    assert accessible_name(question.body.segments[0]) == "Your message"
    assert accessible_name(answer.body.segments[0]) == "Answer from meta-llama-3-70b-instruct"
    assert accessible_name(answer.copy_button) == "Copy answer"
    assert "markdown" in answer.copy_button.toolTip()
    assert accessible_name(answer.copy_text_button) == "Copy answer as text"
    assert accessible_name(answer.regenerate_button) == "Regenerate answer"
    assert failed.error_button is not None
    assert accessible_name(failed.error_button) == "Retry answer"
    assert failed.error_button.toolTip() == "Ask the model again"
    assert accessible_name(view.jump_button) == "Jump to latest"
    assert view.jump_button.toolTip()
    question.open_editor()
    editor = question.editor
    assert editor is not None
    assert accessible_name(editor.edit) == "Edit your message"
    assert "Esc" in editor.edit.toolTip() and "Esc" in editor.cancel_button.toolTip()
    assert accessible_name(editor.send_button) == "Send edited message"


# -- the keyboard ------------------------------------------------------------------------------


@pytest.fixture
def framed(qtbot: QtBot) -> Iterator[tuple[QWidget, QPushButton, ChatView, QPushButton]]:
    """A window with a button above the chat view and one below it (as the sidebar and the
    composer are in the app), shown and active so that Tab moves the focus."""
    window = QWidget()
    layout = QVBoxLayout(window)
    above, below = QPushButton("above"), QPushButton("below")
    view = ChatView()
    layout.addWidget(above)
    layout.addWidget(view)
    layout.addWidget(below)
    qtbot.addWidget(window)
    window.resize(700, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    yield window, above, view, below


def settle() -> None:
    """Let Qt show the widgets just added (a child of a shown widget shows a moment later)."""
    QApplication.processEvents()


def tab_stops(start: QWidget, end: QWidget) -> list[QWidget]:
    """Press Tab from `start` until the focus reaches `end`; the widgets it stopped on."""
    settle()
    start.setFocus()
    stops: list[QWidget] = []
    for _ in range(200):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is end:
            return stops
        if not stops or stops[-1] is not focused:
            stops.append(focused)
    raise AssertionError(f"Tab never reached {end}: {[describe(w) for w in stops]}")


def expected_stops(*widgets: MessageWidget) -> list[QWidget]:
    """Top to bottom: a question's Edit (in its header), then the texts and answers' buttons."""
    stops: list[QWidget] = []
    for widget in widgets:
        stops.extend(w for w in widget.focus_chain() if w.isVisibleTo(widget.window()))
    return stops


def test_tab_walks_the_messages_top_to_bottom(
    framed: tuple[QWidget, QPushButton, ChatView, QPushButton],
) -> None:
    _window, above, view, below = framed
    view.set_messages([ChatMessage(3, "user", "Third"), ChatMessage(4, "assistant", "Four")])
    # Messages made later: a new question and its answer below, older ones above. Each widget
    # made later joins the end of Qt's tab chain, after "below", unless the view orders them.
    view.add_message(ChatMessage(5, "user", "Fifth"))
    view.add_message(ChatMessage(6, "assistant", "", status="streaming", model=MODEL))
    view.append_text(6, "Six")
    view.finish_message(6, "failed", error=ErrorInfo("The model failed", "retry"))
    view.prepend_messages(
        [ChatMessage(1, "user", "First"), ChatMessage(2, "assistant", "Two")], has_earlier=False
    )
    widgets = [view.message_widget(i) for i in range(1, 7)]
    failed = widgets[-1]
    settle()
    assert failed.error_button is not None and failed.error_button.isVisibleTo(view)

    stops = tab_stops(above, below)

    expected = expected_stops(*widgets)
    assert stops == expected, [describe(w) for w in stops]
    # Within the failed answer: its text, then the error's Retry, then Copy and Copy as text.
    assert stops[-4:] == [
        failed.body.segments[0],
        failed.error_button,
        failed.copy_button,
        failed.copy_text_button,
    ]
    # The first question's header: its "More actions" menu, then Edit.
    assert stops[:2] == [widgets[0].tools.menu_button, widgets[0].edit_button]
    # Shift+Tab goes back the same way.
    below.setFocus()
    QTest.keyClick(below, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is failed.copy_text_button


def test_a_long_answer_made_of_several_texts_is_walked_in_order(
    framed: tuple[QWidget, QPushButton, ChatView, QPushButton],
) -> None:
    _window, above, view, below = framed
    view.add_message(ChatMessage(1, "assistant", "", status="streaming", model=MODEL))
    for i in range(SEGMENT_TABLES + 5):  # more code blocks than one text holds
        view.append_text(1, f"Block {i}:\n\n```\ncode {i}\n```\n\n")
        view.message_widget(1).render_pending()
    view.finish_message(1, "complete")
    answer = view.message_widget(1)
    assert len(answer.body.segments) >= 2  # the later ones were made while it streamed

    stops = tab_stops(above, below)

    buttons = [answer.copy_button, answer.copy_text_button, answer.regenerate_button]
    assert stops == [answer.tools.menu_button, *answer.body.segments, *buttons]


def test_the_editor_sits_in_the_tab_order_where_it_shows(
    framed: tuple[QWidget, QPushButton, ChatView, QPushButton],
) -> None:
    _window, above, view, below = framed
    view.set_messages([ChatMessage(1, "user", "Hi"), ChatMessage(2, "assistant", "Hello")])
    question, answer = view.message_widget(1), view.message_widget(2)
    question.open_editor()  # made now: it would join the end of the chain
    editor = question.editor
    assert editor is not None
    assert QApplication.focusWidget() is editor.edit

    stops = tab_stops(above, below)

    # Edit and the question's text are hidden while editing; the header's menu stays.
    editing = [question.tools.menu_button, editor.edit, editor.cancel_button, editor.send_button]
    assert stops[:4] == editing
    assert stops[4:6] == [answer.tools.menu_button, answer.body.segments[0]]


def test_a_copy_code_link_is_reached_by_tab_and_enter_copies_the_code(
    framed: tuple[QWidget, QPushButton, ChatView, QPushButton],
) -> None:
    _window, _above, view, _below = framed
    view.set_messages([ChatMessage(1, "assistant", CODE_ANSWER, model=MODEL)])
    copied: list[str] = []
    view.copied.connect(copied.append)
    QGuiApplication.clipboard().setText("before")
    text = view.message_widget(1).body.segments[0]
    settle()
    text.setFocus()

    QTest.keyClick(text, Qt.Key.Key_Tab)  # the first link: the code block's copy link
    assert QApplication.focusWidget() is text
    assert text.textCursor().selectedText() == "Copy code"
    QTest.keyClick(text, Qt.Key.Key_Return)

    assert QGuiApplication.clipboard().text() == "print('hi')"
    assert copied == ["Copied code"]
    QTest.keyClick(text, Qt.Key.Key_Tab)  # then the link in the text
    assert text.textCursor().selectedText() == "a link"
    QTest.keyClick(text, Qt.Key.Key_Tab)  # then out, to the answer's buttons
    assert QApplication.focusWidget() is view.message_widget(1).copy_button


def test_the_text_of_a_message_selects_and_copies_by_keyboard(
    framed: tuple[QWidget, QPushButton, ChatView, QPushButton],
) -> None:
    _window, _above, view, _below = framed
    view.set_messages([ChatMessage(1, "assistant", "Hello **world**", model=MODEL)])
    text = view.message_widget(1).body.segments[0]
    settle()
    assert text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    text.setFocus()
    QTest.keyClick(text, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(5):
        QTest.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert text.textCursor().selectedText() == "Hello"
    QGuiApplication.clipboard().setText("before")
    QTest.keyClick(text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Hello"


def test_moving_through_a_long_answer_by_keyboard_scrolls_the_view(
    framed: tuple[QWidget, QPushButton, ChatView, QPushButton], qtbot: QtBot
) -> None:
    window, _above, view, _below = framed
    window.resize(500, 300)
    long_answer = "\n\n".join(f"Paragraph {i}." for i in range(60)) + "\n\n[end](https://e.org)"
    view.set_messages([ChatMessage(1, "assistant", long_answer, model=MODEL)])
    view.scroll_area.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: view.scroll_area.verticalScrollBar().maximum() > 0)
    text = view.message_widget(1).body.segments[0]
    text.setFocus()
    bar = view.scroll_area.verticalScrollBar()
    bar.setValue(0)

    QTest.keyClick(text, Qt.Key.Key_Tab)  # the only link, at the very end

    assert text.textCursor().selectedText() == "end"
    assert bar.value() > 0  # the link is in view, not below it
    link_y = text.viewport().mapTo(view.scroll_area.viewport(), text.cursorRect().center()).y()
    assert 0 <= link_y <= view.scroll_area.viewport().height()
    # Page Up in the text pages the chat view (the text itself never scrolls).
    at_link = bar.value()
    QTest.keyClick(text, Qt.Key.Key_PageUp)
    assert bar.value() < at_link
    assert QApplication.focusWidget() is text


# -- fonts -------------------------------------------------------------------------------------


@pytest.fixture
def restore_font() -> Iterator[QFont]:
    original = QApplication.font()
    yield original
    QApplication.setFont(original)


def test_messages_grow_with_the_application_font(qtbot: QtBot, restore_font: QFont) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(600, 800)
    view.show()
    view.set_messages(
        [
            ChatMessage(1, "user", "A question"),
            ChatMessage(2, "assistant", "# Title\n\n" + CODE_ANSWER, model=MODEL),
        ]
    )
    answer = view.message_widget(2)
    text = answer.body.segments[0]
    settle()
    before_size = text.document().defaultFont().pointSizeF()
    before_height = text.document().size().height()
    before_label = answer.role_label.font().pointSizeF()
    before_button = answer.copy_button.font().pointSizeF()

    bigger = QFont(restore_font)
    bigger.setPointSizeF(restore_font.pointSizeF() * 1.5)
    QApplication.setFont(bigger)
    settle()  # Qt posts the change

    assert text.document().defaultFont().pointSizeF() == pytest.approx(before_size * 1.5)
    assert text.document().size().height() > before_height * 1.3  # headings and code too
    assert answer.role_label.font().pointSizeF() == pytest.approx(before_label * 1.5)
    assert answer.copy_button.font().pointSizeF() == pytest.approx(before_button * 1.5)
    question = view.message_widget(1)
    assert question.body.segments[0].document().defaultFont().pointSizeF() == pytest.approx(
        before_size * 1.5
    )
    # A message shown after the change starts at the new size.
    view.add_message(ChatMessage(3, "user", "Later"))
    settle()
    later = view.message_widget(3)
    assert later.body.segments[0].document().defaultFont().pointSizeF() == pytest.approx(
        before_size * 1.5
    )


def test_rendered_html_has_no_absolute_font_sizes() -> None:
    html = render_markdown("# H1\n\n## H2\n\n" + CODE_ANSWER + "\n\n`inline`", LIGHT).html
    sizes = re.findall(r"font-size:\s*([^;\"']+)", html)
    assert sizes  # headings and the code header are sized...
    assert not [s for s in sizes if re.search(r"\d\s*(px|pt)", s)]  # ...relative to the body


# -- numbers -----------------------------------------------------------------------------------


def test_metrics_follow_the_locale() -> None:
    metrics = {"time_to_first_token": 0.4213, "tokens_per_second": 51.26, "output_token_count": 3}
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    try:
        russian = metrics_summary(metrics)
    finally:
        QLocale.setDefault(previous)
    assert russian.startswith("0,42 s to first token · 51,3 tokens/s · 3 token")
    assert metrics_summary(metrics).startswith("0.42 s to first token · 51.3 tokens/s")


# -- translation -------------------------------------------------------------------------------


class Marking(QTranslator):
    """Translates every text to «text»: whatever the view shows unmarked was not translated."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return f"«{source}»"

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def marking(qapp: QApplication) -> Iterator[Marking]:
    translator = Marking()
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def test_every_word_of_the_view_goes_through_the_translator(qtbot: QtBot, marking: Marking) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    metrics = {"time_to_first_token": 0.5, "tokens_per_second": 20.0, "output_token_count": 9}
    view.set_messages(
        [
            ChatMessage(1, "user", "Question"),
            ChatMessage(
                2, "assistant", CODE_ANSWER + "\n\n```\nx\n```", model=MODEL, metrics=metrics
            ),
            ChatMessage(3, "assistant", "Cut", status="stopped", model=MODEL),
            ChatMessage(4, "assistant", "Old", status="interrupted"),
            ChatMessage(5, "assistant", "", status="streaming", model=MODEL),
            ChatMessage(
                6, "assistant", "Part", status="failed", error=ErrorInfo("«Down»", "token")
            ),
        ],
        has_earlier=True,
    )
    view.message_widget(1).open_editor()
    shown: list[str] = []
    for widget in view.findChildren(QWidget):
        if isinstance(widget, QLabel) and widget.text() and widget.objectName() != "messageRole":
            shown.append(widget.text())
        if isinstance(widget, QAbstractButton) and widget.text():
            shown.append(widget.text())
        shown.extend(t for t in (widget.toolTip(), widget.accessibleName()) if t)
        shown.extend(t for t in [widget.accessibleDescription()] if t)
    roles = [view.message_widget(i).role_label.text() for i in range(1, 7)]
    copied: list[str] = []
    view.copied.connect(copied.append)
    view.copy_last_answer()

    assert len(shown) > 40
    # Only words are translated: "2 / 3", "‹" and "⋯" have none.
    words = [text for text in shown if any(char.isalpha() for char in text)]
    assert [text for text in words if not (text.startswith("«") and text.endswith("»"))] == []
    # The model's name is a name: never translated.
    model = "meta-llama-3-70b-instruct"
    assert roles == ["«You»", model, model, "«Assistant»", model, "«Assistant»"]
    assert f"«Answer from {model}»" in shown
    header = view.message_widget(2).body.plain_text()
    # The code blocks' headers: the language (a name) and the unnamed one's label, the link.
    assert "python" in header and "«text»" in header and header.count("«Copy code»") == 2
    assert view.message_widget(2).meta_label.text() == (
        "«0.50 s to first token» · «20.0 tokens/s» · «9 token(s)»"
    )
    assert copied == ["«Copied the last answer»"]


def test_an_answer_that_failed_before_its_first_word_offers_nothing_to_copy(
    framed: tuple[QWidget, QPushButton, ChatView, QPushButton],
) -> None:
    _window, _above, view, _below = framed
    view.set_messages([ChatMessage(1, "user", "Hello")])
    view.add_message(ChatMessage(2, "assistant", "", status="streaming", model=MODEL))
    answer = view.message_widget(2)
    view.finish_message(2, "failed", error=ErrorInfo("Payment required", "billing"))
    settle()
    assert not answer.copy_button.isVisibleTo(view)
    assert not answer.copy_text_button.isVisibleTo(view)
    assert answer.error_button is not None and answer.error_button.isVisibleTo(view)
    view.add_message(ChatMessage(3, "assistant", "", status="streaming", model=MODEL))
    view.append_text(3, "Half an ans")
    view.finish_message(3, "failed", error=ErrorInfo("Connection lost", "retry"))
    settle()
    kept = view.message_widget(3)
    assert kept.copy_button.isVisibleTo(view), "what arrived can still be copied"
