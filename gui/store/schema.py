"""The conversation store's file: schema, migrations, and opening it safely.

`PRAGMA user_version` is the schema version; `MIGRATIONS[i]` (gui/store/migrations.py) takes a
database from version i to i + 1 inside one transaction, so a crash mid-migration leaves the
previous version intact. Opening tells damage (moved aside, never silently replaced) apart from
trouble that is not the file's fault (permissions, a missing folder, a full disk: reported, the
file left alone).

Messages for people go through `translate("ConversationStore", ...)` (below), so the window shows
them in its language while `replicate-chat export`, which never loads Qt, stays English.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

from gui.store.migrations import MIGRATIONS
from gui.utils.translation import translate

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A store problem worded for a person: what failed and what to do; never a token."""


SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring `conn` (autocommit mode) up to `target`, one transaction per step."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: a second instance may have migrated meanwhile.
            version = user_version(conn)
            if version >= target:
                conn.execute("ROLLBACK")
                return
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("conversation store migrated to schema version %d", version + 1)


# Python 3.10 has no sqlite_errorname: SQLite's own messages for the codes that matter.
_CODE_BY_MESSAGE = {
    "file is not a database": "SQLITE_NOTADB",
    "malformed": "SQLITE_CORRUPT",
    "database or disk is full": "SQLITE_FULL",
    "readonly database": "SQLITE_READONLY",
    "database is locked": "SQLITE_BUSY",
    "disk I/O error": "SQLITE_IOERR",
    "unable to open database file": "SQLITE_CANTOPEN",
}


def error_code(error: sqlite3.Error) -> str:
    """The primary result code name (SQLITE_CORRUPT for SQLITE_CORRUPT_VTAB, say)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if not name:
        text = str(error)
        name = next((code for part, code in _CODE_BY_MESSAGE.items() if part in text), "")
    parts = name.split("_")
    return "_".join(parts[:2]) if len(parts) > 2 else name


def is_damage(error: sqlite3.Error) -> bool:
    """True when the error says the file's content is broken, not that we may not reach it."""
    return error_code(error) in ("SQLITE_NOTADB", "SQLITE_CORRUPT")


def describe(error: sqlite3.Error, action: str, path: Path | None = None) -> str:
    """A sentence for a person about an sqlite error that happened while trying to `action`."""
    where = f" ({path})" if path is not None else ""
    code = error_code(error)
    if code == "SQLITE_FULL":
        text = translate(
            "ConversationStore",
            "Could not {action}: the disk is full{where}. Free some space and try again.",
        )
    elif code == "SQLITE_READONLY":
        text = translate(
            "ConversationStore", "Could not {action}: the conversation store is read-only{where}."
        )
    elif code in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        text = translate(
            "ConversationStore",
            "Could not {action}: the conversation store is busy{where}; another copy of "
            "Replicate Chat may be using it. Try again.",
        )
    elif code in ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"):
        text = translate(
            "ConversationStore",
            "Could not {action}: the conversation store cannot be opened{where}.",
        )
    elif code == "SQLITE_IOERR":
        text = translate(
            "ConversationStore", "Could not {action}: the disk reported an error{where} ({error})."
        )
    elif is_damage(error):
        text = translate(
            "ConversationStore",
            "Could not {action}: the conversation store is damaged{where}. Restart Replicate "
            "Chat to move the damaged file aside.",
        )
    else:
        text = translate("ConversationStore", "Could not {action}: {error}{where}.")
    return text.format(action=action, where=where, error=error)


def open_connection(
    path: Path, *, read_only: bool, checked: bool = False
) -> tuple[sqlite3.Connection, Path | None]:
    """Open (creating if allowed), check, configure and migrate the store at `path`.

    Returns the connection and, if a damaged file was moved aside first, its new name. In
    read-only mode nothing is created, moved or migrated; damage is a `StoreError`. `checked`
    says that `PRAGMA quick_check` already passed on this file (gui/store/check.py).
    """
    _check_reachable(path, read_only=read_only)
    damage = ""
    try:
        conn = _connect(path, read_only=read_only, checked=checked)
    except _Damaged as found:
        damage = str(found)
    else:
        return conn, None
    if read_only:
        raise StoreError(
            translate(
                "ConversationStore",
                "The conversation store {path} is damaged ({damage}). Start Replicate Chat to "
                "move it aside and begin a fresh one; the damaged file is kept.",
            ).format(path=path, damage=damage)
        )
    moved = _move_aside(path)
    log.error("conversation store %s is damaged (%s); moved it aside to %s", path, damage, moved)
    _check_reachable(path, read_only=False)
    try:
        return _connect(path, read_only=False), moved
    except _Damaged as again:  # a brand-new file cannot be damaged unless the disk is failing
        raise StoreError(
            translate(
                "ConversationStore", "A fresh conversation store at {path} is unusable: {problem}"
            ).format(path=path, problem=again)
        ) from None


class _Damaged(Exception):
    """Internal: the file is not a usable SQLite database (its message says why)."""


def _check_reachable(path: Path, *, read_only: bool) -> None:
    """Raise StoreError for problems that are not damage; create the file owner-only if new."""
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if read_only:
            os.close(os.open(path, os.O_RDONLY))
        else:
            # Created here, not by SQLite, so it is 0600 from the start; SQLite gives its
            # -wal and -shm files the same mode as the database file.
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    except FileNotFoundError:
        raise StoreError(
            translate("ConversationStore", "There is no conversation store at {path}.").format(
                path=path
            )
        ) from None
    except IsADirectoryError:
        raise StoreError(
            translate(
                "ConversationStore", "The conversation store {path} is a folder, not a file."
            ).format(path=path)
        ) from None
    except PermissionError:
        if read_only:
            text = translate(
                "ConversationStore",
                "Permission denied: Replicate Chat may not read its conversation store {path}. "
                "Check the file's owner and permissions.",
            )
        else:
            text = translate(
                "ConversationStore",
                "Permission denied: Replicate Chat may not write its conversation store {path}. "
                "Check the file's owner and permissions.",
            )
        raise StoreError(text.format(path=path)) from None
    except OSError as error:
        raise StoreError(
            translate(
                "ConversationStore", "Cannot open the conversation store {path}: {problem}."
            ).format(path=path, problem=error.strerror or error)
        ) from None


def _connect(path: Path, *, read_only: bool, checked: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    try:
        version = _prepare(conn, path, read_only=read_only, checked=checked)
    except BaseException:
        conn.close()
        raise
    if read_only and version < SCHEMA_VERSION:
        # An empty file (never written) holds no conversations, and an older release's file
        # must not be migrated in place: read from an up-to-date copy in memory instead.
        memory = sqlite3.connect(":memory:", isolation_level=None)
        if version:
            conn.backup(memory)
        conn.close()
        memory.execute("PRAGMA foreign_keys = ON")
        migrate(memory)
        conn = memory
    return conn


def _prepare(conn: sqlite3.Connection, path: Path, *, read_only: bool, checked: bool) -> int:
    """Check, configure and (unless read-only) migrate; returns the version found."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        _check_header(path)
        version = user_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreError(
                translate(
                    "ConversationStore",
                    "The conversation store {path} was made by a newer version of Replicate Chat "
                    "(schema {version}; this version knows up to {known}). Update Replicate Chat "
                    "to open it; the file was not changed.",
                ).format(path=path, version=version, known=SCHEMA_VERSION)
            )
        problems = ["ok"] if checked else [row[0] for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise _Damaged("; ".join(str(p) for p in problems[:3]))
        if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(
                translate(
                    "ConversationStore",
                    "{path} is an SQLite database but not a Replicate Chat conversation store; "
                    "it was left unchanged.",
                ).format(path=path)
            )
        conn.execute("PRAGMA foreign_keys = ON")
        if read_only:
            return version
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("conversation store %s: journal mode is %s, not WAL", path, mode)
        # NORMAL in WAL mode: a commit survives the app crashing or being killed (the WAL is
        # written before COMMIT returns); only a power cut may lose the last transactions.
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
        return version
    except sqlite3.Error as error:
        if is_damage(error):
            raise _Damaged(str(error)) from None
        action = translate("ConversationStore", "open the conversation store")
        raise StoreError(describe(error, action, path)) from None


def _check_header(path: Path) -> None:
    """An empty file is a new database; anything else must start with SQLite's magic."""
    with open(path, "rb") as file:
        head = file.read(len(SQLITE_HEADER))
    if head and head != SQLITE_HEADER:
        raise _Damaged("not an SQLite database")


def _move_aside(path: Path) -> Path:
    """Rename the file (and its -wal/-shm) to <name>.damaged-<YYYYmmdd-HHMMSS>[-n]."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    try:
        # The -wal and -shm keep their suffix after the new name, so SQLite tools reading the
        # damaged copy still see the write-ahead log that belongs to it.
        for suffix in ("-wal", "-shm", ""):
            source = Path(f"{path}{suffix}")
            if source.exists():
                os.replace(source, f"{target}{suffix}")
    except OSError as error:
        raise StoreError(
            translate(
                "ConversationStore",
                "The conversation store {path} is damaged and could not be moved aside "
                "({problem}). Move or rename it yourself, then start again.",
            ).format(path=path, problem=error.strerror or error)
        ) from None
    return target
