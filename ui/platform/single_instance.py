"""One running app per data folder: the second start brings the first window forward and exits.

Two apps on one data folder would each resume the same interrupted campaign, and the second would take the first's
running mark for a crash. So the app takes a :class:`QLockFile` in the data folder before it opens anything there,
and listens on a local socket whose name is a hash of the user and the folder's absolute path (two folders, two
test runs, two users never meet). A second start finds the lock held, sends the one message the socket accepts
(``show``), waits for the reply, and exits.

Stale locks: the lock file holds the owner's process id and the owner keeps a native lock on it while it lives, so a
lock left by a process that died (``kill -9``, a crash, a reboot) is removed at the next start; ``STALE_LOCK_MS``
covers the rarer case of the process id having been reused since. A socket file left by the dead process is removed
by the new owner, who holds the lock and so knows nobody listens on it.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, QTimer, Signal

from desktop import APP_ID
from desktop.errors import AutocallError
from desktop.paths import LOCK_FILE

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

#: An apparently live owner whose lock file is older than this is checked again (process id reused).
STALE_LOCK_MS = 30_000
#: The only request the running app accepts, and its reply.
SHOW = b"show\n"
SHOWN = b"shown\n"
#: How long a connection may take to say what it wants before it is dropped.
REQUEST_TIMEOUT_MS = 2_000


class DataFolderLocked(AutocallError):
    """The data folder cannot hold the lock file (read-only folder, full disk): the app cannot start on it."""


def server_name(data_dir: Path) -> str:
    """The local socket's name for ``data_dir``: the app id and a hash of the user and the folder's absolute path."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        user = str(Path.home())
    digest = hashlib.sha256(f"{user}\n{Path(data_dir).resolve()}".encode()).hexdigest()[:32]
    return f"{APP_ID}-{digest}"


class SingleInstance(QObject):
    """The data folder's lock and, while it is held, the socket on which a second start asks for the window."""

    showRequested = Signal()  # a second start on this data folder asked for the window

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / LOCK_FILE))
        self._lock.setStaleLockTime(STALE_LOCK_MS)
        self._server: QLocalServer | None = None

    def claim(self, *, listen: bool = True) -> bool:
        """Take the lock and, unless ``listen`` is False (then :meth:`listen` later), listen for show requests.
        False when another running app holds the lock; raises :class:`DataFolderLocked` when the folder cannot hold a
        lock at all."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self._lock.tryLock(0):
            if self._lock.error() is QLockFile.LockError.LockFailedError:
                return False
            raise DataFolderLocked(f"Autocall Desk cannot write in its data folder {self.data_dir}: check that "
                                   "the folder exists, is writable and the disk is not full.")
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Answer show requests on the socket (Qt's network module loads here). A second start that asks before
        this keeps asking (:meth:`ask_running_to_show`), so the app listens only once its window is up."""
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # left by a process that died: we hold the lock, nobody listens
            if not server.listen(self.name):
                log.warning("A second start cannot bring this window forward: %s", server.errorString())
                return
        server.newConnection.connect(self._accept)
        self._server = server

    def _accept(self) -> None:
        while self._server is not None and (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            QTimer.singleShot(REQUEST_TIMEOUT_MS, socket, socket.abort)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable() < len(SHOW) and not socket.canReadLine():
            return
        request = bytes(socket.read(len(SHOW)).data())
        if request != SHOW:
            log.warning("Ignored an unknown request on the app's local socket")
            socket.abort()
            return
        log.info("A second start on this data folder asked for this window")
        socket.write(SHOWN)
        socket.flush()
        socket.disconnectFromServer()
        self.showRequested.emit()

    def ask_running_to_show(self, timeout_ms: int = 5_000) -> bool:
        """Ask the app holding the lock to bring its window forward; True once it answered. Blocking: called
        before the event loop runs. Retries until ``timeout_ms``, since that app may still be starting."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = QDeadlineTimer(timeout_ms)
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(max(1, min(500, deadline.remainingTime()))):
                socket.write(SHOW)
                answered = (socket.waitForBytesWritten(max(1, deadline.remainingTime()))
                            and socket.waitForReadyRead(max(1, deadline.remainingTime()))
                            and bytes(socket.readLine(len(SHOWN) + 1).data()) == SHOWN)
                socket.abort()
                return answered
            if deadline.hasExpired():
                return False
            time.sleep(0.1)

    def release(self) -> None:
        """Stop listening and remove the lock (the app has closed its data folder)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
