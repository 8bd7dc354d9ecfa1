"""Refresh the Qt Linguist files from the sources and compile them (`make translations`).

1. pyside6-lupdate collects every string wrapped in tr()/translate() under gui/ into
   resources/translations/replicate_chat_<lang>.ts, keeping the translations already there and
   dropping strings that are gone (-no-obsolete). Locations are left out so that moving code
   does not rewrite the files.
2. English is the source language; its file holds only plural forms, filled in here from the
   "(s)" convention of the sources ("%n message(s)" → "%n message" / "%n messages"); a plural
   source without "(s)" (an abbreviation such as "%n min") is the same in both forms.
3. pyside6-lrelease compiles each .ts into the .qm the app loads.

A Russian entry left unfinished, or a source string missing from the .ts, fails
tests/gui/test_translations.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.utils.i18n import LANGUAGES as APP_LANGUAGES  # noqa: E402
from gui.utils.i18n import SOURCE_LANGUAGE, TRANSLATION_PREFIX  # noqa: E402

TRANSLATIONS = ROOT / "resources" / "translations"
SOURCES = ROOT / "gui"
# Every language the app offers (gui/utils/i18n.py), with its extra lupdate options: the source
# language needs only its plural forms.
LANGUAGES: dict[str, list[str]] = {
    code: (["-pluralonly"] if code == SOURCE_LANGUAGE else []) for code in APP_LANGUAGES
}


def tool(name: str) -> str:
    """A PySide6 tool from the same environment as this Python, else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: run this with the project's virtual environment")
    return found


def source_files() -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in SOURCES.rglob("*.py"))


def ts_file(language: str) -> Path:
    return TRANSLATIONS / f"{TRANSLATION_PREFIX}{language}.ts"


def lupdate(language: str, target: Path) -> None:
    """Update `target` (a .ts file) from the sources for one language."""
    command = [
        tool("pyside6-lupdate"),
        *source_files(),
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        language,
        *LANGUAGES[language],
        "-ts",
        str(target),
    ]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def english_plural(source: str) -> tuple[str, str]:
    """Singular and plural of a plural source string, as English needs them."""
    return source.replace("(s)", ""), source.replace("(s)", "s")


def fill_english_plurals(path: Path) -> None:
    """Give every unfinished numerus entry of the English file its two forms."""
    tree = ElementTree.parse(path)
    changed = False
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") != "unfinished":
            continue
        if message.get("numerus") != "yes":
            continue
        for form in list(translation):
            translation.remove(form)
        for text in english_plural(source):
            ElementTree.SubElement(translation, "numerusform").text = text
        del translation.attrib["type"]
        changed = True
    if changed:
        ElementTree.indent(tree, space="    ")
        write_ts(tree, path)


def write_ts(tree: ElementTree.ElementTree, path: Path) -> None:
    """Write a .ts file with the header Qt Linguist writes."""
    body = ElementTree.tostring(tree.getroot(), encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def lrelease(language: str) -> None:
    source = ts_file(language)
    command = [tool("pyside6-lrelease"), str(source), "-qm", str(source.with_suffix(".qm"))]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        lupdate(language, ts_file(language))
        if language == SOURCE_LANGUAGE:
            fill_english_plurals(ts_file(language))
        lrelease(language)
        print(f"updated {ts_file(language).relative_to(ROOT)} and its .qm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
