"""Reasoning through the real window and the stand-in: the thought apart from the answer while
it streams and once stored, folding, copying, the history sent, search, export, the settings'
reasoning controls, and an answer left empty because reasoning took the whole budget."""

from __future__ import annotations

import dataclasses
import json

from PySide6.QtGui import QGuiApplication

from gui.export.formats import export_json, export_markdown
from gui.store.records import COMPLETE, FAILED
from gui.window.main_window import MainWindow
from provider.standin import Scenario, StandIn, demo_reply
from provider.standin.demo import demo_thought
from tests.gui.helpers import choose_model, send, wait_until

R1 = "deepseek-ai/deepseek-r1"


async def test_a_thought_is_shown_folded_apart_and_never_sent_back(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, R1)
    await send(window, "Why is the sky blue?")
    stored = window.store.messages(1)[-1]
    assert stored.status == COMPLETE
    assert stored.content == demo_reply("Why is the sky blue?", R1)  # the answer alone
    thought = demo_thought("Why is the sky blue?").split("</think>")[0]
    assert stored.thinking == thought
    assert isinstance((stored.metrics or {}).get("thinking_seconds"), float)
    widget = window.view.message_widget(stored.id)
    section = widget.thought
    assert section is not None
    assert section.isVisible() and not section.toggle.isChecked()  # folded
    assert section.toggle.text().startswith("Thought for ")
    assert section.toggle.accessibleName().startswith("Thought for ")
    assert not section.body.isVisible()
    section.toggle.click()
    assert section.body.isVisible() and "say so plainly" in section.body.text
    assert section.toggle.isChecked()
    widget.copy_button.click()
    assert QGuiApplication.clipboard().text() == stored.content  # Copy: the answer only
    section.copy_button.click()
    assert QGuiApplication.clipboard().text() == thought.strip("\n")
    # The next question goes without the thought.
    await send(window, "And at sunset?")
    prompt = json.dumps(list(standin.predictions.values())[-1].input)
    assert "say so plainly" not in prompt and "Why is the sky blue?" in prompt
    # Search finds a word of the thought.
    hits = window.store.search("plainly")
    assert {h.message_id for h in hits} == {stored.id, window.store.messages(1)[-1].id}


async def test_thinking_streams_with_a_timer_then_folds_when_the_answer_begins(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, R1)
    chunks = ["Let me", " think about", " it.\n</th", "ink>\n\nIt is", " Rayleigh", " scattering."]
    standin.queue(Scenario(chunks=chunks, chunk_delay=0.4))
    window.composer.set_text("Why?")
    window.composer.button.click()
    await wait_until(lambda: window.session.current_text().startswith("Let me think"), 10)
    widget = window.view.message_widget(window.session.message_id)  # type: ignore[arg-type]
    await wait_until(lambda: widget.thought is not None, 5, "the thought to come")
    thought = widget.thought
    assert thought is not None and thought.isVisible()
    assert thought.thinking and thought.toggle.text().startswith("Thinking…")
    assert thought.toggle.isChecked()  # open while it streams
    assert not widget.body.has_text
    assert widget.status_label.isHidden()  # no "Waiting for the model…": it is thinking
    await wait_until(lambda: widget.body.has_text, 10, "the answer to begin")
    assert not thought.thinking and not thought.toggle.isChecked()
    assert thought.toggle.text().startswith("Thought for ")
    await wait_until(lambda: not window.session.busy, 15)
    stored = window.store.messages(1)[-1]
    assert (stored.thinking, stored.content) == (
        "Let me think about it.\n",
        "It is Rayleigh scattering.",
    )


async def test_a_thought_that_never_closes_is_kept_as_thought(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, R1)
    standin.queue(Scenario(chunks=["Still", " pondering"], error_after=2))
    await send(window, "Hard one")
    stored = window.store.messages(1)[-1]
    assert stored.status == FAILED
    assert (stored.thinking, stored.content) == ("Still pondering", "")


async def test_an_answer_left_empty_by_reasoning_says_which_setting_to_raise(
    window: MainWindow,
) -> None:
    choose_model(window, "openai/gpt-5")
    small_budget = dataclasses.replace(window.effective_settings(), max_tokens=20)
    window.dialogs.settings_accepted.emit(small_budget, "defaults")
    await send(window, "Prove it")
    stored = window.store.messages(1)[-1]
    assert stored.status == FAILED and stored.content == ""
    assert stored.error is not None
    assert "whole token budget on reasoning" in stored.error
    assert "max_completion_tokens" in stored.error


async def test_export_keeps_the_thought_apart(window: MainWindow) -> None:
    choose_model(window, R1)
    await send(window, "Explain")
    markdown = export_markdown(window.store, [1])
    assert "<details>\n<summary>Thinking</summary>" in markdown
    assert markdown.index("say so plainly") < markdown.index("## Offline demo reply")
    [message] = [
        m
        for m in json.loads(export_json(window.store, [1]))["conversations"][0]["messages"]
        if m["role"] == "assistant"
    ]
    assert "say so plainly" in message["thinking"] and "say so plainly" not in message["content"]


async def test_settings_offer_the_reasoning_inputs_a_model_has(window: MainWindow) -> None:
    for model, expected in (
        ("openai/gpt-5", {"reasoning_effort", "verbosity"}),
        ("anthropic/claude-3.7-sonnet", {"extended_thinking", "thinking_budget_tokens"}),
        ("meta/meta-llama-3-70b-instruct", set()),
    ):
        choose_model(window, model)
        window.commands.settings_action.trigger()
        dialog = window.dialogs.settings_dialog
        assert dialog is not None
        await wait_until(lambda: not dialog.loading, 10, "the model's parameters")  # noqa: B023
        form = dialog.reasoning_form
        assert set(form._controls) == expected
        assert form.isVisibleTo(dialog) == bool(expected)
        if model == "openai/gpt-5":
            effort = form._controls["reasoning_effort"]
            effort.setCurrentIndex(effort.findData("high"))  # type: ignore[attr-defined]
            dialog.ok_button.click()
            await wait_until(lambda: window.dialogs.settings_dialog is None, 10)
            assert window.effective_settings().reasoning == {"reasoning_effort": "high"}
        else:
            dialog.reject()
        await wait_until(lambda: not window.dialogs.winding_down, what="the dialog to close")
