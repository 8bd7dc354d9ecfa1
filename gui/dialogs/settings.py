"""The settings dialog: a model and its parameters, for one conversation or for new ones, and
the app's appearance (theme and language, always global).

The controls follow the chosen model's input schema, fetched as an asyncio task (debounced while
the name is typed); without a token, or when the schema cannot be read, every control is shown
with safe ranges and one line says why. The dialog owns the client it is given and its tasks:
closing it cancels and awaits them and closes the client (`aclose()` waits for all that).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.config.model_memory import ModelMemory
from gui.config.settings import THEMES, GenerationSettings
from gui.dialogs.context_form import ContextForm
from gui.dialogs.model_picker import ModelPicker
from gui.dialogs.parameter_form import ParameterForm
from gui.dialogs.reasoning_form import ReasoningForm
from gui.utils.i18n import LANGUAGES
from provider import InputSchema, ProviderError
from provider.tasks import OwnedTasks, loop_running

if TYPE_CHECKING:
    from provider import ReplicateClient

log = logging.getLogger(__name__)

SCHEMA_DELAY = 0.3  # seconds of quiet typing before a model's schema is fetched
CONVERSATION = "conversation"
DEFAULTS = "defaults"


class SettingsDialog(QDialog):
    """Edit generation settings; emits `settings_accepted(settings, scope)` on OK, and
    `appearance_accepted(theme, language)` on OK when either of those changed.

    `client_factory()` gives a new client for the caller's token, or None without a token; the
    dialog closes the client when it closes. With `conversation_title`, the person chooses
    whether the settings are for that conversation only (the default) or for new ones; the
    appearance is the whole app's either way.
    """

    settings_accepted = Signal(object, str)  # GenerationSettings, "conversation" | "defaults"
    appearance_accepted = Signal(str, str)  # theme ("system" | "light" | "dark"), language
    context_window_accepted = Signal(str, object)  # model, its window in tokens or None

    def __init__(
        self,
        settings: GenerationSettings,
        *,
        client_factory: Callable[[], ReplicateClient | None],
        conversation_title: str | None = None,
        theme: str = "system",
        language: str = "system",
        model_memory: ModelMemory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model_memory = model_memory
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self._initial = settings
        self._initial_appearance = (theme, language)
        self._accepted: GenerationSettings | None = None
        self._schema_loads = OwnedTasks("loading the model's parameters")  # the latest runs
        self._schema_model: str | None = None  # the model whose parameters are shown or loading
        self._closing_started = False
        self._closing = OwnedTasks("closing the settings dialog")  # its client, its tasks
        self._client, client_problem = _make_client(client_factory)
        self._has_conversation = conversation_title is not None
        self._build(settings, conversation_title, theme, language)
        self.parameters.set_values(settings)
        self.model_picker.model_changed.connect(self._on_model_changed)
        self.model_picker.validity_changed.connect(self._update_ok)
        self.parameters.changed.connect(self._update_ok)
        model = self.model_picker.model()
        if client_problem:
            self._show_status(client_problem)
        elif model is not None:
            self._on_model_changed(model, delay=0)
        self._update_ok()

    def _build(
        self,
        settings: GenerationSettings,
        conversation_title: str | None,
        theme: str,
        language: str,
    ) -> None:
        """The controls top to bottom: their creation order is the Tab order."""
        layout = QVBoxLayout(self)
        # Grow when a note or an error line appears rather than squeezing the controls together.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

        self.scope_box = QGroupBox(self.tr("Apply to"), self)
        scope_layout = QVBoxLayout(self.scope_box)
        title = (conversation_title or "").strip()
        if len(title) > 40:
            title = title[:39] + "…"
        self.conversation_button = QRadioButton(
            self.tr("This conversation only (“%s”)") % title
            if title
            else self.tr("This conversation only"),
            self.scope_box,
        )
        self.conversation_button.setAccessibleName(self.tr("This conversation only"))
        self.conversation_button.setToolTip(
            self.tr("Only the open conversation uses these settings; it remembers them")
        )
        self.defaults_button = QRadioButton(self.tr("Default for new conversations"), self)
        self.defaults_button.setAccessibleName(self.tr("Default for new conversations"))
        self.defaults_button.setToolTip(
            self.tr(
                "New conversations start with these settings; a conversation keeps only the "
                "values it changed itself"
            )
        )
        self._scope_group = QButtonGroup(self)
        self._scope_group.addButton(self.conversation_button)
        self._scope_group.addButton(self.defaults_button)
        self.conversation_button.setChecked(True)
        scope_layout.addWidget(self.conversation_button)
        scope_layout.addWidget(self.defaults_button)
        self.scope_box.setVisible(self._has_conversation)
        layout.addWidget(self.scope_box)

        model_label = QLabel(self.tr("&Model"), self)
        layout.addWidget(model_label)
        self.model_picker = ModelPicker(settings.model, self._client, self)
        self.model_picker.setMinimumWidth(520)  # room for "owner/name — description" results
        model_label.setBuddy(self.model_picker.combo)
        layout.addWidget(self.model_picker)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Model parameters status"))
        self.status_label.setVisible(False)
        layout.addWidget(self.status_label)

        self.parameters = ParameterForm(self)
        layout.addWidget(self.parameters)

        self.reasoning_form = ReasoningForm(settings.reasoning, self)
        layout.addWidget(self.reasoning_form)

        self.context_form = ContextForm(self._model_memory, settings.history_turns, self)
        self.context_form.set_model(settings.model)
        layout.addWidget(self.context_form)

        self.appearance_box = QGroupBox(self.tr("Appearance"), self)
        self._build_appearance(theme, language)
        layout.addWidget(self.appearance_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert ok is not None and cancel is not None
        self.ok_button: QPushButton = ok
        self.ok_button.setAccessibleName(self.tr("OK"))
        self.ok_button.setToolTip(self.tr("Use these settings"))
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setToolTip(self.tr("Close without changing anything"))
        self.reset_button = self.buttons.addButton(
            self.tr("Reset to model defaults"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.setAccessibleName(self.tr("Reset to model defaults"))
        self.reset_button.setToolTip(
            self.tr("Clear every value so the model's own defaults apply; the model stays")
        )
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.parameters.reset)
        self.reset_button.clicked.connect(self.reasoning_form.reset)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _build_appearance(self, theme: str, language: str) -> None:
        """Theme and language: global settings, whatever the scope above says."""
        form = QFormLayout(self.appearance_box)
        self.appearance_note = QLabel(
            self.tr("For the whole app, not only this conversation."), self.appearance_box
        )
        self.appearance_note.setWordWrap(True)
        self.appearance_note.setVisible(self._has_conversation)
        form.addRow(self.appearance_note)

        self.theme_combo = QComboBox(self.appearance_box)
        theme_names = {
            "system": self.tr("Follow the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for value in THEMES:
            self.theme_combo.addItem(theme_names[value], value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(theme)))
        self.theme_combo.setAccessibleName(self.tr("Theme"))
        self.theme_combo.setToolTip(self.tr("Light or dark colours, or the system's colour scheme"))
        theme_label = QLabel(self.tr("&Theme"), self.appearance_box)
        theme_label.setBuddy(self.theme_combo)
        form.addRow(theme_label, self.theme_combo)

        self.language_combo = QComboBox(self.appearance_box)
        self.language_combo.addItem(self.tr("Follow the system"), "system")  # untranslated: data
        for code, own_name in LANGUAGES.items():
            self.language_combo.addItem(own_name, code)  # each in its own name: never translated
        if self.language_combo.findData(language) < 0:
            # A language saved by hand (or by a later version) stays chosen rather than lost.
            own_name = QLocale(language).nativeLanguageName()
            self.language_combo.addItem(
                f"{own_name} ({language})" if own_name else language, language
            )
        self.language_combo.setCurrentIndex(self.language_combo.findData(language))
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.language_combo.setToolTip(
            self.tr("The language of the app; takes effect after a restart")
        )
        language_column = QWidget(self.appearance_box)
        column = QVBoxLayout(language_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.language_combo)
        self.restart_note = QLabel(self.tr("Takes effect after a restart."), language_column)
        self.restart_note.setWordWrap(True)
        column.addWidget(self.restart_note)
        language_label = QLabel(self.tr("&Language"), self.appearance_box)
        language_label.setBuddy(self.language_combo)
        form.addRow(language_label, language_column)

    def theme(self) -> str:
        """The chosen theme: "system", "light" or "dark"."""
        return str(self.theme_combo.currentData())

    def language(self) -> str:
        """The chosen language: "system" or a language code."""
        return str(self.language_combo.currentData())

    # -- results ------------------------------------------------------------------------------

    def is_valid(self) -> bool:
        return self.model_picker.is_valid() and self.parameters.is_valid()

    def settings(self) -> GenerationSettings:
        """The settings as accepted (or as they stand); ValueError while something is invalid."""
        if self._accepted is not None:
            return self._accepted
        model = self.model_picker.model()
        if model is None:
            raise ValueError(self.model_picker.error())
        return dataclasses.replace(
            self._initial,
            model=model,
            history_turns=self.context_form.history_turns(),
            reasoning=self.reasoning_form.values(),
            **self.parameters.values(),
        )

    def scope(self) -> str:
        """ "conversation" (this conversation only) or "defaults" (for new conversations)."""
        if self._has_conversation and self.conversation_button.isChecked():
            return CONVERSATION
        return DEFAULTS

    def accept(self) -> None:
        if not self.is_valid():
            return  # Enter in a field while OK is disabled
        self._accepted = self.settings()
        self.settings_accepted.emit(self._accepted, self.scope())
        self.context_window_accepted.emit(self._accepted.model, self.context_form.window())
        appearance = (self.theme(), self.language())
        if appearance != self._initial_appearance:
            self._initial_appearance = appearance  # a second accept() emits nothing new
            self.appearance_accepted.emit(*appearance)
        super().accept()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.is_valid())

    # -- the model's schema -------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """True while a model's parameters are being fetched (or about to be)."""
        return len(self._schema_loads) > 0

    def _on_model_changed(self, model: str, delay: float = SCHEMA_DELAY) -> None:
        if model == self._schema_model or self._closing_started:
            return
        self._schema_model = model
        self.context_form.set_model(model)
        self._schema_loads.cancel_now()
        if self._client is None:
            self.parameters.apply_generic()
            self._show_status(self.tr("Connect a Replicate token to load this model's parameters."))
            return
        self._show_status(self.tr("Loading model parameters…"))
        self._schema_loads.spawn(
            self._load_schema(self._client, model, delay), name="settings-model-schema"
        )

    async def _load_schema(self, client: ReplicateClient, model: str, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            schema = await client.input_schema(model)
        except ProviderError as error:
            self._show_generic(str(error))
            return
        if schema is None:
            # The provider says None both for "no schema" and for a network failure it logged.
            self._show_generic(self.tr("This model's parameters could not be read."))
            return
        self.parameters.apply_schema(schema, model)
        self.reasoning_form.apply_schema(schema)
        self._show_status(_schema_warning(schema))

    def _show_generic(self, reason: str) -> None:
        self.parameters.apply_generic()
        self.reasoning_form.apply_schema(None)
        self._show_status(
            self.tr("%s The usual parameters are shown, with safe ranges.") % reason.strip()
        )

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    # -- closing ------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Closing for any reason (OK, Cancel, Esc, the window's close) ends the dialog's work."""
        super().done(result)
        self._start_closing()

    def _start_closing(self) -> None:
        if self._closing_started:
            return
        self._closing_started = True
        self.model_picker.stop()
        self._schema_loads.cancel_now()
        if loop_running():  # else closed outside the loop (a test's teardown): see aclose()
            self._closing.spawn(self._close_resources(), name="settings-dialog-close")

    async def _close_resources(self) -> None:
        await self.model_picker.aclose()
        await self._schema_loads.cancel()
        if self._client is not None:
            client, self._client = self._client, None
            await client.close()

    async def aclose(self) -> None:
        """Close the dialog (Cancel) if it is open, then wait until its tasks have ended and its
        client is closed. Safe to call more than once."""
        if not self._closing_started:
            self.reject()  # reaches done(), which starts the closing
        if self._client is not None and not len(self._closing):
            self._closing.spawn(self._close_resources())  # it was closed outside the loop
        await self._closing.wait()  # a caller cancelled meanwhile leaves the closing running


def _make_client(
    factory: Callable[[], ReplicateClient | None],
) -> tuple[ReplicateClient | None, str]:
    """The caller's client, or None and why not (a token that cannot be used, say)."""
    try:
        return factory(), ""
    except ProviderError as error:
        return None, str(error)


def _schema_warning(schema: InputSchema) -> str:
    if "prompt" in schema or schema.takes_messages:
        return ""
    return QCoreApplication.translate(
        "SettingsDialog",
        "This does not look like a chat model: it takes neither a prompt nor messages.",
    )
