"""The one rule between the layers: `provider` never imports Qt or `gui`."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "qasync", "gui")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_provider_sources_import_no_qt_and_no_gui() -> None:
    offenders = []
    sources = sorted((ROOT / "provider").rglob("*.py"))
    assert len(sources) > 5
    for path in sources:
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_importing_provider_loads_no_qt() -> None:
    code = (
        "import sys, provider, provider.standin; "
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_linter_contract_is_kept() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the dev extra"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_window_paints_without_loading_the_network_stack() -> None:
    # aiohttp costs about a quarter of a second to import: the app's first paint must not wait
    # for it (provider/__init__.py loads it when a client is first asked for).
    code = (
        "import sys, gui.app, gui.main_window, gui.token_dialog, gui.settings_dialog; "
        "early = sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'yarl')); "
        "from provider import ReplicateClient, Replicate; "
        "print(early, 'aiohttp' in sys.modules, ReplicateClient.__module__, Replicate.__module__)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "True", "provider.client", "provider.replicate"]


def test_an_unknown_provider_name_is_still_an_attribute_error() -> None:
    import provider

    try:
        provider.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "NoSuchThing" in str(error)
    else:
        raise AssertionError("provider.NoSuchThing should not exist")
