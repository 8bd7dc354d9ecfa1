"""What the context gauge costs (part of `make bench`'s start-up and history part).

A keystroke in the composer re-estimates the draft and asks the conversation's cached history
which turns still fit (a binary search); reading the history estimates every message once. The
figures: reading a 10,000-message history for an 8k and a 1M window (the turns a window cannot
hold are not estimated), reading it again (cached), and one keystroke's gauge in a 20-message and
in a 10,000-message conversation, which must cost about the same.
"""

from __future__ import annotations

import statistics
import time

from tests.benchmarks.markdown_corpus import corpus_tokens
from tests.benchmarks.report import Figure

SECTION = "3 start-up"
MODEL = "meta/meta-llama-3-70b-instruct"  # 8,192 tokens
WIDE_MODEL = "google/gemini-2.5-flash"  # 1,048,576 tokens: about 3,000 of these messages


def _messages(count: int, text: str) -> list:  # type: ignore[type-arg]
    from gui.store.records import COMPLETE, Message

    return [
        Message(n, 1, n, "user" if n % 2 else "assistant", text, COMPLETE, None, MODEL, None, 0, 0)
        for n in range(1, count + 1)
    ]


def _keystroke_us(count: int, text: str, repeats: int, model: str = MODEL) -> tuple[float, float]:
    """(µs for one keystroke's gauge, ms to read the history) in a `count`-message chat."""
    from gui.chat.context_plan import ContextPlanner
    from gui.config.model_memory import ModelMemory
    from gui.config.settings import GenerationSettings

    memory = ModelMemory()
    planner = ContextPlanner(lambda: memory)
    settings = GenerationSettings(model=model, system_prompt="Be brief.")
    messages = _messages(count, text)
    started = time.perf_counter()
    history = planner.history(messages, settings)
    read_ms = (time.perf_counter() - started) * 1000.0
    draft = "What does the newest paragraph say about rivers and their deltas?"
    times = []
    for index in range(repeats):
        started = time.perf_counter()
        planner.gauge(1, history, settings, draft[: 20 + index % 40])
        times.append((time.perf_counter() - started) * 1e6)
    return statistics.median(times), read_ms


def context_gauge_figures(quick: bool) -> list[Figure]:
    text = "".join(corpus_tokens(300))  # a ~1.2 kB answer with code, as elsewhere in the bench
    long = 1_000 if quick else 10_000
    repeats = 200 if quick else 2_000
    short_us, _ = _keystroke_us(20, text, repeats)
    long_us, read_ms = _keystroke_us(long, text, repeats)
    _, wide_read_ms = _keystroke_us(long, text, 10, WIDE_MODEL)
    # The same history read again: every estimate is cached.
    from gui.chat.context_plan import ContextPlanner
    from gui.config.model_memory import ModelMemory
    from gui.config.settings import GenerationSettings

    planner = ContextPlanner(lambda: ModelMemory())
    messages = _messages(long, text)
    planner.history(messages, GenerationSettings(model=MODEL))
    started = time.perf_counter()
    planner.history(messages, GenerationSettings(model=MODEL))
    again_ms = (time.perf_counter() - started) * 1000.0
    ratio = long_us / short_us
    note = f"{long:,} messages of {len(text):,} characters"
    return [
        Figure(
            SECTION,
            f"context: read a {long:,}-message history, 8k window",
            read_ms,
            "ms",
            note=note,
        ),
        Figure(SECTION, f"context: read a {long:,}-message history, 1M window", wide_read_ms, "ms"),
        Figure(SECTION, "context: read it again (estimates cached)", again_ms, "ms"),
        Figure(SECTION, "context gauge per keystroke, 20 messages", short_us, "µs"),
        Figure(SECTION, f"context gauge per keystroke, {long:,} messages", long_us, "µs"),
        Figure(
            SECTION,
            f"context gauge per keystroke: {long:,} / 20 messages",
            ratio,
            "x",
            "<= 1.5x",
            met=ratio <= 1.5,
        ),
    ]
