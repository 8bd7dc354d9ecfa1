"""The app's modules are named to PySide6's import watch up front (gui/app/binding.py), so that
it reads none of their sources while the window loads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from gui.app.binding import own_module_names

ROOT = Path(__file__).resolve().parents[3]


def test_every_module_of_the_app_is_named() -> None:
    names = set(own_module_names())
    files = [*ROOT.joinpath("gui").rglob("*.py"), *ROOT.joinpath("provider").rglob("*.py")]
    assert len(names) == len(files)
    assert {"gui", "gui.app.binding", "gui.chat.rows", "provider"} <= names


def test_pyside_reads_no_source_of_the_modules_the_window_loads() -> None:
    # A fresh interpreter: in this one the app's modules are loaded already.
    script = textwrap.dedent(
        """
        import sys
        from gui.app.binding import name_own_modules
        watch = sys.modules["shibokensupport.feature"]
        read = []
        reading = watch._mod_uses_pyside
        watch._mod_uses_pyside = lambda module: read.append(module.__name__) or reading(module)
        named = name_own_modules()
        import gui.app.run
        own = [name for name in read if name.split(".")[0] in ("gui", "provider")]
        print(named, len(read), own)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    named, read, own = result.stdout.split(maxsplit=2)
    assert int(named) > 100
    assert int(read) > 0  # the watch is the one patched: it still reads the libraries' sources
    assert own.strip() == "[]"
