"""The token dialog against the stand-in (real HTTP) and the real Secret Service, on qasync."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from gui.config.token_store import TokenSource, TokenState, TokenStore
from gui.dialogs.api_token import TOKENS_URL, TokenDialog
from provider.standin import STANDIN_TOKEN, STANDIN_USER, StandIn
from tests.gui.helpers import wait_until
from tests.gui.secret_service import SecretServiceProcess

pytestmark = pytest.mark.usefixtures("keep_running_when_closed")

# The offscreen platform has no window manager to pass size hints to; a dialog's layout sets them.


WRONG = "r8_WrongTokenValue00000000000000000000000"


def open_dialog(
    qtbot: QtBot, store: TokenStore, base_url: str | None, reason: str = ""
) -> tuple[TokenDialog, list[TokenState]]:
    dialog = TokenDialog(store, base_url=base_url, reason=reason)
    qtbot.addWidget(dialog)
    changes: list[TokenState] = []
    dialog.token_changed.connect(changes.append)
    dialog.open()
    return dialog, changes


async def submit(dialog: TokenDialog, token: str, *, session_only: bool = False) -> None:
    """Type `token` and press the button, then wait until the check (and save) has finished."""
    dialog.token_field.setText(token)
    button = dialog.session_button if session_only else dialog.save_button
    assert button.isVisible() and button.isEnabled()
    button.click()
    assert dialog.is_busy()
    await wait_until(lambda: not dialog.is_busy(), 20, "the token check")


def shown_texts(dialog: TokenDialog) -> list[str]:
    """Everything the dialog shows or tells assistive technology, apart from the field itself."""
    texts = [dialog.windowTitle(), dialog.accessibleName(), dialog.toolTip()]
    for widget in dialog.findChildren(QWidget):
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit) and widget is not dialog.token_field:
            texts.append(widget.text())
    return texts


async def test_a_valid_token_shows_the_username_and_lands_in_the_keyring(
    qtbot: QtBot, standin: StandIn, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={})
    await store.load()
    dialog, changes = open_dialog(qtbot, store, standin.base_url)
    assert dialog.state_label.text() == "No token is saved yet."
    assert dialog.progress.isHidden()
    dialog.token_field.setText(STANDIN_TOKEN)
    dialog.save_button.click()
    assert dialog.progress.isVisible() and not dialog.save_button.isEnabled()
    assert "Checking the token" in dialog.message_label.text()
    await wait_until(lambda: not dialog.is_busy(), 20, "the token check")
    assert dialog.message_label.text().startswith(f"Signed in as {STANDIN_USER}.")
    assert dialog.progress.isHidden()
    assert clean_keyring.lookup() == STANDIN_TOKEN
    assert [state.source for state in changes] == [TokenSource.KEYRING]
    assert store.token_value() == STANDIN_TOKEN
    assert dialog.state_label.text() == "A token is saved in the system keyring."
    assert dialog.token_field.text() == ""  # not left lying around in the widget
    assert [r.path for r in standin.requests] == ["/v1/account"]
    assert standin.requests[0].headers["Authorization"] == f"Bearer {STANDIN_TOKEN}"
    assert STANDIN_TOKEN not in "".join(shown_texts(dialog))
    dialog.close_button.click()
    assert not dialog.isVisible() and dialog.result() == TokenDialog.DialogCode.Accepted


async def test_a_wrong_token_is_refused_and_nothing_is_stored(
    qtbot: QtBot, standin: StandIn, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={})
    await store.load()
    dialog, changes = open_dialog(qtbot, store, standin.base_url)
    await submit(dialog, WRONG)
    assert dialog.message_label.text().startswith("Replicate did not accept this token")
    assert clean_keyring.lookup() is None
    assert changes == [] and store.state.source is TokenSource.NONE
    assert dialog.token_field.text() == WRONG  # kept, so a typo can be fixed
    assert dialog.save_button.isEnabled()
    assert WRONG not in "".join(shown_texts(dialog))
    dialog.close_button.click()
    assert dialog.result() == TokenDialog.DialogCode.Rejected


async def test_an_unreachable_replicate_is_said_so(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: connections refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = TokenStore(environ={})
    dialog, changes = open_dialog(qtbot, store, f"http://127.0.0.1:{port}")
    await submit(dialog, STANDIN_TOKEN)
    assert dialog.message_label.text().startswith("Could not reach Replicate: ")
    assert changes == [] and clean_keyring.lookup() is None


async def test_the_environment_token_is_shown_as_such(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={"REPLICATE_API_TOKEN": STANDIN_TOKEN})
    await store.load()
    dialog, _ = open_dialog(qtbot, store, None)
    assert dialog.state_label.text() == (
        "Using the token from the environment variable REPLICATE_API_TOKEN."
    )
    assert dialog.env_help_label.isVisible()
    assert "change or unset REPLICATE_API_TOKEN" in dialog.env_help_label.text()
    assert not dialog.token_field.isEnabled() and dialog.token_field.text() == ""
    assert not dialog.save_button.isVisible()
    assert not dialog.remove_button.isVisible() and not dialog.replace_button.isVisible()
    assert STANDIN_TOKEN not in "".join(shown_texts(dialog))


async def test_remove_deletes_the_saved_token(
    qtbot: QtBot, standin: StandIn, clean_keyring: SecretServiceProcess
) -> None:
    clean_keyring.store(STANDIN_TOKEN)
    store = TokenStore(environ={})
    await store.load()
    dialog, changes = open_dialog(qtbot, store, standin.base_url)
    assert dialog.state_label.text() == "A token is saved in the system keyring."
    assert dialog.remove_button.isVisible() and dialog.replace_button.isVisible()
    assert not dialog.field_row.isVisible()  # until Replace is chosen
    dialog.remove_button.click()
    await wait_until(lambda: not dialog.is_busy(), 20, "the removal")
    assert clean_keyring.lookup() is None
    assert [state.source for state in changes] == [TokenSource.NONE]
    assert dialog.state_label.text() == "No token is saved yet."
    assert dialog.message_label.text() == "The token was removed."
    assert not dialog.remove_button.isVisible()
    assert dialog.field_row.isVisible() and dialog.help_label.isVisible()


async def test_replace_overwrites_the_saved_token(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    new = "r8_NewTokenValue0000000000000000000000000"
    async with StandIn(tokens={STANDIN_TOKEN: "old-account", new: "new-account"}) as standin:
        store = TokenStore(environ={})
        await store.save(STANDIN_TOKEN)
        dialog, changes = open_dialog(qtbot, store, standin.base_url)
        dialog.replace_button.click()
        assert dialog.field_row.isVisible() and dialog.focusWidget() is dialog.token_field
        assert not dialog.replace_button.isVisible()
        await submit(dialog, new)
    assert dialog.message_label.text().startswith("Signed in as new-account.")
    assert clean_keyring.lookup() == new
    assert len(changes) == 1 and store.token_value() == new
    assert not dialog.field_row.isVisible() and dialog.replace_button.isVisible()


async def test_without_a_keyring_the_token_can_be_used_for_this_session(
    qtbot: QtBot, standin: StandIn, no_keyring: None
) -> None:
    store = TokenStore(environ={})
    await store.load()
    dialog, changes = open_dialog(qtbot, store, standin.base_url)
    assert dialog.problem_label.isVisible()
    assert dialog.problem_label.text().startswith("No system keyring is available")
    assert dialog.session_button.isVisible()
    await submit(dialog, STANDIN_TOKEN)
    text = dialog.message_label.text()
    assert text.startswith(f"Signed in as {STANDIN_USER}, but the token could not be saved:")
    assert "No system keyring is available" in text
    assert changes == [] and not store.state.has_token
    assert dialog.session_button.isVisible() and dialog.session_button.isEnabled()
    await submit(dialog, STANDIN_TOKEN, session_only=True)
    assert dialog.message_label.text().startswith(f"Signed in as {STANDIN_USER}.")
    assert "this session only" in dialog.message_label.text()
    assert [state.source for state in changes] == [TokenSource.SESSION]
    assert store.token_value() == STANDIN_TOKEN
    assert "session only" in dialog.state_label.text()
    assert dialog.remove_button.isVisible()  # forgetting a session token is possible too
    assert STANDIN_TOKEN not in "".join(shown_texts(dialog))


async def test_a_keyring_that_fails_on_save_offers_the_session(
    qtbot: QtBot, standin: StandIn
) -> None:
    """The keyring looked fine when the app started and is locked by the time of the save."""
    with SecretServiceProcess() as service, service.activated():
        store = TokenStore(environ={})
        await store.load()
        dialog, changes = open_dialog(qtbot, store, standin.base_url)
        assert not dialog.session_button.isVisible()
        service.lock()
        await submit(dialog, STANDIN_TOKEN)
        assert "locked" in dialog.message_label.text()
        assert dialog.session_button.isVisible()
        await submit(dialog, STANDIN_TOKEN, session_only=True)
        assert [state.source for state in changes] == [TokenSource.SESSION]
        assert service.lookup() is None


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A base URL whose server accepts the connection and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        server.close()


async def test_closing_mid_check_cancels_it(
    qtbot: QtBot, silent_server: str, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={})
    dialog, changes = open_dialog(qtbot, store, silent_server)
    dialog.token_field.setText(STANDIN_TOKEN)
    dialog.save_button.click()
    assert dialog.is_busy()
    await wait_until(lambda: dialog.progress.isVisible(), 5, "the check to start")
    dialog.reject()  # what Esc, the window's close button and the app's shutdown do
    assert not dialog.isVisible() and not dialog.is_busy()
    # The server never answers: only a cancelled check ends within the limit.
    await asyncio.wait_for(dialog.close_and_wait(), 5)
    assert changes == [] and clean_keyring.lookup() is None


async def test_close_and_wait_cancels_and_waits(
    qtbot: QtBot, silent_server: str, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={})
    dialog, _ = open_dialog(qtbot, store, silent_server)
    dialog.token_field.setText(STANDIN_TOKEN)
    dialog.save_button.click()
    await wait_until(lambda: dialog.progress.isVisible(), 5, "the check to start")
    await dialog.close_and_wait()
    assert not dialog.is_busy() and not dialog.isVisible()


async def test_the_field_hides_the_token_unless_shown(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    dialog, _ = open_dialog(qtbot, TokenStore(environ={}), None)
    assert dialog.token_field.echoMode() is QLineEdit.EchoMode.Password
    dialog.token_field.setText(STANDIN_TOKEN)
    assert dialog.token_field.displayText() != STANDIN_TOKEN
    dialog.show_button.click()
    assert dialog.token_field.echoMode() is QLineEdit.EchoMode.Normal
    assert dialog.show_button.text() == "Hide"
    dialog.show_button.click()
    assert dialog.token_field.echoMode() is QLineEdit.EchoMode.Password
    assert STANDIN_TOKEN not in "".join(shown_texts(dialog))


async def test_reason_help_and_accessibility(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    reason = "Replicate did not accept the saved token (401)."
    dialog, _ = open_dialog(qtbot, TokenStore(environ={}), None, reason)
    assert dialog.reason_label.isVisible() and dialog.reason_label.text() == reason
    assert dialog.help_label.isVisible() and f'href="{TOKENS_URL}"' in dialog.help_label.text()
    controls = [
        *dialog.findChildren(QAbstractButton),
        *dialog.findChildren(QLineEdit),
        dialog.progress,
        dialog.help_label,
    ]
    assert len(controls) >= 8
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    without_reason, _ = open_dialog(qtbot, TokenStore(environ={}), None)
    assert not without_reason.reason_label.isVisible()


class UrlCatcher(QObject):
    """Receives URLs Qt would hand to the desktop: Qt's own hook for a scheme's handler."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url.toString())


async def test_the_help_link_opens_through_the_desktop(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    dialog, _ = open_dialog(qtbot, TokenStore(environ={}), None)
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open_url")
    try:
        dialog.help_label.linkActivated.emit(TOKENS_URL)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == [TOKENS_URL]


async def test_the_dialog_fits_its_text_with_no_empty_band(
    qtbot: QtBot, clean_keyring: SecretServiceProcess
) -> None:
    store = TokenStore(environ={"REPLICATE_API_TOKEN": STANDIN_TOKEN})
    await store.load()
    dialog, _ = open_dialog(qtbot, store, None)
    await wait_until(dialog.isVisible, what="the dialog to show")
    layout = dialog.layout()
    # Wrapped labels sized for a narrower width left a band of 30 to 100 px above the buttons.
    assert dialog.height() <= layout.heightForWidth(dialog.width()) + 2
    assert dialog.height() >= layout.heightForWidth(dialog.width()), "nothing overlaps"
