"""The house's rules: `provider` never imports Qt or `gui`; `gui`'s packages keep their layers
(import-linter, pyproject.toml); no import cycle anywhere; names that shadow nothing; light
package `__init__` files."""

from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

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
    assert "3 kept, 0 broken" in result.stdout


def import_cycles(*packages: str) -> list[list[str]]:
    """Every set of modules that import each other, directly or through others (the strongly
    connected components of the import graph, by Tarjan's algorithm). Imports made only for
    type checking count: a cycle there is still a tangle a reader has to follow."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=False)
    ours = sorted(m for m in graph.modules if m.split(".")[0] in packages)
    edges = {
        module: sorted(i for i in graph.find_modules_directly_imported_by(module) if i in ours)
        for module in ours
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1 or module in edges[module]:
                cycles.append(sorted(component))

    for module in ours:
        if module not in index:
            visit(module)
    return cycles


def test_no_module_of_gui_or_provider_is_part_of_an_import_cycle() -> None:
    assert import_cycles("gui", "provider") == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "tangle"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from tangle import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import tangle.c\n"
    )
    (package / "c.py").write_text("import tangle.a\n")
    (package / "d.py").write_text("import tangle.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("tangle") == [["tangle.a", "tangle.b", "tangle.c"]]


def package_modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_no_module_shadows_a_standard_library_module() -> None:
    names = {path.stem for path in package_modules("gui") + package_modules("provider")}
    names |= {path.parent.name for path in package_modules("gui") + package_modules("provider")}
    assert sorted(names & set(sys.stdlib_module_names)) == []


def test_package_init_files_hold_a_docstring_and_no_imports() -> None:
    # Importing gui.markdown.theme must not load Pygments' HTML formatter, gui.window.context
    # must not load the main window: a package's __init__ imports nothing.
    heavy = []
    for init in (ROOT / "gui").rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        if any(not isinstance(node, ast.Expr) for node in tree.body):
            heavy.append(str(init.relative_to(ROOT)))
    assert heavy == []
    assert len(list((ROOT / "gui").rglob("__init__.py"))) >= 13


def test_no_module_of_gui_is_over_four_hundred_lines() -> None:
    # A file over ~400 lines is asking to be split (STYLE.md).
    long = {
        str(path.relative_to(ROOT)): lines
        for path in package_modules("gui")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_importing_a_qt_free_module_loads_no_qt() -> None:
    # The forbidden contract reads the imports; this runs them, lazy ones included.
    code = (
        "import sys, gui.__main__, gui.store.conversations, gui.markdown.render, "
        "gui.export.formats, gui.config.settings, gui.window.conversation; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_window_and_its_dialogs_import_without_the_network_stack() -> None:
    # aiohttp costs about a quarter of a second to import: the app's first paint must not wait
    # for it (provider/__init__.py loads it when a client is first asked for).
    code = (
        "import sys, gui.app.run, gui.window.main_window, gui.dialogs.api_token; "
        "import gui.dialogs.settings; "
        "early = sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'yarl')); "
        "from provider import ReplicateClient, Replicate; "
        "print(early, 'aiohttp' in sys.modules, ReplicateClient.__module__, Replicate.__module__)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "True", "provider.client", "provider.replicate"]


def test_every_public_provider_name_has_a_home_and_loads_from_it() -> None:
    # provider/__init__.py names each one three times (for type checkers, for the lazy
    # loading, in __all__): a name missing from one of them would fail only when first used.
    import provider

    homes = provider._HOME_OF  # type: ignore[attr-defined]
    assert sorted(homes) == sorted(provider.__all__)
    for name, home in homes.items():
        value = getattr(provider, name)
        module = importlib.import_module(f"provider.{home}")
        assert getattr(module, name) is value, name


def test_an_unknown_provider_name_is_still_an_attribute_error() -> None:
    import provider

    try:
        provider.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "NoSuchThing" in str(error)
    else:
        raise AssertionError("provider.NoSuchThing should not exist")
