"""The wheel (what `pipx install .` installs) and an editable install carry the resources.

The wheel is built from a copy of the source tree (so the build leaves nothing in the real
one) with pip's usual build isolation, which fetches setuptools from the package index.
Installs go into bare virtual environments made with the standard library's venv; the
project's own pip installs into them (`pip --python`), without dependencies: gui.utils.resources
needs none to answer where the resources are.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from gui.utils.resources import APP_ID, ICON_SIZES
from tests.packaging.helpers import ROOT, run

SOURCE_PARTS = ("pyproject.toml", "README.md", "gui", "provider", "resources")
DATA_SUFFIXES = {".svg", ".png", ".ico", ".icns", ".qss", ".qm"}
WHERE_ARE_RESOURCES = (
    "from gui.utils.resources import resources_dir, icon_file; "
    "print(resources_dir()); print(all(icon_file(n).is_file() for n in (16, 48, 512)))"
)


def copy_source(target: Path) -> Path:
    """The parts of the repository a build reads, without caches."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SOURCE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def pip(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "pip", "--disable-pip-version-check", *args, timeout=300)


def bare_venv(path: Path) -> Path:
    """A virtual environment without pip or packages; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path / "bin" / "python"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = copy_source(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("wheel")
    result = pip("wheel", "--no-deps", "--quiet", "--wheel-dir", out, source)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BuildBackendWarning" not in result.stderr, result.stderr  # e.g. a package left out
    (built,) = out.glob("replicate_chat-*.whl")
    return built


def test_the_wheel_carries_every_module_and_resource_and_the_entry_point(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        str(path.relative_to(ROOT))
        for package in ("gui", "provider")
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert modules - names == set()  # a new subpackage must be listed in pyproject.toml
    resources = {
        "replicate_chat_resources/" + str(path.relative_to(ROOT / "resources"))
        for path in (ROOT / "resources").rglob("*")
        if path.suffix in DATA_SUFFIXES or path.name == "__init__.py"
    }
    assert resources - names == set()
    for size in ICON_SIZES:
        assert f"replicate_chat_resources/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in names
    assert not any(name.startswith(("tests/", "packaging/")) for name in names)
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "replicate-chat = gui.__main__:main" in text


def test_pyinstaller_is_the_package_extra_not_a_runtime_dependency(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    (metadata_name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
    metadata = Parser().parsestr(archive.read(metadata_name).decode())
    assert "package" in metadata.get_all("Provides-Extra", [])
    requirements = metadata.get_all("Requires-Dist", [])
    pyinstaller = [line for line in requirements if line.lower().startswith("pyinstaller")]
    assert pyinstaller and all('extra == "package"' in line for line in pyinstaller)


def test_the_installed_wheel_finds_its_resources_in_site_packages(
    wheel: Path, tmp_path: Path
) -> None:
    python = bare_venv(tmp_path / "venv")
    result = pip("--python", python, "install", "--no-deps", "--quiet", wheel)
    assert result.returncode == 0, result.stdout + result.stderr
    answer = subprocess.run(
        [str(python), "-c", WHERE_ARE_RESOURCES], capture_output=True, text=True, cwd=tmp_path
    )
    assert answer.returncode == 0, answer.stderr
    folder, icons_present = answer.stdout.split()
    assert Path(folder).parent.name == "site-packages"
    assert Path(folder).name == "replicate_chat_resources"
    assert icons_present == "True"


def test_an_editable_install_finds_the_resources_in_the_source_tree(tmp_path: Path) -> None:
    source = copy_source(tmp_path / "source")
    python = bare_venv(tmp_path / "venv")
    result = pip("--python", python, "install", "--no-deps", "--quiet", "-e", source)
    assert result.returncode == 0, result.stdout + result.stderr
    answer = subprocess.run(
        [str(python), "-c", WHERE_ARE_RESOURCES], capture_output=True, text=True, cwd=tmp_path
    )
    assert answer.returncode == 0, answer.stderr
    folder, icons_present = answer.stdout.split()
    # Through setuptools' editable finder (the package maps to resources/), not the fallback.
    assert Path(folder) == source / "resources"
    assert icons_present == "True"
