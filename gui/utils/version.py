"""The installed version of Replicate Chat."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version


@cache
def app_version() -> str:
    """Read once: each look-up in the installed packages' metadata costs 1 to 2 ms."""
    try:
        return version("replicate-chat")
    except PackageNotFoundError:
        return "0+unknown"
