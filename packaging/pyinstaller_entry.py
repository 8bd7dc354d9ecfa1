"""The script PyInstaller freezes: the same `main()` as the `replicate-chat` console script.

gui/__main__.py is not used directly because a frozen script runs as the module `__main__`,
and the package `gui` should stay an ordinary, importable package inside the bundle.
"""

from __future__ import annotations

import multiprocessing
import sys

from gui.__main__ import main

if __name__ == "__main__":
    # Formulas are laid out in a spawned helper process (gui/chat/message/math_image.py): in a
    # frozen app that process is this executable again, which must then run the helper.
    multiprocessing.freeze_support()
    sys.exit(main())
