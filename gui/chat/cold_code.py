"""Code whose lexer is not loaded yet shows plain until a conversation's first frame is up.

Loading a Pygments lexer compiles its regular expressions: up to ~50 ms each, and at start-up
every language of the newest conversation is cold. From `start()` (a conversation opens) until
`warm_up()` (its first frame is painted), every message widget made shows such code plain, its
text exact: the ones made at once and the ones the viewport's first moves make before that frame
(the scroll to the bottom lands after a layout pass, on a later turn). Then the lexers load, one
per event-loop turn, and the widgets that showed plain code are rendered again, highlighted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:  # both load with the first widget made, after the window's first frame
    from gui.chat.message.widget import MessageWidget


class ColdCode(QObject):
    """Collects the languages and widgets shown plain while a conversation opens."""

    def __init__(self, current: Callable[[int], MessageWidget | None], parent: QObject) -> None:
        super().__init__(parent)
        self._current = current  # a message id -> its widget now, if it has one
        self._languages: set[str] | None = None  # None: not opening, lexers load when needed
        self._widgets: list[MessageWidget] = []

    def start(self) -> None:
        self._languages, self._widgets = set(), []

    def make(self, make: Callable[[], MessageWidget]) -> MessageWidget:
        """`make()`, with cold lexers deferred while a conversation opens."""
        if self._languages is None:
            return make()
        from gui.markdown.code_blocks import lexers_deferred

        with lexers_deferred() as cold:
            widget = make()
        if cold:
            self._languages |= cold
            self._widgets.append(widget)
        return widget

    def warm_up(self) -> None:
        """The first frame is painted: load the lexers, then show those widgets highlighted."""
        languages, widgets = sorted(self._languages or ()), self._widgets
        self._languages, self._widgets = None, []
        if languages:
            self._load(languages, widgets)

    def _load(self, languages: list[str], widgets: list[MessageWidget]) -> None:
        if languages:
            from gui.markdown.code_blocks import load_lexer

            load_lexer(languages.pop())
            QTimer.singleShot(0, self, lambda: self._load(languages, widgets))
            return
        for widget in widgets:
            if self._current(widget.message_id) is widget:  # still shown
                widget.render_again()
