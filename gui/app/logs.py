"""The app's log file: rotating, in the platform's log folder, and never holding a token.

Every record passes through the provider's `redact` (it hides `r8_…` tokens, bearer credentials
and URL passwords), including the text of exceptions and tracebacks.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from provider import redact

LOG_FILE_NAME = "replicate-chat.log"


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then hides anything shaped like a credential."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class AppConsoleHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The app's own console handler (so a second configure_logging replaces it, not others')."""


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file it opens, including the fresh one after a rotation, is owner-only."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return stream


def configure_logging(log_dir: Path, *, verbose: bool = False) -> Path:
    """Log to `log_dir/replicate-chat.log` (1 MB x 3 files) and to stderr for warnings."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE_NAME
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler = PrivateRotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(formatter)
    console = AppConsoleHandler()
    console.setFormatter(formatter)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    unconfigure_logging()
    root.addHandler(file_handler)
    root.addHandler(console)
    return path


def unconfigure_logging() -> None:
    """Remove and close the handlers configure_logging added; other handlers stay."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, AppConsoleHandler | PrivateRotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
