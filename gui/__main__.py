"""Entry point of `replicate-chat` and `python -m gui`.

replicate-chat [--demo] [--data-dir DIR]        the desktop app
replicate-chat export [--conversation ID | --all] [--format markdown|json] [-o FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gui.utils.version import app_version


class _ShowVersion(argparse.Action):
    """--version, reading the version only when asked (argparse's own action wants it as the
    parser is built, at every start)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"replicate-chat {app_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="replicate-chat",
        description="A desktop chat client for the language models hosted on Replicate.",
        epilog="Export stored conversations without opening a window: replicate-chat export --help",
    )
    parser.add_argument("--version", action=_ShowVersion, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="chat with the built-in Replicate stand-in: no account, no network",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where conversations are kept (default: the platform's data folder, "
        "$XDG_DATA_HOME/replicate-chat on Linux)",
    )
    parser.add_argument("--verbose", action="store_true", help="log details to stderr too")
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="the colour scheme for this run (the saved choice is kept)",
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="the interface language for this run, such as en or ru (the saved choice is kept)",
    )
    parser.add_argument(
        "--smoke-test",
        metavar="MESSAGE",
        help="send MESSAGE, wait for the whole reply, then quit (exit 0 if it completed)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="with --smoke-test: save a screenshot of the window after the reply",
    )
    parser.add_argument(
        "--screenshot-at",
        type=float,
        metavar="SECONDS",
        help="with --screenshot: take it this many seconds after sending, while the reply streams",
    )
    parser.add_argument(
        "--in-latest",
        action="store_true",
        help="with --smoke-test: send in the newest conversation, not a new one",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["export"]:
        from gui.export.formats import run_export

        return run_export(args[1:])
    options = build_parser().parse_args(args)
    from gui.app.heap import pause_collection, resume_collection

    pause_collection()  # until the first frame is painted (gui/app/heap.py)
    try:
        from gui.store.check import IntegrityCheck
        from gui.utils.paths import app_paths

        # The store's integrity check reads the whole file; it runs on a thread while Qt loads.
        early_check = IntegrityCheck.start(app_paths(options).store_file)
        from gui.app.binding import name_own_modules  # Qt loads only when a window is wanted

        name_own_modules()  # before the window's modules load: see gui/app/binding.py
        from gui.app.run import run_app

        return run_app(options, early_check)
    finally:
        resume_collection()  # the window never painted, or it has closed


if __name__ == "__main__":
    sys.exit(main())
