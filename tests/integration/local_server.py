"""What the tests' own servers on 127.0.0.1 share: a thread to serve on, and a clean stop.

Used as a context manager, a ``LocalServer`` serves on a thread of its own. Leaving it sets
``stopping`` (for handlers that wait), stops the serving thread, cuts the connections still
open (waking handlers that wait for a next request or for bytes) and joins every handler
thread, so no test leaves threads behind. Handlers derive from ``TrackedHandler`` so that the
server knows their connections; a handler that opens more (a tunnel's far end) calls ``track``.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from types import TracebackType
from typing import Self


class LocalServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = False  # handler threads are joined in server_close()
    block_on_close = True

    def __init__(self, handler: type[socketserver.BaseRequestHandler], name: str) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.port: int = self.server_address[1]
        self.stopping = threading.Event()
        self._lock = threading.Lock()  # also guards what a subclass records
        self._open: set[socket.socket] = set()
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.02,), name=name
        )  # a short poll interval: shutdown() waits for one

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self.shutdown()
        with self._lock:
            connections = list(self._open)
        for connection in connections:  # wake handlers still waiting on their connection
            with contextlib.suppress(OSError):  # already closed by its handler
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()
        self._thread.join()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client (or a tunnel's far end) hanging up mid-answer is what these tests do

    def track(self, connection: socket.socket, is_open: bool) -> None:
        """Note a connection opened (cut when the server stops) or closed."""
        with self._lock:
            if is_open:
                self._open.add(connection)
            else:
                self._open.discard(connection)


class TrackedHandler(socketserver.StreamRequestHandler):
    """A handler whose connection its ``LocalServer`` cuts when it stops."""

    server: LocalServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
        super().finish()
