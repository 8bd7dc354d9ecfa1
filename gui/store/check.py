"""The store's integrity check, started before Qt loads so that it runs while the imports do.

`PRAGMA quick_check` reads the whole file: about 65 ms for a year of conversations (1,000 chats,
50,000 messages) with the file in the OS cache, several times that from a cold disk, and it
grows with the store. SQLite releases the GIL while it works, so on a thread of its own the check
overlaps the ~250 ms the main thread spends importing Qt and costs the start-up nothing.

Only a clean "ok" is taken from here. Anything else (damage, a locked file, not a database, no
file yet) is left for `ConversationStore.open` to find out again and handle as it always does,
so the early check can make start-up faster but never changes what happens to a damaged store.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

from gui.store.schema import BUSY_TIMEOUT_MS
from gui.store.tree import BROKEN_LINKS


class IntegrityCheck:
    """`PRAGMA quick_check` of one store file, running on a thread from `start()` on."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()
        self._ok = False
        self.broken_links = 0  # messages whose parent link is broken (gui/store/tree.py)
        self._thread = threading.Thread(target=self._run, name="store-check", daemon=True)

    @classmethod
    def start(cls, path: Path) -> IntegrityCheck:
        check = cls(path)
        check._thread.start()
        return check

    def _run(self) -> None:
        try:
            if not self.path.is_file() or self.path.stat().st_size == 0:
                return  # a new store: nothing to check
            # Read-only: the check must never create or change anything.
            conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
                if problems == ["ok"] and conn.execute("PRAGMA user_version").fetchone()[0] >= 4:
                    found = conn.execute(f"SELECT count(*) FROM ({BROKEN_LINKS})").fetchone()
                    self.broken_links = int(found[0])
            finally:
                conn.close()
            self._ok = problems == ["ok"]
        except (sqlite3.Error, OSError, ValueError):
            self._ok = False  # whatever it is, the store's own opening finds it again

    async def finished(self) -> None:
        """Wait for the check without holding up the event loop (its thread is joined on a
        worker thread). Usually it ended while Qt loaded: then no worker is started at all,
        which at start-up would cost more than the wait (qasync makes its executor's threads)."""
        if self._thread.is_alive():
            await asyncio.to_thread(self._thread.join)

    def passed(self, path: Path) -> bool:
        """Whether `path` is the checked file and the check found it intact (waits for it: await
        `finished()` first on an event loop)."""
        self._thread.join()
        return self._ok and Path(path).resolve() == self.path
