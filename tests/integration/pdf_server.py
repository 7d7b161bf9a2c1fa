"""A misbehaving-on-demand HTTP server on 127.0.0.1 for download tests.

pytest-httpserver answers well-formed responses only; downloads must also survive servers that
drop the connection mid-body, stall, lie about Content-Length, ignore Range or redirect in a
loop. Each route is a function of the request (and how many times its path was asked) that
returns a ``Reply`` saying what to send and how to misbehave: also slowly, piece by piece, and
held at a ``Gate`` until the test opens it. A request held at a gate proves the client is
inside a blocking network call, so whatever the app does meanwhile did not wait for the server.

Used as a context manager (local_server.py): leaving it stops the serving thread, wakes stalled
and held handlers, cuts idle keep-alive connections and joins every handler thread, so no test
leaves threads behind.
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.integration.local_server import LocalServer, TrackedHandler


@dataclass(frozen=True)
class Seen:
    """A request as the server received it; header names are lower case."""

    method: str
    path: str
    headers: dict[str, str]
    number: int  # 1 for the first request to this path, 2 for the next, ...

    @property
    def host(self) -> str:
        return self.headers.get("host", "").rsplit(":", 1)[0]


HANG_BOUND = 30.0  # seconds a test waits for the server before it fails instead of hanging


def sha(data: bytes) -> str:
    """The hex SHA-256 of served bytes, to compare with what the app reports and keeps."""
    return hashlib.sha256(data).hexdigest()


class Gate:
    """A point where the server holds its answers until the test opens it.

    ``waiting`` counts the requests held now, ``arrived`` all that reached it. An open gate lets
    every later request through at once. A request is never held longer than HANG_BOUND (then
    ``expired`` is set and it goes on), and leaving the server releases whoever is still held:
    an app that waits for the server where it should not makes its test fail, not hang.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._open = False
        self.arrived = 0
        self.waiting = 0
        self.expired = False

    @property
    def is_open(self) -> bool:
        with self._changed:
            return self._open

    def holding(self) -> int:
        """How many requests are held here right now."""
        with self._changed:
            return self.waiting

    def wait_for(self, count: int = 1, timeout: float = HANG_BOUND) -> bool:
        """Whether ``count`` requests are held here at once before ``timeout`` (a hang bound)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.waiting >= count, timeout)

    def open(self) -> None:
        with self._changed:
            self._open = True
            self._changed.notify_all()

    def hold(self, stopping: threading.Event) -> bool:
        """On a handler thread: wait here until the gate opens; False if the server stops first."""
        with self._changed:
            self.arrived += 1
            self.waiting += 1
            self._changed.notify_all()
            try:
                # Polled: the server's stopping event cannot notify this condition.
                deadline = time.monotonic() + HANG_BOUND  # bounds a hang only
                while not (self._open or stopping.is_set()):
                    if time.monotonic() > deadline:
                        self.expired = True
                        return True
                    self._changed.wait(0.05)
                return self._open
            finally:
                self.waiting -= 1
                self._changed.notify_all()


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_length: int | None = None  # announce this instead of len(body) (a truncated file)
    no_length: bool = False  # no Content-Length: the body ends when the connection closes
    send: int | None = None  # send only this many body bytes, then drop the connection
    reset: bool = False  # drop with a TCP reset instead of an orderly close
    stall_after: int | None = None  # send this many body bytes, then go silent until shutdown
    delay: float = 0.0  # seconds before the status line
    piece: int | None = None  # send the body this many bytes at a time ...
    pause: float = 0.0  # ... with this pause between two pieces (a slow link)
    gate: Gate | None = None  # hold the answer at this gate until the test opens it:
    gate_after: int | None = None  # before the status line (None) or after this many body bytes


Route = Callable[[Seen], Reply]

_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


def file_reply(
    data: bytes,
    seen: Seen,
    *,
    ranges: bool = True,
    etag: str | None = None,
    last_modified: str | None = None,
    content_type: str = "application/pdf",
) -> Reply:
    """Serve ``data`` the way a static file server does, honouring Range and If-Range."""
    headers = {"Content-Type": content_type}
    if etag:
        headers["ETag"] = etag
    if last_modified:
        headers["Last-Modified"] = last_modified
    if ranges:
        headers["Accept-Ranges"] = "bytes"
    match = _RANGE.match(seen.headers.get("range", ""))
    if_range = seen.headers.get("if-range")
    validator_ok = if_range is None or if_range in (etag, last_modified)
    if not (ranges and match and validator_ok):
        return Reply(200, headers, data)
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else len(data) - 1
    if start >= len(data):
        headers["Content-Range"] = f"bytes */{len(data)}"
        return Reply(416, headers)
    end = min(end, len(data) - 1)
    headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
    return Reply(206, headers, data[start : end + 1])


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, {"Location": location})


def basic_auth(user: str, password: str) -> str:
    """The Authorization header a client sends for this login."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def login_required(answer: Route, user: str, password: str) -> Route:
    """``answer`` for requests that carry this Basic login; a 401 challenge for the others."""

    def route(seen: Seen) -> Reply:
        if seen.headers.get("authorization") != basic_auth(user, password):
            return Reply(401, {"WWW-Authenticate": 'Basic realm="library"'}, b"sign in")
        return answer(seen)

    return route


class PdfServer(LocalServer, ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(_Handler, "pdf-server")
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, route: Route) -> str:
        """Serve ``path`` (query ignored) with ``route``; returns its URL."""
        self.routes[path] = route
        return self.url(path)

    def serve(self, path: str, data: bytes, **options: object) -> str:
        """A static file at ``path`` (see file_reply for the options)."""
        return self.route(path, lambda seen: file_reply(data, seen, **options))  # type: ignore[arg-type]

    def serve_slowly(
        self,
        path: str,
        data: bytes,
        *,
        piece: int | None = None,
        pause: float = 0.0,
        gate: Gate | None = None,
        gate_after: int | None = None,
        **options: object,
    ) -> str:
        """A static file sent ``piece`` bytes every ``pause`` seconds (a slow link).

        With ``gate``, every answer is held there after ``gate_after`` bytes of its body (before
        the status line when None) until the gate opens. Range and the other options as in
        file_reply.
        """

        def route(seen: Seen) -> Reply:
            reply = file_reply(data, seen, **options)  # type: ignore[arg-type]
            reply.piece, reply.pause = piece, pause
            reply.gate, reply.gate_after = gate, gate_after
            return reply

        return self.route(path, route)

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [request for request in self.requests if urlsplit(request.path).path == path]

    def _record(self, handler: _Handler) -> tuple[Seen, Route | None]:
        path = urlsplit(handler.path).path
        with self._lock:
            number = 1 + sum(1 for r in self.requests if urlsplit(r.path).path == path)
            seen = Seen(
                handler.command,
                handler.path,
                {name.lower(): value for name, value in handler.headers.items()},
                number,
            )
            self.requests.append(seen)
        return seen, self.routes.get(path)


class _Handler(TrackedHandler, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers: sessions reuse connections
    server: PdfServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        seen, route = self.server._record(self)
        reply = route(seen) if route else Reply(404, {"Content-Type": "text/plain"}, b"no route")
        try:
            self._send(reply)
        except OSError:  # the client hung up first
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        stopping = self.server.stopping
        if reply.delay and stopping.wait(reply.delay):
            self.close_connection = True
            return
        if reply.gate is not None and reply.gate_after is None and not reply.gate.hold(stopping):
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        announced = len(reply.body) if reply.content_length is None else reply.content_length
        if reply.no_length:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(announced))
        self.end_headers()
        cut = reply.stall_after if reply.stall_after is not None else reply.send
        if not self._write(reply.body[:cut], reply):
            self.close_connection = True  # the server is stopping: the rest never comes
            return
        if reply.stall_after is not None:
            stopping.wait()
            self.close_connection = True
            return
        if reply.send is not None:
            self._drop(reset=reply.reset)
            return
        if announced > len(reply.body):
            self.close_connection = True  # a truncated file: the announced rest never comes

    def _write(self, body: bytes, reply: Reply) -> bool:
        """Send ``body`` in the reply's pieces, pauses and gate; False if the server stopped."""
        stopping = self.server.stopping
        gate_at = reply.gate_after if reply.gate is not None else None
        step = reply.piece or max(1, len(body))
        position = 0
        while True:
            if position == gate_at and reply.gate is not None and not reply.gate.hold(stopping):
                return False
            if position >= len(body):
                return True
            end = min(len(body), position + step)
            if gate_at is not None and position < gate_at < end:
                end = gate_at  # the bytes before the gate go out, then the answer waits there
            self.wfile.write(body[position:end])
            position = end
            if reply.pause and position < len(body) and stopping.wait(reply.pause):
                return False

    def _drop(self, *, reset: bool) -> None:
        self.close_connection = True
        if reset:
            # Give the client time to read what was sent (a reset discards unread data), then
            # make the close a RST instead of a FIN: SO_LINGER with a zero timeout.
            self.server.stopping.wait(0.1)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
