"""Context windows: how much a model reads, how many tokens a text is, which turns fit, and
what a failure for a prompt that is too long says.

Replicate's schemas state output limits only, never a context window (fact sheet §10.4), so the
windows here are the vendors' published ones, each with its source; a caller learns the real cap
from a length failure (`length_failure`) and should prefer that. The token estimate needs no
tokenizer download: it counts the pieces a byte-pair tokenizer makes of text (words, number
groups, punctuation runs, CJK characters) and is meant to be calibrated per model against the
`input_token_count` Replicate reports (fact sheet §10.5).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

__all__ = [
    "CONTEXT_WINDOWS",
    "MESSAGE_OVERHEAD",
    "PROMPT_OVERHEAD",
    "KnownWindow",
    "LengthFailure",
    "TurnCosts",
    "estimate_tokens",
    "group_turns",
    "known_window",
    "length_failure",
]


@dataclass(frozen=True, slots=True)
class KnownWindow:
    """A model's context window in tokens, and where the figure comes from."""

    tokens: int
    source: str


# The sources are shown to people (the gauge's tooltip, Settings), so they name the vendor's
# document; the fact sheet (shared/replicate-api.md §10.4) lists the same native windows and notes
# that Replicate's own caps are not confirmed.
_LLAMA3 = "Meta's Llama 3 model card: 8K context"
_LLAMA31 = "Meta's Llama 3.1 model card: 128K context (a host may serve less)"
_LLAMA4 = "Meta's Llama 4 model card: 1M context and more (a host may serve less)"
_CLAUDE = "Anthropic's model documentation: 200K context"
_GPT4O = "OpenAI's model documentation: 128K context"
_GPT41 = "OpenAI's model documentation: 1M context"
_DEEPSEEK = "DeepSeek's API documentation: 64K context"

# The catalogue's models (provider/models.py), and the real models the stand-in serves. Where a
# host serves less than the native window, the failure's text tells the app, which then
# remembers the smaller figure. (One report in the fact sheet: Replicate capped Llama 3.1 405B's
# input at 4,096 tokens in 2024.)
CONTEXT_WINDOWS: Mapping[str, KnownWindow] = {
    "meta/meta-llama-3-70b-instruct": KnownWindow(8_192, _LLAMA3),
    "meta/meta-llama-3-8b-instruct": KnownWindow(8_192, _LLAMA3),
    "meta/meta-llama-3.1-405b-instruct": KnownWindow(131_072, _LLAMA31),
    "meta/llama-4-maverick-instruct": KnownWindow(1_048_576, _LLAMA4),
    "meta/llama-4-scout-instruct": KnownWindow(1_048_576, _LLAMA4),
    "mistralai/mixtral-8x7b-instruct-v0.1": KnownWindow(
        32_768, "Mistral AI's Mixtral 8x7B announcement: 32K context"
    ),
    "mistralai/mistral-7b-instruct-v0.2": KnownWindow(
        32_768, "Mistral AI's model card for v0.2: 32K context"
    ),
    # The weights allow 128K; DeepSeek's own service, and most hosts, serve 64K.
    "deepseek-ai/deepseek-r1": KnownWindow(65_536, _DEEPSEEK),
    "deepseek-ai/deepseek-v3": KnownWindow(65_536, _DEEPSEEK),
    "anthropic/claude-4.5-sonnet": KnownWindow(200_000, _CLAUDE),
    "anthropic/claude-3.7-sonnet": KnownWindow(200_000, _CLAUDE),
    "anthropic/claude-3.5-haiku": KnownWindow(200_000, _CLAUDE),
    "openai/gpt-4o": KnownWindow(128_000, _GPT4O),
    "openai/gpt-4o-mini": KnownWindow(128_000, _GPT4O),
    "openai/gpt-4.1": KnownWindow(1_047_576, _GPT41),
    "openai/gpt-4.1-mini": KnownWindow(1_047_576, _GPT41),
    "openai/gpt-5": KnownWindow(400_000, "OpenAI's model documentation: 400K context"),
    "openai/o4-mini": KnownWindow(200_000, "OpenAI's model documentation: 200K context"),
    "google/gemini-2.5-flash": KnownWindow(
        1_048_576, "Google's Gemini 2.5 Flash documentation: 1M input tokens"
    ),
    "ibm-granite/granite-3.3-8b-instruct": KnownWindow(
        131_072, "IBM's Granite 3.3 model card: 128K context"
    ),
    # Not in the catalogue (a community model, run by version), but the stand-in serves it.
    "yorickvp/llava-13b": KnownWindow(
        4_096, "LLaVA 1.5's model card: a Vicuna 13B v1.5 base, 4K context"
    ),
}


def known_window(model: str) -> KnownWindow | None:
    """The published window of `model` (`owner/name[:version]`), if the table has it."""
    return CONTEXT_WINDOWS.get(model.split(":", 1)[0].strip().lower())


# -- the estimate -------------------------------------------------------------------------------

# Tokens a chat template adds around each message (role header, end-of-turn marker) and around
# the whole prompt (begin-of-text, the assistant header that asks for the reply): Llama 3's
# template spends 4 and 5.
MESSAGE_OVERHEAD = 4
PROMPT_OVERHEAD = 8

_PIECES = r"""
      (?P<cjk>[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])
    | (?P<digits>[0-9]+)
    | (?P<latin>[A-Za-z\u00c0-\u024f]+)
    | (?P<word>[^\W\d_]+)
    | (?P<lines>\s*\n\s*)
    | (?P<spaces>[ \t]{2,})
    | (?P<space>\s)
    | (?P<symbols>[^\w\s]+)
    | (?P<other>_+)
    """


@cache
def _pieces() -> re.Pattern[str]:
    """Compiled when first needed (~2 ms, which an app's start-up would otherwise pay)."""
    return re.compile(_PIECES, re.VERBOSE)


def estimate_tokens(text: str) -> int:
    """About how many tokens a byte-pair tokenizer (Llama 3's, GPT's) makes of `text`.

    English words of up to six letters are one token, longer ones one per six letters; numbers
    go in groups of three digits; other scripts' words one token per three letters; CJK one per
    character; punctuation one per two characters; a line break (with its indentation) one; a
    single space rides on the next word. It errs high rather than low, and a caller calibrates
    it per model against the real count.
    """
    total = 0
    for match in _pieces().finditer(text):
        kind, length = match.lastgroup, match.end() - match.start()
        if kind == "latin":
            total += math.ceil(length / 6)
        elif kind == "cjk" or kind == "lines":
            total += 1
        elif kind == "digits" or kind == "word":
            total += math.ceil(length / 3)
        elif kind == "spaces":
            total += math.ceil(length / 4)
        elif kind == "symbols" or kind == "other":
            total += _symbol_tokens(match.group())
    return total


def _symbol_tokens(run: str) -> int:
    # Emoji and other astral characters take two to four byte-level tokens each.
    wide = sum(1 for char in run if ord(char) > 0xFFFF)
    return math.ceil((len(run) - wide) / 2) + 3 * wide


# -- turns and what fits ------------------------------------------------------------------------


def group_turns(roles: Sequence[str]) -> list[range]:
    """The history's turns, as index ranges: a question and the answers after it.

    Trimming drops whole turns, never half of one: an answer without its question (or a
    question whose answer was cut) would mislead the model. Anything before the first question
    is a turn of its own.
    """
    turns: list[range] = []
    start = 0
    for index, role in enumerate(roles):
        if role == "user" and index > start:
            turns.append(range(start, index))
            start = index
    if start < len(roles):
        turns.append(range(start, len(roles)))
    return turns


class TurnCosts:
    """The tokens of a history's turns, summed from the newest, to ask which of them fit.

    Building it costs one pass over the turns; each `fitting` question after that costs a binary
    search, so a gauge can ask on every keystroke whatever the length of the conversation.
    """

    def __init__(self, costs_oldest_first: Sequence[int]) -> None:
        self.count = len(costs_oldest_first)
        self._from_newest = list(accumulate(reversed(costs_oldest_first)))

    def newest(self, count: int) -> int:
        """The tokens of the newest `count` turns."""
        return self._from_newest[count - 1] if count > 0 else 0

    def fitting(self, budget: float, most: int | None = None, at_least: int = 1) -> int:
        """How many of the newest turns fit in `budget` tokens, at most `most`.

        At least `at_least` (one by default): the newest turn is the question being asked, and
        it is sent even when it alone is too long, so the model's own answer says so.
        """
        count = bisect_right(self._from_newest, budget)
        if most is not None:
            count = min(count, max(most, 0))
        return max(count, min(at_least, self.count))


# -- failures for length ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LengthFailure:
    """What a failure for a too-long prompt said: the prompt's tokens and the model's limit,
    each None when the text did not give it."""

    prompt_tokens: int | None
    limit: int | None


_NUMBER = r"(\d[\d,]*)"
_FIGURES = re.IGNORECASE | re.DOTALL


def _wording(
    pattern: str, prompt: int | None, limit: int | None
) -> tuple[str, int | None, int | None]:
    """A wording whose figures are written `{n}`, and which of them is which."""
    return pattern.replace("{n}", _NUMBER), prompt, limit


# Each wording with the groups that hold its figures (prompt, limit); the first match wins.
_WORDINGS = (
    # cog-triton and cog-vllm on Replicate (fact sheet §10.4):
    # "E1002 PromptTooLong: Prompt length (9000) exceeds maximum input length (8192)".
    _wording(r"prompt length \({n}\) exceeds maximum input length \({n}\)", 1, 2),
    # vLLM's OpenAI-style text (inferred from its source): "This model's maximum context length
    # is 8192 tokens. However, you requested 9000 tokens (8000 in the messages, 1000 in the
    # completion)".
    _wording(r"maximum context length is {n} tokens.*?\({n} in the messages", 2, 1),
    _wording(r"maximum context length is {n} tokens", None, 1),
    # vLLM: "The prompt (total length 9000) is too long to fit into the model (context length
    # 8192)", and "Input prompt (9000 tokens) is too long and exceeds limit of 8192".
    _wording(r"total length {n}\) is too long.*?context length {n}", 1, 2),
    _wording(r"prompt \({n} tokens\) is too long and exceeds limit of {n}", 1, 2),
    # Anthropic: "prompt is too long: 210000 tokens > 200000 maximum".
    _wording(r"prompt is too long: {n} tokens > {n} maximum", 1, 2),
    # Google: "The input token count (1200000) exceeds the maximum number of tokens allowed
    # (1048576)".
    _wording(
        r"input token count \({n}\) exceeds the maximum number of tokens allowed \({n}\)", 1, 2
    ),
    # Wordings without figures: the E-code alone, OpenAI's error code, plain sentences.
    _wording(
        r"\bE1002\b|PromptTooLong|context_length_exceeded|exceeds the context window"
        r"|context length exceeded|prompt is too long|input is too long",
        None,
        None,
    ),
)


@cache
def _compiled_wordings() -> tuple[tuple[re.Pattern[str], int | None, int | None], ...]:
    """Compiled when first needed: at import they cost an app's start-up ~2 ms, for a failure
    it may never meet."""
    return tuple(
        (re.compile(pattern, _FIGURES), prompt, limit) for pattern, prompt, limit in _WORDINGS
    )


def length_failure(text: str) -> LengthFailure | None:
    """Whether a failed prediction's error `text` says the prompt was too long, and its figures."""
    for pattern, prompt_group, limit_group in _compiled_wordings():
        match = pattern.search(text)
        if match is not None:
            return LengthFailure(_figure(match, prompt_group), _figure(match, limit_group))
    return None


def _figure(match: re.Match[str], group: int | None) -> int | None:
    if group is None:
        return None
    value = int(match.group(group).replace(",", ""))
    return value if value > 0 else None
