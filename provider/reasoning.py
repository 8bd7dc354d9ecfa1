"""A reasoning model's thought, split from its answer while the reply streams.

DeepSeek-R1 writes its chain of thought between `<think>` and `</think>` before the answer, in
the one output stream (fact sheet §10.3). On Replicate its chat template opens the thought in
the prompt, so the reply usually begins inside it and only `</think>` arrives. Only a thought at
the start of a reply counts: an answer that mentions the tags later keeps them as text.

`ThinkSplitter` is fed the reply as it comes, in chunks cut anywhere (a tag may arrive in
pieces), and hands out thought and answer text as soon as each is certain; every cut of the same
stream gives the same split. `split_reply` does the same for a whole stored text. Part of the
GUI-free provider: any client of a reasoning model needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CLOSE",
    "OPEN",
    "Split",
    "ThinkSplitter",
    "reasons_unseen",
    "split_reply",
    "starts_inside_thought",
]

OPEN, CLOSE = "<think>", "</think>"

# Models whose chat template opens the thought for them: their reply starts inside it.
_OPENED_BY_TEMPLATE = ("deepseek-r1", "deepseek-reasoner", "qwq")

_BEFORE, _THINKING, _ANSWER = "before", "thinking", "answer"


# Models that reason without returning the reasoning (only its token count shows, fact sheet
# §10.3): a small budget can end in an empty answer.
_HIDDEN_REASONING = ("openai/gpt-5", "openai/o1", "openai/o3", "openai/o4")


def reasons_unseen(model: str | None) -> bool:
    """Whether `model` reasons without returning its thought (GPT-5, the o-series)."""
    return (model or "").lower().startswith(_HIDDEN_REASONING)


def starts_inside_thought(model: str | None) -> bool:
    """Whether `model`'s replies begin inside a thought (only `</think>` arrives)."""
    name = (model or "").split(":", 1)[0].lower()
    return any(marker in name for marker in _OPENED_BY_TEMPLATE)


@dataclass(frozen=True)
class Split:
    """A reply's thought (None when it has none) and its answer."""

    thought: str | None
    answer: str


class ThinkSplitter:
    """Feed it the reply; it returns (thought, answer) text that is certain so far.

    With `inside`, the reply is taken to begin inside a thought: until `</think>` arrives the
    text is thought (a reply that never closes it, stopped or failed, is all thought). Without,
    a thought is only what follows a `<think>` at the very start (after white space).
    """

    def __init__(self, *, inside: bool = False) -> None:
        self._inside = inside
        self._state = _BEFORE
        self._held = ""  # text that may still turn out to be (part of) a tag
        self._after_close = False  # the answer's first line breaks after `</think>` are dropped
        self.had_thought = inside
        # The pieces handed out, joined only by `split`: a feed costs the same at the end of a
        # long reply as at its start.
        self._thought: list[str] = []
        self._answer: list[str] = []

    @property
    def thinking(self) -> bool:
        """True while the text received is (still) the thought."""
        return self._state == _THINKING or (self._state == _BEFORE and self._inside)

    @property
    def settled(self) -> bool:
        """True once everything that follows is answer, as it comes: a caller may stop
        feeding and take the rest of the reply as it is."""
        return self._state == _ANSWER and not self._after_close and not self._held

    def feed(self, text: str) -> tuple[str, str]:
        """Take more of the reply; returns the thought and answer text it made certain."""
        thought, answer = self._step(self._held + text)
        self._keep(thought, answer)
        return thought, answer

    def finish(self) -> tuple[str, str]:
        """The reply ended: whatever was held back is text after all."""
        held, self._held = self._held, ""
        if self.thinking:
            self._keep(held, "")
            return held, ""
        if self._state == _BEFORE or self._after_close:
            held = held.lstrip() if self._state == _BEFORE else held.lstrip("\n")
        self._state = _ANSWER
        self._keep("", held)
        return "", held

    def split(self) -> Split:
        thought = "".join(self._thought)
        return Split(thought if self.had_thought else None, "".join(self._answer))

    def _keep(self, thought: str, answer: str) -> None:
        if thought:
            self._thought.append(thought)
        if answer:
            self._answer.append(answer)

    def _step(self, text: str) -> tuple[str, str]:
        self._held = ""
        if self._state == _BEFORE:
            start = text.lstrip()
            if not start or (OPEN.startswith(start) and start != OPEN):
                self._held = text  # white space, or "<thi": it may still open a thought
                return "", ""
            if start.startswith(OPEN):
                text = start[len(OPEN) :]
            elif not self._inside:
                self._state = _ANSWER
                return "", text
            self._state, self.had_thought = _THINKING, True
        if self._state == _ANSWER:
            if self._after_close:
                text = text.lstrip("\n")
                if not text:
                    return "", ""
                self._after_close = False
            return "", text
        end = text.find(CLOSE)
        if end >= 0:
            self._state, self._after_close = _ANSWER, True
            thought = text[:end]
            return thought, self._step(text[end + len(CLOSE) :])[1]
        keep = _partial_suffix(text, CLOSE)
        self._held = text[len(text) - keep :]
        return text[: len(text) - keep], ""


def _partial_suffix(text: str, tag: str) -> int:
    """How many characters at the end of `text` begin `tag` (0 when none)."""
    for size in range(min(len(tag) - 1, len(text)), 0, -1):
        if tag.startswith(text[-size:]):
            return size
    return 0


def split_reply(text: str, *, inside: bool = False) -> Split:
    """A whole reply's thought and answer (what the splitter gives when fed it at once)."""
    splitter = ThinkSplitter(inside=inside)
    splitter.feed(text)
    splitter.finish()
    return splitter.split()
