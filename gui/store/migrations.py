"""The store's schema, one migration per version: `MIGRATIONS[i]` takes a database from version
i to i + 1, and `gui.store.schema.migrate` runs each inside one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# unicode61 with diacritics folded: "cafe" finds "café". CJK runs are single tokens, so prefix
# search finds them by their beginning only; trigram would need queries of 3+ characters.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"


def _migrate_1(conn: sqlite3.Connection) -> None:
    """Base tables: conversations (soft-deletable) and their ordered messages."""
    for statement in (
        """CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            model TEXT,
            params TEXT,      -- JSON object of per-conversation overrides
            deleted_at REAL   -- set by a soft delete, so Undo can bring it back
        )""",
        """CREATE INDEX conversations_by_activity
            ON conversations(updated_at DESC, id DESC) WHERE deleted_at IS NULL""",
        # No CHECK on status: a later version may add one without rebuilding the table.
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL
                REFERENCES conversations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
            content TEXT NOT NULL,
            status TEXT NOT NULL,
            error TEXT,
            model TEXT,
            metrics TEXT,     -- JSON object
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            UNIQUE (conversation_id, position)
        )""",
        # mark_interrupted runs at every start: find the few streaming rows without a scan.
        "CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming'",
    ):
        conn.execute(statement)


def _migrate_2(conn: sqlite3.Connection) -> None:
    """Full-text search over message text and titles, kept in step by triggers, backfilled."""
    for table, column, source in (
        ("messages_fts", "content", "messages"),
        ("conversations_fts", "title", "conversations"),
    ):
        # External-content tables: the text lives once, in the base table.
        conn.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5({column}, content='{source}', "
            f"content_rowid='id', tokenize='{FTS_TOKENIZER}')"
        )
        conn.execute(
            f"""CREATE TRIGGER {table}_insert AFTER INSERT ON {source} BEGIN
                INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column});
            END"""
        )
        conn.execute(
            f"""CREATE TRIGGER {table}_delete AFTER DELETE ON {source} BEGIN
                INSERT INTO {table}({table}, rowid, {column})
                    VALUES ('delete', old.id, old.{column});
            END"""
        )
        # Status-only updates of a streaming reply must not re-index its text.
        conn.execute(
            f"""CREATE TRIGGER {table}_update AFTER UPDATE OF {column} ON {source}
                WHEN new.{column} IS NOT old.{column} BEGIN
                INSERT INTO {table}({table}, rowid, {column})
                    VALUES ('delete', old.id, old.{column});
                INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column});
            END"""
        )
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def _migrate_3(conn: sqlite3.Connection) -> None:
    """A streaming reply's autosaves, appended as parts (gui/store/reply_parts.py) instead of
    rewriting (and re-indexing) its whole text every second."""
    conn.execute(
        """CREATE TABLE reply_parts (
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (message_id, seq)
        )"""
    )


def _migrate_4(conn: sqlite3.Connection) -> None:
    """Versions: messages form a tree (gui/store/tree.py). Every conversation so far is one path:
    each message's parent is the one before it. A conversation remembers the last message of
    the path on screen; a message, when it was last on screen (which version a switch above it
    continues with) and whether it was deleted (a version kept for Undo until the app quits)."""
    for statement in (
        "ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages(id)",
        "ALTER TABLE messages ADD COLUMN chosen_at REAL",
        "ALTER TABLE messages ADD COLUMN deleted_at REAL",
        "ALTER TABLE conversations ADD COLUMN leaf_id INTEGER",
        """UPDATE messages SET parent_id = (
            SELECT p.id FROM messages p WHERE p.conversation_id = messages.conversation_id
                AND p.position < messages.position ORDER BY p.position DESC LIMIT 1)""",
        "CREATE INDEX messages_children ON messages(parent_id)",
        """UPDATE conversations SET leaf_id = (
            SELECT m.id FROM messages m WHERE m.conversation_id = conversations.id
            ORDER BY m.position DESC LIMIT 1)""",
    ):
        conn.execute(statement)


def _migrate_5(conn: sqlite3.Connection) -> None:
    """A reasoning model's thought, kept apart from its answer (provider/reasoning.py), and
    searched with it: the message index gains a column for the thought."""
    conn.execute("ALTER TABLE messages ADD COLUMN thinking TEXT")
    for trigger in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER messages_fts_{trigger}")
    conn.execute("DROP TABLE messages_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE messages_fts USING fts5(content, thinking, content='messages', "
        f"content_rowid='id', tokenize='{FTS_TOKENIZER}')"
    )
    conn.execute(
        """CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts(rowid, content, thinking)
                VALUES (new.id, new.content, new.thinking);
        END"""
    )
    conn.execute(
        """CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content, thinking)
                VALUES ('delete', old.id, old.content, old.thinking);
        END"""
    )
    # Status-only updates of a streaming reply must not re-index its text.
    conn.execute(
        """CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, thinking ON messages
            WHEN new.content IS NOT old.content OR new.thinking IS NOT old.thinking BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content, thinking)
                VALUES ('delete', old.id, old.content, old.thinking);
            INSERT INTO messages_fts(rowid, content, thinking)
                VALUES (new.id, new.content, new.thinking);
        END"""
    )
    conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')")


def _migrate_6(conn: sqlite3.Connection) -> None:
    """Files attached to questions (gui/store/attachments.py): images as sent, documents as
    given with their text; they go with their message."""
    conn.execute(
        """CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,  -- the order they were attached in
            kind TEXT NOT NULL CHECK (kind IN ('image', 'document')),
            name TEXT NOT NULL,
            mime TEXT NOT NULL,
            size INTEGER NOT NULL,      -- bytes of data
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            text TEXT,                  -- a document's text, as it goes into the prompt
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            thumbnail BLOB,
            UNIQUE (message_id, position)
        )"""
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1,
    _migrate_2,
    _migrate_3,
    _migrate_4,
    _migrate_5,
    _migrate_6,
]
