"""The page above the shown conversation's oldest loaded message, read ahead off the window's
thread.

Reading a page takes a few milliseconds while the store's file pages are in the cache, but a
page read cold froze the window for half a second (gui/window/store_reads.py). So each time a
page is shown, the one above it is read at once on the store's reader, together with its
messages' versions; when the chat view asks for it, it is taken from there. Asked for before it
has come, the page is read on the window's thread, as it always was.

Qt-free: the window passes what it shows, and shows what comes back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

from gui.store.conversations import ConversationStore
from gui.store.records import Message
from gui.store.tree import Versions
from gui.window.conversation import PAGE_SIZE, ShownConversation
from gui.window.store_reads import StoreReads

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

    def __init__(self, reads: StoreReads) -> None:
        self._reads = reads
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

    def _read_ahead(self, first: int) -> None:
        try:
            self._ahead = (first, self._reads.submit(lambda reader: _read(reader, first)))
        except RuntimeError:  # the window is closing: no more reads
            self._ahead = None


def _read(reader: ConversationStore, first: int) -> Page:  # on the store's reader
    earlier = reader.tree.messages_above(first, PAGE_SIZE + 1)
    page = earlier[-PAGE_SIZE:]
    return page, len(earlier) > PAGE_SIZE, reader.tree.versions([m.id for m in page])
