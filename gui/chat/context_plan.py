"""What of a conversation goes to the model: the newest turns that fit its context window.

The rule: the system prompt always goes; then whole turns (a question with its answers), newest
first, while they fit in the window less the room kept for the reply; the question being asked
always goes, even alone and too long (the model's own error then says so). A conversation can
also ask for at most N turns. Estimates are the provider's (`provider.context`), multiplied by
the model's calibration; each message's estimate is computed once and cached, so the gauge costs
a binary search per keystroke however long the conversation.

What was learned from a reply (the tokens Replicate counted, a length failure's limit) goes into
the settings' `ModelMemory` through `ContextPlanner.measured` and `.too_long`. No Qt here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from gui.config.model_memory import ModelMemory, WindowInfo, model_key
from gui.config.settings import GenerationSettings
from gui.store.records import IMAGE, Attachment, AttachmentInfo, Message
from provider.context import (
    MESSAGE_OVERHEAD,
    PROMPT_OVERHEAD,
    TurnCosts,
    estimate_tokens,
    group_turns,
)

__all__ = [
    "DEFAULT_REPLY_ROOM",
    "NOTHING_SENT",
    "ContextPlan",
    "ContextPlanner",
    "GaugeReading",
    "History",
    "sendable",
]

# Room kept for the reply when the conversation sets no maximum: enough for a long answer,
# and never more than a quarter of a small window.
DEFAULT_REPLY_ROOM = 1024
# Until Replicate has counted a model's tokens, the estimate may be off: it aims a tenth low.
# Calibrated, only a small margin is kept.
_UNCALIBRATED_SHARE, _CALIBRATED_SHARE = 0.9, 0.97
# After a length failure, the next plan for that conversation and model sends less than what
# failed, whatever was learned (a limit already known, a Settings value above the real cap, a
# failure that counts the reply too would all plan the same request again): the share of it the
# figures say fits, with a tenth spare, or half when the error gave no figures.
_SQUEEZE, _SQUEEZE_SPARE = 0.5, 0.9
# Marks that no message of the history goes with the next one (the draft alone is sent).
NOTHING_SENT = -1
# Messages estimated per slice of `ContextPlanner.warm` (about 15 ms of answers with code).
WARM_SLICE = 100
IMAGE_TOKENS_MAX = 1600  # what a picture costs at most (models scale larger ones down)
# A model whose window is unknown gets everything; the gauge's figure is exact up to this many
# tokens of history, and rough beyond (no window is larger).
_EXACT_WITHOUT_WINDOW = 2_000_000


def attachment_tokens(item: AttachmentInfo) -> int:
    """What a file adds to its message: a document's text (about four characters a token, as
    it is not read here), a picture by its pixels (Claude's rule, w × h / 750, at most 1,600
    tokens: models scale larger ones down)."""
    if item.kind == IMAGE:
        return picture_tokens(item.width, item.height)
    return item.characters // 4 + MESSAGE_OVERHEAD


def picture_tokens(width: int, height: int) -> int:
    return min(IMAGE_TOKENS_MAX, width * height // 750)


def sendable(messages: Sequence[Message]) -> list[Message]:
    """The messages that are history: a reply that failed before its first token says nothing."""
    return [m for m in messages if not (m.role == "assistant" and not m.content)]


@dataclass(frozen=True)
class ContextPlan:
    """One request's history, and what is known about its size."""

    history: list[dict[str, str]]
    sent_ids: list[int]  # the messages of `history`, in its order
    first_sent_id: int | None  # where the sent part begins, when older messages are left out
    left_out: int  # messages not sent
    estimate: int  # the provider's raw estimate of the request, for calibration
    tokens: int  # the same, calibrated
    window: WindowInfo | None
    reply_room: int


@dataclass(frozen=True)
class GaugeReading:
    """What the gauge shows: tokens the next message would send, of how many."""

    tokens: int
    window: WindowInfo | None
    reply_room: int
    sent_messages: int
    all_messages: int
    calibrated: bool
    # Where the sent part begins: None when everything is sent, NOTHING_SENT when no message is.
    first_sent_id: int | None = None

    @property
    def trimmed(self) -> bool:
        return self.sent_messages < self.all_messages

    @property
    def share(self) -> float:
        """The share of the window taken by the request and the room kept for the reply."""
        if self.window is None:
            return 0.0
        return (self.tokens + self.reply_room) / self.window.tokens


class History:
    """A conversation's sendable messages (their ids), grouped in turns with their costs (raw
    estimates).

    Turns are estimated newest first while their sum stays within `exact_up_to` tokens (more
    than any request may take); older turns can never be sent, so a rough figure from their
    length stands in, and reading a long conversation costs what its window holds, not its
    length.
    """

    def __init__(
        self,
        messages: list[Message],
        cost: Callable[[Message], int],
        system: int,
        exact_up_to: float,
    ) -> None:
        # Ids only: a meter keeps its history for as long as the chat is open, and 10,000
        # messages held for it made every full garbage collection walk them (about 10 ms).
        self.ids = [m.id for m in messages]
        self.turns = group_turns([m.role for m in messages])
        self.system = system  # the system prompt and the prompt's own overhead
        costs: list[int] = []
        total = 0
        for turn in reversed(self.turns):
            chosen = [messages[index] for index in turn]
            if total <= exact_up_to:
                costs.append(sum(cost(message) for message in chosen))
            else:
                costs.append(sum(_rough_cost(message) for message in chosen))
            total += costs[-1]
        self.turn_costs = TurnCosts(costs[::-1])

    def first_of_newest(self, count: int) -> int:
        """The index of the first message in the newest `count` turns."""
        if count <= 0:
            return len(self.ids)
        return self.turns[len(self.turns) - count].start


class ContextPlanner:
    """Plans requests against the windows and calibration in `memory()`.

    `on_learned` is called after a reply taught something worth saving.
    """

    def __init__(
        self,
        memory: Callable[[], ModelMemory],
        on_learned: Callable[[], None] = lambda: None,
        estimate: Callable[[str], int] = estimate_tokens,
    ) -> None:
        self.memory = memory
        self._on_learned = on_learned
        self._estimate = estimate
        self._cache: dict[int, tuple[int, int]] = {}  # message id: (text length, tokens)
        # (conversation id, model): raw tokens to stay under after a length failure.
        self._squeezed: dict[tuple[int, str], int] = {}

    # -- estimates ------------------------------------------------------------------------------

    def message_cost(self, message: Message) -> int:
        """A message's raw estimate with its template overhead, cached while its text stands."""
        cached = self._cache.get(message.id)
        if cached is not None and cached[0] == len(message.content):
            return cached[1]
        cost = self._estimate(message.content) + MESSAGE_OVERHEAD
        cost += sum(attachment_tokens(item) for item in message.attachments)
        self._cache[message.id] = (len(message.content), cost)
        return cost

    def history(self, messages: Sequence[Message], settings: GenerationSettings) -> History:
        return self._history(sendable(messages), settings)

    def _history(self, chosen: list[Message], settings: GenerationSettings) -> History:
        system = settings.system_prompt.strip()
        fixed = PROMPT_OVERHEAD + (self._estimate(system) + MESSAGE_OVERHEAD if system else 0)
        budget = self._raw_budget(None, settings)[0]
        history = History(chosen, self.message_cost, fixed, min(budget, _EXACT_WITHOUT_WINDOW))
        # Keep the estimates of this history only: a year of opened chats must not pile up.
        if len(self._cache) > 2 * len(chosen) + 1000:
            wanted = {m.id for m in chosen}
            self._cache = {key: value for key, value in self._cache.items() if key in wanted}
        return history

    def warm(self, messages: Sequence[Message], settings: GenerationSettings) -> Iterator[int]:
        """Estimate, newest first, the messages `history()` will read exactly, pausing (a
        yield) after every `WARM_SLICE`: a caller that runs one slice per event-loop turn reads a
        long history for a huge window without freezing the window."""
        limit = min(self._raw_budget(None, settings)[0], _EXACT_WITHOUT_WINDOW)
        total = 0
        for count, message in enumerate(reversed(sendable(messages)), 1):
            if total > limit:
                return
            total += self.message_cost(message)
            if count % WARM_SLICE == 0:
                yield count

    def draft_cost(self, text: str, files: Sequence[Attachment] = ()) -> int:
        """The message being written, with the files waiting to go with it."""
        cost = self._estimate(text) + MESSAGE_OVERHEAD
        for item in files:
            if item.kind == IMAGE:
                cost += picture_tokens(item.width, item.height)
            else:  # as a kept one is counted: cheap, however long, on every keystroke
                cost += len(item.text or "") // 4 + MESSAGE_OVERHEAD
        return cost

    # -- budgets --------------------------------------------------------------------------------

    def reply_room(self, settings: GenerationSettings, window: WindowInfo | None) -> int:
        if window is None:
            return settings.max_tokens or 0
        wanted = settings.max_tokens or min(DEFAULT_REPLY_ROOM, window.tokens // 4)
        return min(wanted, window.tokens // 2)  # a huge maximum must leave room for a question

    def _raw_budget(
        self, conversation_id: int | None, settings: GenerationSettings
    ) -> tuple[float, WindowInfo | None, int, float]:
        """The raw tokens a request may take (inf: no known limit), with the window, the
        reply's room and the calibration ratio."""
        memory = self.memory()
        window = memory.window(settings.model)
        calibration = memory.calibration_for(settings.model)
        room = self.reply_room(settings, window)
        budget = math.inf
        if window is not None:
            share = _CALIBRATED_SHARE if calibration.samples else _UNCALIBRATED_SHARE
            budget = (window.tokens - room) * share / calibration.ratio
        squeezed = self._squeezed.get((conversation_id or 0, model_key(settings.model)))
        if squeezed is not None:
            budget = min(budget, squeezed)
        return budget, window, room, calibration.ratio

    # -- a request ------------------------------------------------------------------------------

    def plan(
        self,
        conversation_id: int | None,
        messages: Sequence[Message],
        settings: GenerationSettings,
    ) -> ContextPlan:
        """The history to send now: the conversation ends with the question being asked."""
        chosen = sendable(messages)
        history = self._history(chosen, settings)
        budget, window, room, ratio = self._raw_budget(conversation_id, settings)
        count = history.turn_costs.fitting(budget - history.system, most=settings.history_turns)
        first = history.first_of_newest(count)
        sent = chosen[first:]
        estimate = history.system + history.turn_costs.newest(count)
        return ContextPlan(
            history=[{"role": m.role, "content": m.content} for m in sent],
            sent_ids=[m.id for m in sent],
            first_sent_id=sent[0].id if first > 0 and sent else None,
            left_out=first,
            estimate=estimate,
            tokens=round(estimate * ratio),
            window=window,
            reply_room=room,
        )

    def gauge(
        self,
        conversation_id: int | None,
        history: History,
        settings: GenerationSettings,
        draft: str,
        files: Sequence[Attachment] = (),
    ) -> GaugeReading:
        """What sending `draft` (and `files`) now would send: it is the newest turn, the history
        fits behind."""
        budget, window, room, ratio = self._raw_budget(conversation_id, settings)
        fixed = history.system + self.draft_cost(draft, files)
        most = None if settings.history_turns is None else settings.history_turns - 1
        count = history.turn_costs.fitting(budget - fixed, most=most, at_least=0)
        calibrated = self.memory().calibration_for(settings.model).samples > 0
        first = history.first_of_newest(count)
        return GaugeReading(
            tokens=round((fixed + history.turn_costs.newest(count)) * ratio),
            window=window,
            reply_room=room,
            sent_messages=len(history.ids) - first,
            all_messages=len(history.ids),
            calibrated=calibrated,
            first_sent_id=_first_sent(history, first),
        )

    # -- learning -------------------------------------------------------------------------------

    def learned(self) -> None:
        """Something in the memory changed that should be kept (the settings file)."""
        self._on_learned()

    def measured(
        self, conversation_id: int, model: str, plan: ContextPlan, counted: int | None
    ) -> None:
        """A reply to `plan` completed; Replicate counted `counted` input tokens (None: it did
        not say)."""
        self._squeezed.pop((conversation_id, model_key(model)), None)
        if counted is not None and self.memory().learn_count(model, plan.estimate, counted):
            self.learned()

    def too_long(
        self,
        conversation_id: int,
        model: str,
        plan: ContextPlan,
        prompt_tokens: int | None,
        limit: int | None,
    ) -> None:
        """The model refused `plan` as too long; learn what its error said for the next try."""
        memory = self.memory()
        learned = False
        if limit is not None:
            learned |= memory.learn_limit(model, limit)
        if prompt_tokens is not None:
            learned |= memory.learn_overflow(model, plan.estimate, prompt_tokens)
        share = _SQUEEZE
        if limit is not None and prompt_tokens is not None and prompt_tokens > limit:
            share = max(_SQUEEZE / 2, min(limit / prompt_tokens, 1) * _SQUEEZE_SPARE)
        self._squeezed[(conversation_id, model_key(model))] = int(plan.estimate * share)
        if learned:
            self.learned()


def _first_sent(history: History, first: int) -> int | None:
    """The id of the first message sent, NOTHING_SENT when none is, None when all are."""
    if first == 0:
        return None
    if first >= len(history.ids):
        return NOTHING_SENT
    return history.ids[first]


def _rough_cost(message: Message) -> int:
    """A message beyond what any request can hold: a figure from its length (a token is rarely
    shorter than three characters), without reading it."""
    return len(message.content) // 3 + MESSAGE_OVERHEAD
