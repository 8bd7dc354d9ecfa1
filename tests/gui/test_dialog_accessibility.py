"""Every dialog is usable with a screen reader and a keyboard: each visible control has a name
(as Qt reports it to assistive technology) and a tooltip, Tab follows the visual order, Esc
closes and Enter presses the default button.

The walker is local: tests/gui/a11y.py (shared, from the window work) did not exist yet when this
was written; its functions have the same names and meaning, so switching is an import.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.app.crash import error_box
from gui.chat.stream_render import settle_layouts
from gui.config.settings import GenerationSettings
from gui.config.token_store import TokenStore
from gui.dialogs.api_token import TokenDialog
from gui.dialogs.model_picker import ModelPicker
from gui.dialogs.settings import SettingsDialog
from provider import ReplicateClient
from provider.standin import STANDIN_TOKEN, StandIn
from tests.gui.a11y import (
    accessible_name,
    interactive_widgets,
    interactive_without_name,
    interactive_without_tooltip,
)
from tests.gui.helpers import wait_until
from tests.gui.secret_service import SecretServiceProcess

pytestmark = pytest.mark.usefixtures("keep_running_when_closed")

# -- the walker: tests/gui/a11y.py, shared with the window's and the chat's tests ------------


def assert_accessible(root: QWidget, at_least: int) -> None:
    controls = interactive_widgets(root)
    assert len(controls) >= at_least, controls
    assert interactive_without_name(root) == []
    assert interactive_without_tooltip(root) == [], [accessible_name(w) for w in controls]


def tab_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits in `root`, in order, from the first one."""
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not root and widget not in chain:
        reachable = (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisibleTo(root)
            and widget.isEnabled()
            and widget.focusProxy() is None
        )
        if reachable:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _rect(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())


def assert_tab_order_is_visual(root: QWidget) -> None:
    """Tab never goes back up, nor to the left within a row."""
    chain = tab_chain(root)
    assert len(chain) >= 2
    for before, after in itertools.pairwise(chain):
        a, b = _rect(before, root), _rect(after, root)
        above = b.bottom() < a.top()
        same_row = b.top() <= a.bottom() and a.top() <= b.bottom()
        assert not above and not (same_row and b.right() < a.left()), (
            accessible_name(before),
            accessible_name(after),
        )


async def settle() -> None:
    """Let Qt show and lay out what was shown or hidden: a few turns of the loop (each one
    delivers Qt's posted events), each followed by the layout requests they posted. Counted in
    turns, not waited out on the clock."""
    for _ in range(5):
        await asyncio.sleep(0)
        settle_layouts()


# -- the settings dialog -----------------------------------------------------------------------


@contextlib.asynccontextmanager
async def settings_dialog(qtbot: QtBot, standin: StandIn) -> AsyncIterator[SettingsDialog]:
    """The settings dialog for a conversation, with Llama 3's schema from the stand-in; closed
    inside the test, on the running loop (a fixture's teardown would run outside it)."""
    dialog = SettingsDialog(
        GenerationSettings(model="meta/meta-llama-3-8b-instruct"),
        client_factory=lambda: ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url),
        conversation_title="A chat",
    )
    qtbot.addWidget(dialog)
    dialog.open()
    try:
        await wait_until(lambda: not dialog.loading, 10, "the model's parameters")
        await settle()
        yield dialog
    finally:
        await dialog.aclose()


async def test_the_settings_dialog_names_every_control(qtbot: QtBot, standin: StandIn) -> None:
    async with settings_dialog(qtbot, standin) as dialog:
        await check_settings_dialog_names(dialog)


async def check_settings_dialog_names(dialog: SettingsDialog) -> None:
    assert dialog.parameters.shown_parameters() >= {"temperature", "top_p", "max_tokens"}
    assert_accessible(dialog, at_least=14)
    # The generated number fields: the parameter's label, its help, its range and default.
    temperature = dialog.parameters.fields["temperature"].edit
    assert accessible_name(temperature) == "Temperature"
    assert "Between 0 and 5 (default 0.7)." in temperature.toolTip()
    # A search result list and Qt's clear button join in once there is a search.
    dialog.model_picker.search_edit.setText("llama")
    await wait_until(lambda: dialog.model_picker.results.count() > 0, 10, "search results")
    await settle()
    assert_accessible(dialog, at_least=16)


async def test_the_settings_dialog_labels_are_buddies(qtbot: QtBot, standin: StandIn) -> None:
    async with settings_dialog(qtbot, standin) as dialog:
        buddies = {label.buddy() for label in dialog.findChildren(QLabel)}
        parameters = dialog.parameters
        for field in (
            *(number.edit for number in parameters.fields.values()),
            parameters.system_edit,
            parameters.stop_edit,
            dialog.model_picker.combo,
            dialog.theme_combo,
            dialog.language_combo,
        ):
            assert field in buddies, field.accessibleName()


async def test_the_settings_dialog_tabs_in_visual_order(qtbot: QtBot, standin: StandIn) -> None:
    async with settings_dialog(qtbot, standin) as dialog:
        assert_tab_order_is_visual(dialog)
        chain = tab_chain(dialog)
        assert chain.index(dialog.parameters.stop_edit) < chain.index(dialog.theme_combo)
        assert chain.index(dialog.language_combo) < chain.index(dialog.ok_button)


async def test_enter_accepts_and_esc_cancels_the_settings(qtbot: QtBot, standin: StandIn) -> None:
    async with settings_dialog(qtbot, standin) as dialog:
        assert dialog.ok_button.isDefault()
        accepted: list[object] = []
        dialog.settings_accepted.connect(lambda *args: accepted.append(args))
        qtbot.keyClick(dialog.theme_combo, Qt.Key.Key_Return)
        assert len(accepted) == 1 and not dialog.isVisible()
        assert dialog.result() == QDialog.DialogCode.Accepted


async def test_esc_closes_the_settings_without_a_word(qtbot: QtBot, standin: StandIn) -> None:
    async with settings_dialog(qtbot, standin) as dialog:
        accepted: list[object] = []
        dialog.settings_accepted.connect(lambda *args: accepted.append(args))
        qtbot.keyClick(dialog.parameters.fields["top_p"].edit, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and accepted == []
        assert dialog.result() == QDialog.DialogCode.Rejected


# -- the model picker --------------------------------------------------------------------------


async def test_the_model_picker_names_every_control(qtbot: QtBot, standin: StandIn) -> None:
    async with ReplicateClient(api_key=STANDIN_TOKEN, base_url=standin.base_url) as client:
        picker = ModelPicker("meta/meta-llama-3-8b-instruct", client)
        qtbot.addWidget(picker)
        picker.show()
        assert_accessible(picker, at_least=2)  # the model combo and the search field
        picker.search_edit.setText("llama")
        await wait_until(lambda: picker.results.count() > 0, 10, "search results")
        assert_accessible(picker, at_least=3)  # the results list too
        assert_tab_order_is_visual(picker)
        await picker.aclose()


# -- the token dialog --------------------------------------------------------------------------


def open_token_dialog(qtbot: QtBot, store: TokenStore, reason: str = "") -> TokenDialog:
    dialog = TokenDialog(store, reason=reason)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


async def test_the_token_dialog_without_a_token(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={})
    await store.load()
    dialog = open_token_dialog(qtbot, store, "Replicate did not accept the saved token (401).")
    await settle()
    assert_accessible(dialog, at_least=4)  # field, show, save, close
    assert_tab_order_is_visual(dialog)
    assert dialog.save_button.isDefault()
    dialog.token_field.setText("r8_typed")
    await settle()
    assert_accessible(dialog, at_least=4)
    qtbot.keyClick(dialog.token_field, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


async def test_the_token_dialog_with_a_saved_token(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={})
    await store.save(STANDIN_TOKEN)
    dialog = open_token_dialog(qtbot, store)
    await settle()
    assert dialog.replace_button.isVisible() and dialog.remove_button.isVisible()
    assert_accessible(dialog, at_least=3)
    assert_tab_order_is_visual(dialog)
    dialog.replace_button.click()  # the field and its buttons appear
    await settle()
    assert dialog.token_field.isVisible()
    assert_accessible(dialog, at_least=5)
    assert_tab_order_is_visual(dialog)
    dialog.reject()


async def test_the_token_dialog_with_the_environment_token(qtbot: QtBot) -> None:
    store = TokenStore(environ={"REPLICATE_API_TOKEN": STANDIN_TOKEN})
    await store.load()  # the environment wins: the keyring is not asked
    dialog = open_token_dialog(qtbot, store)
    await settle()
    assert not dialog.token_field.isEnabled()
    assert_accessible(dialog, at_least=3)
    dialog.reject()


async def test_the_token_dialog_without_a_keyring(qtbot: QtBot, no_keyring: None) -> None:
    store = TokenStore(environ={})
    await store.load()
    dialog = open_token_dialog(qtbot, store)
    dialog.token_field.setText("r8_typed")
    await settle()
    assert dialog.session_button.isVisible()
    assert_accessible(dialog, at_least=5)
    assert_tab_order_is_visual(dialog)
    dialog.reject()


# -- the crash box -----------------------------------------------------------------------------


async def test_the_crash_box_names_every_control(qtbot: QtBot) -> None:
    box = error_box("ValueError: boom", "Traceback (most recent call last): ...")
    qtbot.addWidget(box)
    box.open()
    await settle()
    assert_accessible(box, at_least=2)  # OK and the details button
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert isinstance(ok, QPushButton) and box.defaultButton() is ok
    details = next(b for b in box.buttons() if b is not ok)
    details.click()  # the technical details, a read-only text, show
    await settle()
    assert_accessible(box, at_least=3)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.isVisible()
