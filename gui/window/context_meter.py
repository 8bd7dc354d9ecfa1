"""Keeps the context gauge and the chat's "not sent" marker true to what the next message sends.

The conversation's history (each message's estimate cached by the planner) is read again when
the conversation, its settings or its model change and when a reply starts or ends: after the
event loop's turn, so that opening a chat paints first, and on the store's reader (reading a
10,000-message conversation froze the window for 200 to 250 ms just after it opened). At
start-up, not before the window's first frame (`start()`): the window is shown by then, but its
first paint waits for the display server, and a zero timer runs before it. Typing only
re-estimates the draft, after a short pause, and asks the cached history which turns still fit:
a binary search.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from gui.chat.composer import Composer
from gui.chat.context_plan import ContextPlanner, History
from gui.chat.failures import model_label
from gui.chat.gauge import ContextGauge
from gui.chat.session import ChatSession
from gui.chat.view import ChatView
from gui.config.model_memory import model_key
from gui.config.settings import GenerationSettings
from gui.store.records import Message
from gui.window.conversation import ShownConversation
from gui.window.preferences import WindowPreferences
from gui.window.store_reads import StoreReads

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 150  # a pause in typing before the draft is estimated again
# What a reply taught is written to the settings file after this long, once for a burst of
# replies (and on quit with the window's geometry): not two fsyncs on the GUI thread per reply.
SAVE_DELAY_MS = 3000


class MeterHost(Protocol):
    """What the meter reads from the window (which it never imports)."""

    reads: StoreReads
    shown: ShownConversation
    session: ChatSession
    preferences: WindowPreferences

    def effective_settings(self) -> GenerationSettings: ...


class ContextMeter(QObject):
    _history_read = Signal(object, object)  # a reading (its future), its messages; from the reader

    def __init__(
        self,
        planner: ContextPlanner,
        widgets: tuple[ContextGauge, ChatView, Composer],
        host: MeterHost,
    ) -> None:
        super().__init__(host.session)
        session = host.session
        self.planner = planner
        self._reads = host.reads
        # The reading under way on the store's reader; what an earlier one brings is dropped.
        self._read: Future[list[Message]] | None = None
        self._shown = host.shown
        self._settings = host.effective_settings
        save = host.preferences.save
        self.gauge, self._view, self._composer = widgets
        self._history: History | None = None
        self._messages: list[Message] = []
        self._warming: Iterator[int] = iter(())
        self._held = True  # until `start()`: a reading asked for waits for the first frame
        self._asked = False
        self._history_timer = self._single_shot(0, self._read_history)
        self._warm_timer = self._single_shot(0, self._warm_step)
        self._draft_timer = self._single_shot(DRAFT_DELAY_MS, self.update_gauge)
        self._save_timer = self._single_shot(SAVE_DELAY_MS, save)
        self._composer.editor.textChanged.connect(self._draft_timer.start)
        self._composer.tray.changed.connect(self._draft_timer.start)
        session.reply_started.connect(self.refresh)
        session.reply_finished.connect(self.refresh)
        self._history_read.connect(self._take_history)  # queued: emitted on the reader's thread

    def _single_shot(self, interval: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    def save_soon(self) -> None:
        """The planner learned something worth keeping (its `on_learned`)."""
        self._save_timer.start()

    @property
    def counting(self) -> bool:
        """Whether a reading of the history or of the draft is still to come."""
        timers = (self._history_timer, self._warm_timer, self._draft_timer)
        waiting = self._read is not None or (self._held and self._asked)
        return waiting or any(timer.isActive() for timer in timers)

    def start(self) -> None:
        """The window's first frame is on screen: the reading asked for meanwhile begins."""
        self._held = False
        if self._asked:
            self._history_timer.start()

    def refresh(self) -> None:
        """The history or its settings changed: read it again (coalesced, after this turn)."""
        self._warm_timer.stop()
        self._drop_reading()
        self._asked = True
        if not self._held:
            self._history_timer.start()

    def set_window(self, model: str, tokens: int | None) -> None:
        """The person's own value for a model's window (None: what the app knows)."""
        memory = self.planner.memory()
        if memory.windows.get(model_key(model)) == tokens:
            return  # OK without a change: nothing to write
        memory.set_window(model, tokens)
        self._save_timer.start(0)  # the person's own choice: kept at once
        self.refresh()

    def _drop_reading(self) -> None:
        """The reading under way is out of date: not made at all if it has not begun."""
        if self._read is not None:
            self._read.cancel()
            self._read = None

    def _read_history(self) -> None:
        self._drop_reading()
        conversation_id = self._shown.id
        if conversation_id is None:
            self._use_history([])
            return
        try:
            self._read = self._reads.submit(lambda reader: reader.messages(conversation_id))
        except RuntimeError:  # the window is closing
            return
        self._read.add_done_callback(self._deliver)

    def _deliver(self, done: Future[list[Message]]) -> None:
        """On the store's reader: hand the messages to the window's thread."""
        if done.cancelled():
            return  # out of date before it began
        try:
            messages = done.result()
        except Exception as error:  # the gauge is a help, not a duty: the send reports it
            log.warning("the context gauge could not read the conversation: %s", error)
            messages = []
        with contextlib.suppress(RuntimeError):  # the window is gone
            self._history_read.emit(done, messages)

    def _take_history(self, done: Future[list[Message]], messages: list[Message]) -> None:
        if done is not self._read:
            return  # a newer reading was asked for meanwhile
        self._read = None
        self._use_history(messages)

    def _use_history(self, messages: list[Message]) -> None:
        self._messages = messages
        self._warming = self.planner.warm(messages, self._settings())
        self._warm_step()

    def _warm_step(self) -> None:
        """One slice of estimates per event-loop turn, then the history from the cache."""
        if next(self._warming, None) is not None:
            self._warm_timer.start()
            return
        self._history = self.planner.history(self._messages, self._settings())
        self._messages = []  # the history holds what the gauge needs of them
        self.update_gauge()

    def update_gauge(self) -> None:
        if self._history is None:
            self.refresh()
            return
        settings = self._settings()
        composer = self._composer
        reading = self.planner.gauge(
            self._shown.id, self._history, settings, composer.text(), composer.tray.items()
        )
        self.gauge.show_reading(reading, model_label(settings.model))
        self._view.set_context_start(reading.first_sent_id)
