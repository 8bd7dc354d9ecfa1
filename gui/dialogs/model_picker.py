"""The settings dialog's model field: the catalogue, any typed `owner/name[:version]`, and a
search of Replicate's models when there is a token.

The name is validated as it is typed; the search runs as a debounced asyncio task, one at a
time (a new keystroke cancels the previous search).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.config.settings import validate_model
from gui.widgets.error_text import show_as_error
from provider import CHAT_MODELS, ModelInfo, ProviderError
from provider.tasks import OwnedTasks

if TYPE_CHECKING:
    from provider import ReplicateClient

log = logging.getLogger(__name__)

SEARCH_DELAY = 0.3  # seconds of quiet typing before Replicate is asked
SEARCH_LIMIT = 20
LABEL_ROLE = Qt.ItemDataRole.UserRole + 1  # a catalogue entry's display name
REF_ROLE = Qt.ItemDataRole.UserRole + 2  # a search result's model reference


class _CatalogDelegate(QStyledItemDelegate):
    """Shows "Display name — owner/name" in the drop-down while the edit holds only the ref."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        label = index.data(LABEL_ROLE)
        if label:
            option.text = f"{label} — {index.data()}"


class ModelPicker(QWidget):
    """An editable model combo box with an error line, and a "Search Replicate…" box."""

    model_changed = Signal(str)  # a valid reference, each time the text becomes one
    validity_changed = Signal(bool)

    def __init__(
        self, model: str, client: ReplicateClient | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._searches = OwnedTasks("the model search")  # the latest one runs, older end
        self._closed = False
        self._error = ""
        self._build()
        self.combo.editTextChanged.connect(self._on_text_changed)
        self.set_model(model)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setItemDelegate(_CatalogDelegate(self.combo))
        for entry in CHAT_MODELS:
            self.combo.addItem(entry.ref)
            row = self.combo.count() - 1
            self.combo.setItemData(row, entry.label, LABEL_ROLE)
            self.combo.setItemData(row, entry.label, Qt.ItemDataRole.ToolTipRole)
        self.combo.setAccessibleName(self.tr("Model"))
        self.combo.setToolTip(
            self.tr("The model that answers: pick one, or type any owner/name[:version]")
        )
        line_edit = self.combo.lineEdit()
        if line_edit is not None:  # what screen readers meet when the name is typed
            line_edit.setAccessibleName(self.tr("Model name"))
            line_edit.setToolTip(self.combo.toolTip())
        # Typing "llama" offers every catalogue model whose name contains it.
        completer = self.combo.completer()
        if completer is not None:
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        layout.addWidget(self.combo)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        show_as_error(self.error_label)
        self.error_label.setAccessibleName(self.tr("Model name problem"))
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Search Replicate…"))
        self.search_edit.setClearButtonEnabled(True)
        for button in self.search_edit.findChildren(QToolButton):  # Qt's own clear button
            button.setAccessibleName(self.tr("Clear the search"))
            button.setToolTip(self.tr("Clear the search"))
        self.search_edit.setAccessibleName(self.tr("Search Replicate's models"))
        if self._client is None:
            self.search_edit.setEnabled(False)
            self.search_edit.setToolTip(
                self.tr("Connect a Replicate API token to search Replicate's models")
            )
        else:
            self.search_edit.setToolTip(
                self.tr("Search Replicate's chat models by name, description or tag")
            )
        self.search_edit.textChanged.connect(self._on_query_changed)
        self.search_edit.installEventFilter(self)
        layout.addWidget(self.search_edit)

        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setToolTip(self.tr("Click a model to use it"))
        self.results.setMaximumHeight(160)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setUniformItemSizes(True)
        self.results.setVisible(False)
        self.results.itemClicked.connect(self._pick)
        self.results.itemActivated.connect(self._pick)
        self.results.installEventFilter(self)
        layout.addWidget(self.results)

        self.search_status = QLabel(self)
        self.search_status.setWordWrap(True)
        self.search_status.setAccessibleName(self.tr("Search status"))
        self.search_status.setVisible(False)
        layout.addWidget(self.search_status)

    # -- the model name ------------------------------------------------------------------------

    def text(self) -> str:
        return self.combo.currentText()

    def model(self) -> str | None:
        """The valid reference typed or picked, or None while the text is not one."""
        try:
            return validate_model(self.text())
        except ValueError:
            return None

    def error(self) -> str:
        return self._error

    def is_valid(self) -> bool:
        return not self._error

    def set_model(self, model: str) -> None:
        """Show `model` (a catalogue entry is selected, anything else is typed in)."""
        index = self.combo.findText(model)
        with QSignalBlocker(self.combo):  # one change below, not one per step
            if index >= 0:
                self.combo.setCurrentIndex(index)
            self.combo.setEditText(model)
        self._on_text_changed(model)

    def _on_text_changed(self, text: str) -> None:
        try:
            model = validate_model(text)
        except ValueError as error:
            model, message = None, str(error)
        else:
            message = ""
        was_valid = self.is_valid()
        self._error = message
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.combo.setAccessibleDescription(message)
        if was_valid != self.is_valid():
            self.validity_changed.emit(self.is_valid())
        if model is not None:
            self.model_changed.emit(model)

    # -- search --------------------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        return len(self._searches) > 0

    def search(self, query: str, delay: float = SEARCH_DELAY) -> None:
        """Search for `query` after `delay` seconds, replacing any search under way."""
        self._searches.cancel_now()
        query = query.strip()
        if not query or self._client is None or self._closed:
            self.results.clear()
            self.results.setVisible(False)
            self._show_search_status("")
            return
        self._searches.spawn(self._search(self._client, query, delay), name="settings-model-search")

    def _on_query_changed(self, text: str) -> None:
        self.search(text)

    async def _search(self, client: ReplicateClient, query: str, delay: float) -> None:
        await asyncio.sleep(delay)
        self._show_search_status(self.tr("Searching…"))
        try:
            found = await client.search_models(query, SEARCH_LIMIT, chat_only=True)
        except ProviderError as error:
            self.results.clear()
            self.results.setVisible(False)
            self._show_search_status(str(error))
            return
        self._show_results(query, found)

    def _show_results(self, query: str, found: list[ModelInfo]) -> None:
        self.results.clear()
        for info in found:
            official = self.tr(" (official)") if info.is_official else ""
            summary = info.description if len(info.description) <= 70 else info.description[:69]
            text = f"{info.ref}{official}"
            if summary:
                text += f" — {summary}" + ("…" if summary != info.description else "")
            item = QListWidgetItem(text, self.results)
            item.setData(REF_ROLE, info.ref)
            item.setToolTip(info.description or info.ref)
        self.results.setVisible(bool(found))
        self._show_search_status(
            "" if found else self.tr("No chat models match “%s”.") % query[:60]
        )

    def _show_search_status(self, text: str) -> None:
        self.search_status.setText(text)
        self.search_status.setVisible(bool(text))

    def result_refs(self) -> list[str]:
        """The references listed by the last search, in order."""
        return [str(self.results.item(i).data(REF_ROLE)) for i in range(self.results.count())]

    def _pick(self, item: QListWidgetItem) -> None:
        ref = item.data(REF_ROLE)
        if isinstance(ref, str) and ref:
            self.set_model(ref)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter searches (or picks) instead of accepting the dialog; Down goes to the list."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if watched is self.search_edit and enter:
                self.search(self.search_edit.text(), delay=0)
                return True
            if watched is self.search_edit and key == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                self.results.setCurrentRow(0)
                return True
            if watched is self.results and enter:
                item = self.results.currentItem()
                if item is not None:
                    self._pick(item)
                return True
        return super().eventFilter(watched, event)

    def stop(self) -> None:
        """Cancel a search under way (it ends at the loop's next turn); no search starts again."""
        self._closed = True
        self._searches.cancel_now()

    async def aclose(self) -> None:
        """Cancel a search under way and wait for it to end; no search starts afterwards."""
        self.stop()
        await self._searches.cancel()
