"""How a long conversation opens: its newest messages at once, the older ones a batch per
event-loop turn above them, so that the first paint does not wait for all of them."""

from __future__ import annotations

from gui.chat.message.model import ChatMessage

FIRST_BATCH = 16  # messages shown at once when a conversation opens (enough to fill the view)...
# ...unless fewer already hold this much text: a screen shows far less, and rendering long
# answers (their code highlighted) is most of what opening a conversation costs.
FIRST_BATCH_CHARS = 6000
LATER_BATCH = 12  # older ones shown per event-loop turn after that


def first_batch_size(messages: list[ChatMessage]) -> int:
    """How many of the newest `messages` to show at once when a conversation opens."""
    count, chars = 0, 0
    for message in reversed(messages[-FIRST_BATCH:]):
        count += 1
        chars += len(message.content)
        if chars >= FIRST_BATCH_CHARS and count >= 2:  # a question with its answer, at least
            break
    return count
