"""Export from the app's menu: pick a file (non-blocking dialog), write Markdown or JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.export.formats import export_json, export_markdown
from gui.store.conversations import ConversationStore
from gui.store.schema import StoreError
from gui.utils.atomic_file import write_atomically


class ExportFlow:
    """Owns the save dialog of one export at a time and reports the outcome in the status line."""

    def __init__(self, window: QWidget, report: Callable[[str], None]) -> None:
        self._window = window
        self._status = report  # a line for the status bar
        self._dialog: QFileDialog | None = None

    def start(self, store: ConversationStore, ids: list[int] | None, fmt: str) -> None:
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
        dialog.fileSelected.connect(lambda path: self.write(store, ids, fmt, Path(path)))
        dialog.finished.connect(self._forget)
        self._dialog = dialog
        dialog.open()

    def write(self, store: ConversationStore, ids: list[int] | None, fmt: str, path: Path) -> bool:
        """Write the export to `path`; say in the status line what happened."""
        try:
            text = export_markdown(store, ids) if fmt == "markdown" else export_json(store, ids)
            write_atomically(path, text)
        except (OSError, StoreError) as error:
            self._status(QCoreApplication.translate("ExportFlow", "Export failed: %s") % error)
            return False
        self._status(QCoreApplication.translate("ExportFlow", "Exported to %s") % path)
        return True

    def _forget(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.deleteLater()
