"""Files attached to questions: kept in the store with their message, whole.

An image is kept as it was sent (turned upright, scaled down and re-encoded: what the model
saw), with a small thumbnail for the chat; a document as the file it was, with the text that
went into the prompt. They are written in the transaction that writes their message, so a kill
mid-write leaves both or neither, and they go when their message or conversation is deleted
(`ON DELETE CASCADE`). Messages carry `AttachmentInfo`, without the bytes: a chat of many
pictures opens without reading them; `attachment_data` reads one when it is opened.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace

from gui.store.database import Database
from gui.store.records import KINDS, Attachment, AttachmentInfo, Message
from gui.utils.translation import translate

_WHOLE_COLUMNS = "kind, name, mime, data, text, width, height, thumbnail"  # Attachment's order
_INFO_COLUMNS = "id, message_id, kind, name, mime, size, width, height, length(text), thumbnail"


def insert_attachments(
    conn: sqlite3.Connection, message_id: int, attachments: Sequence[Attachment]
) -> None:
    """Keep `attachments` with their message (inside the caller's transaction)."""
    for position, item in enumerate(attachments):
        if item.kind not in KINDS:
            raise ValueError(f"unknown attachment kind {item.kind!r}")
        conn.execute(
            "INSERT INTO attachments (message_id, position, kind, name, mime, size, width, "
            "height, text, sha256, data, thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                message_id,
                position,
                item.kind,
                item.name,
                item.mime,
                item.size,
                item.width,
                item.height,
                item.text,
                item.sha256,
                item.data,
                item.thumbnail,
            ),
        )


def copy_attachments(conn: sqlite3.Connection, source_id: int, target_id: int) -> None:
    """Give message `target_id` copies of the attachments of `source_id` (branching off)."""
    conn.execute(
        "INSERT INTO attachments (message_id, position, kind, name, mime, size, width, height, "
        "text, sha256, data, thumbnail) SELECT ?, position, kind, name, mime, size, width, "
        "height, text, sha256, data, thumbnail FROM attachments WHERE message_id = ?",
        (target_id, source_id),
    )


def with_attachments(conn: sqlite3.Connection, messages: list[Message]) -> list[Message]:
    """`messages` with what is attached to each (one query for them all)."""
    found = infos_of(conn, [m.id for m in messages])
    if not found:
        return messages
    return [replace(m, attachments=tuple(found[m.id])) if m.id in found else m for m in messages]


def infos_of(
    conn: sqlite3.Connection, message_ids: Iterable[int]
) -> dict[int, list[AttachmentInfo]]:
    """The attachments of each of `message_ids` that has any, in their order."""
    ids = json.dumps(list(message_ids))
    found: dict[int, list[AttachmentInfo]] = {}
    for row in conn.execute(
        f"SELECT {_INFO_COLUMNS} FROM attachments "
        "WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, position",
        (ids,),
    ):
        info = AttachmentInfo(*row[:8], characters=row[8] or 0, thumbnail=row[9] or b"")
        found.setdefault(info.message_id, []).append(info)
    return found


def attachments_of(
    conn: sqlite3.Connection, message_ids: Iterable[int], *, documents_as_text: bool = False
) -> dict[int, list[Attachment]]:
    """The attachments of each of `message_ids` that has any, whole, in order; with
    `documents_as_text`, documents without their file's bytes (a request needs their text)."""
    ids = json.dumps(list(message_ids))
    columns = _WHOLE_COLUMNS
    if documents_as_text:
        columns = columns.replace("data", "CASE WHEN kind = 'image' THEN data ELSE x'' END")
    found: dict[int, list[Attachment]] = {}
    for row in conn.execute(
        f"SELECT message_id, {columns} FROM attachments "
        "WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, position",
        (ids,),
    ):
        found.setdefault(row[0], []).append(Attachment(*row[1:]))
    return found


def attachment(conn: sqlite3.Connection, attachment_id: int) -> Attachment | None:
    """One attachment, whole, or None if it is gone."""
    row = conn.execute(
        f"SELECT {_WHOLE_COLUMNS} FROM attachments WHERE id = ?", (attachment_id,)
    ).fetchone()
    return None if row is None else Attachment(*row)


class StoredFiles:
    """The store's reads of attachments (`ConversationStore.files`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def of(
        self, message_ids: Iterable[int], *, documents_as_text: bool = False
    ) -> dict[int, list[Attachment]]:
        """The attachments of each of `message_ids` that has any, whole, in order (documents
        without their bytes with `documents_as_text`)."""
        with self._db.read(translate("ConversationStore", "read the attachments")) as conn:
            return attachments_of(conn, message_ids, documents_as_text=documents_as_text)

    def get(self, attachment_id: int) -> Attachment | None:
        """One attachment, whole, or None if it is gone."""
        with self._db.read(translate("ConversationStore", "read the attachments")) as conn:
            return attachment(conn, attachment_id)
