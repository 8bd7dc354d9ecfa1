"""Opening an attachment: a document opens from a private copy, as text when it is text (a
script attached to be read is never run), and the picture viewer fits, copies and closes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.qtbot import QtBot

from gui.attachments import viewer
from gui.attachments.viewer import ImageViewer, open_document
from tests.gui.attachments.files import picture


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What the system's launcher was asked to open (it is not started here)."""
    paths: list[Path] = []

    def record(url: QUrl) -> bool:
        paths.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    return paths


def test_a_script_opens_as_text_and_a_pdf_as_itself(opened: list[Path]) -> None:
    assert open_document("install.bat", b"del *.*\r\n", "text/plain")
    assert open_document("report.pdf", b"%PDF-1.4 ...", "application/pdf")
    assert open_document("../../etc/passwd", b"x", "text/plain")
    script, report, sneaky = opened
    assert script.name == "install.bat.txt" and script.read_bytes() == b"del *.*\r\n"
    assert report.name == "report.pdf"
    assert sneaky.name == "_.._etc_passwd.txt" and sneaky.parent.parent == script.parent.parent
    assert oct(script.stat().st_mode & 0o777) == "0o600"
    assert viewer._copies is not None and script.is_relative_to(viewer._copies.name)


def test_the_viewer_fits_the_picture_and_copies_it(qtbot: QtBot) -> None:
    image = picture(3000, 2000)
    shown = ImageViewer("big.png", image)
    qtbot.addWidget(shown)
    shown.resize(600, 500)
    shown.show()
    qtbot.waitExposed(shown)
    pixmap = shown.picture.pixmap()
    logical = pixmap.width() / pixmap.devicePixelRatio()
    assert logical <= shown.picture.width() and logical >= shown.picture.width() * 0.9
    shown.copy_button.click()
    assert QGuiApplication.clipboard().image().size() == image.size()
