"""Turning a chat history into what a Replicate model takes: one prompt string, or `messages`.

Most models on Replicate take a single `prompt`. Three renderings are offered:
- `format_prompt`: the seed's generic "Role: text" transcript ending in "Assistant:";
- `llama3_prompt`: Meta's Llama 3 chat template, built client-side for multi-turn chat as the
  model's own schema text advises (sent with `prompt_template="{prompt}"`);
- `chat_messages`: the OpenAI-style list of role/content objects, for models whose schema has a
  `messages` input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "Message",
    "chat_messages",
    "format_prompt",
    "is_llama3",
    "llama3_prompt",
    "message_text",
    "split_system",
]

Message = Mapping[str, Any]
"""A chat message: at least `role` ("system", "user" or "assistant") and `content`."""

_LLAMA3_NAME = re.compile(r"(?:^|/)(?:meta-)?llama-?3(?:[.\-_]|$)", re.IGNORECASE)


def message_text(content: Any) -> str:
    """The text of a message's content: a string, or a list of OpenAI-style content parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return _text(content.get("text"))
    if isinstance(content, Iterable):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Mapping) and part.get("type", "text") == "text":
                parts.append(_text(part.get("text")))
        return "".join(parts)
    return str(content)


def _text(value: Any) -> str:
    # A part with `"text": null` holds no text, not the word "None".
    return "" if value is None else str(value)


def _role(message: Message) -> str:
    return str(message.get("role") or "user").lower()


def split_system(
    messages: Sequence[Message], system_prompt: str | None = None
) -> tuple[str | None, list[Message]]:
    """Separate the system text (the explicit one first, then the history's) from the turns."""
    parts = [system_prompt] if system_prompt else []
    turns: list[Message] = []
    for message in messages:
        if _role(message) == "system":
            text = message_text(message.get("content"))
            if text and text not in parts:
                parts.append(text)
        else:
            turns.append(message)
    return ("\n\n".join(parts) if parts else None), turns


def format_prompt(messages: Sequence[Message], *, include_system: bool = True) -> str:
    """The seed's generic transcript: "Role: text" lines, then "Assistant:" to prompt a reply.

    A lone message is sent as its bare text, as the seed did. Messages with blank text are
    left out rather than rendered as an empty turn.
    """
    chosen = [m for m in messages if include_system or _role(m) != "system"]
    if len(chosen) == 1:
        return message_text(chosen[0].get("content"))
    lines = []
    for message in chosen:
        text = message_text(message.get("content"))
        if text.strip():
            lines.append(f"{_role(message).capitalize()}: {text}")
    return "\n".join([*lines, "Assistant:"])


def is_llama3(model: str) -> bool:
    """Whether `model` (owner/name[:version]) is a Llama 3 family chat model."""
    return bool(_LLAMA3_NAME.search(model.split(":", 1)[0]))


def llama3_prompt(messages: Sequence[Message], system_prompt: str | None = None) -> str:
    """The Llama 3 instruct template over the whole history, ending with the assistant header."""
    system, turns = split_system(messages, system_prompt)
    pieces = ["<|begin_of_text|>"]
    if system:
        pieces.append(f"<|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|>")
    for message in turns:
        role = "assistant" if _role(message) == "assistant" else "user"
        text = message_text(message.get("content"))
        pieces.append(f"<|start_header_id|>{role}<|end_header_id|>\n\n{text}<|eot_id|>")
    pieces.append("<|start_header_id|>assistant<|end_header_id|>\n\n")
    return "".join(pieces)


def chat_messages(
    messages: Sequence[Message], system_prompt: str | None = None
) -> list[dict[str, str]]:
    """The native `messages` array: plain role/content pairs, the system text first."""
    system, turns = split_system(messages, system_prompt)
    result = [{"role": "system", "content": system}] if system else []
    for message in turns:
        role = _role(message)
        result.append(
            {
                "role": role if role in ("user", "assistant") else "user",
                "content": message_text(message.get("content")),
            }
        )
    return result
