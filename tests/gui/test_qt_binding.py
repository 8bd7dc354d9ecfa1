"""The Qt binding itself: a long session must not exhaust Python's references to None.

PySide6 6.12.0 (with Python 3.11) dropped one reference to None on each Qt call returning None;
after a few thousand calls the interpreter aborted. pyproject.toml excludes that release; this
test fails on any binding with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_qt_calls_returning_none_keep_none_alive() -> None:
    document = QTextDocument()
    document.setPlainText("hello world")
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for _ in range(200):
        cursor.setPosition(3)
    # Immortal None (3.12+) reports a huge constant count; on 3.11 the count must not fall.
    assert sys.getrefcount(None) >= before - 5
