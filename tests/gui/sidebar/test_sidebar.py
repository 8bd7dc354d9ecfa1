"""The conversation sidebar against a real store file: order, open, rename, delete/undo, search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

import gui.sidebar.undo_bar
from gui.dialogs.shortcuts import plain_text
from gui.sidebar.conversation_list import SUBTITLE_ROLE, marked_segments, relative_time
from gui.sidebar.sidebar import ConversationSidebar
from gui.store.conversations import ConversationStore

# The offscreen platform says this whenever a top-level window with a layout is shown; it is
# about the platform plugin, not about this code (the lead may move it to pyproject's ignore list).


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(tmp_path / "conversations.sqlite3")
    yield opened
    opened.close()


class Signals:
    """Everything the sidebar emits, in order."""

    def __init__(self, sidebar: ConversationSidebar) -> None:
        self.selected: list[int] = []
        self.deleted: list[int] = []
        self.renamed: list[tuple[int, str]] = []
        self.new = 0
        sidebar.conversation_selected.connect(self.selected.append)
        sidebar.conversation_deleted.connect(self.deleted.append)
        sidebar.conversation_renamed.connect(lambda i, t: self.renamed.append((i, t)))
        sidebar.new_requested.connect(self._new)

    def _new(self) -> None:
        self.new += 1


def chat(store: ConversationStore, first_message: str, *more: str) -> int:
    """A conversation the way the app makes one: created, then titled by its first question."""
    conversation = store.create_conversation()
    store.add_message(conversation.id, "user", first_message)
    for text in more:
        store.add_message(conversation.id, "assistant", text)
    return conversation.id


def make_sidebar(qtbot: QtBot, store: ConversationStore) -> tuple[ConversationSidebar, Signals]:
    sidebar = ConversationSidebar(store)
    qtbot.addWidget(sidebar)
    sidebar.resize(320, 600)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    return sidebar, Signals(sidebar)


def titles(sidebar: ConversationSidebar) -> list[str]:
    model = sidebar.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def ids(sidebar: ConversationSidebar) -> list[int | None]:
    model = sidebar.model
    return [model.conversation_id(model.index(row)) for row in range(model.rowCount())]


def row_center(sidebar: ConversationSidebar, conversation_id: int) -> QPoint:
    row = sidebar.model.row_of(conversation_id)
    assert row is not None
    return sidebar.list.visualRect(sidebar.model.index(row)).center()


def stored_title(store: ConversationStore, conversation_id: int) -> str | None:
    conversation = store.get_conversation(conversation_id)
    return None if conversation is None else conversation.title


def search_for(qtbot: QtBot, sidebar: ConversationSidebar, text: str) -> None:
    """Type into the search box and wait for the debounced search to show its results."""
    sidebar.search.clear()
    qtbot.keyClicks(sidebar.search, text)
    qtbot.waitUntil(lambda: sidebar.model.query == text)


# -- the list ----------------------------------------------------------------------------------


def test_conversations_are_listed_newest_first_with_their_titles(
    qtbot: QtBot, store: ConversationStore
) -> None:
    first = chat(store, "# How do I *boil* an egg?")
    second = chat(store, "Tell me about otters")
    untitled = store.create_conversation().id
    sidebar, _ = make_sidebar(qtbot, store)
    assert ids(sidebar) == [untitled, second, first]
    assert titles(sidebar) == ["New chat", "Tell me about otters", "How do I boil an egg?"]
    assert sidebar.model.index(1).data(SUBTITLE_ROLE) == "just now"

    store.add_message(first, "user", "and a duck egg?")  # activity moves it to the top
    sidebar.refresh()
    assert ids(sidebar) == [first, untitled, second]
    assert sidebar.empty_label.isHidden()


def test_an_empty_store_says_so(qtbot: QtBot, store: ConversationStore) -> None:
    sidebar, _ = make_sidebar(qtbot, store)
    assert sidebar.model.rowCount() == 0
    assert sidebar.empty_label.isVisible()
    assert sidebar.current_id() is None


def test_relative_times() -> None:
    locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    now = dt.datetime(2024, 3, 25, 10, 0).timestamp()

    def ago(**delta: float) -> str:
        return relative_time(now - dt.timedelta(**delta).total_seconds(), now, locale)

    def on(*date: int) -> str:
        return relative_time(dt.datetime(*date).timestamp(), now, locale)

    assert ago(seconds=5) == "just now"
    assert ago(seconds=-30) == "just now"  # a clock that went back
    assert ago(minutes=5) == "5 min"
    assert ago(hours=3) == "3 h"
    assert on(2024, 3, 24, 23, 30) == "Yesterday"
    assert on(2024, 3, 19, 12, 0) == "Tue"
    assert on(2024, 3, 12, 12, 0) == "12 Mar"
    assert on(2023, 3, 12, 12, 0) == "12 Mar 2023"


def test_new_chat_button_asks_for_a_new_chat(qtbot: QtBot, store: ConversationStore) -> None:
    sidebar, signals = make_sidebar(qtbot, store)
    qtbot.mouseClick(sidebar.new_button, Qt.MouseButton.LeftButton)
    assert signals.new == 1
    assert QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText) in (
        sidebar.new_button.toolTip()
    )


def test_clicking_or_enter_opens_a_conversation_once(
    qtbot: QtBot, store: ConversationStore
) -> None:
    older, newer = chat(store, "older"), chat(store, "newer")
    sidebar, signals = make_sidebar(qtbot, store)
    viewport = sidebar.list.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=row_center(sidebar, older))
    assert signals.selected == [older]
    assert sidebar.current_id() == older
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=row_center(sidebar, older))
    assert signals.selected == [older]  # already open: the window is not told again

    sidebar.list.setCurrentIndex(sidebar.model.index(sidebar.model.row_of(newer) or 0))
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Return)
    assert signals.selected == [older, newer]


def test_select_highlights_without_emitting(qtbot: QtBot, store: ConversationStore) -> None:
    a, b = chat(store, "a"), chat(store, "b")
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.select(a)
    assert sidebar.current_id() == a
    sidebar.select(b)
    assert sidebar.current_id() == b
    sidebar.select(None)
    assert sidebar.current_id() is None
    sidebar.select(12345)  # not (or no longer) listed
    assert sidebar.current_id() is None
    assert signals.selected == []


def test_arrow_keys_move_the_focus_not_the_open_chat(
    qtbot: QtBot, store: ConversationStore
) -> None:
    older, newer = chat(store, "older"), chat(store, "newer")
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.select(newer)
    sidebar.list.setFocus()
    sidebar.list.setCurrentIndex(sidebar.model.index(0, 0))
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Down)
    assert sidebar.model.conversation_id(sidebar.list.currentIndex()) == older
    assert sidebar.current_id() == newer  # the open chat keeps its highlight
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Return)
    assert signals.selected == [older]


def test_refresh_keeps_the_selection(qtbot: QtBot, store: ConversationStore) -> None:
    kept = chat(store, "keep me highlighted")
    chat(store, "another")
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.select(kept)
    fresh = chat(store, "a brand new one")
    sidebar.refresh()
    assert ids(sidebar)[0] == fresh
    assert sidebar.current_id() == kept
    assert signals.selected == []


def test_a_changed_conversation_moves_its_row_alone(qtbot: QtBot, store: ConversationStore) -> None:
    oldest, middle, newest = (chat(store, text) for text in ("oldest", "middle", "newest"))
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.select(middle)
    resets: list[None] = []
    sidebar.model.modelReset.connect(lambda: resets.append(None))
    moves: list[int] = []
    sidebar.model.rowsMoved.connect(lambda _parent, start, _end, _dest, _row: moves.append(start))

    store.add_message(oldest, "assistant", "a reply to the oldest")  # a reply began there
    sidebar.conversation_changed(oldest)
    assert ids(sidebar) == [oldest, newest, middle]
    assert moves == [2] and resets == []  # one row moved, the list was not reloaded
    assert sidebar.current_id() == middle  # the highlight stays on the open chat

    sidebar.conversation_changed(oldest)  # nothing new: it stays where it is
    assert ids(sidebar) == [oldest, newest, middle] and moves == [2]

    fresh = chat(store, "a chat started just now")
    sidebar.conversation_changed(fresh)
    assert ids(sidebar) == [fresh, oldest, newest, middle]
    assert resets == [] and sidebar.current_id() == middle and signals.selected == []

    store.delete_conversation(newest)
    sidebar.conversation_changed(newest)  # deleted meanwhile: left as the delete left it
    assert resets == [] and sidebar.model.rowCount() == 4


def test_a_changed_conversation_keeps_a_searchs_order(
    qtbot: QtBot, store: ConversationStore
) -> None:
    first = chat(store, "tomato soup recipe")
    second = chat(store, "tomato salad ideas")
    sidebar, _ = make_sidebar(qtbot, store)
    sidebar.model.load_search("tomato")
    before = ids(sidebar)
    store.add_message(first, "assistant", "simmer it")
    store.rename_conversation(first, "Soup")
    sidebar.conversation_changed(first)
    assert ids(sidebar) == before  # the search's own order
    row = sidebar.model.row_of(first)
    assert row is not None and sidebar.model.display_title(row) == "Soup"
    assert second in ids(sidebar)


def test_a_thousand_conversations_load(qtbot: QtBot, store: ConversationStore) -> None:
    created = [store.create_conversation(title=f"Conversation {n}").id for n in range(1000)]
    sidebar, _ = make_sidebar(qtbot, store)
    assert sidebar.model.rowCount() == 1000
    assert ids(sidebar) == created[::-1]
    sidebar.select(created[0])  # the oldest, at the very bottom
    assert sidebar.current_id() == created[0]
    index = sidebar.model.index(999)
    assert sidebar.list.viewport().rect().intersects(sidebar.list.visualRect(index))
    assert not sidebar.grab().isNull()  # paints


# -- rename ------------------------------------------------------------------------------------


def test_rename_through_the_model_is_stored(qtbot: QtBot, store: ConversationStore) -> None:
    conversation = chat(store, "original title")
    sidebar, signals = make_sidebar(qtbot, store)
    index = sidebar.model.index(0)
    assert sidebar.model.setData(index, "  Better   name ")
    stored = store.get_conversation(conversation)
    assert stored is not None
    assert stored.title == "Better name"
    assert titles(sidebar) == ["Better name"]
    assert signals.renamed == [(conversation, "Better name")]


def test_an_empty_name_is_refused(qtbot: QtBot, store: ConversationStore) -> None:
    conversation = chat(store, "keep this title")
    sidebar, signals = make_sidebar(qtbot, store)
    for empty in ("", "   ", "\t\n"):
        assert not sidebar.model.setData(sidebar.model.index(0), empty)
    stored = store.get_conversation(conversation)
    assert stored is not None
    assert stored.title == "keep this title"
    assert titles(sidebar) == ["keep this title"]
    assert signals.renamed == []


def test_f2_renames_in_place(qtbot: QtBot, store: ConversationStore) -> None:
    conversation = chat(store, "before")
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.select(conversation)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_F2)
    editor = sidebar.list.findChild(QLineEdit)
    assert editor is not None
    assert editor.text() == "before"
    editor.selectAll()
    qtbot.keyClicks(editor, "after")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: stored_title(store, conversation) == "after")
    assert signals.renamed == [(conversation, "after")]
    qtbot.waitUntil(lambda: sidebar.list.findChild(QLineEdit) is None)

    # Emptied in the editor: refused, the title stays.
    qtbot.keyClick(sidebar.list, Qt.Key.Key_F2)
    editor = sidebar.list.findChild(QLineEdit)
    assert editor is not None
    editor.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sidebar.list.findChild(QLineEdit) is None)
    assert stored_title(store, conversation) == "after"
    assert titles(sidebar) == ["after"]
    assert len(signals.renamed) == 1


def test_a_refresh_during_a_rename_waits_for_it(qtbot: QtBot, store: ConversationStore) -> None:
    conversation = chat(store, "being renamed")
    sidebar, _ = make_sidebar(qtbot, store)
    sidebar.select(conversation)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_F2)
    editor = sidebar.list.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_End)  # the editor opens with the title selected
    qtbot.keyClicks(editor, " (edited)")
    fresh = chat(store, "arrived meanwhile")  # a reply finished; the window refreshes
    sidebar.refresh()
    assert editor.isVisible()
    assert editor.text() == "being renamed (edited)"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: fresh in ids(sidebar))
    assert stored_title(store, conversation) == "being renamed (edited)"
    assert sidebar.current_id() == conversation


def test_a_store_error_while_renaming_is_shown(qtbot: QtBot, store: ConversationStore) -> None:
    chat(store, "cannot be renamed")
    sidebar, signals = make_sidebar(qtbot, store)
    store.close()  # any StoreError will do; a closed store raises one on every call
    assert not sidebar.model.setData(sidebar.model.index(0), "new title")
    assert titles(sidebar) == ["cannot be renamed"]
    assert sidebar.undo_bar.isVisible()
    assert sidebar.undo_bar.label.text()
    assert sidebar.undo_bar.undo_button.isHidden()
    assert signals.renamed == []


# -- delete and undo ---------------------------------------------------------------------------


def test_delete_key_then_undo(qtbot: QtBot, store: ConversationStore) -> None:
    kept = chat(store, "stays")
    doomed = chat(store, "Delete me please")
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.select(doomed)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    assert store.get_conversation(doomed) is None
    assert [c.id for c in store.list_conversations()] == [kept]
    assert ids(sidebar) == [kept]
    assert signals.deleted == [doomed]
    assert sidebar.current_id() is None  # the open one is gone; nothing else looks open
    assert sidebar.undo_bar.isVisible()
    assert "Delete me please" in sidebar.undo_bar.label.text()

    qtbot.mouseClick(sidebar.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    assert store.get_conversation(doomed) is not None
    assert ids(sidebar) == [doomed, kept]
    assert sidebar.current_id() == doomed
    assert signals.selected == [doomed]  # it reappears selected (and the window reopens it)
    assert not sidebar.undo_bar.isVisible()


def test_a_second_delete_takes_over_the_undo_bar(qtbot: QtBot, store: ConversationStore) -> None:
    first, second = chat(store, "first"), chat(store, "second")
    sidebar, signals = make_sidebar(qtbot, store)
    for conversation in (first, second):
        sidebar.list.setCurrentIndex(sidebar.model.index(sidebar.model.row_of(conversation) or 0))
        qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    assert signals.deleted == [first, second]
    assert sidebar.undo_bar.conversation_id == second
    assert "second" in sidebar.undo_bar.label.text()
    sidebar.undo_bar.undo_button.click()
    assert store.get_conversation(second) is not None
    assert store.get_conversation(first) is None
    assert ids(sidebar) == [second]


def test_the_undo_bar_goes_away_by_itself(
    qtbot: QtBot, store: ConversationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gui.sidebar.undo_bar, "UNDO_MS", 50)
    doomed = chat(store, "short-lived")
    sidebar, _ = make_sidebar(qtbot, store)
    sidebar.list.setCurrentIndex(sidebar.model.index(0))
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    assert sidebar.undo_bar.isVisible()
    qtbot.waitUntil(lambda: not sidebar.undo_bar.isVisible())
    assert sidebar.undo_bar.conversation_id is None
    assert store.get_conversation(doomed) is None  # still deleted: no undo happened


def test_context_menu_renames_and_deletes_without_moving_the_highlight(
    qtbot: QtBot, store: ConversationStore
) -> None:
    target, opened = chat(store, "target"), chat(store, "opened")
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.select(opened)
    position = row_center(sidebar, target)
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.RightButton, pos=position)
    assert sidebar.current_id() == opened  # a right-click is not a pick
    menu = sidebar.context_menu(position)
    assert menu is not None
    actions = {plain_text(a.text()): a for a in menu.actions()}
    assert set(actions) == {"Open", "Rename", "Delete"}
    actions["Delete"].trigger()
    assert store.get_conversation(target) is None
    assert signals.deleted == [target]
    assert sidebar.current_id() == opened  # deleting another one keeps the open one highlighted

    menu = sidebar.context_menu(row_center(sidebar, opened))
    assert menu is not None
    actions = {plain_text(a.text()): a for a in menu.actions()}
    actions["Rename"].trigger()
    editor = sidebar.list.findChild(QLineEdit)
    assert editor is not None
    assert editor.isVisible()
    assert editor.text() == "opened"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # cancelled: nothing renamed
    qtbot.waitUntil(lambda: sidebar.list.findChild(QLineEdit) is None)
    assert signals.renamed == []

    sidebar.select(None)
    menu = sidebar.context_menu(row_center(sidebar, opened))
    assert menu is not None
    actions = {plain_text(a.text()): a for a in menu.actions()}
    actions["Open"].trigger()
    assert signals.selected == [opened]
    assert sidebar.current_id() == opened


# A popup on the offscreen platform: it cannot raise or grab the keyboard, and says so.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_menu_key_opens_the_menu_for_the_keyboard_row(
    qtbot: QtBot, store: ConversationStore
) -> None:
    first, second, third = chat(store, "first"), chat(store, "second"), chat(store, "third")
    sidebar, _signals = make_sidebar(qtbot, store)
    sidebar.select(third)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_End)  # the keyboard cursor goes to the last row
    assert sidebar.model.conversation_id(sidebar.list.currentIndex()) == first
    # What the menu key sends; Qt's own position would be the middle of the list.
    middle = sidebar.list.rect().center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, middle, sidebar.list.mapToGlobal(middle)
    )
    QApplication.sendEvent(sidebar.list, event)
    menu = sidebar._menu
    qtbot.waitUntil(menu.isVisible)
    actions = {plain_text(a.text()): a for a in menu.actions()}
    menu.hide()
    actions["Delete"].trigger()
    assert store.get_conversation(first) is None  # the row with the keyboard cursor, not the middle
    assert store.get_conversation(second) is not None
    assert sidebar.current_id() == third


def test_ctrl_z_brings_a_deleted_chat_back(qtbot: QtBot, store: ConversationStore) -> None:
    kept, doomed = chat(store, "kept"), chat(store, "doomed")
    sidebar, signals = make_sidebar(qtbot, store)
    sidebar.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sidebar)  # shortcuts need it
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Home)  # the newest: "doomed"
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Delete)
    assert store.get_conversation(doomed) is None
    assert ids(sidebar) == [kept]
    undo = QKeySequence(QKeySequence.StandardKey.Undo)[0]
    qtbot.keyClick(sidebar.list, undo.key(), undo.keyboardModifiers())
    # A button's shortcut "animates" the click: it lands a moment later.
    qtbot.waitUntil(lambda: store.get_conversation(doomed) is not None)
    assert ids(sidebar) == [doomed, kept]
    assert signals.selected == [doomed]  # back, and open again
    assert not sidebar.undo_bar.isVisible()


def test_key_help_names_the_keys_the_list_handles(qtbot: QtBot, store: ConversationStore) -> None:
    sidebar, _signals = make_sidebar(qtbot, store)
    keys = dict((what, key) for what, key in sidebar.key_help())
    delete = QKeySequence(QKeySequence.StandardKey.Delete).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert keys["Rename the chat"] == "F2"
    assert keys["Delete the chat"] == delete


# -- search ------------------------------------------------------------------------------------


def test_search_finds_a_word_in_a_message_body_and_enter_opens_it(
    qtbot: QtBot, store: ConversationStore
) -> None:
    chat(store, "Plans for the weekend", "Hiking, probably.")
    wanted = chat(store, "Music lessons", "Start with scales, then try the xylophone solo.")
    chat(store, "Groceries", "Eggs and milk.")
    sidebar, signals = make_sidebar(qtbot, store)
    search_for(qtbot, sidebar, "xyloph")
    assert ids(sidebar) == [wanted]
    assert titles(sidebar) == ["Music lessons"]
    assert "xylophone solo" in sidebar.model.index(0).data(SUBTITLE_ROLE)
    assert not sidebar.grab().isNull()  # paints the highlighted snippet
    qtbot.keyClick(sidebar.search, Qt.Key.Key_Return)
    assert signals.selected == [wanted]
    assert sidebar.current_id() == wanted

    qtbot.keyClick(sidebar.search, Qt.Key.Key_Escape)
    assert sidebar.search.text() == ""
    assert sidebar.model.query == ""
    assert len(ids(sidebar)) == 3
    assert sidebar.current_id() == wanted  # the open conversation stays highlighted


def test_search_in_titles_and_no_results(qtbot: QtBot, store: ConversationStore) -> None:
    otters = chat(store, "Tell me about otters")
    sidebar, _ = make_sidebar(qtbot, store)
    search_for(qtbot, sidebar, "otter")
    assert otters in ids(sidebar)
    search_for(qtbot, sidebar, "zebra")
    assert sidebar.model.rowCount() == 0
    assert sidebar.empty_label.isVisible()
    assert "zebra" in sidebar.empty_label.text()


def test_the_search_box_gets_its_clear_button_with_its_first_text(
    qtbot: QtBot, store: ConversationStore
) -> None:
    # Made with the first text (its icon costs the first frame ~5 ms), shown from then on.
    sidebar, _ = make_sidebar(qtbot, store)
    assert not sidebar.search.isClearButtonEnabled()
    search_for(qtbot, sidebar, "otter")
    assert sidebar.search.isClearButtonEnabled()
    clear = next(
        button
        for button in sidebar.search.findChildren(QToolButton)
        if button.isVisible() and button.defaultAction() is not None
    )
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert sidebar.search.text() == ""
    qtbot.waitUntil(lambda: sidebar.model.query == "")


def test_typing_fast_searches_once(qtbot: QtBot, store: ConversationStore) -> None:
    chat(store, "debounce me")
    sidebar, _ = make_sidebar(qtbot, store)
    resets: list[bool] = []
    sidebar.model.modelReset.connect(lambda: resets.append(True))
    qtbot.keyClicks(sidebar.search, "debounce")  # eight keys without the event loop running
    assert resets == []
    qtbot.waitUntil(lambda: sidebar.model.query == "debounce")
    assert len(resets) == 1


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"unbalanced',
        "AND",
        "OR NOT",
        "*",
        "-x",
        "(",
        "a) OR (b",
        "NEAR(a b)",
        "title:x",
        "'; DROP TABLE conversations; --",
        "\x00",
        "[ ] \\",
        "💥 ünïcödé 漢字",
        "a" * 5000,
    ],
)
def test_hostile_search_text_does_not_break_anything(
    qtbot: QtBot, store: ConversationStore, text: str
) -> None:
    chat(store, "a normal conversation (with brackets) and AND in it")
    sidebar, _ = make_sidebar(qtbot, store)
    sidebar.search.setText(text)
    qtbot.waitUntil(lambda: sidebar.model.query == text)
    assert not sidebar.undo_bar.isVisible()  # no store error shown
    assert not sidebar.grab().isNull()
    sidebar.search.clear()
    assert len(store.list_conversations()) == 1
    assert sidebar.model.rowCount() == 1


def test_down_from_the_search_box_moves_into_the_results(
    qtbot: QtBot, store: ConversationStore
) -> None:
    chat(store, "apple pie"), chat(store, "apple crumble")
    sidebar, _ = make_sidebar(qtbot, store)
    sidebar.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sidebar)
    sidebar.focus_search()
    assert sidebar.search.hasFocus()
    search_for(qtbot, sidebar, "apple")
    qtbot.keyClick(sidebar.search, Qt.Key.Key_Down)
    assert sidebar.list.hasFocus()
    assert sidebar.list.currentIndex().row() == 0


def test_focus_search_selects_the_old_query(qtbot: QtBot, store: ConversationStore) -> None:
    sidebar, _ = make_sidebar(qtbot, store)
    sidebar.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sidebar)
    sidebar.search.setText("old query")
    sidebar.list.setFocus()
    sidebar.focus_search()
    assert sidebar.search.hasFocus()
    assert sidebar.search.selectedText() == "old query"


def test_esc_in_the_search_box_wins_over_the_window_shortcut_only_with_text(
    qtbot: QtBot, store: ConversationStore
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    sidebar = ConversationSidebar(store, window)
    QVBoxLayout(window).addWidget(sidebar)
    stops: list[bool] = []
    stop = QAction("Stop reply", window)
    stop.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    stop.triggered.connect(lambda: stops.append(True))
    window.addAction(stop)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    sidebar.focus_search()
    sidebar.search.setText("something")
    qtbot.keyClick(sidebar.search, Qt.Key.Key_Escape)
    assert (sidebar.search.text(), stops) == ("", [])
    qtbot.keyClick(sidebar.search, Qt.Key.Key_Escape)
    assert stops == [True]


def test_a_sidebar_made_without_loading_fills_its_list_at_the_first_refresh(
    qtbot: QtBot, store: ConversationStore
) -> None:
    older = chat(store, "Older question")
    newer = chat(store, "Newer question")
    sidebar = ConversationSidebar(store, load=False)
    qtbot.addWidget(sidebar)
    sidebar.select(older)  # the window opened it before the list's rows were read
    assert titles(sidebar) == [] and sidebar.current_id() is None
    assert not sidebar.empty_label.isVisible()  # nothing said about an empty list meanwhile
    sidebar.refresh()
    assert ids(sidebar) == [newer, older]
    assert sidebar.current_id() == older


def test_marked_segments_only_treat_query_words_as_matches() -> None:
    assert marked_segments("see [Hello] world [1]", "hel") == [
        ("see ", False),
        ("Hello", True),
        (" world [1]", False),
    ]
    assert marked_segments("a [café] b", "cafe") == [("a ", False), ("café", True), (" b", False)]
    assert marked_segments("x [[otters]] y", "otter") == [
        ("x [", False),
        ("otters", True),
        ("] y", False),
    ]
    assert marked_segments("no marks", "q") == [("no marks", False)]
    assert marked_segments("", "q") == []


def test_controls_have_accessible_names_and_tooltips(
    qtbot: QtBot, store: ConversationStore
) -> None:
    sidebar, _ = make_sidebar(qtbot, store)
    for widget in (sidebar.new_button, sidebar.search, sidebar.list, sidebar.undo_bar.undo_button):
        assert widget.accessibleName()
        assert widget.toolTip()
    assert "Ctrl+K" in sidebar.search.toolTip()


def test_the_rename_field_shows_a_long_title_from_its_start(
    qtbot: QtBot, store: ConversationStore
) -> None:
    title = "Rust lifetimes, explained simply, with examples of borrowing and moving values"
    conversation = chat(store, title)
    sidebar, _signals = make_sidebar(qtbot, store)
    sidebar.select(conversation)
    sidebar.list.setFocus()
    qtbot.keyClick(sidebar.list, Qt.Key.Key_F2)
    editor = sidebar.list.findChild(QLineEdit)
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    assert len(editor.text()) > 40 and editor.text().startswith("Rust lifetimes")
    assert editor.selectedText() == editor.text()  # typing replaces it, as in every view
    assert editor.cursorPosition() == 0  # and the start of the title is what shows
    qtbot.keyClicks(editor, "Lifetimes")
    assert editor.text() == "Lifetimes"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
