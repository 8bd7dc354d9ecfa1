"""The API token dialog: see where the token comes from, paste a new one, check it, keep it.

A pasted token is checked with Replicate (gui/dialogs/token_check.py) before it is kept, then
saved in the system keyring through `TokenStore`. When the keyring cannot keep it, the dialog
says so and offers to use it for this session only; there is no file fallback. The check runs
as an asyncio task owned by the dialog: closing the dialog cancels it. The app opens the dialog
with `open()`.
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.config.token_store import TokenSource, TokenState, TokenStorageError, TokenStore
from gui.dialogs.token_check import check_token
from gui.widgets.error_text import show_as_error
from provider.tasks import OwnedTasks

log = logging.getLogger(__name__)

TOKENS_URL = "https://replicate.com/account/api-tokens"


def _label(parent: QWidget, name: str, *, rich: bool = False) -> QLabel:
    """A wrapped, selectable label; plain text unless `rich` (a username is never markup)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class TokenDialog(QDialog):
    """Shows the token's source and lets a person validate and save, replace or remove it."""

    token_changed = Signal(object)  # the new TokenState, after a save, a removal or session use

    def __init__(
        self,
        token_store: TokenStore,
        *,
        base_url: str | None = None,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = token_store
        self._base_url = base_url
        # The check, save or removal under way: one at a time, cancelled by closing.
        self._work = OwnedTasks("the token dialog's work", self._on_bug)
        self._closing = False
        self._busy = False
        self._replacing = False  # a keyring token is saved and the person asked to replace it
        self._offer_session = False  # saving failed: offer the session-only way out
        self.setWindowTitle(self.tr("Replicate API token"))
        self.setAccessibleName(self.tr("Replicate API token"))
        self.setMinimumWidth(560)  # wide enough that the token page's address does not break
        self._build(reason)
        self._show_state(token_store.state)

    # -- layout ------------------------------------------------------------------------------

    def _build(self, reason: str) -> None:
        column = QVBoxLayout(self)

        self.reason_label = _label(self, self.tr("Why this dialog opened"))
        self.reason_label.setText(reason)
        self.reason_label.setStyleSheet("font-weight: bold")
        self.reason_label.setVisible(bool(reason))
        self.state_label = _label(self, self.tr("Token status"))
        self.env_help_label = _label(self, self.tr("How to change the environment token"))
        self.env_help_label.setText(
            self.tr(
                "To use a different token, change or unset REPLICATE_API_TOKEN and start "
                "Replicate Chat again."
            )
        )
        self.help_label = _label(self, self.tr("Where to get a token"), rich=True)
        self.help_label.setText(
            self.tr(
                "Create a token on Replicate's API tokens page: "
                '<a href="{url}">replicate.com/account/api-tokens</a>'
            ).format(url=TOKENS_URL)
        )
        self.help_label.setToolTip(TOKENS_URL)
        self.help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.help_label.setOpenExternalLinks(False)  # opened by us, through QDesktopServices
        self.help_label.linkActivated.connect(self._open_link)
        self.problem_label = _label(self, self.tr("Keyring problem"))
        show_as_error(self.problem_label)

        self.field_row = QWidget(self)
        row = QHBoxLayout(self.field_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.token_field = QLineEdit(self.field_row)
        self.token_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_field.setPlaceholderText(self.tr("Paste your API token (r8_…)"))
        self.token_field.setAccessibleName(self.tr("API token"))
        self.token_field.setToolTip(self.tr("Your Replicate API token; it is hidden as you type"))
        # Enter reaches the default button (Validate and save); no returnPressed wiring needed.
        self.token_field.textChanged.connect(self._update_buttons)
        self.show_button = QToolButton(self.field_row)
        self.show_button.setText(self.tr("Show"))
        self.show_button.setCheckable(True)
        self.show_button.setAccessibleName(self.tr("Show token"))
        self.show_button.setToolTip(self.tr("Show or hide the typed token"))
        self.show_button.toggled.connect(self._on_show_toggled)
        row.addWidget(self.token_field, 1)
        row.addWidget(self.show_button)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy indicator: the check has no measurable progress
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Working"))
        self.progress.setToolTip(self.tr("Talking to Replicate or the keyring"))
        self.progress.setVisible(False)
        self.message_label = _label(self, self.tr("Result"))

        buttons = QHBoxLayout()
        self.replace_button = self._push_button(
            self.tr("Replace…"), self.tr("Paste a new token to replace the saved one")
        )
        self.replace_button.clicked.connect(self._on_replace_clicked)
        self.remove_button = self._push_button(
            self.tr("Remove token"),
            self.tr("Delete the token from the system keyring and stop using it"),
        )
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.session_button = self._push_button(
            self.tr("Use for this session only"),
            self.tr("Check the token and keep it in memory until Replicate Chat quits"),
        )
        self.session_button.clicked.connect(lambda: self._start_check(session_only=True))
        self.save_button = self._push_button(
            self.tr("Validate and save"),
            self.tr("Check the token with Replicate, then save it in the system keyring"),
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button = self._push_button(self.tr("Close"), self.tr("Close this dialog"))
        self.close_button.clicked.connect(self._on_close_clicked)
        buttons.addWidget(self.replace_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.session_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        for widget in (
            *(self.reason_label, self.state_label, self.env_help_label, self.help_label),
            *(self.problem_label, self.field_row, self.progress, self.message_label),
        ):
            column.addWidget(widget)
        column.addStretch(1)
        column.addLayout(buttons)

    def _push_button(self, text: str, tooltip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tooltip)
        return button

    # -- showing the state -------------------------------------------------------------------

    def _show_state(self, state: TokenState) -> None:
        """Labels and buttons for `state`; what can be done depends on where the token is."""
        source = state.source
        texts = {
            TokenSource.ENVIRONMENT: self.tr(
                "Using the token from the environment variable REPLICATE_API_TOKEN."
            ),
            TokenSource.KEYRING: self.tr("A token is saved in the system keyring."),
            TokenSource.SESSION: self.tr(
                "A token is in use for this session only; it is not saved anywhere."
            ),
            TokenSource.NONE: self.tr("No token is saved yet."),
        }
        self.state_label.setText(texts[source])
        self.env_help_label.setVisible(source is TokenSource.ENVIRONMENT)
        self.help_label.setVisible(source in (TokenSource.NONE, TokenSource.SESSION))
        problem = state.keyring_problem if source is not TokenSource.ENVIRONMENT else None
        self.problem_label.setText(problem or "")
        self.problem_label.setVisible(bool(problem))
        if problem:
            self._offer_session = True
        if source is not TokenSource.KEYRING:
            self._replacing = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        source = self._store.state.source
        busy = self._busy
        environment = source is TokenSource.ENVIRONMENT
        wants_field = not environment and (source is not TokenSource.KEYRING or self._replacing)
        self.field_row.setVisible(wants_field or environment)
        self.token_field.setEnabled(not environment and not busy)
        self.show_button.setEnabled(not environment)
        if environment:
            self.token_field.clear()
            self.token_field.setToolTip(
                self.tr("Disabled: the token comes from REPLICATE_API_TOKEN")
            )
        has_text = bool(self.token_field.text().strip())
        self.save_button.setVisible(wants_field)
        self.save_button.setEnabled(has_text and not busy)
        self.session_button.setVisible(wants_field and self._offer_session)
        self.session_button.setEnabled(has_text and not busy)
        self.replace_button.setVisible(source is TokenSource.KEYRING and not self._replacing)
        self.replace_button.setEnabled(not busy)
        self.remove_button.setVisible(source in (TokenSource.KEYRING, TokenSource.SESSION))
        self.remove_button.setEnabled(not busy)
        self._fit_height()

    def _fit_height(self) -> None:
        """Rows appear and disappear: grow or shrink so nothing overlaps and no gap is left.

        adjustSize() alone sizes wrapped labels for the size hint's narrower width, so the
        dialog came out taller than its text: the height is taken again for the real width.
        """
        self.adjustSize()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            self.resize(self.width(), layout.heightForWidth(self.width()))

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        show_as_error(self.message_label, error)

    def _set_busy(self, text: str | None) -> None:
        """Show a running check (`text`) or its end (None)."""
        self._busy = text is not None
        self.progress.setVisible(self._busy)
        if text is not None:
            self._show_message(text)
        self._update_buttons()

    # -- actions -----------------------------------------------------------------------------

    def is_busy(self) -> bool:
        """True while a check, a save or a removal runs."""
        return len(self._work) > 0

    def _on_show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.token_field.setEchoMode(mode)
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _open_link(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    def _on_replace_clicked(self) -> None:
        self._replacing = True
        self._update_buttons()
        self.token_field.setFocus()

    def _on_save_clicked(self) -> None:
        self._start_check(session_only=False)

    def _on_remove_clicked(self) -> None:
        if not self.is_busy():
            self._set_busy(self.tr("Removing the token…"))
            self._run(self._remove())

    def _on_close_clicked(self) -> None:
        if self._store.state.has_token:
            self.accept()
        else:
            self.reject()

    def _start_check(self, *, session_only: bool) -> None:
        """Check the typed token with Replicate, then save it (or keep it for the session)."""
        if self.is_busy() or self._store.state.source is TokenSource.ENVIRONMENT:
            return
        typed = self.token_field.text().strip()
        if not typed:
            self._show_message(self.tr("Paste a token first."), error=True)
            return
        # Busy at once (not when the task first runs), so a second click cannot start another.
        self._set_busy(self.tr("Checking the token with Replicate…"))
        # The token travels only as this coroutine's argument: never an attribute or a label.
        self._run(self._check_and_keep(typed, session_only=session_only))

    def _run(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """Run `coroutine` as the dialog's one task (kept, so closing can cancel it)."""
        self._work.spawn(coroutine)

    def _on_bug(self, error: BaseException) -> None:
        """A bug, not a Replicate or keyring answer (those are handled): say so in the dialog."""
        if not self._closing:
            self._show_message(
                self.tr("Something went wrong: %s") % type(error).__name__, error=True
            )
            self._set_busy(None)

    async def _check_and_keep(self, typed: str, *, session_only: bool) -> None:
        try:
            check = await check_token(typed, self._base_url)
            if check.username is None:
                self._show_message(check.problem, error=True)
            else:
                await self._keep(typed, check.username, session_only=session_only)
        finally:
            if not self._closing:  # after a close the widgets may be on their way out
                self._set_busy(None)

    async def _keep(self, typed: str, username: str, *, session_only: bool) -> None:
        if session_only:
            state = await self._store.use_for_session(typed)
            message = self.tr(
                "Signed in as %s. The token is used for this session only and is not saved."
            )
        else:
            self._set_busy(self.tr("Saving the token in the system keyring…"))
            try:
                state = await self._store.save(typed)
            except TokenStorageError as error:
                self._offer_session = True
                self._show_state(self._store.state)
                self._show_message(
                    self.tr("Signed in as %s, but the token could not be saved: %s")
                    % (username, error.message),
                    error=True,
                )
                return
            message = self.tr("Signed in as %s. The token is saved in the system keyring.")
        self.token_field.clear()
        self._replacing = False
        self._show_state(state)
        self._show_message(message % username)
        self.token_changed.emit(state)

    async def _remove(self) -> None:
        try:
            try:
                state = await self._store.remove()
            except TokenStorageError as error:
                self._show_state(self._store.state)
                self._show_message(
                    self.tr("The token could not be removed from the keyring: %s") % error.message,
                    error=True,
                )
                return
            self._show_state(state)
            if state.source is TokenSource.ENVIRONMENT:
                self._show_message(
                    self.tr(
                        "The saved token was removed, but REPLICATE_API_TOKEN is still set and "
                        "stays in use."
                    )
                )
            else:
                self._show_message(self.tr("The token was removed."))
            self.token_changed.emit(state)
        finally:
            if not self._closing:
                self._set_busy(None)

    # -- closing -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._closing = False
        super().showEvent(event)

    def done(self, result: int) -> None:
        """Every way of closing (Close, Esc, the window's ✕, reject()) cancels a running task."""
        self._closing = True
        self._work.cancel_now()
        super().done(result)

    async def close_and_wait(self) -> None:
        """Close (rejecting) and wait until the running task, if any, has finished cancelling:
        its HTTP client is closed by then. For a caller that is shutting down."""
        self.reject()
        await self._work.wait()
