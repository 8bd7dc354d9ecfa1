"""Versions of messages: each message has a parent, and a conversation shows one path of them.

Regenerating adds an answer beside the old one (same question as parent); editing a question
adds a question beside it (same parent). Nothing is deleted by either. The path on screen ends at
the conversation's `leaf_id`; switching to another version shows it and, below it, the versions
last on screen there (`chosen_at`). A child always comes after its parent in `position` (the
order of creation in the conversation), so a path read by position is in conversation order and
no parent link can form a cycle.

Functions here take a connection inside the store's read or write transaction
(gui/store/conversations.py calls them); `VersionTree` is the store's face for the window. No Qt.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from gui.store.attachments import copy_attachments, with_attachments
from gui.store.database import Database
from gui.store.records import (
    INTERRUPTED,
    MESSAGE_COLUMNS,
    STREAMING,
    Conversation,
    Message,
    Unset,
    message_from_row,
)
from gui.store.reply_parts import with_parts
from gui.store.schema import StoreError
from gui.utils.translation import translate

# Every walk along parent links below goes only towards earlier positions (up) or later ones
# (down): a file damaged into a cycle of links still gives a finite answer, never a hang.

# The path that ends at ?1, as rows of (id, position): walk the parent links up.
_PATH = """WITH RECURSIVE path(id, position) AS (
    SELECT id, position FROM messages WHERE id = ?1
    UNION ALL
    SELECT p.id, p.position FROM path JOIN messages m ON m.id = path.id
        JOIN messages p ON p.id = m.parent_id AND p.position < path.position
)"""

# The last message of the path that continues below ?1: at each step the child (not deleted)
# last on screen, else the newest.
_DESCEND = """WITH RECURSIVE down(id, position, depth) AS (
    SELECT id, position, 0 FROM messages WHERE id = ?1
    UNION ALL
    SELECT c.id, c.position, down.depth + 1 FROM down JOIN messages c ON c.id = (
        SELECT n.id FROM messages n WHERE n.parent_id = down.id AND n.position > down.position
            AND n.deleted_at IS NULL
        ORDER BY coalesce(n.chosen_at, n.created_at) DESC, n.position DESC LIMIT 1)
) SELECT id FROM down ORDER BY depth DESC LIMIT 1"""

# `?1` and every message below it, deleted or not: `WITH` this, then a statement on `below`.
_BELOW = """WITH RECURSIVE below(id, position) AS (
    SELECT id, position FROM messages WHERE id = ?1
    UNION ALL
    SELECT m.id, m.position FROM below
        JOIN messages m ON m.parent_id = below.id AND m.position > below.position
)"""

# Siblings: the other versions of a message, same conversation, same parent (NULL-safe), same
# role, not deleted.
_SIBLINGS = """SELECT s.id FROM messages s, messages m
    WHERE m.id = ? AND s.conversation_id = m.conversation_id AND s.parent_id IS m.parent_id
        AND s.role = m.role AND s.deleted_at IS NULL
    ORDER BY s.position"""


# Messages whose parent link is broken: a parent gone, in another conversation, or not before
# the child (which is what a cycle would need). The app never makes one; a file edited or
# damaged elsewhere might hold some.
BROKEN_LINKS = """SELECT c.id FROM messages c LEFT JOIN messages p ON p.id = c.parent_id
    WHERE c.parent_id IS NOT NULL
        AND (p.id IS NULL OR p.conversation_id != c.conversation_id OR p.position >= c.position)"""


def repair_links(conn: sqlite3.Connection) -> int:
    """Link each message with a broken parent link to the message before it, as the store
    before versions had them; returns how many were repaired."""
    cursor = conn.execute(
        f"""UPDATE messages SET parent_id = (
            SELECT p.id FROM messages p WHERE p.conversation_id = messages.conversation_id
                AND p.position < messages.position AND p.deleted_at IS NULL
            ORDER BY p.position DESC LIMIT 1)
        WHERE id IN ({BROKEN_LINKS})"""
    )
    return cursor.rowcount


@dataclass(frozen=True)
class Versions:
    """Where a message stands among its versions: `index` (from 1) of `count`."""

    index: int
    count: int


def leaf_of(conn: sqlite3.Connection, conversation_id: int) -> int | None:
    """The last message of the path on screen (None in an empty conversation)."""
    row = conn.execute(
        "SELECT m.id FROM conversations c JOIN messages m ON m.id = c.leaf_id "
        "WHERE c.id = ? AND m.conversation_id = c.id AND m.deleted_at IS NULL",
        (conversation_id,),
    ).fetchone()
    if row is not None:
        return int(row[0])
    # No leaf kept, or it went with a deleted version: continue from the newest first question.
    root = conn.execute(
        "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL "
        "AND deleted_at IS NULL ORDER BY coalesce(chosen_at, created_at) DESC, position DESC "
        "LIMIT 1",
        (conversation_id,),
    ).fetchone()
    return None if root is None else descend(conn, int(root[0]))


def descend(conn: sqlite3.Connection, message_id: int) -> int:
    """The last message of the path that continues below `message_id` as last seen."""
    return int(conn.execute(_DESCEND, (message_id,)).fetchone()[0])


def show_path_to(conn: sqlite3.Connection, conversation_id: int, leaf: int, now: float) -> None:
    """Put the path ending at `leaf` on screen: the conversation's leaf, and each message on
    the path marked as last on screen (so a switch above it comes back to this path)."""
    conn.execute("UPDATE conversations SET leaf_id = ? WHERE id = ?", (leaf, conversation_id))
    conn.execute(
        f"{_PATH} UPDATE messages SET chosen_at = ?2 WHERE id IN (SELECT id FROM path)",
        (leaf, now),
    )


def path_messages(
    conn: sqlite3.Connection,
    conversation_id: int,
    *,
    limit: int | None = None,
    before_position: int | None = None,
    leaf: int | None = None,
) -> list[Message]:
    """The path on screen in order (or the path that ends at `leaf`): all of it, or its last
    `limit` messages (before `before_position`, when given)."""
    leaf = leaf if leaf is not None else leaf_of(conn, conversation_id)
    if leaf is None:
        return []
    rows = conn.execute(
        f"{_PATH} SELECT * FROM (SELECT {MESSAGE_COLUMNS} FROM messages "
        "WHERE id IN (SELECT id FROM path) AND position < ?2 ORDER BY position DESC LIMIT ?3) "
        "ORDER BY position",
        (
            leaf,
            before_position if before_position is not None else 2**62,
            -1 if limit is None else max(limit, 0),
        ),
    ).fetchall()
    return with_attachments(conn, with_parts(conn, [message_from_row(row) for row in rows]))


def ancestors(conn: sqlite3.Connection, message_id: int, limit: int) -> list[Message]:
    """The `limit` messages the path to `message_id` passes through last before it, in order:
    the page above a loaded one. It walks up from that message, `limit` steps and no more, so
    the page before a long conversation's oldest loaded one costs what the first page did."""
    rows = conn.execute(
        f"""WITH RECURSIVE up(id, position, depth) AS (
            SELECT id, position, 0 FROM messages WHERE id = ?1
            UNION ALL
            SELECT p.id, p.position, up.depth + 1 FROM up JOIN messages m ON m.id = up.id
                JOIN messages p ON p.id = m.parent_id AND p.position < up.position
                WHERE up.depth < ?2
        )
        SELECT {MESSAGE_COLUMNS} FROM messages
        WHERE id IN (SELECT id FROM up WHERE depth > 0) ORDER BY position""",
        (message_id, max(limit, 0)),
    ).fetchall()
    return with_attachments(conn, with_parts(conn, [message_from_row(row) for row in rows]))


def parent_for(
    conn: sqlite3.Connection, conversation_id: int, parent: int | Unset | None
) -> int | None:
    """Where a new message goes: below `parent`, by default the end of the path on screen."""
    if isinstance(parent, Unset):
        return leaf_of(conn, conversation_id)
    if (
        parent is not None
        and not conn.execute(
            "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ? AND deleted_at IS NULL",
            (parent, conversation_id),
        ).fetchone()
    ):
        raise _gone(parent)
    return parent


def sibling_ids(conn: sqlite3.Connection, message_id: int) -> list[int]:
    """The versions of `message_id` (itself included), oldest first."""
    return [int(row[0]) for row in conn.execute(_SIBLINGS, (message_id,))]


class VersionTree:
    """What the window does with versions: read them, switch, delete (and undo), branch off."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def versions(self, message_ids: list[int]) -> dict[int, Versions]:
        """Index and count of each message's versions, for those that have more than one."""
        found: dict[int, Versions] = {}
        if not message_ids:
            return found
        marks = ",".join("?" * len(message_ids))
        with self._db.read(translate("ConversationStore", "read the messages")) as conn:
            rows = conn.execute(
                "SELECT m.id, count(*), sum(s.position <= m.position) FROM messages m "
                "JOIN messages s ON s.conversation_id = m.conversation_id "
                "AND s.parent_id IS m.parent_id AND s.role = m.role AND s.deleted_at IS NULL "
                f"WHERE m.id IN ({marks}) GROUP BY m.id HAVING count(*) > 1",
                message_ids,
            ).fetchall()
        for message_id, count, index in rows:
            found[int(message_id)] = Versions(int(index), int(count))
        return found

    def messages_above(self, message_id: int, limit: int) -> list[Message]:
        """Up to `limit` messages of the path just above `message_id`, in order (the page
        before a loaded one; its cost does not grow with the conversation)."""
        with self._db.read(translate("ConversationStore", "read the messages")) as conn:
            return ancestors(conn, message_id, limit)

    def everything(self, conversation_id: int) -> list[Message]:
        """Every version of every message of the conversation (not the deleted), in order of
        creation: the whole tree, each message with its `parent_id`."""
        with self._db.read(translate("ConversationStore", "read the messages")) as conn:
            rows = conn.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? "
                "AND deleted_at IS NULL ORDER BY position",
                (conversation_id,),
            ).fetchall()
            return with_attachments(conn, with_parts(conn, [message_from_row(row) for row in rows]))

    def siblings(self, message_id: int) -> list[int]:
        with self._db.read(translate("ConversationStore", "read the messages")) as conn:
            return sibling_ids(conn, message_id)

    def show(self, message_id: int) -> None:
        """Show the version `message_id`, and below it the path last seen there."""
        with self._db.write(translate("ConversationStore", "switch versions")) as conn:
            row = conn.execute(
                "SELECT conversation_id FROM messages WHERE id = ? AND deleted_at IS NULL",
                (message_id,),
            ).fetchone()
            if row is None:
                raise _gone(message_id)
            show_path_to(conn, int(row[0]), descend(conn, message_id), self._db.now())

    def delete(self, message_id: int) -> None:
        """Delete one version and what continues below it (kept for `undelete` until the
        store's `purge_deleted`); the path on screen moves to the version beside it. Its only
        version cannot be deleted: there would be nothing to show in its place."""
        now = self._db.now()
        with self._db.write(translate("ConversationStore", "delete the version")) as conn:
            siblings = sibling_ids(conn, message_id)
            if message_id not in siblings:
                raise _gone(message_id)
            if len(siblings) < 2:
                raise StoreError(
                    translate("ConversationStore", "The only version of a message stays.")
                )
            conversation_id, parent = conn.execute(
                "SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            conn.execute(
                f"{_BELOW} UPDATE messages SET deleted_at = ?2 "
                "WHERE id IN (SELECT id FROM below) AND deleted_at IS NULL",
                (message_id, now),
            )
            leaf = leaf_of_raw(conn, conversation_id)
            gone = conn.execute(
                f"{_BELOW} SELECT 1 FROM below WHERE id = ?2", (message_id, leaf)
            ).fetchone()
            if gone is not None:
                # The path continues through the version beside it last seen, as a switch
                # there would (a first question's: through `leaf_of`'s way to the newest).
                leaf = leaf_of(conn, conversation_id) if parent is None else descend(conn, parent)
                assert leaf is not None  # a sibling is left
                show_path_to(conn, conversation_id, leaf, now)
            conn.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id)
            )

    def undelete(self, message_id: int, *, show: bool = True) -> None:
        """Undo `delete`: the version and what was below it come back, and (with `show`) on
        screen."""
        with self._db.write(translate("ConversationStore", "restore the version")) as conn:
            row = conn.execute(
                "SELECT conversation_id, deleted_at FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None or row[1] is None:
                raise _gone(message_id)
            conn.execute(
                f"{_BELOW} UPDATE messages SET deleted_at = NULL "
                "WHERE id IN (SELECT id FROM below) AND deleted_at = ?2",
                (message_id, row[1]),
            )
            if show:
                show_path_to(conn, int(row[0]), descend(conn, message_id), self._db.now())

    def branch_off(self, message_id: int, title: str) -> Conversation:
        """A new conversation holding a copy of the path up to `message_id` (itself included),
        with the same model and settings."""
        now = self._db.now()
        with self._db.write(translate("ConversationStore", "branch off")) as conn:
            source = conn.execute(
                "SELECT c.id, c.model, c.params FROM messages m "
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE m.id = ? AND m.deleted_at IS NULL AND c.deleted_at IS NULL",
                (message_id,),
            ).fetchone()
            if source is None:
                raise _gone(message_id)
            cursor = conn.execute(
                "INSERT INTO conversations (title, created_at, updated_at, model, params) "
                "VALUES (?, ?, ?, ?, ?)",
                (title, now, now, source[1], source[2]),
            )
            new_id = int(cursor.lastrowid or 0)
            # The text a streaming answer has so far, as a reply cut off: no session owns it.
            copies = path_messages(conn, 0, leaf=message_id)
            parent: int | None = None
            for position, message in enumerate(copies):
                status = INTERRUPTED if message.status == STREAMING else message.status
                metrics = json.dumps(message.metrics) if message.metrics is not None else None
                parent = conn.execute(
                    "INSERT INTO messages (conversation_id, position, role, content, status, "
                    "error, model, metrics, created_at, updated_at, parent_id, thinking) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        new_id,
                        position,
                        message.role,
                        message.content,
                        status,
                        message.error,
                        message.model,
                        metrics,
                        message.created_at,
                        now,
                        parent,
                        message.thinking,
                    ),
                ).lastrowid
                copy_attachments(conn, message.id, int(parent or 0))
            conn.execute("UPDATE conversations SET leaf_id = ? WHERE id = ?", (parent, new_id))
        return Conversation(new_id, title, now, now, source[1], json.loads(source[2] or "{}"))


def purge_versions(conn: sqlite3.Connection, deleted_by: float) -> int:
    """Erase the versions deleted by then, each with what is below it; one that a live message
    still follows (only a damaged file has one) is kept, so the erasing never fails."""
    cursor = conn.execute(
        """DELETE FROM messages WHERE deleted_at IS NOT NULL AND deleted_at <= ?
            AND NOT EXISTS (SELECT 1 FROM messages c
                WHERE c.parent_id = messages.id AND c.deleted_at IS NULL)""",
        (deleted_by,),
    )
    return cursor.rowcount


def leaf_of_raw(conn: sqlite3.Connection, conversation_id: int) -> int | None:
    """The leaf the conversation keeps, deleted or not."""
    row = conn.execute("SELECT leaf_id FROM conversations WHERE id = ?", (conversation_id,))
    found = row.fetchone()
    return None if found is None or found[0] is None else int(found[0])


def _gone(message_id: int) -> StoreError:
    return StoreError(
        translate("ConversationStore", "Message {id} no longer exists.").format(id=message_id)
    )
