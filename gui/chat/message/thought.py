"""A reasoning model's thought above its answer: "Thinking… 4 s" while it streams, folded to
"Thought for 12 s" once the answer begins; a click or the keyboard unfolds it. Its text is
muted; "Copy thinking" copies it. Texts keep the "MessageWidget" translation context.

`ReplyText` routes a streaming reply between the thought and the answer's body with the
provider's splitter (provider/reasoning.py), so the answer's body never sees the tags.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from gui.chat.message.actions import tool_button
from gui.chat.message.body import MessageBody
from gui.markdown.render import Theme
from provider.reasoning import ThinkSplitter

translate = QCoreApplication.translate


class ThoughtSection(QWidget):
    """The fold with the thought; hidden for a reply without one."""

    copied = Signal(str)

    def __init__(self, theme: Theme, font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageThought")
        self.seconds: float | None = None  # how long the model thought, when known
        self._started = 0.0
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("thoughtToggle")
        self.toggle.setFont(font)
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle.toggled.connect(self._show_open)
        self.copy_button = tool_button(
            translate("MessageWidget", "Copy thinking"),
            translate("MessageWidget", "Copy thinking"),
            translate("MessageWidget", "Copy the model's thinking, without the answer"),
            self.copy,
            font,
        )
        row.addWidget(self.toggle)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        column.addLayout(row)
        self.body = MessageBody(muted(theme))
        self.body.setObjectName("thoughtBody")
        self.body.setAccessibleName(translate("MessageWidget", "The model's thinking"))
        column.addWidget(self.body)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._label)
        self._show_open(False)
        self.hide()

    @property
    def thinking(self) -> bool:
        return self._ticker.isActive()

    def start(self) -> None:
        """The thought begins to stream: shown open, with a live timer."""
        self._started = time.monotonic()
        self.body.start_stream()
        self._ticker.start()
        self.toggle.setChecked(True)
        self._label()
        self.show()

    def done_thinking(self) -> None:
        """The answer began (or the reply ended): the fold closes on "Thought for N s"."""
        if self._ticker.isActive():
            self._ticker.stop()
            self.seconds = time.monotonic() - self._started
        self.body.finish_stream()
        self.toggle.setChecked(False)
        self._label()

    def show_stored(self, text: str, seconds: float | None) -> None:
        """A finished reply's thought, folded."""
        self.seconds = seconds
        self.body.show_markdown(text.strip("\n"))
        self.toggle.setChecked(False)
        self._label()
        self.setVisible(bool(text.strip()))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.body.text.strip("\n"))
        self.copied.emit(translate("MessageWidget", "Copied thinking"))

    def _show_open(self, open_: bool) -> None:
        self.body.setVisible(open_)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self._label()

    def _label(self) -> None:
        if self._ticker.isActive():
            seconds = int(time.monotonic() - self._started)
            text = translate("MessageWidget", "Thinking… {seconds} s").format(seconds=seconds)
            name = translate("MessageWidget", "Thinking, {seconds} seconds so far").format(
                seconds=seconds
            )
        elif self.seconds is not None:
            seconds = max(1, round(self.seconds))
            text = translate("MessageWidget", "Thought for {seconds} s").format(seconds=seconds)
            name = translate("MessageWidget", "Thought for {seconds} seconds").format(
                seconds=seconds
            )
        else:
            text = name = translate("MessageWidget", "Thinking")
        self.toggle.setText(text)
        self.toggle.setAccessibleName(name)  # shown or folded: the button's checked state
        self.toggle.setToolTip(
            translate("MessageWidget", "Hide the model's thinking")
            if self.toggle.isChecked()
            else translate("MessageWidget", "Show the model's thinking")
        )


def thought_text(section: ThoughtSection | None) -> str | None:
    """The thought as written, or None when there is none."""
    return section.body.text if section is not None and section.body.has_text else None


def muted(theme: Theme) -> Theme:
    """The thought's colours: the theme's, its text in the muted colour (4.5:1 or better)."""
    return dataclasses.replace(theme, text=theme.muted_text)


class ReplyText:
    """A streaming answer's text, split between its thought and its body as it arrives; the
    thought's fold comes from `thought` with the first words of one."""

    def __init__(
        self, body: MessageBody, thought: Callable[[], ThoughtSection], *, inside: bool
    ) -> None:
        self._body = body
        self._make_thought = thought
        self._thought: ThoughtSection | None = None
        self._splitter = ThinkSplitter(inside=inside)

    def append(self, delta: str) -> None:
        if self._splitter.settled:  # the answer is under way: the rest goes straight to it
            self._body.append(delta)
            return
        thought, answer = self._splitter.feed(delta)
        self._route(thought, answer)

    def finish(self) -> None:
        thought, answer = self._splitter.finish()
        self._route(thought, answer)
        if self._thought is not None and self._thought.thinking:
            self._thought.done_thinking()

    def render_pending(self) -> None:
        if self._thought is not None and self._thought.thinking:
            self._thought.body.render_pending()

    def _route(self, thought: str, answer: str) -> None:
        if thought and self._thought is None:
            self._thought = self._make_thought()
            self._thought.start()
        if thought and self._thought is not None and self._thought.thinking:
            self._thought.body.append(thought)
        if answer:
            if self._thought is not None and self._thought.thinking:
                self._thought.done_thinking()
            self._body.append(answer)
