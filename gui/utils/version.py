"""The installed version of Replicate Chat."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def app_version() -> str:
    try:
        return version("replicate-chat")
    except PackageNotFoundError:
        return "0+unknown"
