"""gui/utils/resources.py finds the resources folder and builds the window icon from it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from gui.utils import resources
from gui.utils.resources import (
    APP_ID,
    ICON_SIZES,
    app_icon,
    icon_file,
    resource_path,
    resources_dir,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def fresh_lookup() -> Iterator[None]:
    """resources_dir() is cached for the process; forget the answer before and after."""
    resources_dir.cache_clear()
    yield
    resources_dir.cache_clear()


def test_the_resources_folder_of_this_checkout_is_found(fresh_lookup: None) -> None:
    # Installed editable, the package maps to resources/ here; not installed, the fallback
    # finds the same folder.
    assert resources_dir() == ROOT / "resources"
    for folder in ("icons", "styles", "translations"):
        assert resource_path(folder).is_dir()


def test_a_pyinstaller_bundle_uses_its_unpacked_folder(
    fresh_lookup: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frozen case is run for real by `make package`; here only the rule is checked."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "replicate_chat_resources"
    assert resources.icon_file(16).is_relative_to(tmp_path)


def test_every_icon_size_exists() -> None:
    for size in ICON_SIZES:
        path = icon_file(size)
        assert path.is_file(), path
        assert path.name == f"{APP_ID}.png"


def test_the_window_icon_offers_each_pre_rendered_size_up_to_128(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == [16, 24, 32, 48, 64, 128]
    assert icon.pixmap(QSize(32, 32)).size() == QSize(32, 32)
