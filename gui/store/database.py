"""The store's one SQLite connection and its transactions: every failure becomes a `StoreError`
worded for a person, every change one transaction that commits whole or not at all."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Iterator

from gui.store.schema import StoreError, describe
from gui.utils.translation import translate

log = logging.getLogger(__name__)


class Database:
    """Used from the thread that opened it; `close()` ends it for good."""

    def __init__(self, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.read_only = read_only
        self._last_time = 0.0

    @property
    def closed(self) -> bool:
        return self._conn is None

    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(translate("ConversationStore", "The conversation store is closed."))
        return self._conn

    def close(self) -> None:
        """Fold the write-ahead log into the file and close; safe to call twice."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if not conn.in_transaction and not self.read_only:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:  # another reader may hold the log; the data is safe
            log.warning("conversation store checkpoint on close failed: %s", error)
        finally:
            conn.close()

    def now(self) -> float:
        # Strictly increasing, so "newest first" never depends on the clock's resolution.
        self._last_time = max(time.time(), self._last_time + 1e-6)
        return self._last_time

    @contextlib.contextmanager
    def read(self, action: str) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        try:
            yield conn
        except sqlite3.Error as error:
            raise StoreError(describe(error, action)) from error

    @contextlib.contextmanager
    def write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One transaction; any failure rolls it back and becomes a StoreError."""
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StoreError(describe(error, action)) from error
            raise

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read several things from one consistent state (used by export)."""
        conn = self.connection()
        with self.read(translate("ConversationStore", "read the conversations")):
            conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
