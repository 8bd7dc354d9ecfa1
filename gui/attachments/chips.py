"""Chips that show attached files: a thumbnail for a picture, an icon, name and size for a
document. Above the message box they wait to be sent (each can be removed); under a sent
question they open the picture or the document. Every chip is reached by Tab and opened with
Enter or Space, and has a name for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.store.records import IMAGE, Attachment, AttachmentInfo
from gui.theme.chat_style import attachments_style_sheet
from gui.widgets.flow_layout import FlowLayout

THUMBNAIL_HEIGHT = 40  # logical pixels
NAME_WIDTH = 180  # a longer name is elided in the middle (its extension stays readable)
translate = QCoreApplication.translate


def size_text(size: int) -> str:
    """A file's size as people read it: 512 B, 14 kB, 3.2 MB."""
    if size < 1000:
        return translate("Attachments", "{size} B").format(size=size)
    if size < 1_000_000:
        return translate("Attachments", "{size} kB").format(size=f"{size / 1000:.0f}")
    return translate("Attachments", "{size} MB").format(size=f"{size / 1_000_000:.1f}")


def detail_text(kind: str, size: int, width: int, height: int, characters: int) -> str:
    """What a chip says under the name: pixels and size, or characters and tokens."""
    if kind == IMAGE:
        return f"{width:,} × {height:,} · {size_text(size)}"
    words = translate("Attachments", "{count} characters").format(count=f"{characters:,}")
    tokens = characters // 4  # as the context gauge counts it: about four characters a token
    return (
        words
        + " · "
        + translate("Attachments", "≈{tokens} tokens").format(
            tokens=f"{tokens / 1000:.1f}k" if tokens >= 1000 else tokens
        )
    )


class AttachmentChip(QFrame):
    """One file: its picture or icon, its name and details, and (above the message box) a
    button that removes it."""

    opened = Signal()
    removed = Signal()

    def __init__(
        self, kind: str, name: str, detail: str, thumbnail: bytes, *, removable: bool
    ) -> None:
        super().__init__()
        self.setObjectName("attachmentChip")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.name = name
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 4 if removable else 8, 4)
        row.setSpacing(8)
        self.picture = QLabel()
        self.picture.setFixedHeight(THUMBNAIL_HEIGHT)
        self._show_picture(kind, thumbnail)
        row.addWidget(self.picture)
        text = QVBoxLayout()
        text.setSpacing(0)
        name_label = QLabel(
            self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, NAME_WIDTH)
        )
        name_label.setObjectName("attachmentName")
        detail_label = QLabel(detail)
        detail_label.setObjectName("attachmentDetail")
        text.addWidget(name_label)
        text.addWidget(detail_label)
        row.addLayout(text)
        self.remove_button: QToolButton | None = None
        if removable:
            self.remove_button = QToolButton()
            self.remove_button.setObjectName("attachmentRemove")
            self.remove_button.setText("×")
            self.remove_button.setAccessibleName(self.tr("Remove {name}").format(name=name))
            self.remove_button.setToolTip(self.tr("Do not send {name}").format(name=name))
            self.remove_button.clicked.connect(self.removed)
            row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        what = self.tr("picture") if kind == IMAGE else self.tr("document")
        self.setAccessibleName(f"{name}, {what}, {detail}")
        self.setAccessibleDescription(self.tr("Enter opens it"))
        self.setToolTip(self.tr("Open {name}").format(name=name))

    def _show_picture(self, kind: str, thumbnail: bytes) -> None:
        image = QImage.fromData(thumbnail) if thumbnail else QImage()
        if kind != IMAGE or image.isNull():
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            self.picture.setPixmap(icon.pixmap(32, 32))
            return
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(
            image.scaledToHeight(
                round(THUMBNAIL_HEIGHT * ratio), Qt.TransformationMode.SmoothTransformation
            )
        )
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.opened.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.remove_button:
            self.removed.emit()
        else:
            super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.opened.emit()
        super().mouseReleaseEvent(event)


class AttachmentTray(QWidget):
    """The files waiting to be sent with the next message, above the message box; hidden while
    there are none. A note under them says what the chosen model will do with them."""

    changed = Signal()
    open_requested = Signal(object)  # the Attachment to show
    emptied_by_keyboard = Signal()  # the last chip went with Delete: the focus goes back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 0)
        column.setSpacing(4)
        self._chips_area = QWidget()
        self._flow = FlowLayout(self._chips_area)
        self._flow.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._chips_area)
        self.note = QLabel()
        self.note.setObjectName("attachmentNote")
        self.note.setWordWrap(True)
        self.note.hide()
        column.addWidget(self.note)
        self._items: list[tuple[Attachment, AttachmentChip]] = []
        self.restyle(self.palette())
        self.hide()

    def items(self) -> list[Attachment]:
        return [attachment for attachment, _chip in self._items]

    def chips(self) -> list[AttachmentChip]:
        return [chip for _attachment, chip in self._items]

    def focus_chain(self) -> list[QWidget]:
        """Each chip, then its remove button, in order."""
        chain: list[QWidget] = []
        for chip in self.chips():
            chain.append(chip)
            if chip.remove_button is not None:
                chain.append(chip.remove_button)
        return chain

    def add(self, attachment: Attachment) -> None:
        detail = detail_text(
            attachment.kind,
            attachment.size,
            attachment.width,
            attachment.height,
            len(attachment.text or ""),
        )
        chip = AttachmentChip(
            attachment.kind, attachment.name, detail, attachment.thumbnail, removable=True
        )
        chip.removed.connect(lambda: self.remove(chip))
        chip.opened.connect(lambda: self.open_requested.emit(attachment))
        self._flow.addWidget(chip)
        self._items.append((attachment, chip))
        self.show()
        self.changed.emit()

    def remove(self, chip: AttachmentChip) -> None:
        index = next((i for i, (_a, c) in enumerate(self._items) if c is chip), None)
        if index is None:
            return
        had_focus = chip.hasFocus() or (
            chip.remove_button is not None and chip.remove_button.hasFocus()
        )
        del self._items[index]
        self._flow.removeWidget(chip)
        chip.deleteLater()
        if had_focus and self._items:  # the keyboard stays in the row
            self._items[min(index, len(self._items) - 1)][1].setFocus()
        elif had_focus:
            self.emptied_by_keyboard.emit()
        self.setVisible(bool(self._items))
        self.changed.emit()

    def take_all(self) -> list[Attachment]:
        """Every file, removed from the tray (they are being sent)."""
        taken = self.items()
        for _attachment, chip in self._items:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self._items = []
        self.set_note("")
        self.hide()
        self.changed.emit()
        return taken

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def restyle(self, palette: QPalette) -> None:
        """Take the colours of `palette` (the composer's: a widget with a style sheet of its own
        no longer follows the application's palette, so it is told)."""
        sheet = attachments_style_sheet(palette)
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)


OPEN_ATTACHMENT = "open-attachment"  # MessageWidget.message_action: open attachment <id>


class AttachedFiles(QWidget):
    """The files a question was sent with, under its text; each opens when chosen."""

    action = Signal(str, object)  # OPEN_ATTACHMENT, the attachment's id

    def __init__(self, files: Sequence[AttachmentInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flow = FlowLayout(self)
        self._flow.setContentsMargins(0, 2, 0, 0)
        self.chips: list[AttachmentChip] = []
        for info in files:
            detail = detail_text(info.kind, info.size, info.width, info.height, info.characters)
            chip = AttachmentChip(info.kind, info.name, detail, info.thumbnail, removable=False)
            chip.opened.connect(lambda file_id=info.id: self.action.emit(OPEN_ATTACHMENT, file_id))
            self._flow.addWidget(chip)
            self.chips.append(chip)
        self.setVisible(bool(files))

    def focus_chain(self) -> list[QWidget]:
        return list(self.chips)
