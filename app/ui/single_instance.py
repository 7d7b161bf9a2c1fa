"""The window's end of the single-instance channel (``notify/window_channel.py``).

One window per data directory: it listens on a Unix socket named after that directory, so a
second start raises it (``show``) and the background ``remind`` hands a clicked reminder over
(``review N``). Each request is answered with one JSON line, the process id and what the
window shows then, once the request was carried out.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.notify.window_channel import MAX_LINE, REVIEW, SHOW, channel_path, parse_request

log = logging.getLogger(__name__)


class WindowChannel(QObject):
    show_requested = Signal()
    review_requested = Signal(int)  # the week whose draft to open

    def __init__(
        self, describe: Callable[[], dict[str, object]], parent: QObject | None = None
    ) -> None:
        """``describe`` says what the window shows now (sent back with each answer)."""
        super().__init__(parent)
        self._describe = describe
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.path: Path | None = None

    def listen(self, data_dir: Path) -> bool:
        """Listen for the window on ``data_dir``; False (and no channel) where it cannot.

        Call it after ``ask_window`` found no window: a socket left there by one that
        crashed is removed first.
        """
        path = channel_path(data_dir)
        if path is None:
            return False
        QLocalServer.removeServer(str(path))
        if not self._server.listen(str(path)):
            log.warning("no single-instance channel at %s: %s", path, self._server.errorString())
            return False
        self.path = path
        return True

    def close(self) -> None:
        self._server.close()  # removes the socket file
        self.path = None

    @Slot()
    def _accept(self) -> None:
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.setParent(self)
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            if connection.bytesAvailable() > MAX_LINE:  # not one of ours
                connection.abort()
            return
        line = bytes(connection.readLine(MAX_LINE + 1).data()).decode("utf-8", "replace")
        request = parse_request(line)
        if request is None:
            connection.abort()
            return
        kind, week = request
        if kind == SHOW:
            self.show_requested.emit()
        elif kind == REVIEW and week is not None:
            self.review_requested.emit(week)
        answer = {"pid": os.getpid(), **self._describe()}
        connection.write(json.dumps(answer).encode("utf-8") + b"\n")
        connection.flush()
        connection.disconnectFromServer()
