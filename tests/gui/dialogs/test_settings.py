"""The settings dialog against the stand-in: schema-shaped controls, validation, search, results.

Every test runs on the app's qasync loop and closes its dialogs with `aclose()`, which cancels
and awaits the dialog's tasks and closes its client.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.config.settings import GenerationSettings
from gui.dialogs.settings import SettingsDialog
from provider import ProviderConnectionError, ReplicateClient, RetryPolicy
from provider.standin import CATALOG, STANDIN_TOKEN, StandIn
from tests.gui.helpers import wait_until

OpenDialog = Callable[..., contextlib.AbstractAsyncContextManager[SettingsDialog]]
# A closed client's refusal is retried like a network failure; no need to wait for it.
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.02)
ALL_PARAMETERS = {"temperature", "top_p", "top_k", "max_tokens", "system_prompt", "stop"}


@pytest.fixture(autouse=True)
def app_stays_when_dialogs_close() -> Iterator[None]:
    """As in the app (gui/app/run.py): closing the last window must not quit Qt, which would stop
    the qasync loop under the running test."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    yield
    app.setQuitOnLastWindowClosed(before)


@pytest.fixture
async def clients(standin: StandIn) -> AsyncIterator[list[ReplicateClient]]:
    """Every client the dialogs were given (the dialogs must close them)."""
    made: list[ReplicateClient] = []
    yield made
    for client in made:
        await client.close()  # harmless when the dialog closed it, as it should


@pytest.fixture
def open_dialog(qtbot: QtBot, standin: StandIn, clients: list[ReplicateClient]) -> OpenDialog:
    """Open a dialog against the stand-in (or with no token) for the `async with` block.

    The dialog is closed with `aclose()` inside the test, on the running loop: pytest-qt closes
    registered widgets before async fixtures are torn down, outside the loop.
    """

    def factory() -> ReplicateClient:
        client = ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY)
        clients.append(client)
        return client

    @contextlib.asynccontextmanager
    async def open_one(
        settings: GenerationSettings | None = None,
        *,
        token: bool = True,
        conversation_title: str | None = None,
        theme: str = "system",
        language: str = "system",
    ) -> AsyncIterator[SettingsDialog]:
        dialog = SettingsDialog(
            settings or GenerationSettings(),
            client_factory=factory if token else lambda: None,
            conversation_title=conversation_title,
            theme=theme,
            language=language,
        )
        qtbot.addWidget(dialog)
        dialog.open()
        try:
            yield dialog
        finally:
            await dialog.aclose()

    return open_one


async def loaded(dialog: SettingsDialog) -> None:
    await wait_until(lambda: not dialog.loading, 10, "the model's parameters")


def type_model(dialog: SettingsDialog, text: str) -> None:
    line_edit = dialog.model_picker.combo.lineEdit()
    assert line_edit is not None
    line_edit.setText(text)


def field(dialog: SettingsDialog, name: str) -> QLineEdit:
    return dialog.parameters.fields[name].edit


def limits(dialog: SettingsDialog, name: str) -> tuple[float | None, float | None]:
    number = dialog.parameters.fields[name]
    return number.limits.minimum, number.limits.maximum


def version_of(ref: str) -> str:
    return next(m.version_id for m in CATALOG if m.ref == ref)


# -- controls follow the model's schema --------------------------------------------------------


async def test_llama_shows_every_control_with_its_ranges_and_defaults(
    open_dialog: OpenDialog,
) -> None:
    async with open_dialog(GenerationSettings(model="meta/meta-llama-3-70b-instruct")) as dialog:
        assert dialog.loading and dialog.status_label.text() == "Loading model parameters…"
        await loaded(dialog)
        assert dialog.parameters.shown_parameters() == ALL_PARAMETERS
        assert limits(dialog, "temperature") == (0, 5)
        assert limits(dialog, "top_p") == (0, 1)
        assert limits(dialog, "top_k") == (-1, None)  # Llama takes -1
        assert field(dialog, "temperature").placeholderText() == "0.7 (model default)"
        assert field(dialog, "max_tokens").placeholderText() == "512 (model default)"
        assert "<|eot_id|>" in dialog.parameters.stop_edit.placeholderText()
        system = dialog.parameters.system_edit.placeholderText()
        assert system == "You are a helpful assistant (model default)"
        assert not dialog.parameters.system_note.isVisibleTo(dialog)  # Llama's template takes it
        assert not dialog.status_label.isVisibleTo(dialog)


async def test_a_model_without_top_k_hides_it(open_dialog: OpenDialog) -> None:
    async with open_dialog(GenerationSettings(model="openai/gpt-4o-mini", top_k=40)) as dialog:
        await loaded(dialog)
        shown = dialog.parameters.shown_parameters()
        assert shown == {"temperature", "top_p", "max_tokens", "system_prompt"}
        assert not field(dialog, "top_k").isVisibleTo(dialog)
        assert field(dialog, "temperature").isVisibleTo(dialog)
        assert not dialog.parameters.stop_edit.isVisibleTo(dialog)
        assert limits(dialog, "temperature") == (0, 2)
        assert field(dialog, "max_tokens").placeholderText() == "4096 (model default)"
        assert "max_completion_tokens" in field(dialog, "max_tokens").toolTip()
        # The hidden value is kept: it still applies to models that take it.
        assert dialog.settings().top_k == 40


async def test_schema_ranges_change_with_the_model(open_dialog: OpenDialog) -> None:
    async with open_dialog(GenerationSettings(model="meta/meta-llama-3-8b-instruct")) as dialog:
        await loaded(dialog)
        field(dialog, "max_tokens").setText("512")
        assert dialog.ok_button.isEnabled()
        type_model(dialog, "anthropic/claude-3.7-sonnet")
        await wait_until(
            lambda: limits(dialog, "max_tokens") == (1024, 64000), 10, "Claude's token range"
        )
        assert "top_k" not in dialog.parameters.shown_parameters()
        assert "from 1024 to 64000" in dialog.parameters.fields["max_tokens"].error_label.text()
        assert not dialog.ok_button.isEnabled()


async def test_the_system_prompt_note_when_the_model_has_no_system_input(
    open_dialog: OpenDialog,
) -> None:
    async with open_dialog(
        GenerationSettings(model="mistralai/mixtral-8x7b-instruct-v0.1")
    ) as dialog:
        await loaded(dialog)
        # Mixtral's template drops {system_prompt}; the provider keeps it in the transcript.
        note = dialog.parameters.system_note
        assert note.isVisibleTo(dialog) and "part of the conversation" in note.text()
        assert (
            field(dialog, "max_tokens").placeholderText() == "512 (model default)"
        )  # max_new_tokens
        assert limits(dialog, "top_k") == (-1, None)
        type_model(dialog, "deepseek-ai/deepseek-r1")
        await wait_until(lambda: "stop" not in dialog.parameters.shown_parameters(), 10, "DeepSeek")
        await loaded(dialog)
        assert note.isVisibleTo(dialog)
        assert "system_prompt" in dialog.parameters.shown_parameters()


# -- validation as typed -----------------------------------------------------------------------


async def test_an_invalid_number_disables_ok_with_a_message(open_dialog: OpenDialog) -> None:
    async with open_dialog(GenerationSettings(model="standin/tiny-chat")) as dialog:
        await loaded(dialog)
        assert dialog.ok_button.isEnabled()
        temperature = dialog.parameters.fields["temperature"]
        assert temperature.limits.minimum == 0.01  # tiny-chat's own minimum
        temperature.edit.setText("0")
        assert temperature.error_label.isVisibleTo(dialog)
        assert temperature.error_label.text() == "Use a value from 0.01 to 5."
        assert not dialog.ok_button.isEnabled()
        assert temperature.edit.accessibleDescription() == "Use a value from 0.01 to 5."
        temperature.edit.setText("0.5")
        assert not temperature.error_label.isVisibleTo(dialog)
        assert dialog.ok_button.isEnabled()
        field(dialog, "max_tokens").setText("12.5")
        assert "whole number" in dialog.parameters.fields["max_tokens"].error_label.text()
        assert not dialog.ok_button.isEnabled()
        with pytest.raises(ValueError):
            dialog.settings()
        dialog.accept()  # Enter while OK is disabled does nothing
        assert dialog.isVisible()


async def test_stop_sequences_with_a_comma_are_refused(open_dialog: OpenDialog) -> None:
    async with open_dialog(GenerationSettings(model="standin/tiny-chat")) as dialog:
        await loaded(dialog)
        dialog.parameters.stop_edit.setPlainText("###\nUser:, Bot:")
        assert "comma" in dialog.parameters.stop_error.text()
        assert not dialog.ok_button.isEnabled()
        dialog.parameters.stop_edit.setPlainText("###\n\nUser:")
        assert dialog.ok_button.isEnabled()
        assert dialog.settings().stop == ("###", "User:")


async def test_free_text_models_are_validated_as_typed(open_dialog: OpenDialog) -> None:
    async with open_dialog(GenerationSettings(model="meta/meta-llama-3-70b-instruct")) as dialog:
        await loaded(dialog)
        picker = dialog.model_picker
        type_model(dialog, "not a model")
        assert picker.error_label.isVisibleTo(dialog)
        assert "Use owner/name or owner/name:version" in picker.error_label.text()
        assert not dialog.ok_button.isEnabled()
        type_model(dialog, "")
        assert not dialog.ok_button.isEnabled()
        # A community model by exact version: its schema comes from the version endpoint.
        ref = f"standin/tiny-chat:{version_of('standin/tiny-chat')}"
        type_model(dialog, f"  {ref} ")
        assert not picker.error_label.isVisibleTo(dialog)
        assert dialog.ok_button.isEnabled()
        await wait_until(lambda: "top_k" not in dialog.parameters.shown_parameters(), 10, "schema")
        assert dialog.settings().model == ref


# Typing pops up the completer; the offscreen platform cannot raise it or grab the keyboard.
@pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"
)
async def test_typing_a_name_fetches_only_the_last_one(
    open_dialog: OpenDialog, qtbot: QtBot, standin: StandIn
) -> None:
    async with open_dialog(GenerationSettings(model="openai/gpt-4o-mini")) as dialog:
        await loaded(dialog)
        line_edit = dialog.model_picker.combo.lineEdit()
        assert line_edit is not None
        line_edit.clear()
        qtbot.keyClicks(line_edit, "standin/tiny-chat")
        assert dialog.model_picker.text() == "standin/tiny-chat"
        await loaded(dialog)
        assert dialog.parameters.shown_parameters() == {
            "temperature",
            "top_p",
            "max_tokens",
            "system_prompt",
            "stop",
        }
        fetched = [r.path for r in standin.requests if r.path.startswith("/v1/models/")]
        # "standin/t", "standin/ti", … were valid names too, but typing went on: debounced.
        assert fetched == ["/v1/models/openai/gpt-4o-mini", "/v1/models/standin/tiny-chat"]


async def test_an_unknown_model_shows_the_usual_controls_and_says_why(
    open_dialog: OpenDialog,
) -> None:
    async with open_dialog(GenerationSettings(model="openai/gpt-4o-mini")) as dialog:
        await loaded(dialog)
        type_model(dialog, "nobody/no-such-model")
        await wait_until(lambda: dialog.parameters.shown_parameters() == ALL_PARAMETERS, 10, "404")
        await loaded(dialog)
        assert dialog.status_label.isVisibleTo(dialog)
        assert "safe ranges" in dialog.status_label.text()
        assert limits(dialog, "temperature") == (0, 5)
        assert dialog.ok_button.isEnabled()  # a model may exist for this token later; not an error


async def test_a_network_failure_shows_the_usual_controls_and_says_why(qtbot: QtBot) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def unreachable() -> ReplicateClient:
        return ReplicateClient(STANDIN_TOKEN, base_url=f"http://127.0.0.1:{port}", retry=FAST_RETRY)

    dialog = SettingsDialog(
        GenerationSettings(model="openai/gpt-4o-mini"), client_factory=unreachable
    )
    qtbot.addWidget(dialog)
    try:
        await loaded(dialog)
        assert dialog.parameters.shown_parameters() == ALL_PARAMETERS
        assert dialog.status_label.text().startswith("This model's parameters could not be read.")
        assert limits(dialog, "temperature") == (0, 5)
    finally:
        await dialog.aclose()


async def test_without_a_token_every_control_shows_with_safe_ranges(
    open_dialog: OpenDialog,
) -> None:
    async with open_dialog(GenerationSettings(model="openai/gpt-4o-mini"), token=False) as dialog:
        assert not dialog.loading
        assert dialog.parameters.shown_parameters() == ALL_PARAMETERS
        assert dialog.status_label.text() == (
            "Connect a Replicate token to load this model's parameters."
        )
        assert limits(dialog, "temperature") == (0, 5)
        assert limits(dialog, "top_p") == (0, 1)
        assert limits(dialog, "top_k") == (0, None)
        assert limits(dialog, "max_tokens") == (1, None)
        assert field(dialog, "temperature").placeholderText() == "Model default"
        search = dialog.model_picker.search_edit
        assert not search.isEnabled() and "token" in search.toolTip()
        field(dialog, "top_k").setText("-1")
        assert not dialog.ok_button.isEnabled()


async def test_a_token_the_client_refuses_is_said_plainly(qtbot: QtBot) -> None:
    def broken() -> ReplicateClient:
        return ReplicateClient(api_key="r8_two words", base_url="http://127.0.0.1:9")

    dialog = SettingsDialog(GenerationSettings(), client_factory=broken)
    qtbot.addWidget(dialog)
    assert "token" in dialog.status_label.text().lower()
    assert not dialog.model_picker.search_edit.isEnabled()
    await dialog.aclose()


# -- search ------------------------------------------------------------------------------------


async def test_search_lists_chat_models_to_pick_from(
    open_dialog: OpenDialog, standin: StandIn
) -> None:
    async with open_dialog(GenerationSettings(model="openai/gpt-4o-mini")) as dialog:
        await loaded(dialog)
        picker = dialog.model_picker
        picker.search_edit.setText("lla")
        picker.search_edit.setText("llama")  # debounced: only the last query is sent
        await wait_until(lambda: picker.result_refs(), 10, "search results")
        assert set(picker.result_refs()) == {
            "meta/meta-llama-3-70b-instruct",
            "meta/meta-llama-3-8b-instruct",
        }
        searches = [r.query.get("query") for r in standin.requests if r.path == "/v1/search"]
        assert searches == ["llama"]
        assert picker.results.isVisibleTo(dialog)
        item = picker.results.item(1)
        where = picker.results.visualItemRect(item).center()
        QTest.mouseClick(picker.results.viewport(), Qt.MouseButton.LeftButton, pos=where)
        assert picker.text() == picker.result_refs()[1]
        await wait_until(
            lambda: "top_k" in dialog.parameters.shown_parameters(), 10, "Llama schema"
        )


async def test_enter_in_the_search_box_searches_instead_of_closing(
    open_dialog: OpenDialog, qtbot: QtBot
) -> None:
    async with open_dialog() as dialog:
        await loaded(dialog)
        picker = dialog.model_picker
        picker.search_edit.setText("tiny")
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
        assert dialog.isVisible()
        await wait_until(lambda: picker.result_refs() == ["standin/tiny-chat"], 10, "tiny-chat")


# -- results -----------------------------------------------------------------------------------


async def test_reset_clears_every_value_and_keeps_the_model(open_dialog: OpenDialog) -> None:
    chosen = GenerationSettings(
        model="meta/meta-llama-3-8b-instruct",
        temperature=0.2,
        top_p=0.5,
        top_k=3,
        max_tokens=99,
        system_prompt="Be terse.",
        stop=("###",),
    )
    async with open_dialog(chosen) as dialog:
        await loaded(dialog)
        assert dialog.settings() == chosen
        assert field(dialog, "temperature").text() == "0.2"
        dialog.reset_button.click()
        assert dialog.settings() == GenerationSettings(model="meta/meta-llama-3-8b-instruct")
        assert dialog.isVisible()


async def test_ok_emits_the_settings_and_the_chosen_scope(open_dialog: OpenDialog) -> None:
    async with open_dialog(GenerationSettings(), conversation_title="Trip to Lisbon") as dialog:
        await loaded(dialog)
        assert dialog.scope_box.isVisibleTo(dialog)
        assert "Trip to Lisbon" in dialog.conversation_button.text()
        assert dialog.scope() == "conversation"  # the default with a conversation
        received: list[tuple[Any, str]] = []
        dialog.settings_accepted.connect(lambda settings, scope: received.append((settings, scope)))
        type_model(dialog, "standin/tiny-chat")
        field(dialog, "temperature").setText("1,5")
        field(dialog, "top_p").setText("0.25")
        field(dialog, "max_tokens").setText("300")
        dialog.parameters.system_edit.setPlainText("You are a pirate.")
        dialog.parameters.stop_edit.setPlainText("Arr\n")
        dialog.defaults_button.click()
        assert dialog.scope() == "defaults"
        dialog.ok_button.click()
        expected = GenerationSettings(
            model="standin/tiny-chat",
            temperature=1.5,
            top_p=0.25,
            max_tokens=300,
            system_prompt="You are a pirate.",
            stop=("Arr",),
        )
        assert received == [(expected, "defaults")]
        assert not dialog.isVisible()
        assert dialog.settings() == expected


async def test_without_a_conversation_it_edits_the_defaults(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False) as dialog:
        assert not dialog.scope_box.isVisibleTo(dialog)
        assert dialog.scope() == "defaults"
        received: list[str] = []
        dialog.settings_accepted.connect(lambda _settings, scope: received.append(scope))
        dialog.accept()
        assert received == ["defaults"]


async def test_cancel_emits_nothing(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False, conversation_title="x") as dialog:
        received: list[object] = []
        dialog.settings_accepted.connect(lambda *args: received.append(args))
        field(dialog, "temperature").setText("1")
        dialog.reject()
        assert received == []


# -- appearance --------------------------------------------------------------------------------


def combo_entries(combo: QComboBox) -> list[tuple[str, str]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


async def test_the_appearance_combos_show_the_current_choices(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False, theme="dark", language="ru") as dialog:
        assert dialog.appearance_box.isVisibleTo(dialog)
        assert combo_entries(dialog.theme_combo) == [
            ("Follow the system", "system"),
            ("Light", "light"),
            ("Dark", "dark"),
        ]
        assert combo_entries(dialog.language_combo) == [
            ("Follow the system", "system"),
            ("English", "en"),
            ("Русский", "ru"),
        ]
        assert (dialog.theme_combo.currentData(), dialog.language_combo.currentText()) == (
            "dark",
            "Русский",
        )
        assert (dialog.theme(), dialog.language()) == ("dark", "ru")
        assert dialog.restart_note.text() == "Takes effect after a restart."
        # Without a conversation there is no scope to tell apart from the appearance.
        assert not dialog.appearance_note.isVisibleTo(dialog)


async def test_a_saved_language_without_a_translation_is_kept(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False, language="de") as dialog:
        assert dialog.language_combo.count() == 4
        assert dialog.language() == "de"
        assert "(de)" in dialog.language_combo.currentText()
        received: list[tuple[str, str]] = []
        dialog.appearance_accepted.connect(lambda *args: received.append(args))
        dialog.accept()
        assert received == []  # nothing changed, so nothing to apply


async def test_the_appearance_is_global_whatever_the_scope(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False, conversation_title="A chat") as dialog:
        assert dialog.appearance_note.isVisibleTo(dialog)
        assert "whole app" in dialog.appearance_note.text()


async def test_ok_emits_a_changed_appearance_once(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False, conversation_title="x") as dialog:
        received: list[tuple[str, str]] = []
        scopes: list[str] = []
        dialog.appearance_accepted.connect(lambda *args: received.append(args))
        dialog.settings_accepted.connect(lambda _settings, scope: scopes.append(scope))
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ru"))
        dialog.ok_button.click()
        assert received == [("light", "ru")]
        assert scopes == ["conversation"]  # the generation settings still go their own way
        assert not dialog.isVisible()


async def test_ok_emits_the_appearance_when_only_one_part_changed(
    open_dialog: OpenDialog,
) -> None:
    async with open_dialog(token=False, theme="dark", language="en") as dialog:
        received: list[tuple[str, str]] = []
        dialog.appearance_accepted.connect(lambda *args: received.append(args))
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("system"))
        dialog.ok_button.click()
        assert received == [("dark", "system")]


async def test_ok_without_appearance_changes_does_not_emit_it(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False, theme="light", language="ru") as dialog:
        received: list[tuple[str, str]] = []
        dialog.appearance_accepted.connect(lambda *args: received.append(args))
        # Changed and changed back: the values are what counts, not the clicks.
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
        field(dialog, "temperature").setText("1")
        dialog.ok_button.click()
        assert received == []
        assert not dialog.isVisible()


async def test_cancel_emits_no_appearance(open_dialog: OpenDialog) -> None:
    async with open_dialog(token=False) as dialog:
        received: list[object] = []
        dialog.appearance_accepted.connect(lambda *args: received.append(args))
        dialog.settings_accepted.connect(lambda *args: received.append(args))
        dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
        dialog.reject()
        assert received == []


# -- closing -----------------------------------------------------------------------------------


async def test_closing_mid_load_cancels_the_tasks_and_closes_the_client(
    open_dialog: OpenDialog, clients: list[ReplicateClient]
) -> None:
    async with open_dialog() as dialog:
        dialog.model_picker.search_edit.setText("llama")
        assert dialog.loading and dialog.model_picker.searching
        dialog.reject()
        await dialog.aclose()
        assert not dialog.loading and not dialog.model_picker.searching
        assert len(clients) == 1
        with pytest.raises(ProviderConnectionError):
            await clients[0].account()  # closed by the dialog


async def test_closing_after_use_closes_the_client(
    open_dialog: OpenDialog, clients: list[ReplicateClient]
) -> None:
    async with open_dialog() as dialog:
        await loaded(dialog)
        dialog.ok_button.click()
        await dialog.aclose()
        await dialog.aclose()  # twice is fine
        with pytest.raises(ProviderConnectionError):
            await clients[0].account()


async def test_the_window_may_delete_the_dialog_as_soon_as_it_closes(
    qtbot: QtBot, standin: StandIn, clients: list[ReplicateClient]
) -> None:
    """As the main window does: open with a parent, deleteLater() on finished."""
    window = QWidget()
    qtbot.addWidget(window)

    def factory() -> ReplicateClient:
        clients.append(ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY))
        return clients[-1]

    dialog = SettingsDialog(GenerationSettings(), client_factory=factory, parent=window)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    dialog.model_picker.search_edit.setText("llama")
    dialog.reject()  # while the schema and the search are under way
    await wait_until(lambda: not shiboken6.isValid(dialog), 10, "the dialog's deletion")
    await dialog.aclose()  # the closing finished without touching deleted widgets
    with pytest.raises(ProviderConnectionError):
        await clients[0].account()


# -- accessibility -----------------------------------------------------------------------------


async def test_every_control_has_an_accessible_name_and_a_tooltip(
    open_dialog: OpenDialog,
) -> None:
    async with open_dialog(conversation_title="A chat") as dialog:
        await loaded(dialog)
        kinds = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractButton, QListWidget)
        controls = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds)]
        assert len(controls) >= 12
        for control in controls:
            name = control.accessibleName() or (
                control.text() if isinstance(control, QAbstractButton) else ""
            )
            assert name, control
            assert control.toolTip(), (control, name)
