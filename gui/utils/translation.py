"""`translate()` for the modules that must load without Qt (settings, store, export, validators).

Once the app has loaded Qt and installed its translators, the text comes back in the person's
language; without Qt (the `export` command, Qt-free tests) it stays the English source.
pyside6-lupdate extracts every `translate("Context", "text")` call, whatever module defines it.
"""

from __future__ import annotations

import sys


def translate(context: str, text: str) -> str:
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is None:
        return text
    return str(qt_core.QCoreApplication.translate(context, text))
