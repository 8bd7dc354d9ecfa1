"""The window while a reply streams: what may and may not happen meanwhile, and nothing lost."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.config.keyring_access import keyring_set
from gui.config.settings import GenerationSettings
from gui.store.records import COMPLETE, FAILED, STOPPED
from gui.window.main_window import MainWindow
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.gui.conftest import open_window
from tests.gui.helpers import choose_model, delete_conversation, send, stored, wait_until
from tests.gui.secret_service import SecretServiceProcess

SLOW = Scenario(chunks=[f"w{i} " for i in range(300)], chunk_delay=0.01)


async def test_retry_on_an_older_failed_answer_erases_nothing(
    window: MainWindow, standin: StandIn
) -> None:
    standin.queue(Scenario(create_status=500, create_failures=10))
    await send(window, "First")
    standin.clear_queue()
    failed = window.store.messages(1)[1]
    await send(window, "Second")
    window.versions.regenerate(failed.id)  # a new version beside the failed answer
    await wait_until(lambda: not window.session.busy, 15)
    assert [m[0:1] + m[2:] for m in stored(window)] == [("user", COMPLETE), ("assistant", COMPLETE)]
    window.store.tree.show(failed.id)  # what followed the failed answer is all still there
    assert [m[0:1] + m[2:] for m in stored(window)] == [
        ("user", COMPLETE), ("assistant", FAILED), ("user", COMPLETE), ("assistant", COMPLETE),
    ]  # fmt: skip


@pytest.fixture
async def keyring_window(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clean_keyring: SecretServiceProcess,
) -> AsyncIterator[MainWindow]:
    """The window with its token in the real keyring (not the environment), so it can change:
    stored the way the app stores one."""
    keyring_set(STANDIN_TOKEN)
    async for main in open_window(
        standin.base_url, tmp_path, monkeypatch, token_in_environment=False
    ):
        yield main


async def test_a_new_token_mid_reply_lets_the_reply_finish(
    keyring_window: MainWindow, standin: StandIn, clean_keyring: SecretServiceProcess
) -> None:
    # While a reply streams, the person replaces the token in the token dialog. The reply
    # finishes on the old client, which is closed afterwards; the next one uses the new token.
    window = keyring_window
    second = "r8_second_token_for_the_stand_in_000000"
    standin.tokens[second] = "second-user"
    standin.queue(SLOW)
    window.composer.set_text("Keep going")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    await wait_until(lambda: len(window.session.current_text()) > 5, 10, "the reply")
    window.commands.token_action.trigger()
    dialog = window.dialogs.token_dialog
    assert dialog is not None
    dialog.replace_button.click()
    dialog.token_field.setText(second)
    dialog.save_button.click()
    await wait_until(lambda: "second-user" in dialog.message_label.text(), 15, "the save")
    assert window.session.busy, "the reply still streams through the old client"
    assert window.clients.retired == 1
    await wait_until(lambda: not window.session.busy, 30, "the reply to finish")
    assert stored(window)[1] == ("assistant", "".join(SLOW.chunks), COMPLETE)
    await wait_until(lambda: not window.clients.retired, 10, "the old client to close")
    assert clean_keyring.lookup() == second, dialog.message_label.text()
    dialog.reject()
    await send(window, "With the new token")
    assert standin.requests[-1].headers["Authorization"] == f"Bearer {second}"


async def test_deleting_the_streaming_chat_from_another_stops_the_reply(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "Chat B first")
    window.new_chat()
    standin.queue(SLOW)
    window.send_message("Chat A streams")
    streaming_chat = window.session.conversation_id
    await wait_until(lambda: len(window.session.current_text()) > 5)
    window.open_conversation(1)  # the person looks at B while A streams
    assert (
        window.view.message_widget(window.store.messages(1)[0].id).edit_button.isEnabled() is False
    )
    delete_conversation(window, streaming_chat)  # from the sidebar, as a person does
    await wait_until(lambda: not window.session.busy, 10, "the reply to stop")
    prediction = list(standin.predictions.values())[-1]
    await wait_until(lambda: prediction.cancel_requests > 0, 5, "a cancel on Replicate")


async def test_nothing_new_starts_while_the_window_shuts_down(
    window: MainWindow, standin: StandIn
) -> None:
    standin.queue(SLOW)
    window.send_message("Long")
    await wait_until(lambda: len(window.session.current_text()) > 5)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    window.close()
    await wait_until(lambda: not window.session.busy, 10)
    window.send_message("Sneaking in")
    window.open_settings()
    await asyncio.wait_for(closed.wait(), 10)
    assert len(standin.predictions) == 1
    assert window.dialogs.settings_dialog is None


async def test_new_defaults_from_settings_beat_an_earlier_toolbar_pick(window: MainWindow) -> None:
    choose_model(window, "meta/meta-llama-3-8b-instruct")
    assert window.effective_settings().model == "meta/meta-llama-3-8b-instruct"
    window.commands.settings_action.trigger()
    dialog = window.dialogs.settings_dialog
    assert dialog is not None
    dialog.model_picker.set_model("mistralai/mixtral-8x7b-instruct-v0.1")
    dialog.accept()  # OK: as new defaults (no conversation is open yet)
    assert window.effective_settings().model == "mistralai/mixtral-8x7b-instruct-v0.1"
    assert window.model_combo.current_model() == "mistralai/mixtral-8x7b-instruct-v0.1"


async def test_focus_stays_where_the_person_is_typing_when_a_reply_ends(
    window: MainWindow, standin: StandIn
) -> None:
    window.activateWindow()
    standin.queue(Scenario(chunks=["a", "b", "c"], chunk_delay=0.1))
    window.send_message("Hi")
    window.sidebar.focus_search()
    assert QApplication.focusWidget() is window.sidebar.search
    await wait_until(lambda: not window.session.busy, 10)
    assert QApplication.focusWidget() is window.sidebar.search


async def test_a_stop_before_the_reply_task_ran_still_ends_the_reply(window: MainWindow) -> None:
    conversation = window.store.create_conversation()
    window.store.add_message(conversation.id, "user", "Hello")
    reply = window.session.start_reply(conversation.id, window.effective_settings())
    await window.session.stop()  # before the task's first step
    assert not window.session.busy
    assert window.store.messages(conversation.id)[-1].status == STOPPED
    assert window.store.messages(conversation.id)[-1].id == reply.id


async def test_a_stop_that_resumes_after_the_next_send_leaves_that_reply_streaming(
    window: MainWindow, standin: StandIn
) -> None:
    # Found by the keyboard test: Stop waits for the old reply's task; a message sent before that
    # wait returned was then marked stopped as if it were the old reply, and vanished from view.
    standin.queue(SLOW, SLOW)
    window.send_message("First")
    await wait_until(lambda: len(window.session.current_text()) > 5)

    def send_the_next_at_once(_message_id: int, status: str, _failure: object) -> None:
        if status == STOPPED:
            window.send_message("Second")  # runs before the Stop coroutine resumes

    window.session.reply_finished.connect(send_the_next_at_once)
    try:
        await window.session.stop()
    finally:
        window.session.reply_finished.disconnect(send_the_next_at_once)
    assert window.session.busy, "the second reply is still streaming"
    await wait_until(lambda: len(window.session.current_text()) > 20, 10, "the second reply")
    await wait_until(lambda: not window.session.busy, 15, "the second reply to end")
    assert [m[2] for m in stored(window)] == [COMPLETE, STOPPED, COMPLETE, COMPLETE]


async def test_a_bug_in_the_reply_path_is_shown_as_the_bug_it_is(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A programming error on the way to Replicate (here: an argument the client does not take)
    # must not pass for a network hiccup: it reaches the excepthook (the app's error dialog)
    # with its traceback logged, and the reply is still finished and stored as failed.
    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _kind, error, _tb: hooked.append(error))
    monkeypatch.setattr(GenerationSettings, "stream_kwargs", lambda _self: {"no_such_option": 1})
    with caplog.at_level(logging.ERROR, logger="gui.chat.session"):
        await send(window, "Trigger a bug")
    assert [type(error) for error in hooked] == [TypeError]
    [record] = [r for r in caplog.records if r.name == "gui.chat.session"]
    assert record.exc_info is not None and record.exc_info[0] is TypeError
    question, answer = stored(window)
    assert question == ("user", "Trigger a bug", COMPLETE)
    assert (answer[0], answer[2]) == ("assistant", FAILED)
    reply_id = window.store.messages(1)[1].id
    error = window.view.message_widget(reply_id).error
    assert error is not None and "Something unexpected went wrong" in error.text
