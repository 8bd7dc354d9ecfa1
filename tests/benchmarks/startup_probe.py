"""The child process of the start-up benchmark: start, paint the main window once, report, exit.

    python -m tests.benchmarks.startup_probe app --modules-out FILE -- [replicate-chat options]
    python -m tests.benchmarks.startup_probe bare --modules FILE

`app` runs the real app (gui.__main__.main); `bare` imports the same third-party and standard
modules the app had loaded at its first paint (the list an app run wrote), looks up the same
PySide6 classes the app's modules imported by name, and shows a plain QMainWindow. (PySide6
makes a class, and every enum in it, the first time its module attribute is looked up: `Qt`'s
94 enums take about 13 ms, QStyle's about 5. That is Qt's start-up work, which any window that
uses those classes pays; importing the modules alone would leave it all on the app's side.)
Both create the QApplication first, only to watch for the window's first paint event
(gui.app.run reuses an existing QApplication); both print one line,
`FIRST_PAINT <monotonic at the first paint event> <monotonic once that frame is painted>
<monotonic once the first frame showing a message is painted, or ->`, and leave at once with
os._exit: shutting down is not part of starting up. (The app's first frame holds no message:
the newest chat's come on the next turn, and the app waits up to CONTENT_WAIT_S for them.)

Kept light on purpose: nothing but the standard library is imported before Qt. With
STARTUP_PROFILE=FILE in the environment the child runs under cProfile and writes its statistics
to FILE when it reports (for finding what start-up spends its time on).
"""

from __future__ import annotations

import importlib
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

# Modules that are the project's own (or this probe's): the bare window does not import them.
PROFILER = None
if os.environ.get("STARTUP_PROFILE"):
    import cProfile

    PROFILER = cProfile.Profile()
    PROFILER.enable()

OWN = ("gui", "provider", "replicate_chat_resources", "tests", "__main__", "__mp_main__")
CONTENT_WAIT_S = 3.0  # an empty store shows no message at all


def is_own(name: str) -> bool:
    top = name.split(".", 1)[0]
    return top in OWN or top.startswith("replicate_chat_resources")


class FirstPaint(QObject):
    """Notes the first paint event of a QMainWindow, then the end of that frame, and exits."""

    def __init__(self, modules_out: str | None, *, wait_for_content: bool) -> None:
        super().__init__()
        self.modules_out = modules_out
        self.wait_for_content = wait_for_content
        self.painted_at: float | None = None
        self.framed_at = 0.0
        self.content_at: float | None = None
        self.last_paint = 0.0
        self.modules: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        now = time.monotonic()
        if self.painted_at is None and isinstance(watched, QMainWindow):
            self.painted_at = now
            # The children paint right after, in the same frame; a zero timer runs after it.
            QTimer.singleShot(0, self.first_frame_done)
        elif (
            self.painted_at is not None
            and self.content_at is None
            and type(watched).__name__ == "MessageWidget"
        ):
            self.content_at = now
            QTimer.singleShot(0, self.report)
        self.last_paint = now
        return False

    def first_frame_done(self) -> None:
        self.framed_at = self.last_paint
        # What was loaded by the first frame is what the bare window imports.
        self.modules = [name for name in list(sys.modules) if not is_own(name)]
        self.modules += sorted(pyside_names_imported())
        if self.wait_for_content:
            QTimer.singleShot(int(CONTENT_WAIT_S * 1000), self.report)
        else:
            self.report()

    def report(self) -> None:
        if self.modules_out:
            with open(self.modules_out, "w", encoding="utf-8") as file:
                file.write("\n".join(self.modules) + "\n")
        content = "-" if self.content_at is None else f"{self.last_paint:.6f}"
        print(f"FIRST_PAINT {self.painted_at:.6f} {self.framed_at:.6f} {content}", flush=True)
        if PROFILER is not None:
            PROFILER.disable()
            PROFILER.dump_stats(os.environ["STARTUP_PROFILE"])
        os._exit(0)


def pyside_names_imported() -> set[str]:
    """ "module:Class" for each PySide6 class a loaded own module holds at its top level (what
    its `from PySide6.QtX import ...` lines looked up)."""
    found = set()
    for name, module in list(sys.modules.items()):
        if not is_own(name) or module is None:
            continue
        for value in list(vars(module).values()):
            home = getattr(value, "__module__", None)
            if isinstance(value, type) and isinstance(home, str) and home.startswith("PySide6."):
                found.add(f"{home}:{value.__name__}")
    return found


def run_bare(modules_file: str) -> int:
    with open(modules_file, encoding="utf-8") as file:
        names = [line.strip() for line in file if line.strip()]
    failed = []
    for name in names:
        if name in sys.modules:
            continue
        try:
            if ":" in name:  # a PySide6 class: looking it up makes it
                home, _, attribute = name.partition(":")
                getattr(importlib.import_module(home), attribute)
                continue
            importlib.import_module(name)
        except Exception:  # an alias or a platform module that only imports in context
            failed.append(name)
    if failed:
        print(f"IMPORT_FAILED {len(failed)} {' '.join(failed[:10])}", file=sys.stderr, flush=True)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1100, 760)
    window.show()
    return QApplication.exec()


def main(argv: list[str]) -> int:
    mode = argv[0]
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(
        argv[2] if mode == "app" and argv[1] == "--modules-out" else None,
        wait_for_content=mode == "app",
    )
    app.installEventFilter(watcher)
    if mode == "bare":
        return run_bare(argv[2])
    from gui.__main__ import main as app_main

    rest = argv[argv.index("--") + 1 :]
    return app_main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
