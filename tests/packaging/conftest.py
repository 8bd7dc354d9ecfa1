"""Packaging tests: offscreen Qt for the icon renders; helpers to load the packaging scripts."""

from __future__ import annotations

import os

# Before any QApplication exists (pytest-qt's qapp): the icon tests render, nothing is shown.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
