"""The conversation store: conversations and their messages in one SQLite file, searchable.

Every change is one transaction, so what the window shows is what a crash leaves on disk. The
store is synchronous and cheap (WAL, one connection, one thread): the GUI calls it directly.
Errors reach callers as `StoreError` with a sentence a person can read; the caller keeps its
text in memory. The file format and opening rules live in `gui.store.schema`.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from gui.store.attachments import StoredFiles, insert_attachments, with_attachments
from gui.store.check import IntegrityCheck
from gui.store.database import Database
from gui.store.records import (
    COMPLETE,
    CONVERSATION_COLUMNS,
    INTERRUPTED,
    MESSAGE_COLUMNS,
    ROLES,
    STATUSES,
    STREAMING,
    UNSET,
    Attachment,
    Conversation,
    Message,
    Unset,
    conversation_from_row,
    json_or_none,
    message_from_row,
    title_from_text,
)
from gui.store.reply_parts import append_part, drop_parts, fold_parts, with_parts
from gui.store.schema import StoreError, open_connection
from gui.store.search import SearchHit, search
from gui.store.tree import VersionTree, parent_for, path_messages, purge_versions, repair_links
from gui.utils.translation import translate

log = logging.getLogger(__name__)


class ConversationStore:
    """All conversations of one person; one connection, used from the thread that opened it."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        moved_aside: Path | None,
        *,
        read_only: bool = False,
    ) -> None:
        self.db = Database(conn, read_only=read_only)
        self.tree = VersionTree(self.db)  # versions: switch, delete and undo, branch off
        self.files = StoredFiles(self.db)  # attachments, whole
        self.path = path
        self.moved_aside = moved_aside  # where a damaged file went, for the app to tell the user

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @classmethod
    def open(
        cls, path: Path, *, read_only: bool = False, early_check: IntegrityCheck | None = None
    ) -> ConversationStore:
        """Open or create the store at `path`; a damaged file is moved aside (see
        `moved_aside`). With `read_only`, nothing is created, moved or changed. An
        `early_check` that passed on this file spares the open its own integrity check."""
        checked = early_check is not None and early_check.passed(Path(path))
        conn, moved = open_connection(Path(path), read_only=read_only, checked=checked)
        store = cls(conn, Path(path), moved, read_only=read_only)
        if checked and early_check is not None and early_check.broken_links and not read_only:
            store.repair_links()
        return store

    def repair_links(self) -> int:
        """Mend broken parent links (gui/store/tree.py); how many there were."""
        with self.db.write(translate("ConversationStore", "repair the messages")) as conn:
            repaired = repair_links(conn)
        if repaired:
            log.warning("repaired %d broken parent links in the store", repaired)
        return repaired

    def reader(self) -> ConversationStore:
        """A read-only store on the same file, to be opened and used on another thread (an
        export): WAL lets it read while this one writes. The file was checked when this store
        opened it, so the reader's opening spares the check."""
        conn, _moved = open_connection(self.path, read_only=True, checked=True)
        return ConversationStore(conn, self.path, None, read_only=True)

    def close(self) -> None:
        """Fold the write-ahead log into the file and close; safe to call twice."""
        self.db.close()

    def __enter__(self) -> ConversationStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.db.closed else "open"
        return f"<ConversationStore {self.path} {state}>"

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read several things from one consistent state (used by export)."""
        with self.db.snapshot():
            yield

    # -- conversations ----------------------------------------------------------------------

    def create_conversation(
        self, title: str = "", model: str | None = None, params: dict[str, Any] | None = None
    ) -> Conversation:
        now = self.db.now()
        with self.db.write(translate("ConversationStore", "create the conversation")) as conn:
            cursor = conn.execute(
                "INSERT INTO conversations (title, created_at, updated_at, model, params) "
                "VALUES (?, ?, ?, ?, ?)",
                (title, now, now, model, json_or_none(params or {})),
            )
        return Conversation(int(cursor.lastrowid or 0), title, now, now, model, params or {})

    def list_conversations(self) -> list[Conversation]:
        """Conversations not deleted, most recently active first."""
        with self.db.read(translate("ConversationStore", "list the conversations")) as conn:
            rows = conn.execute(
                f"SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE deleted_at IS NULL "
                "ORDER BY updated_at DESC, id DESC"
            ).fetchall()
        return [conversation_from_row(row) for row in rows]

    def newest_conversation_id(self) -> int | None:
        """The most recently active conversation not deleted (the list's first), or None."""
        with self.db.read(translate("ConversationStore", "list the conversations")) as conn:
            row = conn.execute(
                "SELECT id FROM conversations WHERE deleted_at IS NULL "
                "ORDER BY updated_at DESC, id DESC LIMIT 1"
            ).fetchone()
        return None if row is None else int(row[0])

    def get_conversation(self, conversation_id: int) -> Conversation | None:
        """The conversation, or None if it does not exist or is deleted."""
        with self.db.read(translate("ConversationStore", "read the conversation")) as conn:
            row = conn.execute(
                f"SELECT {CONVERSATION_COLUMNS} FROM conversations c "
                "WHERE id = ? AND deleted_at IS NULL",
                (conversation_id,),
            ).fetchone()
        return None if row is None else conversation_from_row(row)

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        with self.db.write(translate("ConversationStore", "rename the conversation")) as conn:
            self._change_conversation(
                conn, conversation_id, "UPDATE conversations SET title = ? WHERE id = ?", (title,)
            )

    def set_conversation_settings(
        self, conversation_id: int, model: str | None, params: dict[str, Any]
    ) -> None:
        """Replace the conversation's model and its parameter overrides."""
        with self.db.write(
            translate("ConversationStore", "save the conversation's settings")
        ) as conn:
            self._change_conversation(
                conn,
                conversation_id,
                "UPDATE conversations SET model = ?, params = ? WHERE id = ?",
                (model, json_or_none(params)),
            )

    def delete_conversation(self, conversation_id: int) -> None:
        """Soft delete: hidden everywhere, back with undelete_conversation until purged."""
        with self.db.write(translate("ConversationStore", "delete the conversation")) as conn:
            conn.execute(
                "UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (self.db.now(), conversation_id),
            )

    def undelete_conversation(self, conversation_id: int) -> None:
        with self.db.write(translate("ConversationStore", "restore the conversation")) as conn:
            conn.execute(
                "UPDATE conversations SET deleted_at = NULL WHERE id = ?", (conversation_id,)
            )

    def purge_deleted(self, older_than: float = 0) -> int:
        """Erase conversations (and versions of messages) deleted at least `older_than` seconds
        ago; returns how many conversations went."""
        with self.db.write(translate("ConversationStore", "erase deleted conversations")) as conn:
            cursor = conn.execute(
                "DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                (self.db.now() - older_than,),
            )
            purge_versions(conn, self.db.now() - older_than)
        return cursor.rowcount

    def _change_conversation(
        self, conn: sqlite3.Connection, conversation_id: int, sql: str, values: tuple[Any, ...]
    ) -> None:
        cursor = conn.execute(sql, (*values, conversation_id))
        if cursor.rowcount == 0:
            raise StoreError(
                translate("ConversationStore", "Conversation {id} no longer exists.").format(
                    id=conversation_id
                )
            )

    # -- messages ---------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        status: str = COMPLETE,
        model: str | None = None,
        parent: int | Unset | None = UNSET,
        attachments: Sequence[Attachment] = (),
    ) -> Message:
        """Add a message below `parent` (by default the end of the path on screen; None: a
        first question), with its `attachments`, and show it; an untitled conversation takes
        its title from the first question (or file). A new version of a message is added below
        that message's parent."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        now = self.db.now()
        with self.db.write(translate("ConversationStore", "save the message")) as conn:
            row = conn.execute(
                "SELECT title FROM conversations WHERE id = ? AND deleted_at IS NULL",
                (conversation_id,),
            ).fetchone()
            if row is None:
                raise StoreError(
                    translate("ConversationStore", "Conversation {id} no longer exists.").format(
                        id=conversation_id
                    )
                )
            parent = parent_for(conn, conversation_id, parent)
            position = conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM messages WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()[0]
            cursor = conn.execute(
                "INSERT INTO messages (conversation_id, position, role, content, status, model, "
                "created_at, updated_at, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, position, role, content, status, model, now, now, parent),
            )
            # The new message ends the path on screen. The rest of the path was last on screen
            # just before (a message is only ever added below what is shown), so only the leaf
            # changes; a switch marks the whole path (gui/store/tree.py).
            conn.execute(
                "UPDATE conversations SET leaf_id = ? WHERE id = ?",
                (cursor.lastrowid, conversation_id),
            )
            insert_attachments(conn, int(cursor.lastrowid or 0), attachments)
            title = row[0]
            if not title and role == "user":
                title = title_from_text(content) or title_from_text(
                    ", ".join(item.name for item in attachments)
                )
            conn.execute(
                "UPDATE conversations SET updated_at = ?, title = ? WHERE id = ?",
                (now, title, conversation_id),
            )
            row = conn.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
            return with_attachments(conn, [message_from_row(row)])[0]

    def update_message(
        self,
        message_id: int,
        *,
        content: str | None = None,
        status: str | None = None,
        error: str | Unset | None = UNSET,
        metrics: dict[str, Any] | Unset | None = UNSET,
        thinking: str | Unset | None = UNSET,
    ) -> None:
        """Change only the given fields. For content and status None means "unchanged"; an
        explicit error=None or metrics=None clears them."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        now = self.db.now()
        changes: dict[str, Any] = {"updated_at": now}
        if content is not None:
            changes["content"] = content  # the whole text: parts saved meanwhile are dropped
        if status is not None:
            changes["status"] = status
        if not isinstance(error, Unset):
            changes["error"] = error
        if not isinstance(metrics, Unset):
            changes["metrics"] = json_or_none(metrics)
        if not isinstance(thinking, Unset):
            changes["thinking"] = thinking
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self.db.write(translate("ConversationStore", "save the message")) as conn:
            cursor = conn.execute(
                f"UPDATE messages SET {assignments} WHERE id = ?", (*changes.values(), message_id)
            )
            if cursor.rowcount == 0:
                raise StoreError(
                    translate("ConversationStore", "Message {id} no longer exists.").format(
                        id=message_id
                    )
                )
            if content is not None:
                drop_parts(conn, message_id)
            self._touch_conversation_of(conn, message_id, now)

    def append_to_message(self, message_id: int, text: str) -> None:
        """Save more of a streaming reply: `text` goes after what was saved, at a cost that
        does not grow with the reply (gui/store/reply_parts.py)."""
        now = self.db.now()
        with self.db.write(translate("ConversationStore", "save the message")) as conn:
            cursor = conn.execute(
                "UPDATE messages SET updated_at = ? WHERE id = ? AND status = ?",
                (now, message_id, STREAMING),
            )
            if cursor.rowcount == 0:
                raise StoreError(
                    translate("ConversationStore", "Message {id} no longer exists.").format(
                        id=message_id
                    )
                )
            append_part(conn, message_id, text)
            self._touch_conversation_of(conn, message_id, now)

    @staticmethod
    def _touch_conversation_of(conn: sqlite3.Connection, message_id: int, now: float) -> None:
        conn.execute(
            "UPDATE conversations SET updated_at = ? "
            "WHERE id = (SELECT conversation_id FROM messages WHERE id = ?)",
            (now, message_id),
        )

    def messages(self, conversation_id: int, *, limit: int | None = None) -> list[Message]:
        """The messages on screen (the path of versions shown, gui/store/tree.py) in order; with
        `limit`, only the last `limit` of them."""
        with self.db.read(translate("ConversationStore", "read the messages")) as conn:
            return path_messages(conn, conversation_id, limit=limit)

    def messages_to(self, message_id: int) -> list[Message]:
        """The path that ends at `message_id` (a question being answered again), in order."""
        with self.db.read(translate("ConversationStore", "read the messages")) as conn:
            return path_messages(conn, 0, leaf=message_id)

    def get_message(self, message_id: int) -> Message | None:
        """One message by its id, or None if it does not exist."""
        with self.db.read(translate("ConversationStore", "read the messages")) as conn:
            row = conn.execute(
                f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
            ).fetchone()
            if row is None:
                return None
            return with_attachments(conn, with_parts(conn, [message_from_row(row)]))[0]

    def messages_before(self, conversation_id: int, position: int, limit: int) -> list[Message]:
        """Up to `limit` messages of the path on screen just before `position`, in order (to
        load earlier pages)."""
        with self.db.read(translate("ConversationStore", "read the messages")) as conn:
            return path_messages(conn, conversation_id, limit=limit, before_position=position)

    def mark_interrupted(self) -> int:
        """Replies left 'streaming' by an app that died become 'interrupted', with every part
        saved of them; returns how many."""
        with self.db.write(translate("ConversationStore", "mark interrupted replies")) as conn:
            return fold_parts(conn, INTERRUPTED, self.db.now())

    def count_messages(self, conversation_id: int | None = None) -> int:
        """How many messages the store holds (in one conversation, if given)."""
        with self.db.read(translate("ConversationStore", "count the messages")) as conn:
            row = conn.execute(
                "SELECT count(*) FROM messages WHERE ?1 IS NULL OR conversation_id = ?1",
                (conversation_id,),
            ).fetchone()
        return int(row[0])

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Conversations whose title or messages contain every word of `query` as a prefix;
        see `gui.store.search.search`. Hostile text never raises; blank text finds nothing."""
        with self.db.read(translate("ConversationStore", "search the conversations")) as conn:
            return search(conn, query, limit)
