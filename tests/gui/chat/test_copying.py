"""Copying from the chat view, read back from the clipboard and compared character for character.

"Copy" gives the raw markdown, "Copy as text" the text without markup, each code block's link
its code alone, Ctrl+Shift+C (copy_last_answer) the last answer, and a selection the characters
that were written.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from pytestqt.qtbot import QtBot

from gui.chat.message.body import MessageBody
from gui.chat.message.segment import MessageSegment
from gui.chat.view import ChatMessage, ChatView
from gui.markdown.render import code_blocks_of, to_plain_text
from tests.gui.chat.test_view import ANSWER, MODEL, Recorder, settle

PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Markdown as models write it, with what breaks naive copying: trailing spaces (a hard break),
# tabs, no-break and zero-width spaces, emoji, right-to-left text, backslashes, html-ish text.
NASTY_ANSWERS = [
    ANSWER,
    "Line with trailing spaces   \nnext\tline\twith tabs\n\n\n\nafter blank lines\n",
    "  leading spaces, a no-break\u00a0space, zero\u200bwidth, emoji 👋🏽, עברית, 中文",
    "Escapes: \\*not em\\*, a backslash \\\\ and <b>&amp; html</b> &lt;kept&gt;",
    "```\n\n  code with blank first line\n\n```\n\n    indented\n\n~~~ js\nx\n~~~",
    "",
]

NASTY_CODE = [
    "  leading spaces\n\ttab\n\n\nblank lines\n   ",
    "<&>\\back\\slash \\n not a newline\n\"quotes\" 'single'",
    "unicode héllo 👋 中文\u00a0nbsp\u200bzero-width",
    "\n\nstarts with blank lines",
    "ends with a blank line\n",
    "trailing spaces   \n\t\t",
    "",
]

code_text = st.lists(
    st.text(
        alphabet=st.sampled_from(list(" \t<&>\\\"'#*_`~-+x1é中👋\u00a0")), min_size=0, max_size=30
    ).filter(lambda line: "``" not in line and "~~" not in line),
    min_size=0,
    max_size=6,
).map("\n".join)


def clipboard() -> str:
    return QGuiApplication.clipboard().text()


def forget_clipboard() -> None:
    QGuiApplication.clipboard().setText("(nothing copied)")


def fenced(code: str, language: str = "python") -> str:
    return f"```{language}\n{code}\n```"


def link_at(body: MessageBody, href: str) -> tuple[MessageSegment, QPoint]:
    """The segment showing the link to `href`, and where in its viewport it is drawn."""
    for segment in body.segments:
        block = segment.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().anchorHref() == href:
                    cursor = QTextCursor(segment.document())
                    cursor.setPosition(fragment.position() + fragment.length() // 2)
                    return segment, segment.cursorRect(cursor).center()
                fragments += 1
            block = block.next()
    raise AssertionError(f"no link to {href}")


def click_link(qtbot: QtBot, body: MessageBody, href: str) -> None:
    segment, point = link_at(body, href)
    qtbot.mouseClick(segment.viewport(), Qt.MouseButton.LeftButton, pos=point)


def utf16_length(text: str) -> int:
    """Qt counts positions in UTF-16 code units: an emoji is two."""
    return len(text.encode("utf-16-le")) // 2


def select_in(body: MessageBody, text: str) -> MessageSegment:
    """Select `text` where the document shows it (Qt keeps lines as paragraphs)."""
    segment = only_segment(body)
    raw = segment.document().toRawText()
    start = utf16_length(raw[: raw.index(text.replace("\n", "\u2029"))])
    cursor = QTextCursor(segment.document())
    cursor.setPosition(start)
    cursor.setPosition(start + utf16_length(text), QTextCursor.MoveMode.KeepAnchor)
    segment.setTextCursor(cursor)
    return segment


def only_segment(body: MessageBody) -> MessageSegment:
    assert len(body.segments) == 1
    return body.segments[0]


# -- Copy and Copy as text -------------------------------------------------------------------


@pytest.mark.parametrize("answer", NASTY_ANSWERS)
def test_copy_gives_the_raw_markdown_and_copy_as_text_the_plain_text(
    view: ChatView, qtbot: QtBot, answer: str
) -> None:
    record = Recorder(view)
    view.set_messages([ChatMessage(1, "user", "Q"), ChatMessage(2, "assistant", answer)])
    widget = view.message_widget(2)
    forget_clipboard()
    qtbot.mouseClick(widget.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard() == answer
    forget_clipboard()
    qtbot.mouseClick(widget.copy_text_button, Qt.MouseButton.LeftButton)
    assert clipboard() == to_plain_text(answer)
    assert record.copied == ["Copied answer", "Copied answer as text"]


def test_copy_of_any_text_is_exact(view: ChatView, qtbot: QtBot) -> None:
    @PROPERTY
    @given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r")))
    def check(answer: str) -> None:
        view.set_messages([ChatMessage(1, "assistant", answer, model=MODEL)])
        forget_clipboard()
        view.message_widget(1).copy_button.click()
        assert clipboard() == answer

    check()


def test_copy_while_streaming_gives_what_arrived(view: ChatView, qtbot: QtBot) -> None:
    view.add_message(ChatMessage(1, "assistant", "", status="streaming", model=MODEL))
    view.append_text(1, "First part  \n")
    view.append_text(1, "\tsecond")
    view.message_widget(1).copy_button.click()
    assert clipboard() == "First part  \n\tsecond"


# -- Copy code -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", NASTY_CODE)
def test_copy_code_link_copies_exactly_the_code(view: ChatView, qtbot: QtBot, code: str) -> None:
    record = Recorder(view)
    answer = f"Before.\n\n{fenced('first = 1')}\n\nBetween.\n\n{fenced(code)}\n\nAfter."
    assert code_blocks_of(answer) == ["first = 1", code]
    view.set_messages([ChatMessage(1, "assistant", answer, model=MODEL)])
    settle(view)
    body = view.message_widget(1).body
    forget_clipboard()
    click_link(qtbot, body, "copy-code:1")
    assert clipboard() == code
    click_link(qtbot, body, "copy-code:0")
    assert clipboard() == "first = 1"
    assert record.copied == ["Copied code", "Copied code"]


def test_copy_code_is_exact_for_any_code(qtbot: QtBot) -> None:
    body = MessageBody()
    qtbot.addWidget(body)
    body.resize(700, 100)
    body.show()

    @PROPERTY
    @given(code_text, st.sampled_from(["python", "js", "", "no-such-language"]))
    @example("\t<&>\n\n  \\", "python")
    def check(code: str, language: str) -> None:
        body.show_markdown(fenced(code, language))
        forget_clipboard()
        click_link(qtbot, body, "copy-code:0")
        assert clipboard() == code

    check()


def test_copy_code_numbers_blocks_across_streamed_chunks(view: ChatView, qtbot: QtBot) -> None:
    codes = ["one()", "  two()\n\n\tthree()", "four = '<&>'"]
    answer = "\n\n".join(f"Step {i}:\n\n{fenced(code)}" for i, code in enumerate(codes))
    view.add_message(ChatMessage(1, "assistant", "", status="streaming", model=MODEL))
    for start in range(0, len(answer), 7):
        view.append_text(1, answer[start : start + 7])
        if start % 35 == 0:
            settle(view)
    settle(view)
    body = view.message_widget(1).body
    assert body.is_streaming and body.code_blocks == codes
    for index, code in enumerate(codes):
        click_link(qtbot, body, f"copy-code:{index}")
        assert clipboard() == code
    view.finish_message(1, "complete")
    click_link(qtbot, body, "copy-code:1")
    assert clipboard() == codes[1]


def test_copy_code_in_a_later_segment_of_a_long_answer(view: ChatView, qtbot: QtBot) -> None:
    codes = [f"step_{i}()\n\tdone_{i} = '<&>'" for i in range(60)]
    answer = "\n\n".join(f"Step {i}:\n\n{fenced(code)}" for i, code in enumerate(codes))
    view.add_message(ChatMessage(1, "assistant", "", status="streaming", model=MODEL))
    body = view.message_widget(1).body
    for start in range(0, len(answer), 50):
        view.append_text(1, answer[start : start + 50])
        body.render_pending()
    view.finish_message(1, "complete")
    settle(view)
    assert len(body.segments) > 1
    for index in (0, 41, 59):
        segment, _ = link_at(body, f"copy-code:{index}")
        assert segment is (body.segments[0] if index == 0 else body.segments[-1])
        forget_clipboard()
        click_link(qtbot, body, f"copy-code:{index}")
        assert clipboard() == codes[index]


# -- selections ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [c for c in NASTY_CODE if c.strip()])
def test_selecting_a_whole_code_block_copies_the_code(
    view: ChatView, qtbot: QtBot, code: str
) -> None:
    view.set_messages([ChatMessage(1, "assistant", f"Intro.\n\n{fenced(code)}\n\nOutro.")])
    segment = select_in(view.message_widget(1).body, code)
    forget_clipboard()
    segment.copy()
    assert clipboard() == code


def test_ctrl_c_copies_the_selection_with_line_breaks(view: ChatView, qtbot: QtBot) -> None:
    view.set_messages(
        [ChatMessage(1, "assistant", "First paragraph.\n\nSecond\u00a0one.\n\n- item")]
    )
    settle(view)
    segment = only_segment(view.message_widget(1).body)
    segment.selectAll()
    forget_clipboard()
    qtbot.keyClick(segment, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    # Paragraph separators become line breaks; the no-break space the model wrote stays.
    assert clipboard() == "First paragraph.\nSecond\u00a0one.\nitem"


def test_selecting_around_code_blocks_copies_their_code_not_their_headers(
    view: ChatView, qtbot: QtBot
) -> None:
    # The language and "Copy code" row is the view's, not the author's: left out, in a quote
    # too; a table the author wrote keeps its first row.
    answer = (
        "Before.\n\n"
        + fenced("x = 1\ny = 2")
        + "\n\n> quoted\n>\n> "
        + fenced("echo hi", "sh").replace("\n", "\n> ")
        + "\n\n| head | more |\n|---|---|\n| cell | data |\n\nAfter."
    )
    view.set_messages([ChatMessage(1, "assistant", answer)])
    settle(view)
    segment = only_segment(view.message_widget(1).body)
    segment.selectAll()
    forget_clipboard()
    qtbot.keyClick(segment, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = clipboard()
    assert "Copy code" not in text and "python" not in text and "\nsh\n" not in text
    for kept in ("Before.", "x = 1\ny = 2", "quoted", "echo hi", "head", "more", "cell", "After."):
        assert kept in text
    assert text.index("x = 1") < text.index("echo hi") < text.index("head") < text.index("After")


def test_selecting_a_user_message_copies_it_as_typed(view: ChatView, qtbot: QtBot) -> None:
    question = "  indented\n\ttabbed\u00a0and no-break\n\n<b>not html</b>  "
    view.set_messages([ChatMessage(1, "user", question)])
    segment = only_segment(view.message_widget(1).body)
    segment.selectAll()
    forget_clipboard()
    segment.copy()
    assert clipboard() == question


# -- the last answer -------------------------------------------------------------------------


def test_copy_last_answer(view: ChatView, qtbot: QtBot) -> None:
    record = Recorder(view)
    view.set_messages([ChatMessage(1, "user", "Only a question")])
    forget_clipboard()
    assert not view.copy_last_answer()
    assert clipboard() == "(nothing copied)" and record.copied == []
    view.set_messages(
        [
            ChatMessage(1, "user", "Q1"),
            ChatMessage(2, "assistant", "Old answer"),
            ChatMessage(3, "user", "Q2"),
            ChatMessage(4, "assistant", NASTY_ANSWERS[1]),
            ChatMessage(5, "user", "Q3 (no answer yet)"),
        ]
    )
    assert view.last_answer_text() == NASTY_ANSWERS[1]
    assert view.copy_last_answer()
    assert clipboard() == NASTY_ANSWERS[1]
    assert record.copied == ["Copied the last answer"]
    view.add_message(ChatMessage(6, "assistant", "", status="streaming"))
    assert view.last_answer_text() == ""
    assert not view.copy_last_answer()  # nothing has arrived yet
    view.append_text(6, "Partial **answer")
    assert view.copy_last_answer() and clipboard() == "Partial **answer"
