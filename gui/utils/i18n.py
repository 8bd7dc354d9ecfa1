"""The language of the interface: which one (the setting, else the system locale) and the Qt
translators that make it so.

Every visible string is wrapped for Qt Linguist (`self.tr(...)` in a QObject, otherwise
`QCoreApplication.translate("Context", ...)`); `make translations` refreshes
resources/translations/*.ts with pyside6-lupdate and compiles them with pyside6-lrelease.
English is the source language: its file holds only the plural forms ("%n message(s)").
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui.utils.resources import resource_path

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
# Each language's own name for itself: a person looking for theirs must be able to read it.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
TRANSLATION_PREFIX = "replicate_chat_"


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """The language to show: the setting if we have it, else the system's, else English."""
    if setting != "system":
        code = setting.split("_")[0].lower()
        if code in LANGUAGES:
            return code
        log.info("No translation for the language %r; following the system", setting)
    for name in (system or QLocale.system()).uiLanguages():
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def translation_file(language: str) -> str:
    """The compiled Qt Linguist file of one language."""
    return str(resource_path("translations", f"{TRANSLATION_PREFIX}{language}.qm"))


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install our translation and Qt's own (standard buttons, context menus) for `language`.

    The translators are returned so that the caller keeps them alive: Qt does not own them.
    """
    if QLocale.system().name().split("_")[0] != language:
        # Numbers and dates follow the interface language when it is not the system's own
        # (a person in en_GB keeps their date format; Russian chosen on a German system does not).
        QLocale.setDefault(QLocale(language))
    installed = []
    ours = QTranslator(app)
    if ours.load(translation_file(language)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("The %s translation is missing: %s", language, translation_file(language))
    if language == SOURCE_LANGUAGE:
        return installed  # Qt's own texts are English already
    qt_own = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(QLocale(language), "qtbase", "_", qt_folder):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed
