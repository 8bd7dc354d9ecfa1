"""Where the chat view stays while its content changes.

Following (scrolled to the bottom), the bottom stays in view as an answer grows. Scrolled up,
the message at the top of the viewport stays exactly where it is, whatever grows or appears
above or below it, and a "Jump to latest" button floats over the bottom right. Only the
person's own scrolling decides whether to follow: the view's own scrollbar moves are told apart.
What stays in place is a message, by its id: its widget may come and go (gui/chat/view.py
keeps widgets only near the viewport), its place is always known.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

AT_BOTTOM_SLACK = 8  # px: this close to the end counts as "at the bottom"


class Places(Protocol):
    """Where the messages are, in the scroll area's content."""

    def anchor_at(self, value: int) -> tuple[int, int] | None:
        """The message at the top of the viewport when scrolled to `value`, and how far above
        it the view starts: (message id, its y minus `value`)."""

    def y_of(self, message_id: int) -> int | None:
        """Where the message starts now; None once it is gone."""


class ScrollKeeper(QObject):
    """Keeps the chat view at the bottom, or keeps what the person reads in place."""

    def __init__(
        self,
        area: QScrollArea,
        jump_button: QAbstractButton,
        places: Places,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._area = area
        self._jump = jump_button
        self._places = places
        self._view = parent
        self._follow = True
        self._anchor: tuple[int, int] | None = None  # (message id, its y minus the scroll value)
        self._moving = False  # inside our own setValue
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        jump_button.clicked.connect(self.scroll_to_bottom)

    @property
    def following(self) -> bool:
        return self._follow

    def is_at_bottom(self) -> bool:
        bar = self._area.verticalScrollBar()
        return bar.value() >= bar.maximum() - AT_BOTTOM_SLACK

    def scroll_to_bottom(self) -> None:
        """Go to the end and follow it from now on."""
        self._follow, self._anchor = True, None
        self._move_to(self._area.verticalScrollBar().maximum())
        self.update_jump_button()

    @property
    def anchor(self) -> tuple[int, int] | None:
        return self._anchor

    def keep_in_place(self) -> None:
        """Stop following and keep the message at the top of the viewport where it is."""
        self._follow = False
        self._anchor = self._places.anchor_at(self._area.verticalScrollBar().value())

    def restore(self) -> None:
        """Put the view back where it was: at the bottom, or the kept message in its place
        (after messages above it got their widgets or their measured heights)."""
        bar = self._area.verticalScrollBar()
        if self._follow:
            self._move_to(bar.maximum())
        elif self._anchor is not None:
            y = self._places.y_of(self._anchor[0])
            if y is None:
                self._anchor = self._places.anchor_at(bar.value())
            elif y - self._anchor[1] != bar.value():
                self._move_to(y - self._anchor[1])
        self.update_jump_button()

    def reset(self) -> None:
        self._follow, self._anchor = True, None

    def stay_at_bottom(self) -> None:
        """Re-apply following (when shown, say, the range may have changed unseen)."""
        if self._follow:
            self._move_to(self._area.verticalScrollBar().maximum())

    def _move_to(self, value: int) -> None:
        self._moving = True
        try:
            self._area.verticalScrollBar().setValue(value)
        finally:
            self._moving = False

    @property
    def moving(self) -> bool:
        """Inside the keeper's own scrollbar move."""
        return self._moving

    def _on_scrolled(self, value: int) -> None:
        if not self._moving:  # the person scrolled: follow only if they went to the end
            self._follow = self.is_at_bottom()
            self._anchor = None if self._follow else self._places.anchor_at(value)
        self.update_jump_button()

    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        # The content grew or shrank (the widgets already have their new places).
        self.restore()

    def update_jump_button(self) -> None:
        bar = self._area.verticalScrollBar()
        show = not self._follow and bar.maximum() > 0 and not self.is_at_bottom()
        if show != self._jump.isVisible():
            self._jump.setVisible(show)
        if show:
            self.place_jump_button()

    def place_jump_button(self) -> None:
        """Float the button over the bottom right corner of the viewport."""
        viewport = self._area.viewport()
        self._jump.adjustSize()
        corner = viewport.mapTo(self._view, QPoint(viewport.width(), viewport.height()))
        self._jump.move(corner.x() - self._jump.width() - 20, corner.y() - self._jump.height() - 16)
        self._jump.raise_()
