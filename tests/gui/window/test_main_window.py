"""The whole window against the Replicate stand-in: send, stream, stop, fail, retry, edit, quit."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QToolButton

import gui.export.flow
from gui.config.settings import load_settings
from gui.config.token_store import TokenStore
from gui.store.conversations import ConversationStore
from gui.store.records import COMPLETE, FAILED, STOPPED
from gui.theme.scheme import ThemeController
from gui.window.main_window import MainWindow
from provider.standin import Scenario, StandIn, demo_reply
from tests.gui.helpers import choose_model, click_conversation, send, stored, wait_until

MODEL = "meta/meta-llama-3-70b-instruct"


async def test_a_message_streams_into_the_view_and_the_store(window: MainWindow) -> None:
    await send(window, "Hello there")
    answer = demo_reply("Hello there", MODEL)
    assert stored(window) == [("user", "Hello there", COMPLETE), ("assistant", answer, COMPLETE)]
    assert window.view.last_answer_text() == answer
    conversations = window.store.list_conversations()
    assert [c.title for c in conversations] == ["Hello there"]
    assert window.sidebar.current_id() == conversations[0].id
    assert window.composer.text() == ""


async def test_the_whole_history_goes_with_each_message(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "First question")
    await send(window, "Second question")
    creations = [r for r in standin.requests if r.method == "POST" and "predictions" in r.path]
    prompt = json.dumps(creations[-1].json["input"])
    assert "First question" in prompt and "Second question" in prompt
    assert "Offline demo reply" in prompt  # the first answer is part of the history


async def test_enter_sends_and_focus_returns_to_the_composer(
    window: MainWindow, qtbot: object
) -> None:
    window.composer.set_text("Typed and sent with Enter")
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    await wait_until(lambda: window.session.busy or bool(window.store.list_conversations()))
    await wait_until(lambda: not window.session.busy, 15)
    assert stored(window)[0] == ("user", "Typed and sent with Enter", COMPLETE)
    assert QGuiApplication.focusObject() is window.composer.editor


async def test_stop_keeps_the_partial_answer_and_cancels_the_prediction(
    window: MainWindow, standin: StandIn
) -> None:
    standin.queue(Scenario(chunks=[f"word{i} " for i in range(400)], chunk_delay=0.01))
    window.send_message("Talk for a while")
    await wait_until(lambda: len(window.session.current_text()) > 30, 10, "some text")
    window.stop_reply()
    await wait_until(lambda: not window.session.busy, 10, "the stop")
    _role, content, status = stored(window)[1]
    assert status == STOPPED and content.startswith("word0 word1 ")
    assert window.view.message_text(window.store.messages(1)[1].id) == content
    prediction = next(iter(standin.predictions.values()))
    await wait_until(lambda: prediction.cancel_requests > 0, 5, "a cancel on the stand-in")
    assert not window.composer.is_streaming()


async def test_a_streaming_answer_is_saved_while_it_grows(
    window: MainWindow, standin: StandIn
) -> None:
    standin.queue(Scenario(chunks=[f"t{i} " for i in range(200)], chunk_delay=0.03))
    window.send_message("Slow please")
    await wait_until(lambda: window.session.busy and len(window.session.current_text()) > 0)
    # The autosave (once a second) puts the text so far in the store while it still streams.
    await wait_until(lambda: window.store.messages(1)[1].content, 10, "the first autosave")
    reply = window.store.messages(1)[1]
    assert reply.status == "streaming" and reply.content.startswith("t0 t1 ")
    assert window.session.busy
    await window.session.stop()


async def test_text_before_a_pause_is_saved_during_the_pause(
    window: MainWindow, standin: StandIn
) -> None:
    # Saves used to ride on the next token: a model that paused kept its text unsaved (and a
    # kill during the pause lost it) however long the pause lasted.
    standin.queue(Scenario(chunks=["Before ", "the pause", " after"], silence_after=2, silence=4))
    window.send_message("Think first")
    await wait_until(lambda: window.session.current_text() == "Before the pause", 5)
    await wait_until(lambda: window.store.messages(1)[1].content == "Before the pause", 2.5)
    assert window.session.busy, "still in the pause"
    await window.session.stop()


async def test_cold_boot_status_then_metrics(window: MainWindow, standin: StandIn) -> None:
    standin.queue(
        Scenario(
            chunks=["Hi", "!"],
            boot_delay=0.6,
            metrics={"time_to_first_token": 0.61, "tokens_per_second": 42.5},
        )
    )
    seen: list[str] = []
    window.session.status_changed.connect(seen.append)
    await send(window, "Boot")
    assert "Starting model (cold boot)…" in seen
    assert "0.61 s to first token" in window.widgets.status_label.text()
    assert "42.5 tokens/s" in window.widgets.status_label.text()


@pytest.mark.parametrize(
    ("status", "action"), [(401, "token"), (402, "billing"), (500, "retry"), (429, "retry")]
)
async def test_a_failure_shows_inline_with_its_action_and_keeps_the_question(
    window: MainWindow, standin: StandIn, status: int, action: str
) -> None:
    standin.queue(Scenario(create_status=status, create_failures=10))
    await send(window, "Will this fail?")
    standin.clear_queue()
    (user, reply) = stored(window)
    assert user == ("user", "Will this fail?", COMPLETE)
    assert reply[2] == FAILED
    error = window.view.message_widget(window.store.messages(1)[1].id).error
    assert error is not None and error.action == action
    if action == "token":
        assert window.dialogs.token_dialog is not None
        window.dialogs.token_dialog.reject()


async def test_retry_after_a_server_error_then_works(window: MainWindow, standin: StandIn) -> None:
    standin.queue(Scenario(create_status=500, create_failures=10))
    await send(window, "Again?")
    standin.clear_queue()
    failed = window.store.messages(1)[1]
    window.versions.regenerate(failed.id)
    await wait_until(lambda: not window.session.busy, 15)
    assert stored(window) == [
        ("user", "Again?", COMPLETE),
        ("assistant", demo_reply("Again?", MODEL), COMPLETE),
    ]
    assert len(window.store.tree.siblings(failed.id)) == 2  # the failure is a version too


async def test_error_mid_reply_keeps_what_arrived(window: MainWindow, standin: StandIn) -> None:
    standin.queue(Scenario(chunks=["Part", " one", " two", " three"], error_after=2))
    await send(window, "Break")
    assert stored(window)[1] == ("assistant", "Part one", FAILED)
    assert window.view.message_text(window.store.messages(1)[1].id) == "Part one"
    await send(window, "Next one works")
    assert stored(window)[-1][2] == COMPLETE


async def test_regenerate_and_edit_and_resend(window: MainWindow) -> None:
    await send(window, "One")
    await send(window, "Two")
    last = window.store.messages(1)[-1]
    window.versions.regenerate(last.id)
    await wait_until(lambda: not window.session.busy, 15)
    assert [m[1] for m in stored(window)][:3] == ["One", demo_reply("One", MODEL), "Two"]
    assert len(stored(window)) == 4
    assert len(window.store.tree.siblings(last.id)) == 2  # the old answer stays, as a version
    first_question = window.store.messages(1)[0]
    window.versions.edit(first_question.id, "Uno")
    await wait_until(lambda: not window.session.busy, 15)
    assert stored(window) == [
        ("user", "Uno", COMPLETE),
        ("assistant", demo_reply("Uno", MODEL), COMPLETE),
    ]
    assert len(window.store.tree.siblings(first_question.id)) == 2


async def test_model_picker_sets_the_conversation_model(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "Hi")
    window.model_combo.set_model(MODEL)
    choose_model(window, "meta/meta-llama-3-8b-instruct")
    assert window.store.list_conversations()[0].model == "meta/meta-llama-3-8b-instruct"
    await send(window, "Hi again")
    creations = [r for r in standin.requests if r.method == "POST" and "predictions" in r.path]
    assert "meta-llama-3-8b-instruct" in creations[-1].path
    choose_model(window, "not a model")
    assert window.store.list_conversations()[0].model == "meta/meta-llama-3-8b-instruct"
    assert "not a Replicate model name" in window.widgets.status_label.text()


async def test_copy_last_answer_shortcut_copies_raw_markdown(window: MainWindow) -> None:
    await send(window, "Copy me")
    QGuiApplication.clipboard().clear()
    window.commands.copy_answer_action.trigger()
    assert QGuiApplication.clipboard().text() == demo_reply("Copy me", MODEL)


async def test_export_from_the_menu_writes_the_file_off_the_gui_thread(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await send(window, "Export this")
    writers: list[int] = []
    real_write = gui.export.flow.write_atomically

    def write_and_note_the_thread(path: Path, text: str) -> None:
        writers.append(threading.get_ident())
        real_write(path, text)

    monkeypatch.setattr(gui.export.flow, "write_atomically", write_and_note_the_thread)
    window.commands.export_all_md_action.trigger()
    dialog = window.exports.dialog
    assert dialog is not None, "File → Export all opens a save dialog"
    target = tmp_path / "out.md"
    dialog.selectFile(str(target))
    dialog.accept()
    await wait_until(
        lambda: "Exported to" in window.widgets.status_label.text(), 10, "the export to end"
    )
    text = target.read_text(encoding="utf-8")
    assert "Export this" in text and demo_reply("Export this", MODEL) in text
    assert writers and writers[0] != threading.get_ident(), "written on a worker thread"
    assert window.exports.dialog is None


async def test_an_export_that_cannot_be_written_says_so(window: MainWindow, tmp_path: Path) -> None:
    await send(window, "Export this")
    target = tmp_path / "missing-folder" / "out.json"
    assert not await window.exports.export_to(None, "json", target)
    assert "Export failed" in window.widgets.status_label.text()
    assert not target.exists()


async def test_new_chat_and_switching_conversations(window: MainWindow) -> None:
    await send(window, "In the first chat")
    window.commands.new_action.trigger()
    assert window.view.last_answer_text() is None
    await send(window, "In the second chat")
    titles = [c.title for c in window.store.list_conversations()]
    assert titles == ["In the second chat", "In the first chat"]
    first = window.store.list_conversations()[1]
    click_conversation(window, first.id)
    assert window.view.last_answer_text() == demo_reply("In the first chat", MODEL)


async def test_no_token_opens_the_token_dialog_and_keeps_the_text(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REPLICATE_API_TOKEN")
    window.context.token_store = TokenStore(environ={})
    window.composer.set_text("No token yet")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert window.dialogs.token_dialog is not None
    assert window.composer.text() == "No token yet"
    assert window.store.list_conversations() == []
    window.dialogs.token_dialog.reject()


async def test_quit_stops_the_reply_saves_it_and_closes_the_store(
    window: MainWindow, standin: StandIn
) -> None:
    standin.queue(Scenario(chunks=[f"w{i} " for i in range(500)], chunk_delay=0.01))
    window.send_message("Long one")
    await wait_until(lambda: len(window.session.current_text()) > 10)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    window.commands.quit_action.trigger()
    await asyncio.wait_for(closed.wait(), 10)
    assert not window.isVisible()
    store = ConversationStore.open(window.context.paths.store_file)
    try:
        reply = store.messages(1)[1]
        assert reply.status == STOPPED and reply.content.startswith("w0 w1 ")
    finally:
        store.close()


async def test_unexpected_errors_are_shown_not_fatal(window: MainWindow) -> None:
    from gui.app import crash

    try:
        raise RuntimeError("boom with r8_SecretTokenValue1234567890abcdef")
    except RuntimeError as error:
        crash.excepthook(type(error), error, error.__traceback__)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes, "an error dialog is shown"
    assert "r8_SecretTokenValue" not in boxes[-1].informativeText()
    assert "boom" in boxes[-1].informativeText()
    boxes[-1].close()


@pytest.fixture
def theme(
    window: MainWindow, controller: Callable[[str], ThemeController]
) -> Iterator[ThemeController]:
    """The app's real theme controller on the window; the app's look is put back afterwards."""
    window.context.theme = controller("light")
    yield window.context.theme
    window.context.theme = None


async def test_the_appearance_chosen_in_settings_applies_and_is_kept(
    window: MainWindow, theme: ThemeController
) -> None:
    window.commands.settings_action.trigger()
    dialog = window.dialogs.settings_dialog
    assert dialog is not None
    assert (dialog.theme(), dialog.language()) == ("system", "system")  # from the settings
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ru"))
    await wait_until(dialog.ok_button.isEnabled, 10, "the dialog to accept")
    dialog.ok_button.click()
    await wait_until(lambda: window.dialogs.settings_dialog is None, 10, "the dialog to close")
    assert theme.choice() == "dark" and theme.is_dark()  # at once
    assert (window.context.settings.theme, window.context.settings.language) == ("dark", "ru")
    saved, _warnings = load_settings(window.context.paths.settings_file)
    assert (saved.theme, saved.language) == ("dark", "ru")
    assert "The language changes the next time Replicate Chat starts." in window.notices.texts()

    # The theme alone: no word about the language.
    for notice_close in window.notices.findChildren(QToolButton):
        notice_close.click()
    window.preferences.apply_appearance("light", "ru")
    assert theme.choice() == "light"
    assert window.notices.texts() == []
    # The dialog's client closes inside the loop (pytest-qt runs Qt events after the test).
    await wait_until(lambda: not window.dialogs.winding_down, what="the dialog to finish closing")


async def test_scrolling_up_loads_a_long_conversation_page_by_page(window: MainWindow) -> None:
    from gui.window.conversation import PAGE_SIZE

    conversation = window.store.create_conversation("Long")
    ids = [
        window.store.add_message(conversation.id, "user" if n % 2 == 0 else "assistant", f"m{n}").id
        for n in range(2 * PAGE_SIZE + 5)
    ]
    window.open_conversation(conversation.id)
    assert window.view.message_ids() == ids[-PAGE_SIZE:]
    bar = window.view.scroll_area.verticalScrollBar()
    loaded = [len(window.view.message_ids())]

    def at_the_top_all_loaded() -> bool:
        bar.setValue(0)  # the person goes on scrolling up: each page loads as the top nears
        loaded.append(len(window.view.message_ids()))
        return window.view.message_ids() == ids

    await wait_until(at_the_top_all_loaded, 10, "every page")
    assert {PAGE_SIZE, 2 * PAGE_SIZE} <= set(loaded)  # page by page, in order
    assert window.store.get_message(ids[0]) is not None
    assert window.store.get_message(ids[-1] + 1000) is None
