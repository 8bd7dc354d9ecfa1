"""Versions through the real window and the stand-in: regenerate and edit keep every version,
the switcher and its keys, "Regenerate with", branching off, deleting with Undo, search, and the
history sent, which is always the path on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.chat.message.model import BRANCH_OFF, DELETE_VERSION, REGENERATE_WITH
from gui.store.records import COMPLETE
from gui.window.conversation import PAGE_SIZE
from gui.window.main_window import MainWindow
from provider.standin import Scenario, StandIn, demo_reply
from tests.gui.helpers import send, stored, wait_until

MODEL = "meta/meta-llama-3-70b-instruct"


def last_prompt(standin: StandIn) -> str:
    return str(list(standin.predictions.values())[-1].input["prompt"])


def shown_texts(window: MainWindow) -> list[str]:
    return [window.view.message_text(i) for i in window.view.message_ids()]


async def reply_done(window: MainWindow) -> None:
    await wait_until(lambda: not window.session.busy, 15, "the reply to finish")


async def test_regenerate_keeps_the_old_answer_and_the_switcher_shows_both(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "Name a river")
    first = window.store.messages(1)[-1]
    window.view.message_widget(first.id).regenerate_button.click()
    await reply_done(window)
    # The regenerate sent the question alone: the old answer is not history for the new one.
    assert "Name a river" in last_prompt(standin)
    assert demo_reply("Name a river", MODEL) not in last_prompt(standin)
    second = window.store.messages(1)[-1]
    assert second.id != first.id and len(window.store.tree.siblings(first.id)) == 2
    tools = window.view.message_widget(second.id).tools
    assert tools.position_label.text() == "2 / 2" and tools.previous_button.isVisible()
    assert not tools.next_button.isEnabled()  # the last version already
    tools.previous_button.click()
    assert window.view.message_ids()[-1] == first.id
    old_tools = window.view.message_widget(first.id).tools
    assert old_tools.position_label.text() == "1 / 2"
    assert old_tools.position_label.accessibleName() == "Version 1 of 2"
    # The next message goes with the path on screen: the first answer.
    await send(window, "Another?")
    prompt = last_prompt(standin)
    assert "Name a river" in prompt and "Another?" in prompt
    assert [m.id for m in window.store.messages(1)][:2] == [
        window.store.messages(1)[0].id,
        first.id,
    ]


async def test_an_edit_is_a_new_question_and_the_old_one_keeps_its_answers(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "One")
    await send(window, "Two")
    two = window.store.messages(1)[2]
    window.versions.edit(two.id, "Deux")
    await reply_done(window)
    assert [m[1] for m in stored(window)] == [
        "One",
        demo_reply("One", MODEL),
        "Deux",
        demo_reply("Deux", MODEL),
    ]
    assert "Two" not in last_prompt(standin)  # the old wording is not history
    deux = window.store.messages(1)[2]
    window.view.message_widget(deux.id).tools.previous_button.click()
    assert shown_texts(window)[-2:] == ["Two", demo_reply("Two", MODEL)]


async def test_alt_arrows_switch_the_focused_message_and_ctrl_r_regenerates(
    window: MainWindow,
) -> None:
    await send(window, "Colour?")
    first = window.store.messages(1)[-1].id
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    await reply_done(window)
    second = window.store.messages(1)[-1].id
    assert second != first
    widget = window.view.message_widget(second)
    widget.tools.menu_button.setFocus()
    QTest.keyClick(widget.tools.menu_button, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.view.message_ids()[-1] == first
    # The keyboard stays on the message's switcher: Alt+Right at once goes back.
    focused = QApplication.focusWidget()
    assert focused is not None and window.view.message_widget(first).isAncestorOf(focused)
    QTest.keyClick(focused, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.view.message_ids()[-1] == second


async def test_regenerate_with_another_model_names_it_in_the_header(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "Compare us")
    answer = window.store.messages(1)[-1].id
    other = "meta/meta-llama-3-8b-instruct"
    window.versions.on_action(answer, REGENERATE_WITH, other)
    await reply_done(window)
    creations = [r for r in standin.requests if r.method == "POST" and "predictions" in r.path]
    assert other in creations[-1].path
    new = window.store.messages(1)[-1]
    assert new.model == other and new.status == COMPLETE
    assert window.view.message_widget(new.id).role_label.text() == "meta-llama-3-8b-instruct"
    assert window.effective_settings().model == MODEL  # the conversation's model stays


async def test_branch_off_opens_a_new_chat_with_the_path_so_far(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "First")
    await send(window, "Second")
    source = window.shown.id
    first_answer = window.store.messages(1)[1].id
    window.versions.on_action(first_answer, BRANCH_OFF, None)
    assert window.shown.id != source and window.sidebar.current_id() == window.shown.id
    assert shown_texts(window) == ["First", demo_reply("First", MODEL)]
    assert window.shown.title is not None and window.shown.title.endswith("(branch)")
    await send(window, "Elsewhere")
    prompt = last_prompt(standin)
    assert "First" in prompt and "Second" not in prompt
    assert len(window.store.messages(source)) == 4  # type: ignore[arg-type]


async def test_a_version_is_deleted_with_undo(window: MainWindow) -> None:
    await send(window, "Pick one")
    first = window.store.messages(1)[-1].id
    window.versions.regenerate(first)
    await reply_done(window)
    second = window.store.messages(1)[-1].id
    window.versions.on_action(second, DELETE_VERSION, None)
    assert window.view.message_ids()[-1] == first
    assert window.store.tree.siblings(first) == [first]
    undo = window.widgets.version_undo
    assert undo.isVisible() and undo.undo_button.accessibleName() == "Undo delete"
    undo.undo_button.click()
    assert window.view.message_ids()[-1] == second
    assert window.store.tree.siblings(first) == [first, second]
    tools = window.view.message_widget(second).tools
    assert tools.position_label.text() == "2 / 2"


async def test_search_opens_the_conversation_on_the_version_that_matched(
    window: MainWindow,
) -> None:
    await send(window, "Tell me a word")
    first = window.store.messages(1)[-1].id
    window.store.update_message(first, content="zanzibar is the word")
    window.versions.regenerate(first)
    await reply_done(window)
    window.new_chat()
    window.sidebar.search.setText("zanzibar")
    await wait_until(lambda: window.sidebar.model.query == "zanzibar", 5, "the search")
    hits = [window.sidebar.model.index(r) for r in range(window.sidebar.model.rowCount())]
    hit = next(i for i in hits if window.sidebar.model.message_id(i) == first)
    window.sidebar.list.setCurrentIndex(hit)
    window.sidebar.list.activated.emit(hit)
    assert window.shown.id == 1
    assert window.view.message_ids()[-1] == first
    assert window.view.message_text(first) == "zanzibar is the word"


async def test_undo_while_a_reply_streams_leaves_the_path_under_it_alone(
    window: MainWindow, standin: StandIn
) -> None:
    await send(window, "Pick")
    first = window.store.messages(1)[-1].id
    window.versions.regenerate(first)
    await reply_done(window)
    second = window.store.messages(1)[-1].id
    window.versions.on_action(second, DELETE_VERSION, None)
    standin.queue(Scenario(chunks=[f"w{i} " for i in range(200)], chunk_delay=0.01))
    window.composer.set_text("And now?")
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert window.session.busy
    streaming = window.session.message_id
    window.widgets.version_undo.undo_button.click()
    assert window.store.tree.siblings(first) == [first, second]  # it is back...
    assert window.view.message_ids()[-1] == streaming  # ...and the stream shows on
    assert window.view.message_widget(first).tools.position_label.text() == "1 / 2"
    await reply_done(window)
    assert [m.id for m in window.store.messages(1)][1] == first
    assert window.store.messages(1)[-1].status == COMPLETE


async def test_switching_in_a_long_chat_keeps_the_earlier_page(window: MainWindow) -> None:
    conversation = window.store.create_conversation("Long")
    for number in range(PAGE_SIZE + 20):
        role = "user" if number % 2 == 0 else "assistant"
        window.store.add_message(conversation.id, role, f"message {number}")
    last = window.store.messages(conversation.id)[-1]
    window.store.add_message(conversation.id, "assistant", "another last", parent=last.parent_id)
    window.open_conversation(conversation.id)
    window.view.message_ids()
    shown_before = window.view.message_ids()
    assert len(shown_before) == PAGE_SIZE  # the earlier ones are not loaded
    newest = shown_before[-1]
    window.view.message_widget(newest).tools.previous_button.click()
    after = window.view.message_ids()
    assert after[:-1] == shown_before[:-1] and after[-1] == last.id
    assert window.view.message_text(last.id) == last.content
    window.view.scroll_area.verticalScrollBar().setValue(0)  # the page before loads, in order
    await wait_until(lambda: len(window.view.message_ids()) > PAGE_SIZE, 5, "the earlier page")
    assert window.view.message_ids()[-PAGE_SIZE:] == after
