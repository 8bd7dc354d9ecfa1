"""What the window changes in the settings file: generation defaults or a conversation's own
settings, the theme and language, and the window's geometry. A file that cannot be written is
said in a notice; the choice still holds for this run."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QCoreApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

from gui.config.settings import GenerationSettings, save_settings
from gui.window.context import AppContext
from gui.window.conversation import ShownConversation

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("Context", "text")


class WindowPreferences:
    def __init__(self, context: AppContext, notify: Callable[[str], None]) -> None:
        self._context = context
        self._notify = notify

    @property
    def defaults(self) -> GenerationSettings:
        return self._context.settings.defaults

    def apply_settings(
        self, settings: GenerationSettings, scope: str, shown: ShownConversation
    ) -> None:
        """The settings dialog's OK: for the open conversation only, or as the new defaults."""
        if scope == "conversation" and shown.conversation is not None:
            shown.keep_settings(settings, self.defaults)
            return
        self._change(defaults=settings)
        shown.forget_pending_model()  # the new defaults carry the model chosen with them

    def apply_appearance(self, theme: str, language: str) -> None:
        """Keep the theme and language chosen; the theme shows at once, the language at the next
        start (every widget would have to rebuild its texts, for a rare change)."""
        old_language = self._context.settings.language
        self._change(theme=theme, language=language)
        if self._context.theme is not None:
            self._context.theme.set_choice(theme)
        if language != old_language:
            self._notify(
                translate("MainWindow", "The language changes the next time Replicate Chat starts.")
            )

    def restore_geometry(self, window: QMainWindow, splitter: QSplitter) -> None:
        geometry = self._context.settings.window_geometry
        restored = False
        if geometry:
            restored = window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        if not restored:
            window.resize(1100, 760)
        splitter.setSizes([self._context.settings.sidebar_width or 260, 840])

    def save_geometry(self, window: QMainWindow, splitter: QSplitter) -> None:
        geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
        sizes = splitter.sizes()
        self._change(window_geometry=geometry, sidebar_width=sizes[0] if sizes else None)

    def save(self) -> None:
        """Write the settings as they stand (what was learned about models, say)."""
        self._change()

    def _change(self, **changes: object) -> None:
        self._context.settings = dataclasses.replace(self._context.settings, **changes)  # type: ignore[arg-type]
        try:
            save_settings(self._context.paths.settings_file, self._context.settings)
        except OSError as error:
            self._notify(translate("MainWindow", "Could not save the settings: %s") % error)
