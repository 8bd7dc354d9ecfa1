"""The page above the shown conversation's oldest loaded message, read ahead on a worker thread.

Reading a page takes a few milliseconds while the store's file pages are in the cache. On this
machine a kernel thread (kdamond) evicts them now and then, and one such read, on the window's
thread, froze the window for half a second while a long chat scrolled. So each time a page is
shown, the one above it is read at once on a worker of its own, with a read-only connection
of its own (WAL lets it read while the window writes), together with its messages' versions;
when the chat view asks for it, it is taken from there. Asked for before it has come, the page
is read on the window's thread, as it always was.

Qt-free: the window passes what it shows, and shows what comes back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from gui.store.conversations import ConversationStore
from gui.store.records import Message
from gui.store.tree import Versions
from gui.window.conversation import PAGE_SIZE, ShownConversation

log = logging.getLogger(__name__)

# A page: its messages in order, whether older ones exist, and the versions of its messages
# (None: not read yet, the window reads them).
Page = tuple[list[Message], bool, dict[int, Versions] | None]


class PageTaker(Protocol):
    """The chat view, as far as a page concerns it."""

    def first_message_id(self) -> int | None: ...

    def prepend_messages(self, messages: list[Any], *, has_earlier: bool) -> None: ...


class OlderPages:
    """Pages above the loaded ones, each read ahead once the one below it is shown."""

    def __init__(self, store: ConversationStore) -> None:
        self._store = store
        self._worker: ThreadPoolExecutor | None = None
        self._reader: ConversationStore | None = None  # opened, used and closed on the worker
        self._ahead: tuple[int, Future[Page]] | None = None  # (the message it is above, page)

    def load_into(
        self,
        view: PageTaker,
        shown: ShownConversation,
        shown_as: Callable[[list[Message], dict[int, Versions] | None], list[Any]],
    ) -> None:
        """The view asked for the page above its oldest message: put it there (`shown_as`
        makes the view's messages of the stored ones, with their versions if read)."""
        first = view.first_message_id()
        if first is None:
            return
        messages, has_earlier, versions = self.page_before(shown, first)
        if messages:
            view.prepend_messages(shown_as(messages, versions), has_earlier=has_earlier)

    def page_before(self, shown: ShownConversation, first: int) -> Page:
        """The page above message `first` (the oldest loaded): read ahead if it came, else read
        now. The one above it starts to be read ahead."""
        ahead, self._ahead = self._ahead, None
        page: Page | None = None
        if ahead is not None and ahead[0] == first and ahead[1].done():
            try:
                page = ahead[1].result()
            except Exception as error:  # read again below, where a failure is reported
                log.warning("reading an older page ahead failed: %s", error)
        if page is None:
            messages, has_earlier = shown.page_before(first)
            page = (messages, has_earlier, None)
        if page[0] and page[1]:
            self._read_ahead(page[0][0].id)
        return page

    async def aclose(self) -> None:
        """The reader is closed on its thread, after a read under way, without blocking the
        window's thread meanwhile."""
        self._ahead = None
        worker, self._worker = self._worker, None
        if worker is not None:
            await asyncio.wrap_future(worker.submit(self._close_reader))
            worker.shutdown(wait=False)

    def _read_ahead(self, first: int) -> None:
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="older-pages")
        self._ahead = (first, self._worker.submit(self._read, first))

    def _read(self, first: int) -> Page:  # on the worker
        if self._reader is None:
            self._reader = self._store.reader()
        earlier = self._reader.tree.messages_above(first, PAGE_SIZE + 1)
        page = earlier[-PAGE_SIZE:]
        return page, len(earlier) > PAGE_SIZE, self._reader.tree.versions([m.id for m in page])

    def _close_reader(self) -> None:  # on the worker
        if self._reader is not None:
            self._reader.close()
            self._reader = None
