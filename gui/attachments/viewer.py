"""Opening an attachment: a picture in a viewer of the app's own (fitted to the window, Esc
closes, Copy image), a document with the system's application for its type."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

_SCREEN_SHARE = 0.8  # the viewer opens at most this much of the screen


class ImageViewer(QDialog):
    """One picture, as large as the window allows and never larger than itself."""

    def __init__(self, name: str, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.image = image
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(64, 64)
        self.picture.setAccessibleName(self.tr("Picture {name}").format(name=name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(
            self.tr("Copy image"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_image)
        buttons.rejected.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Copy, self, activated=self.copy_image)
        column = QVBoxLayout(self)
        column.addWidget(self.picture, 1)
        column.addWidget(buttons)
        self.resize(self._first_size())

    def _first_size(self) -> QSize:
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableSize() * _SCREEN_SHARE
        wanted = QSize(self.image.width() + 40, self.image.height() + 90)
        return wanted.boundedTo(room).expandedTo(QSize(320, 240))

    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(self.image)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Zoom to fit: the whole picture in the room there is, sharp at the screen's ratio."""
        ratio = self.devicePixelRatioF()
        room = self.picture.size() * ratio
        shown = QPixmap.fromImage(self.image)
        if shown.width() > room.width() or shown.height() > room.height():
            shown = shown.scaled(
                room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        shown.setDevicePixelRatio(ratio)
        self.picture.setPixmap(shown)


_copies: tempfile.TemporaryDirectory[str] | None = None  # removed when the app quits


def open_document(name: str, data: bytes, mime: str) -> bool:
    """Open a document with the system's application for it, from a private copy in a folder
    that goes when the app quits; False if nothing could open it. A text file is opened as
    text (`.txt` added): a script attached to be read must never be run by a double click."""
    global _copies
    if _copies is None:
        _copies = tempfile.TemporaryDirectory(prefix="replicate-chat-")
    folder = Path(tempfile.mkdtemp(dir=_copies.name))  # one per opening: names may repeat
    safe = re.sub(r"[\\/\x00]", "_", name).strip(". ") or "attachment"
    if mime != "application/pdf" and not safe.lower().endswith(".txt"):
        safe += ".txt"
    path = folder / safe
    path.write_bytes(data)
    path.chmod(0o600)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
