"""Qt's Python binding, loaded before the app's own Qt modules, which it is told of up front.

PySide6 watches every import to learn which modules may switch its optional features
(`from __feature__ import snake_case`): the first time it meets a module, it reads the module's
whole source looking for the word "PySide6" (inspect.getsource, about 70 µs a module here, so
7 ms for the 85 of ours it met before the window's first frame). The app selects no
feature, which makes that reading's answer the same for each of its modules. They are named to
PySide6 as modules without a feature, the entry its reading would have made.
"""

from __future__ import annotations

import os
import sys

import PySide6.QtCore  # noqa: F401  (installs the import watch)

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_PACKAGES = ("gui", "provider")
_NO_FEATURE = 0  # PySide6's entry for a module that uses it and selects no feature


def name_own_modules() -> int:
    """Tell PySide6's import watch about every module of the app; how many were new to it.

    A PySide6 that keeps this elsewhere is left alone: it reads the sources, as before.
    """
    watch = sys.modules.get("shibokensupport.feature")
    known = getattr(watch, "pyside_feature_dict", None)
    if not isinstance(known, dict):
        return 0
    count = 0
    for name in own_module_names():
        if name not in known:
            known[name] = _NO_FEATURE
            count += 1
    return count


def own_module_names() -> list[str]:
    """The dotted names of the app's packages and modules, from its folders."""
    names = []
    for package in _PACKAGES:
        for folder, folders, files in os.walk(os.path.join(_ROOT, package)):
            folders[:] = [name for name in folders if not name.startswith((".", "__"))]
            prefix = os.path.relpath(folder, _ROOT).replace(os.sep, ".")
            for file in files:
                if file.endswith(".py"):
                    names.append(prefix if file == "__init__.py" else f"{prefix}.{file[:-3]}")
    return names
