"""Unexpected errors are logged and shown in a dialog; the app keeps running.

qasync's @asyncSlot and Qt's virtual overrides hand exceptions to `sys.excepthook`; asyncio
hands a task's unretrieved exception to the loop's exception handler. Both end here.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from types import TracebackType
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox, QTextEdit, QWidget

from provider import redact

log = logging.getLogger("replicate-chat.crash")

_open_boxes: list[QMessageBox] = []


def error_box(summary: str, details: str, parent: QWidget | None = None) -> QMessageBox:
    """The box for one unexpected error, ready to open; nothing in it can show a token."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QApplication.translate("crash", "Unexpected error"))
    box.setText(
        QApplication.translate(
            "crash",
            "Something unexpected went wrong. Your conversations are safe; the details are in "
            "the log file.",
        )
    )
    box.setInformativeText(redact(summary))
    box.setDetailedText(redact(details))
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(ok)  # Enter closes it; so does Esc (the only button)
    box.setEscapeButton(ok)
    ok.setAccessibleName(QApplication.translate("crash", "OK"))
    ok.setToolTip(QApplication.translate("crash", "Close this message; the app keeps running"))
    for button in box.buttons():
        if button is not ok:  # Qt's own "Show Details…", whose text flips as it is pressed
            button.setAccessibleName(QApplication.translate("crash", "Details"))
            button.setToolTip(QApplication.translate("crash", "Show or hide the technical details"))
    for view in box.findChildren(QTextEdit):  # the details, once shown
        view.setAccessibleName(QApplication.translate("crash", "Technical details"))
        view.setToolTip(QApplication.translate("crash", "What went wrong, as written to the log"))
    return box


def show_error_dialog(summary: str, details: str) -> None:
    """A non-modal box (never exec(): the asyncio loop must keep running)."""
    if QApplication.instance() is None:
        return
    box = error_box(summary, details, QApplication.activeWindow())
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    _open_boxes.append(box)
    box.open()


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    details = "".join(traceback.format_exception(kind, error, tb))
    log.error("unexpected error:\n%s", details)
    show_error_dialog(f"{kind.__name__}: {error}", details)


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    error = context.get("exception")
    if isinstance(error, BaseException):
        excepthook(type(error), error, error.__traceback__)
    else:
        log.error("asyncio: %s", context.get("message"))


def install() -> None:
    sys.excepthook = excepthook
