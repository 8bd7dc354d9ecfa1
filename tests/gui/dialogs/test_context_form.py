"""The settings dialog's Context box (gui/dialogs/context_form.py): the model's window, and how
much history goes with a message."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from gui.config.model_memory import ModelMemory
from gui.config.settings import GenerationSettings
from gui.dialogs.context_form import ContextForm
from gui.dialogs.settings import SettingsDialog

LLAMA = "meta/meta-llama-3-70b-instruct"


def form(qtbot: QtBot, memory: ModelMemory, turns: int | None = None) -> ContextForm:
    widget = ContextForm(memory, turns)
    qtbot.addWidget(widget)
    return widget


def test_a_known_model_shows_its_window_and_source(qtbot: QtBot) -> None:
    context = form(qtbot, ModelMemory())
    context.set_model(LLAMA)
    assert context.window_spin.value() == 0
    assert context.window_spin.text() == "Automatic"
    assert QLocale().toString(8192) in context.window_note.text()
    assert "Meta" in context.window_note.text()
    assert context.window() is None
    context.set_model("someone/unknown")
    assert "Not known for this model" in context.window_note.text()


def test_the_persons_own_window_is_shown_and_read_back(qtbot: QtBot) -> None:
    memory = ModelMemory()
    memory.set_window(LLAMA, 6000)
    memory.learn_limit(LLAMA, 4096)
    context = form(qtbot, memory)
    context.set_model(LLAMA)
    assert context.window_spin.value() == 6000
    # What applies without the person's value:
    assert QLocale().toString(4096) in context.window_note.text()
    context.window_spin.setValue(100)
    assert context.window() == 256  # no model reads less
    context.window_spin.setValue(0)
    assert context.window() is None


def test_the_history_rule_is_everything_or_the_last_turns(qtbot: QtBot) -> None:
    everything = form(qtbot, ModelMemory())
    assert everything.history_turns() is None and not everything.turns_spin.isEnabled()
    last = form(qtbot, ModelMemory(), turns=4)
    assert last.history_turns() == 4 and last.turns_spin.isEnabled()
    last.history_combo.setCurrentIndex(0)
    assert last.history_turns() is None and not last.turns_spin.isEnabled()


def test_ok_reports_the_window_and_keeps_the_rule_in_the_settings(qtbot: QtBot) -> None:
    dialog = SettingsDialog(
        GenerationSettings(model=LLAMA, history_turns=3),
        client_factory=lambda: None,
        model_memory=ModelMemory(),
    )
    qtbot.addWidget(dialog)
    reported: list[tuple[str, int | None]] = []
    dialog.context_window_accepted.connect(lambda model, tokens: reported.append((model, tokens)))
    assert dialog.context_form.history_turns() == 3
    dialog.context_form.window_spin.setValue(16_384)
    dialog.context_form.turns_spin.setValue(5)
    dialog.accept()
    assert reported == [(LLAMA, 16_384)]
    assert dialog.settings().history_turns == 5
