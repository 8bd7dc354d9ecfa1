"""Entry point of `replicate-chat` and `python -m gui`.

The window arrives with the desktop-app issue; until then the command answers --version and
says plainly that there is nothing else yet.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version


def app_version() -> str:
    try:
        return version("replicate-chat")
    except PackageNotFoundError:
        return "0+unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="replicate-chat", description="A desktop chat client for models hosted on Replicate."
    )
    parser.add_argument("--version", action="version", version=f"replicate-chat {app_version()}")
    parser.parse_args(argv)
    print(f"replicate-chat {app_version()}: the chat window is not built yet; see README.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
