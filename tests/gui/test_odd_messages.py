"""Odd things a person does, through the real window: a huge paste, only emoji, a bad model."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.store.records import COMPLETE, FAILED
from gui.window.main_window import MainWindow
from provider.standin import Scenario, StandIn
from tests.gui.conftest import WINDOW_MODEL
from tests.gui.helpers import send, stored, wait_until


async def test_a_one_megabyte_message_is_sent_and_kept_whole(
    window: MainWindow, standin: StandIn
) -> None:
    line = "A pasted log line with a number 0123456789 and some words in it.\n"
    text = line * (1_000_000 // len(line))
    standin.queue(Scenario(chunks=["Read ", "it all."]))
    await send(window, text)
    assert stored(window) == [("user", text, COMPLETE), ("assistant", "Read it all.", COMPLETE)]
    created = [r for r in standin.requests if r.method == "POST"][-1]
    assert text in created.json["input"]["prompt"], "the whole message reached the model"
    assert window.view.message_text(window.store.messages(1)[0].id) == text
    assert window.composer.text() == "", "the composer is ready for the next one"


async def test_a_message_of_only_emoji_is_a_message(window: MainWindow, standin: StandIn) -> None:
    emoji = "🚀🎉👍🏽🇺🇦👩‍👩‍👧"
    standin.queue(Scenario(chunks=["🙂"]))
    await send(window, emoji)
    assert stored(window) == [("user", emoji, COMPLETE), ("assistant", "🙂", COMPLETE)]
    assert window.store.list_conversations()[0].title == emoji
    assert window.sidebar.model.data(window.sidebar.model.index(0)) == emoji


async def test_a_typed_model_name_that_is_not_owner_name_is_refused_in_words(
    window: MainWindow,
) -> None:
    combo = window.model_combo
    line_edit = combo.lineEdit()
    assert line_edit is not None
    line_edit.selectAll()
    QTest.keyClicks(line_edit, "llama3")
    QTest.keyClick(line_edit, Qt.Key.Key_Return)
    await wait_until(lambda: "not a Replicate model name" in window.widgets.status_label.text(), 2)
    assert "owner/name" in window.widgets.status_label.text()
    assert combo.current_model() == WINDOW_MODEL, "the last good model stays"


async def test_a_stored_model_that_is_not_owner_name_fails_in_words_not_a_crash(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "Hi")
    # A store edited by hand, or written by an older version: the chat's model is nonsense.
    with sqlite3.connect(window.context.paths.store_file) as db:
        db.execute("UPDATE conversations SET model = 'no slash here'")
    window.open_conversation(1)
    requests_before = len(standin.requests)
    await send(window, "Still there?")
    answer = stored(window)[-1]
    assert answer[0] == "assistant" and answer[2] == FAILED
    error = window.view.message_widget(window.store.messages(1)[-1].id).error
    assert error is not None and "no slash here" in error.text
    assert len(standin.requests) == requests_before, "nothing was sent for a nonsense model"
