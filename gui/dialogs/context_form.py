"""The settings dialog's "Context" box: the model's context window, and how much history goes
with each message.

The window is the model's (every conversation that uses it); the history rule follows the
dialog's "Apply to" choice like the other generation settings.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from gui.config.model_memory import MAX_WINDOW, MIN_WINDOW, SET, ModelMemory
from gui.config.settings import MAX_HISTORY_TURNS

EVERYTHING, LAST_TURNS = 0, 1  # the history combo's rows


class ContextForm(QGroupBox):
    def __init__(
        self, memory: ModelMemory | None, history_turns: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Context"), parent)
        self._memory = memory or ModelMemory()
        self._model = ""
        form = QFormLayout(self)

        self.window_spin = QSpinBox(self)
        self.window_spin.setRange(0, MAX_WINDOW)
        self.window_spin.setSingleStep(1024)
        self.window_spin.setSpecialValueText(self.tr("Automatic"))
        self.window_spin.setSuffix(self.tr(" tokens"))
        self.window_spin.setGroupSeparatorShown(True)
        _describe(
            self.window_spin,
            self.tr("Context window"),
            self.tr(
                "How many tokens this model reads, for every conversation that uses it. "
                "Automatic uses the figure below."
            ),
        )
        self.window_note = QLabel(self)
        self.window_note.setWordWrap(True)
        self.window_note.setAccessibleName(self.tr("Known context window"))
        window_label = QLabel(self.tr("Context &window"), self)
        window_label.setBuddy(self.window_spin)
        form.addRow(window_label, self.window_spin)
        form.addRow("", self.window_note)

        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.history_combo = QComboBox(row)
        self.history_combo.addItem(self.tr("Everything that fits"))
        self.history_combo.addItem(self.tr("Only the last turns"))
        self.history_combo.setAccessibleName(self.tr("History sent"))
        self.history_combo.setToolTip(
            self.tr(
                "Which earlier messages go with a new one: the newest that fit the model's "
                "context window, or at most a number of turns (a question and its answer; the "
                "question being sent counts as one)"
            )
        )
        self.turns_spin = QSpinBox(row)
        self.turns_spin.setRange(1, MAX_HISTORY_TURNS)
        self.turns_spin.setValue(history_turns or 10)
        _describe(
            self.turns_spin,
            self.tr("Turns sent"),
            self.tr("How many turns, the newest, go with each message"),
        )
        line.addWidget(self.history_combo, 1)
        line.addWidget(self.turns_spin)
        history_label = QLabel(self.tr("&History sent"), self)
        history_label.setBuddy(self.history_combo)
        form.addRow(history_label, row)
        self.history_combo.currentIndexChanged.connect(self._show_turns)
        self.history_combo.setCurrentIndex(EVERYTHING if history_turns is None else LAST_TURNS)
        self._show_turns()

    def _show_turns(self) -> None:
        self.turns_spin.setEnabled(self.history_combo.currentIndex() == LAST_TURNS)

    def set_model(self, model: str) -> None:
        """Show `model`'s window: the person's own value in the box, what is known below."""
        self._model = model
        known = self._memory.window(model, own=False)
        own = self._memory.window(model)
        self.window_spin.setValue(own.tokens if own is not None and own.origin == SET else 0)
        if known is None:
            self.window_note.setText(
                self.tr(
                    "Not known for this model: everything is sent until the model says the "
                    "conversation is too long, and the app then remembers its limit."
                )
            )
        else:
            self.window_note.setText(
                self.tr("Automatic: {tokens} tokens ({source}).").format(
                    tokens=QLocale().toString(known.tokens), source=known.source
                )
            )

    def window(self) -> int | None:
        """The person's value for the model's window, or None for automatic."""
        value = self.window_spin.value()
        return None if value == 0 else max(value, MIN_WINDOW)

    def history_turns(self) -> int | None:
        if self.history_combo.currentIndex() == EVERYTHING:
            return None
        return self.turns_spin.value()


def _describe(spin: QSpinBox, name: str, tip: str) -> None:
    """Name and tooltip on the box and on the line edit inside it, which takes the focus."""
    for widget in (spin, spin.lineEdit()):
        widget.setAccessibleName(name)
        widget.setToolTip(tip)
