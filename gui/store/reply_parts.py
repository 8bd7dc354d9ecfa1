"""A streaming reply's text, saved as it grows at a cost that does not grow with it.

Rewriting the whole message at every autosave costs more and more as a long reply grows (its
row is written again, and its text was indexed again). Instead each save appends only the text
that arrived since the last one, as one row of `reply_parts`; the message's own `content` is
written once, with the whole text, when the reply ends (and then indexed for search, once). A
crash leaves the parts behind: the next start folds them into the message it marks interrupted.

Only messages with the status 'streaming' have parts. Readers of such a message get its content
with its parts appended (`with_parts`), so an export or a reopened chat shows all that was saved.
"""

from __future__ import annotations

import dataclasses
import sqlite3

from gui.store.records import STREAMING, Message
from provider.reasoning import split_reply, starts_inside_thought


def append_part(conn: sqlite3.Connection, message_id: int, text: str) -> None:
    """Add `text` after the message's saved text (inside the caller's transaction)."""
    conn.execute(
        "INSERT INTO reply_parts (message_id, seq, text) VALUES (?, "
        "(SELECT coalesce(max(seq), -1) + 1 FROM reply_parts WHERE message_id = ?), ?)",
        (message_id, message_id, text),
    )


def drop_parts(conn: sqlite3.Connection, message_id: int) -> None:
    """The message's content now holds the whole text: its parts are no longer needed."""
    conn.execute("DELETE FROM reply_parts WHERE message_id = ?", (message_id,))


def saved_text(conn: sqlite3.Connection, message_id: int) -> str:
    """The parts of one message, in order, as one text."""
    rows = conn.execute(
        "SELECT text FROM reply_parts WHERE message_id = ? ORDER BY seq", (message_id,)
    ).fetchall()
    return "".join(row[0] for row in rows)


def with_parts(conn: sqlite3.Connection, messages: list[Message]) -> list[Message]:
    """`messages` with each streaming one's parts appended to its content."""
    return [
        dataclasses.replace(m, content=m.content + saved_text(conn, m.id))
        if m.status == STREAMING
        else m
        for m in messages
    ]


def fold_parts(conn: sqlite3.Connection, status: str, now: float) -> int:
    """Every streaming message gets its parts appended to its content and `status`; returns
    how many (inside the caller's transaction: the folding happens whole or not at all)."""
    streaming = conn.execute(
        "SELECT id, content, model FROM messages WHERE status = ?", (STREAMING,)
    ).fetchall()
    for message_id, content, model in streaming:
        # The raw reply, as it streamed: a reasoning model's thought goes apart from its answer.
        split = split_reply(
            content + saved_text(conn, message_id), inside=starts_inside_thought(model)
        )
        conn.execute(
            "UPDATE messages SET content = ?, thinking = ?, status = ?, updated_at = ? "
            "WHERE id = ?",
            (split.answer, split.thought, status, now, message_id),
        )
        drop_parts(conn, message_id)
    return len(streaming)
