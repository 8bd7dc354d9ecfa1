"""Where the chat view stays while its content changes.

Following (scrolled to the bottom), the bottom stays in view as an answer grows. Scrolled up,
the message at the top of the viewport stays exactly where it is, whatever grows or appears
above or below it, and a "Jump to latest" button floats over the bottom right. Only the
person's own scrolling decides whether to follow: the view's own scrollbar moves are told apart.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

AT_BOTTOM_SLACK = 8  # px: this close to the end counts as "at the bottom"


class ScrollKeeper(QObject):
    """Keeps the chat view at the bottom, or keeps what the person reads in place."""

    def __init__(
        self,
        area: QScrollArea,
        jump_button: QAbstractButton,
        items: Callable[[], Sequence[QWidget]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._area = area
        self._jump = jump_button
        self._items = items  # the messages, top to bottom
        self._view = parent
        self._follow = True
        self._anchor: tuple[QWidget, int] | None = None  # (widget, its y minus the scroll value)
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

    def keep_in_place(self, widget: QWidget) -> None:
        """Stop following and keep `widget` where it is on screen (before adding above it)."""
        self._follow = False
        self._anchor = (widget, self._y_of(widget) - self._area.verticalScrollBar().value())

    def forget(self, widget: QWidget) -> None:
        """`widget` is going away: it can no longer be the one kept in place."""
        if self._anchor is not None and self._anchor[0] is widget:
            self._anchor = None

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

    def _on_scrolled(self, value: int) -> None:
        if not self._moving:  # the person scrolled: follow only if they went to the end
            self._follow = self.is_at_bottom()
            self._anchor = None if self._follow else self._top_anchor(value)
        self.update_jump_button()

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        # The content grew or shrank (the widgets already have their new places).
        if self._follow:
            self._move_to(maximum)
        elif self._anchor is not None:
            widget, offset = self._anchor
            self._move_to(self._y_of(widget) - offset)
        self.update_jump_button()

    def _top_anchor(self, value: int) -> tuple[QWidget, int] | None:
        """The message at the top of the viewport, and how far above it the view starts."""
        items = self._items()
        if not items:
            return None
        index = bisect.bisect_right(items, value, key=lambda w: self._y_of(w) + w.height())
        widget = items[min(index, len(items) - 1)]
        return widget, self._y_of(widget) - value

    def _y_of(self, widget: QWidget) -> int:
        return widget.mapTo(self._area.widget(), QPoint(0, 0)).y()

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
