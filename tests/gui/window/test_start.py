"""Start-up: what the window's first frame holds, and what waits until it is on screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_window_imports_no_dialog_until_one_opens() -> None:
    """Dialogs and their modules are not needed for the first frame: each is imported when it
    first opens (gui/window/dialogs.py). The dialog tests import them directly."""
    code = (
        "import sys, gui.app.run; "
        "print(sorted(m for m in sys.modules if m.startswith('gui.dialogs.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
