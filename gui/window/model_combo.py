"""The toolbar's model picker: the provider's catalogue, or any `owner/name[:version]` typed in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from provider import CHAT_MODELS, ConfigurationError, parse_model_ref


class ModelCombo(QComboBox):
    """An editable combo box; emits `model_chosen` with a valid reference, or `invalid_model`."""

    model_chosen = Signal(str)
    invalid_model = Signal(str)  # a sentence saying what is wrong with the typed name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(32)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip(self.tr("The model that answers: pick one, or type owner/name[:version]"))
        self.setAccessibleName(self.tr("Model"))
        for model in CHAT_MODELS:
            self.addItem(model.label, model.ref)
            self.setItemData(self.count() - 1, model.ref, Qt.ItemDataRole.ToolTipRole)
        self._current = ""
        self.activated.connect(self._on_activated)
        line_edit = self.lineEdit()
        if line_edit is not None:
            line_edit.editingFinished.connect(self._on_edited)

    def add_models(self, models: list[tuple[str, str]]) -> None:
        """More models to offer, as (reference, label), after a separator."""
        self.insertSeparator(self.count())
        for ref, label in models:
            self.addItem(label, ref)
            self.setItemData(self.count() - 1, ref, Qt.ItemDataRole.ToolTipRole)

    def current_model(self) -> str:
        return self._current

    def set_model(self, model: str) -> None:
        """Show `model` without emitting model_chosen."""
        self._current = model
        index = self.findData(model)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(model)

    def _on_activated(self, index: int) -> None:
        self._choose(str(self.itemData(index)))

    def _on_edited(self) -> None:
        text = self.currentText().strip()
        index = self.findText(text) if text else -1  # "" would find the separator
        self._choose(str(self.itemData(index)) if index >= 0 else text)

    def _choose(self, text: str) -> None:
        if text == self._current:
            return
        try:
            parse_model_ref(text)
        except ConfigurationError as error:
            self.invalid_model.emit(str(error))
            self.set_model(self._current)
            return
        self.set_model(text)
        self.model_chosen.emit(text)
