"""How a row of the conversation list is painted and renamed: the title on top, a muted line
below, search matches highlighted in both; F2 opens an editor over the title."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QFocusEvent, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gui.sidebar.conversation_list import (
    SEGMENTS_ROLE,
    SUBTITLE_ROLE,
    TITLE_SEGMENTS_ROLE,
    AnyIndex,
)


class TitleEditor(QLineEdit):
    """The rename field: the whole title selected, as Qt's views do, but showing its start.

    The view selects all after opening the editor, which leaves the cursor, and the visible
    part of a long title, at its end ("…простыми словами"); a title is read from its start.
    """

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        text = self.text()
        if text and self.selectedText() == text:
            self.setSelection(len(text), -len(text))  # all selected, the cursor at the start


class ConversationDelegate(QStyledItemDelegate):
    """Paints a row as two lines and edits the title in place (on the first line)."""

    PADDING_X = 10
    PADDING_Y = 6
    LINE_GAP = 2

    def _lines(self, option: QStyleOptionViewItem) -> tuple[QRect, QRect]:
        metrics = QFontMetrics(option.font)
        height = metrics.lineSpacing()
        area = option.rect.adjusted(self.PADDING_X, self.PADDING_Y, -self.PADDING_X, 0)
        top = QRect(area.left(), area.top(), area.width(), height)
        bottom = QRect(area.left(), top.bottom() + 1 + self.LINE_GAP, area.width(), height)
        return top, bottom

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        height = QFontMetrics(option.font).lineSpacing()
        return QSize(200, 2 * height + self.LINE_GAP + 2 * self.PADDING_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""  # the style draws selection, hover and focus; the text is ours
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = option.palette.color(group, text_role)
        muted = option.palette.color(group, QPalette.ColorRole.PlaceholderText)
        if selected:
            muted = text_color
            muted.setAlpha(190)

        top, bottom = self._lines(option)
        painter.save()
        painter.setFont(option.font)
        painter.setPen(text_color)
        title_marks = index.data(TITLE_SEGMENTS_ROLE)
        if title_marks:
            self._draw_segments(painter, option.font, top, title_marks)
        else:
            title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            elided = QFontMetrics(option.font).elidedText(
                title, Qt.TextElideMode.ElideRight, top.width()
            )
            painter.drawText(
                top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
            )
        painter.setPen(muted)
        marks = index.data(SEGMENTS_ROLE)
        if marks:
            self._draw_segments(painter, option.font, bottom, marks)
        else:
            subtitle = str(index.data(SUBTITLE_ROLE) or "")
            elided = QFontMetrics(option.font).elidedText(
                subtitle, Qt.TextElideMode.ElideRight, bottom.width()
            )
            painter.drawText(
                bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
            )
        painter.restore()

    @staticmethod
    def _draw_segments(
        painter: QPainter, font: QFont, rect: QRect, segments: list[tuple[str, bool]]
    ) -> None:
        """Draw text pieces left to right, matches in bold, eliding whatever does not fit."""
        bold = QFont(font)
        bold.setBold(True)
        x = rect.left()
        for text, highlighted in segments:
            piece_font = bold if highlighted else font
            metrics = QFontMetrics(piece_font)
            room = rect.right() + 1 - x
            if room <= 0:
                break
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.setFont(piece_font)
            painter.drawText(
                QRect(x, rect.top(), room, rect.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            x += metrics.horizontalAdvance(shown)
            if shown != text:
                break
        painter.setFont(font)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = TitleEditor(parent)
        editor.setAccessibleName(
            QCoreApplication.translate("ConversationList", "Conversation title")
        )
        editor.setToolTip(
            QCoreApplication.translate(
                "ConversationList", "Type a new title; Enter keeps it, Esc cancels."
            )
        )
        editor.setPlaceholderText(QCoreApplication.translate("ConversationList", "New chat"))
        return editor

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        top, _ = self._lines(option)
        editor.setGeometry(top.adjusted(-4, -3, 4, 3))
