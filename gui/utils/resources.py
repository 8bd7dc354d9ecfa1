"""Where the app's resources are (icons, styles, translations): in a source tree, an installed
wheel or a PyInstaller bundle, one answer for all three.

The top-level `resources/` folder of the repository is installed as the package
`replicate_chat_resources` (see pyproject.toml), so a wheel and `pipx install .` carry it too.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported only when an icon is asked for; see app_icon()
    from PySide6.QtGui import QIcon

# The reverse-DNS application id: the .desktop file, the AppStream metainfo, the icon names and
# the Wayland app id all use it.
APP_ID = "io.github.replicatechat.ReplicateChat"
RESOURCES_PACKAGE = "replicate_chat_resources"


@cache
def resources_dir() -> Path:
    """The folder holding icons/, styles/ and translations/."""
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle unpacks its data here
    if getattr(sys, "frozen", False) and bundle is not None:
        return Path(bundle) / RESOURCES_PACKAGE
    spec = importlib.util.find_spec(RESOURCES_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[2] / "resources"  # a checkout not installed


def resource_path(*parts: str) -> Path:
    """A file under the resources folder (whether or not it exists)."""
    return resources_dir().joinpath(*parts)


# The sizes packaging/make_icons.py renders into resources/icons/hicolor/<N>x<N>/apps/.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The window's own icon stops at 128: on X11 every size goes to the display server, decoded and
# uncompressed, when the window is created (256 and 512 made showing the window 20-50 ms slower
# here), and what needs more (a dock, the launcher) takes the installed icon of the desktop file.
WINDOW_ICON_SIZES = tuple(size for size in ICON_SIZES if size <= 128)


def icon_file(size: int) -> Path:
    """The application icon's PNG of `size` pixels (one of ICON_SIZES)."""
    return resource_path("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def app_icon() -> QIcon:
    """The window icon: each pre-rendered size up to 128, so Qt picks a crisp one for the title
    bar, the task bar and Alt+Tab instead of scaling one image. Empty if the files are missing."""
    # Imported here, not at the top: `replicate-chat export` finds files without loading Qt.
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
        path = icon_file(size)
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon
