"""The context window through the real window and the stand-in: the gauge, trimming and its
marker, the per-conversation rule, what is learned, and recovery from a prompt that is too long."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from gui.chat.gauge import WARNING_COLOURS
from gui.config.settings import AppSettings, load_settings
from gui.store.conversations import ConversationStore
from gui.store.records import COMPLETE, FAILED
from gui.window.layout import WindowWidgets
from gui.window.main_window import MainWindow
from provider.standin import StandIn
from provider.standin.prediction import count_tokens
from tests.gui.helpers import choose_model, send, stored, wait_until

SMALL = "standin/small-context-chat"  # reads 1,024 tokens; unknown to the app's table
SMALL_MESSAGES = "standin/small-context-messages"  # reads 4,096 tokens; takes `messages`


def question(number: int, size: int) -> str:
    """A question of about `size` words that names its number, so a request shows which went."""
    return f"Question {number}: " + " ".join(f"river{number}" for _ in range(size))


async def gauge_settles(window: MainWindow) -> str:
    """The gauge's text once the draft and the history have been counted again."""
    await wait_until(lambda: not window.meter.counting, 5, "the gauge to count")
    return window.widgets.gauge.text()


async def saved_settings(window: MainWindow) -> tuple[AppSettings, list[str]]:
    """The settings file once what the replies taught has been written (a few seconds after a
    burst of replies, not after each)."""
    await wait_until(lambda: not window.meter._save_timer.isActive(), 10, "the settings save")
    return load_settings(window.context.paths.settings_file)


async def set_in_settings(window: MainWindow, *, context_window: int, turns: int | None) -> None:
    """Settings → Context, as a person sets it, then OK."""
    window.commands.settings_action.trigger()
    dialog = window.dialogs.settings_dialog
    assert dialog is not None
    await wait_until(lambda: not dialog.loading, 10, "the model's parameters")
    form = dialog.context_form
    form.window_spin.setValue(context_window)
    form.history_combo.setCurrentIndex(0 if turns is None else 1)
    if turns is not None:
        form.turns_spin.setValue(turns)
    await wait_until(dialog.ok_button.isEnabled, 10, "the dialog to accept")
    dialog.ok_button.click()
    await wait_until(lambda: window.dialogs.settings_dialog is None, 10, "the dialog to close")
    await wait_until(lambda: not window.dialogs.winding_down, what="the dialog to finish closing")


async def test_the_gauge_shows_the_window_and_follows_the_draft(window: MainWindow) -> None:
    gauge = window.widgets.gauge
    assert (await gauge_settles(window)).endswith("of 8k tokens")  # Llama 3 70B: 8,192
    assert gauge.isVisible() and not gauge.warning
    assert "8,192" in gauge.toolTip() or QLocale().toString(8192) in gauge.toolTip()
    assert "Meta" in gauge.toolTip()
    empty = gauge.reading
    assert empty is not None
    window.composer.set_text(" ".join(["estuary"] * 3000))
    text = await gauge_settles(window)
    assert gauge.reading is not None and gauge.reading.tokens > empty.tokens + 3000
    assert text.startswith("≈ ") and gauge.warning  # most of the window: the warning colour
    warning = QColor(WARNING_COLOURS[False]), QColor(WARNING_COLOURS[True])
    assert gauge.palette().color(QPalette.ColorRole.WindowText) in warning
    window.composer.set_text("")
    await gauge_settles(window)
    assert not gauge.warning


async def test_many_long_questions_to_a_small_model_all_get_answers(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, SMALL_MESSAGES)
    await set_in_settings(window, context_window=4096, turns=None)
    assert window.context.settings.models.window(SMALL_MESSAGES).tokens == 4096  # type: ignore[union-attr]
    # What the dialog's OK sends with a system prompt written for new conversations.
    geographer = dataclasses.replace(window.effective_settings(), system_prompt="Be a geographer.")
    window.dialogs.settings_accepted.emit(geographer, "defaults")
    sent_per_question = []
    for number in range(1, 13):
        await send(window, question(number, 300))
        request = list(standin.predictions.values())[-1].input
        history = [(m.role, m.content) for m in window.store.messages(window.shown.id)]  # type: ignore[arg-type]
        messages = request["messages"]
        # Exactly: the system prompt, then the stored conversation's newest messages in order,
        # beginning with a question and ending with the one just asked.
        assert messages[0] == {"role": "system", "content": "Be a geographer."}
        tail = history[-len(messages) : -1]  # the answer being written is not history
        assert [(m["role"], m["content"]) for m in messages[1:]] == tail
        assert tail[0][0] == "user" and tail[-1] == ("user", question(number, 300))
        assert count_tokens(request) <= 4096 - 1024  # room was kept for the reply
        sent_per_question.append(len(messages) - 1)
    assert [status for _, _, status in stored(window)] == [COMPLETE] * 24
    assert len(standin.predictions) == 12  # no request failed and none was sent twice
    assert sent_per_question[:3] == [1, 3, 5]  # everything, while it fits...
    assert sent_per_question[-1] < 23  # ...then the oldest turns are left out
    # The view marks where the next message's history begins, at a question.
    await gauge_settles(window)
    reading = window.widgets.gauge.reading
    assert reading is not None and reading.trimmed
    rows = window.view.rows
    assert rows.marked_row is not None
    assert rows.messages[rows.marked_row].id == reading.first_sent_id
    window.view.reveal(reading.first_sent_id)  # it may be screens above the newest
    column = window.view.scroll_area
    assert column.marker.isVisible() and column.marked is not None
    assert column.marked.message_id == reading.first_sent_id  # type: ignore[attr-defined]
    assert window.view.message_text(reading.first_sent_id).startswith("Question ")
    calibration = window.context.settings.models.calibration_for(SMALL_MESSAGES)
    assert calibration.samples == 12
    saved, _ = await saved_settings(window)
    assert saved.models.window(SMALL_MESSAGES).tokens == 4096  # type: ignore[union-attr]
    assert saved.models.calibration_for(SMALL_MESSAGES).samples == 12


async def test_the_calibrated_estimate_comes_close_to_the_models_count(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, SMALL_MESSAGES)
    for number in range(1, 5):
        await send(window, question(number, 40) + ", with some punctuation: (a, b; c).")
    memory = window.context.settings.models
    ratio = memory.calibration_for(SMALL_MESSAGES).ratio
    assert ratio != 1.0  # the stand-in counts otherwise than the estimate
    next_request = window.session.planner.plan(
        window.shown.id,  # type: ignore[arg-type]
        window.store.messages(window.shown.id),  # type: ignore[arg-type]
        window.effective_settings(),
    )
    counted = count_tokens({"messages": next_request.history})
    assert abs(next_request.tokens - counted) / counted < 0.15


async def test_a_system_prompt_always_goes_and_the_last_n_turns_rule_holds(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, SMALL_MESSAGES)
    await send(window, "first")
    await set_in_settings(window, context_window=0, turns=2)  # this conversation only
    # What the dialog's OK sends when a system prompt is written for this conversation.
    brief = dataclasses.replace(window.effective_settings(), system_prompt="Be brief.")
    window.dialogs.settings_accepted.emit(brief, "conversation")
    await send(window, "second")
    await send(window, "third")
    last = list(standin.predictions.values())[-1].input["messages"]
    assert [m["role"] for m in last] == ["system", "user", "assistant", "user"]
    assert last[0]["content"] == "Be brief."
    assert (last[1]["content"], last[3]["content"]) == ("second", "third")
    assert window.effective_settings().history_turns == 2
    assert window.context.settings.defaults.history_turns is None  # the conversation's own


async def test_a_prompt_too_long_is_explained_and_a_shorter_retry_answers(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, SMALL)
    await send(window, question(1, 400))
    await send(window, question(2, 400))  # with the first turn, longer than 1,024 tokens
    failed = stored(window)[-1]
    assert failed[2] == FAILED
    answer_id = window.store.messages(window.shown.id)[-1].id  # type: ignore[arg-type]
    error = window.view.message_widget(answer_id).error
    assert error is not None and error.action == "shorter"
    limit = QLocale().toString(1024)
    assert f"longer than small-context-chat can read ({limit} tokens)" in error.text
    widget = window.view.message_widget(answer_id)
    assert widget.error_button is not None
    assert widget.error_button.text() == "Retry with a shorter history"
    assert window.context.settings.models.window(SMALL).tokens == 1024  # type: ignore[union-attr]
    saved, _ = await saved_settings(window)
    assert saved.models.learned == {SMALL: 1024}

    widget.error_button.click()
    await wait_until(lambda: not window.session.busy, 15, "the retry to finish")
    assert [status for _, _, status in stored(window)] == [COMPLETE] * 4
    retry = list(standin.predictions.values())[-1]
    assert retry.status == "succeeded"
    assert "river1" not in retry.input["prompt"] and "river2" in retry.input["prompt"]
    assert window.view.scroll_area.marked is not None  # the first turn is marked as not sent


def test_the_demo_offers_the_small_window_models(tmp_path: Path, qtbot: QtBot) -> None:
    store = ConversationStore.open(tmp_path / "store.sqlite3")
    try:
        for demo, expected in ((True, {SMALL, SMALL_MESSAGES}), (False, set())):
            combo = WindowWidgets(store, demo).model_combo
            qtbot.addWidget(combo)
            offered = {combo.itemData(index) for index in range(combo.count())}
            assert offered & {SMALL, SMALL_MESSAGES} == expected
    finally:
        store.close()


async def test_a_failure_to_learn_never_costs_the_reply(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("a bug in the planner")

    monkeypatch.setattr(window.session.planner, "measured", broken)
    await send(window, "Still answered?")
    assert [status for _, _, status in stored(window)] == [COMPLETE, COMPLETE]
    assert not window.session.busy
