"""The freedesktop files pass their official validators and agree with the app and each other.

`appstreamcli validate --pedantic` must report no error and no warning. Two lower-level notes
are expected and allowed (see ALLOWED_NOTES). The screenshots the metainfo names must exist in
docs/screenshots/ (packaging/screenshots.py makes them).
"""

from __future__ import annotations

import configparser
import re
import xml.etree.ElementTree as ElementTree
from importlib.metadata import version

from gui.utils.resources import APP_ID
from tests.packaging.helpers import ROOT, load_script, require_tool, run

DESKTOP_FILE = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO_FILE = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
HOMEPAGE = "https://github.com/replicatechat/replicate-chat"
SCREENSHOT_URL = (
    "https://raw.githubusercontent.com/replicatechat/replicate-chat/main/docs/screenshots/"
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# appstreamcli's notes below warning level that are expected, with the reason:
ALLOWED_NOTES = {
    # Reverse-DNS ids of GitHub-hosted apps keep the app name's capitals (Flathub accepts it).
    "cid-contains-uppercase-letter",
    # <developer id=…><name> is AppStream 1.0; Debian 12's appstreamcli 0.16 does not know it
    # yet. Its predecessor <developer_name> is deprecated in 1.0, so the newer form is used.
    "unknown-tag",
}
NOTE = re.compile(r"^([EWIP]): [^:]+:(?:\d+:)? ([\w-]+)")


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ElementTree.Element:
    return ElementTree.parse(METAINFO_FILE).getroot()


def test_the_desktop_file_passes_desktop_file_validate() -> None:
    result = run(require_tool("desktop-file-validate"), DESKTOP_FILE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # not even a hint


def test_the_metainfo_passes_appstreamcli_validate_pedantic() -> None:
    result = run(require_tool("appstreamcli"), "validate", "--no-net", "--pedantic", METAINFO_FILE)
    assert result.returncode == 0, result.stdout + result.stderr
    notes = [NOTE.match(line) for line in result.stdout.splitlines()]
    found = [(match.group(1), match.group(2)) for match in notes if match]
    assert not [note for note in found if note[0] in "EW"], result.stdout
    assert {tag for _level, tag in found} <= ALLOWED_NOTES, result.stdout
    unknown_tags = re.findall(r"unknown-tag (\S+)", result.stdout)
    assert set(unknown_tags) <= {"developer"}, result.stdout


def test_the_desktop_file_launches_the_app_under_its_id() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "replicate-chat"  # install_desktop.py rewrites it for a venv
    assert entry["Icon"] == APP_ID
    assert "Network" in entry["Categories"].split(";")
    assert entry["Name[ru]"] and entry["Comment[ru]"] and entry["Keywords[ru]"]


def test_startup_wm_class_is_the_class_qt_gives_the_window() -> None:
    """On X11, Qt's WM_CLASS class is the application name (gui/app/run.py sets it); the desktop
    matches windows to this launcher by it. (Wayland uses the desktop file name: APP_ID.)"""
    source = (ROOT / "gui" / "app" / "run.py").read_text(encoding="utf-8")
    names = re.findall(r'setApplicationName\("([^"]+)"\)', source)
    assert names, "gui/app/run.py no longer sets the application name"
    assert desktop_entry()["StartupWMClass"] == names[0]
    assert re.search(r"setDesktopFileName\(APP_ID\)", source)


def test_the_metainfo_names_the_app_its_launcher_and_its_links() -> None:
    root = metainfo()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == "replicate-chat"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    urls = {url.get("type"): url.text for url in root.iter("url")}
    assert urls["homepage"] == HOMEPAGE
    assert urls["bugtracker"] == f"{HOMEPAGE}/issues"
    rating = root.find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1"
    assert root.findtext("translation") == "replicate_chat"
    assert any(s.get(XML_LANG) == "ru" for s in root.iter("summary"))


def test_the_newest_release_is_the_installed_version() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "no <release>"
    assert releases[0].get("version") == version("replicate-chat")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date", ""))


def test_every_screenshot_exists_in_docs_and_has_an_english_and_a_russian_caption() -> None:
    screenshots = metainfo().findall("screenshots/screenshot")
    assert [s.get("type") for s in screenshots] == ["default", None, None, None]
    names = []
    for screenshot in screenshots:
        image = screenshot.findtext("image") or ""
        assert image.startswith(SCREENSHOT_URL), image
        names.append(image.removeprefix(SCREENSHOT_URL))
        captions = {c.get(XML_LANG): c.text for c in screenshot.findall("caption")}
        assert captions.get(None) and captions.get("ru"), captions
    assert names == ["light-en.png", "dark-en.png", "light-ru.png", "dark-ru.png"]
    missing = [name for name in names if not (ROOT / "docs" / "screenshots" / name).is_file()]
    assert not missing, f"docs/screenshots/ lacks {missing}: run packaging/screenshots.py"


def test_the_scripts_that_cannot_import_the_app_agree_on_its_id() -> None:
    """install_desktop.py and smoke_test_bundle.py are standard-library only, so they repeat
    APP_ID; so do the Flatpak, Windows and macOS recipes."""
    assert load_script("install_desktop").APP_ID == APP_ID
    assert load_script("smoke_test_bundle").APP_ID == APP_ID
    flatpak = ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"
    assert re.search(rf"^id: {re.escape(APP_ID)}$", flatpak.read_text(encoding="utf-8"), re.M)
    plist = (ROOT / "packaging" / "macos" / "Info.plist").read_text(encoding="utf-8")
    assert f"<string>{APP_ID}</string>" in plist
    assert APP_ID in (ROOT / "packaging" / "windows" / "replicate-chat.iss").read_text(
        encoding="utf-8"
    )
