"""What saving a growing reply costs at its end against its start (part of `make bench`'s
start-up and history part).

A 20,000-token answer streams into a real store file and is saved every 100 tokens, as the
chat session's one-second autosave would at 100 tokens/s: each save appends the new text
(`ConversationStore.append_to_message`). As the baseline, the same reply is saved in the same
run the way version 2 of the store did, rewriting the message's whole text each time.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.markdown_corpus import corpus_tokens
from tests.benchmarks.report import Figure

SECTION = "3 start-up"
SAVE_EVERY = 100  # tokens between two saves


def _timed_saves(tokens: list[str], save: Callable[[str, str], None]) -> list[float]:
    """ms per save; `save(new_text, whole_text)` is called every SAVE_EVERY tokens."""
    times: list[float] = []
    parts: list[str] = []
    saved = 0
    for count, token in enumerate(tokens, 1):
        parts.append(token)
        if count % SAVE_EVERY == 0:
            new, whole = "".join(parts[saved:]), "".join(parts)
            saved = len(parts)
            started = time.perf_counter()
            save(new, whole)
            times.append((time.perf_counter() - started) * 1000.0)
    return times


def reply_save_figures(quick: bool) -> list[Figure]:
    from gui.store.conversations import ConversationStore
    from gui.store.records import COMPLETE, STREAMING

    tokens = corpus_tokens(2_000 if quick else 20_000)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        store = ConversationStore.open(Path(folder) / "conversations.sqlite3")
        try:
            conversation = store.create_conversation()
            store.add_message(conversation.id, "user", "Write a long answer")
            runs = {}
            for approach in ("append", "rewrite"):
                reply = store.add_message(conversation.id, "assistant", "", status=STREAMING)

                def save(new: str, whole: str, reply_id: int = reply.id, how: str = approach):
                    if how == "append":
                        store.append_to_message(reply_id, new)
                    else:
                        store.update_message(reply_id, content=whole)

                runs[approach] = _timed_saves(tokens, save)
                store.update_message(reply.id, content="".join(tokens), status=COMPLETE)
        finally:
            store.close()
    size = len("".join(tokens))
    for approach, label in (("append", "ours (appended)"), ("rewrite", "whole text rewritten")):
        times = runs[approach]
        tenth = max(1, len(times) // 10)
        first, last = statistics.median(times[:tenth]), statistics.median(times[-tenth:])
        note = f"{len(times)} saves of a {len(tokens):,}-token reply ({size:,} characters)"
        targeted = approach == "append"
        figures += [
            Figure(SECTION, f"reply autosave, {label}: first tenth", first, "ms", note=note),
            Figure(SECTION, f"reply autosave, {label}: last tenth", last, "ms"),
            Figure(
                SECTION,
                f"reply autosave, {label}: last/first",
                last / first,
                "x",
                "<= 1.5x" if targeted else "",
                met=(last / first <= 1.5) if targeted else None,
            ),
        ]
    return figures
