"""What the store holds, as Python values: conversations, messages and their statuses, and how
rows of the tables become them. Plain data; the store (gui/store/conversations.py) reads and
writes it."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Final

COMPLETE: Final = "complete"
STREAMING: Final = "streaming"
STOPPED: Final = "stopped"  # the person pressed Stop; the text so far is kept
INTERRUPTED: Final = "interrupted"  # the app died while the reply streamed
FAILED: Final = "failed"
STATUSES: Final = frozenset({COMPLETE, STREAMING, STOPPED, INTERRUPTED, FAILED})
ROLES: Final = frozenset({"user", "assistant", "system"})

# What can be attached to a question (gui/store/attachments.py keeps them).
IMAGE: Final = "image"
DOCUMENT: Final = "document"
KINDS: Final = frozenset({IMAGE, DOCUMENT})


@dataclass(frozen=True)
class Attachment:
    """A file attached to a question, whole: what is kept, and what is sent again."""

    kind: str  # IMAGE or DOCUMENT
    name: str  # the file's name, as the person knows it
    mime: str
    data: bytes  # an image as sent; a document as the file it was
    text: str | None = None  # a document's text, as it goes into the prompt
    width: int = 0  # an image's pixels
    height: int = 0
    thumbnail: bytes = b""  # an image's small PNG for the chat

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class AttachmentInfo:
    """What the chat shows of an attachment: no bytes but the thumbnail's."""

    id: int
    message_id: int
    kind: str
    name: str
    mime: str
    size: int  # bytes of the file kept
    width: int = 0
    height: int = 0
    characters: int = 0  # a document's text
    thumbnail: bytes = b""


@dataclass(frozen=True)
class Conversation:
    """A stored conversation: its title, its activity, and the model and settings it uses."""

    id: int
    title: str
    created_at: float
    updated_at: float  # last message activity; renames and settings do not reorder the list
    model: str | None
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Message:
    """A stored message, one version of its place in the conversation's tree."""

    id: int
    conversation_id: int
    position: int
    role: str
    content: str
    status: str
    error: str | None
    model: str | None
    metrics: dict[str, Any] | None
    created_at: float
    updated_at: float
    parent_id: int | None = None  # the message it answers or follows; None for a first question
    thinking: str | None = None  # a reasoning model's thought, apart from its answer (`content`)
    attachments: tuple[AttachmentInfo, ...] = ()  # files attached to a question


class Unset:
    """Marks an argument that was not given, where None is a meaningful value."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()

CONVERSATION_COLUMNS = "c.id, c.title, c.created_at, c.updated_at, c.model, c.params"
MESSAGE_COLUMNS = """id, conversation_id, position, role, content, status, error, model,
    metrics, created_at, updated_at, parent_id, thinking"""


def title_from_text(text: str, limit: int = 60) -> str:
    """A conversation title from a first message: its first line with text, markdown-free,
    whitespace collapsed, at most `limit` characters (cut at a word, ending in "…")."""
    for line in text.splitlines():
        # Code marks and emphasis anywhere; heading, quote and list markers at the start.
        line = line.replace("`", "").replace("*", "")
        line = re.sub(r"^(?:\s*(?:#+|>+|[-+](?=\s)))+", "", line)
        title = " ".join(line.split())
        if title:
            break
    else:
        return ""
    if len(title) <= limit:
        return title
    cut = title[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space >= limit // 2:  # a word boundary not too far back; otherwise cut mid-word
        cut = cut[:space]
    return cut.rstrip() + "…"


def json_or_none(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def conversation_from_row(row: tuple[Any, ...]) -> Conversation:
    return Conversation(
        row[0], row[1], row[2], row[3], row[4], json.loads(row[5]) if row[5] else {}
    )


def message_from_row(row: tuple[Any, ...]) -> Message:
    metrics = json.loads(row[8]) if row[8] else None
    return Message(
        *row[:8],
        metrics=metrics,
        created_at=row[9],
        updated_at=row[10],
        parent_id=row[11],
        thinking=row[12],
    )
