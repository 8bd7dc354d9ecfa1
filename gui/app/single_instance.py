"""One running app per data folder: a second start brings the first one's window forward.

Two instances on one store would not corrupt SQLite (WAL and a busy timeout see to that), but
each would undo the other's work: every start marks replies still "streaming" as interrupted,
which would cut off the other window's live reply, and every quit purges the conversations
deleted in that window, which the other may still be offering to undo. So the data folder holds
a lock file (QLockFile: a lock left by a killed process is found stale by its process id and
taken over), and its holder listens on a local socket named after the folder; a second start
connects to it, asks it to show its window, and ends.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "replicate-chat.lock"
SHOW = b"show\n"
ANSWER_MS = 2000  # how long a second start waits for the first one to answer


def server_name(data_dir: Path) -> str:
    """The local socket's name for this data folder (short: Unix socket paths are limited)."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return f"replicate-chat-{digest}"


class SingleInstance(QObject):
    """The data folder's lock, and the socket other starts use to reach this instance."""

    show_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = QLockFile(str(Path(data_dir) / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._name = server_name(data_dir)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the folder's lock and start listening; False if another instance holds it."""
        if not self._lock.tryLock(0):
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self._name)  # a socket file left by a killed instance
        if not server.listen(self._name):
            # The lock alone still keeps a second instance out; it just cannot call us forward.
            log.warning("cannot listen for other starts: %s", server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def holder_pid(self) -> int | None:
        """The process id written in the lock file by the instance that holds it."""
        ok, pid, _host, _app = self._lock.getLockInfo()
        return int(pid) if ok and pid > 0 else None

    def ask_holder_to_show(self) -> bool:
        """Ask the running instance to bring its window forward; True if it answered."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(ANSWER_MS):
            return False
        socket.write(SHOW)
        delivered = socket.waitForBytesWritten(ANSWER_MS)
        # The holder closes the connection once it has read the request.
        socket.waitForDisconnected(ANSWER_MS)
        return delivered

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_request(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_request(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW.strip()):
            self.show_requested.emit()
        socket.disconnectFromServer()
