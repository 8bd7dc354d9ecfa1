"""Export from the app's menu: pick a file (non-blocking dialog), then read the store and write
Markdown or JSON on a worker thread, with progress in the status line; the window stays live."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.store.conversations import ConversationStore
from gui.store.schema import StoreError
from gui.utils.atomic_file import write_atomically
from provider.tasks import OwnedTasks

PROGRESS_INTERVAL = 0.1  # seconds between two progress lines


class ExportFlow:
    """Owns the save dialog of one export at a time and the exports under way; reports their
    progress and outcome in the status line."""

    def __init__(self, window: QWidget, store: ConversationStore, report: Callable[[str], None]):
        self._window = window
        self._store = store
        self._status = report  # a line for the status bar
        self._dialog: QFileDialog | None = None
        self._writing = OwnedTasks("an export")

    @property
    def dialog(self) -> QFileDialog | None:
        """The save dialog, while it is open."""
        return self._dialog

    def export_chats(self, shown: int | None, fmt: str, *, everything: bool) -> None:
        """File → Export: the chat shown (`shown`; None: a new chat, with nothing to export
        yet) or every chat, as "markdown" or "json"."""
        if everything:
            self.start(None, fmt)
        elif shown is None:
            self._status(
                QCoreApplication.translate(
                    "MainWindow", "Nothing to export yet: send a message first."
                )
            )
        else:
            self.start([shown], fmt)

    def start(self, ids: list[int] | None, fmt: str) -> None:
        if self._dialog is not None:
            self._dialog.raise_()
            return
        suffix = "md" if fmt == "markdown" else "json"
        dialog = QFileDialog(
            self._window, QCoreApplication.translate("ExportFlow", "Export conversations")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        name = "replicate-chat" if ids is None else f"replicate-chat-{ids[0]}"
        dialog.selectFile(f"{name}.{suffix}")
        kind = "Markdown (*.md)" if fmt == "markdown" else "JSON (*.json)"
        dialog.setNameFilters([kind, QCoreApplication.translate("ExportFlow", "All files (*)")])
        dialog.fileSelected.connect(
            lambda path: self._writing.spawn(self.export_to(ids, fmt, Path(path)))
        )
        dialog.finished.connect(self._forget)
        self._dialog = dialog
        dialog.open()

    async def export_to(self, ids: list[int] | None, fmt: str, path: Path) -> bool:
        """Export the conversations `ids` (None: all) to `path`; say in the status line what
        happened. The reading (a connection of its own), the writing and its fsync run on a
        worker thread."""
        from gui.export.formats import export_json, export_markdown  # not before the first frame

        loop = asyncio.get_running_loop()
        last = 0.0

        def progress(done: int, total: int) -> None:  # on the worker thread
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL and done < total:
                last = now
                loop.call_soon_threadsafe(self._show_progress, done, total)

        def work() -> None:
            with self._store.reader() as store:
                export = export_markdown if fmt == "markdown" else export_json
                text = export(store, ids, progress)
            write_atomically(path, text)

        self._status(QCoreApplication.translate("ExportFlow", "Exporting…"))
        try:
            await asyncio.to_thread(work)
        except (OSError, StoreError) as error:
            self._status(QCoreApplication.translate("ExportFlow", "Export failed: %s") % error)
            return False
        self._status(QCoreApplication.translate("ExportFlow", "Exported to %s") % path)
        return True

    def _show_progress(self, done: int, total: int) -> None:
        locale = QLocale()
        self._status(
            QCoreApplication.translate("ExportFlow", "Exporting… {done} of {total} chats").format(
                done=locale.toString(done), total=locale.toString(total)
            )
        )

    async def aclose(self) -> None:
        """Let the exports under way finish (their files are written whole or not at all)."""
        await self._writing.wait()

    def _forget(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.deleteLater()
