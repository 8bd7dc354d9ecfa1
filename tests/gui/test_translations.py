"""Translations: every visible string is wrapped for Qt Linguist, and Russian is complete.

Three nets, each catching what the others miss:
- the sources: a string literal handed straight to a Qt text setter (setText, setToolTip,
  QLabel(...), ...) was not wrapped in tr()/translate();
- the .ts files: a wrapped string `make translations` has not collected yet, a Russian entry left
  unfinished, a placeholder or accelerator lost in translation, a stale .qm;
- the running app in Russian: any text a person can see in the window and its dialogs that is
  still English.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from gui.utils.i18n import LANGUAGES, choose_language, install_translators, translation_file
from provider.models import CHAT_MODELS

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


def load_updater() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "packaging" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


updater = load_updater()


# -- the sources ----------------------------------------------------------------------------

# Qt calls whose string arguments a person reads.
TEXT_SETTERS = {
    "setText",
    "setToolTip",
    "setWindowTitle",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setStatusTip",
    "setWhatsThis",
    "setTitle",
    "addTab",
    "setTabText",
    "setTabToolTip",
    "addItem",
    "insertItem",
    "setItemText",
    "showMessage",
    "setLabelText",
    "setInformativeText",
    "setDetailedText",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "addMenu",
    "addRow",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "critical",
    "warning",
    "information",
    "question",
    "about",
}
TEXT_WIDGETS = {
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMessageBox",
    "QMenu",
}
LOGGERS = {"log", "logger", "logging"}
# A literal on a line marked so is deliberately not translated (a language's own name, a brand).
UNTRANSLATED_MARK = "# untranslated:"


def _words_in(node: ast.AST) -> str:
    """The letters a literal argument would show ("" for non-literals and letter-free text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    else:
        return ""
    return text if re.search(r"[A-Za-z]{2}", text) else ""


def unwrapped_literals(source: str, name: str) -> Iterator[str]:
    """`name:line: call(text)` for each literal with words handed to a Qt text call."""
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        call = (
            function.attr
            if isinstance(function, ast.Attribute)
            else function.id
            if isinstance(function, ast.Name)
            else ""
        )
        if call not in TEXT_SETTERS and call not in TEXT_WIDGETS:
            continue
        receiver = function.value if isinstance(function, ast.Attribute) else None
        if isinstance(receiver, ast.Name) and receiver.id in LOGGERS:
            continue  # logs stay English
        for argument in node.args:
            text = _words_in(argument)
            if text and UNTRANSLATED_MARK not in lines[argument.lineno - 1]:
                yield f"{name}:{argument.lineno}: {call}({text!r})"


def test_no_visible_string_literal_is_left_unwrapped() -> None:
    found = [
        hit
        for path in sorted((ROOT / "gui").rglob("*.py"))
        for hit in unwrapped_literals(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == [], "wrap these in self.tr() or QCoreApplication.translate():\n" + "\n".join(
        found
    )


def test_the_source_check_catches_a_bare_literal() -> None:
    sample = (
        'label.setText("Hello there")\n'
        'label.setToolTip(self.tr("Fine"))\n'
        'combo.addItem("Русский")  # untranslated: a language in its own name\n'
        'QLabel(f"{count} chats")\n'
        'button.setText("×")\n'
    )
    assert list(unwrapped_literals(sample, "sample.py")) == [
        "sample.py:1: setText('Hello there')",
        "sample.py:4: QLabel(' chats')",
    ]


# -- the .ts files --------------------------------------------------------------------------


def ts_messages(path: Path) -> dict[tuple[str, str, str], ElementTree.Element]:
    """(context, source, disambiguation) -> <message> of one .ts file."""
    messages = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            messages[key] = message
    return messages


def translations_of(message: ElementTree.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_make_translations_has_collected_every_wrapped_string(
    language: str, tmp_path: Path
) -> None:
    committed = updater.ts_file(language)
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    updater.lupdate(language, fresh)
    missing = sorted(set(ts_messages(fresh)) - set(ts_messages(committed)))
    gone = sorted(set(ts_messages(committed)) - set(ts_messages(fresh)))
    assert (missing, gone) == ([], []), "run `make translations`"


def test_russian_is_finished_and_not_empty() -> None:
    unfinished = []
    for key, message in ts_messages(updater.ts_file("ru")).items():
        translation = message.find("translation")
        assert translation is not None
        forms = translations_of(message)
        expected_forms = 3 if message.get("numerus") == "yes" else 1  # Russian: one, few, many
        if translation.get("type") or len(forms) != expected_forms or not all(forms):
            unfinished.append(key)
    assert unfinished == []


def test_english_plural_forms_are_filled() -> None:
    for key, message in ts_messages(updater.ts_file("en")).items():
        assert message.get("numerus") == "yes", key
        singular, plural = translations_of(message)
        assert singular and plural, key
        if "(s)" in key[1]:
            assert "(s)" not in singular + plural and singular != plural, key


PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%L?[sdn]|%L?\d|%\(\w+\)s")


def test_translations_keep_placeholders_and_accelerators() -> None:
    problems = []
    for (context, source, _), message in ts_messages(updater.ts_file("ru")).items():
        wanted = sorted(PLACEHOLDER.findall(source))
        has_accelerator = re.search(r"&[^&\s]", source.replace("&&", "")) is not None
        for text in translations_of(message):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{context}: {source!r} → {text!r}: placeholders")
            if (re.search(r"&[^&\s]", text.replace("&&", "")) is not None) != has_accelerator:
                problems.append(f"{context}: {source!r} → {text!r}: accelerator")
    assert problems == []


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_compiled_files_match_their_sources(language: str, tmp_path: Path) -> None:
    source = updater.ts_file(language)
    compiled = tmp_path / source.with_suffix(".qm").name
    import subprocess

    subprocess.run(
        [updater.tool("pyside6-lrelease"), str(source), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == source.with_suffix(".qm").read_bytes(), (
        "run `make translations`"
    )


# -- choosing the language --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("ru", "en_US", "ru"),
        ("en", "ru_RU", "en"),
        ("ru_RU", "de_DE", "ru"),
        ("system", "ru_RU", "ru"),
        ("system", "ru_UA", "ru"),
        ("system", "de_DE", "en"),  # no German yet: the source language
        ("de", "ru_RU", "ru"),  # a language we lack: the system's, if we have it
        ("pt_BR", "fr_FR", "en"),
    ],
)
def test_the_setting_wins_then_the_system(setting: str, system: str, expected: str) -> None:
    assert choose_language(setting, QLocale(system)) == expected


def test_every_offered_language_has_its_compiled_file() -> None:
    for language in LANGUAGES:
        assert Path(translation_file(language)).stat().st_size > 0, language


# -- the running app in Russian -------------------------------------------------------------

# Texts that are the same in every language: numbers and signs, keys, names of things.
SAME_IN_EVERY_LANGUAGE = re.compile(
    r"""^(
        [\W\d_]*                                   # numbers, punctuation, arrows, ×, …
      | .*\b(Replicate|Markdown|JSON|Llama|Mistral|DeepSeek|Claude|GPT|Gemini|Granite|Qwen)\b.*
      | [\w.-]+/[\w.:-]+                           # owner/model
      | (Ctrl|Shift|Alt|Meta|Esc|Enter|Return|F\d+|Del|Delete|Up|Down|PgUp|PgDown|Home|End|Tab|\+)+
      | English | Русский | OK
      | Top[ ][kp]                                 # parameter names from the model's schema
      | https?://\S+
    )$""",
    re.VERBOSE,
)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture
def russian(qapp: QApplication) -> Iterator[None]:
    installed = install_translators(qapp, "ru")
    try:
        yield
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale.system())


# Model names, as the catalogue and the header show them, are names in every language.
MODEL_NAMES = {name for model in CHAT_MODELS for name in (model.label, model.ref)} | {
    model.ref.split("/")[-1] for model in CHAT_MODELS
}


def english_left(texts: list[str]) -> list[str]:
    return sorted(
        {
            text
            for text in texts
            if text.strip()
            and not CYRILLIC.search(text)
            and not SAME_IN_EVERY_LANGUAGE.match(text.strip())
            and text.strip() not in MODEL_NAMES
        }
    )


def visible_texts_of_all_windows() -> list[str]:
    from tests.gui.a11y import visible_texts

    texts: list[str] = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QWidget) and widget.isVisible():
            texts.extend(visible_texts(widget))
    return texts


async def test_the_russian_window_shows_no_english(russian: None, window) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.helpers import send, wait_until

    await send(window, "Покажи таблицу и немного Python")
    texts = visible_texts_of_all_windows()
    window.open_settings()
    await wait_until(lambda: window.dialogs.settings_dialog is not None, what="the settings dialog")
    texts += visible_texts_of_all_windows()
    window.dialogs.settings_dialog.reject()
    window.open_token_dialog()
    await wait_until(lambda: window.dialogs.token_dialog is not None, what="the token dialog")
    texts += visible_texts_of_all_windows()
    window.dialogs.token_dialog.reject()
    # Let the dialogs finish closing inside the loop (pytest-qt runs Qt events after the test).
    await wait_until(lambda: not window.dialogs.winding_down, what="the dialogs to close")
    assert any(CYRILLIC.search(text) for text in texts), "the Russian translation was loaded"
    left = english_left(texts)
    assert left == [], "still English:\n" + "\n".join(left)
