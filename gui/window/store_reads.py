"""Long reads of the store, on a worker thread with a read-only connection of its own.

Some reads are too slow for the window's thread. On this machine a kernel thread (kdamond)
evicts the store's file pages now and then: one older page read on that thread froze the window
for half a second while a long chat scrolled. And reading a 10,000-message conversation's
history for the context gauge takes 200 to 250 ms even from a warm cache. These reads run here,
one after the other, on one worker (WAL lets its connection read while the window writes), and
whoever asked takes the result back to the window's thread.

Qt-free: it hands out futures.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from gui.store.conversations import ConversationStore

T = TypeVar("T")


class StoreReads:
    """Runs reads of the store on its worker; the connection is opened there on first use."""

    def __init__(self, store: ConversationStore) -> None:
        self._store = store
        self._worker: ThreadPoolExecutor | None = None
        self._reader: ConversationStore | None = None  # opened, used and closed on the worker
        self._closed = False

    def submit(self, read: Callable[[ConversationStore], T]) -> Future[T]:
        """`read(reader)` on the worker, after the reads asked for before it. Raises
        RuntimeError once closed."""
        if self._closed:
            raise RuntimeError("the store's reads are closed")
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-reads")
        return self._worker.submit(self._run, read)

    async def aclose(self) -> None:
        """The connection is closed on the worker, after a read under way, without blocking the
        window's thread meanwhile; reads asked for after this fail."""
        self._closed = True
        worker, self._worker = self._worker, None
        if worker is not None:
            await asyncio.wrap_future(worker.submit(self._close_reader))
            worker.shutdown(wait=False)

    def _run(self, read: Callable[[ConversationStore], T]) -> T:  # on the worker
        if self._reader is None:
            self._reader = self._store.reader()
        return read(self._reader)

    def _close_reader(self) -> None:  # on the worker
        if self._reader is not None:
            self._reader.close()
            self._reader = None
