"""An HTTPS proxy on 127.0.0.1: it tunnels every CONNECT to one local server and counts them.

Whatever host the client asks for (``CONNECT raw.githubusercontent.com:443``), the tunnel
leads to the test's TLS server (tls_server.py), so the app uses real host names and the real
port while nothing leaves the machine. The proxy only carries bytes: TLS runs end to end between
the app and that server, as through a real proxy.

``tunnels`` lists the ``host:port`` of each CONNECT, in order; ``plain`` the request line of
any other request (a plain-http request through the proxy), each answered 502. Used as a
context manager (local_server.py): leaving it cuts the open tunnels and joins every thread it
started.
"""

from __future__ import annotations

import selectors
import socket

from tests.integration.local_server import LocalServer, TrackedHandler

_LINE_LIMIT = 65536


class ConnectProxy(LocalServer):
    def __init__(self, upstream_port: int) -> None:
        super().__init__(_TunnelHandler, "connect-proxy")
        self.upstream = ("127.0.0.1", upstream_port)
        self.url = f"http://127.0.0.1:{self.port}"
        self._tunnels: list[str] = []
        self._plain: list[str] = []

    @property
    def tunnels(self) -> list[str]:
        with self._lock:
            return list(self._tunnels)

    @property
    def plain(self) -> list[str]:
        with self._lock:
            return list(self._plain)

    def _asked(self, request_line: str, *, tunnel: str | None) -> None:
        with self._lock:
            if tunnel is None:
                self._plain.append(request_line)
            else:
                self._tunnels.append(tunnel)


class _TunnelHandler(TrackedHandler):
    server: ConnectProxy
    rbufsize = 0  # unbuffered: no byte of the TLS handshake may stay behind in a read buffer

    def handle(self) -> None:
        request_line = self.rfile.readline(_LINE_LIMIT).decode("latin-1").strip()
        while self.rfile.readline(_LINE_LIMIT) not in (b"\r\n", b"\n", b""):
            pass  # the headers: nothing in them changes where the tunnel goes
        method, _, rest = request_line.partition(" ")
        if method != "CONNECT":
            self.server._asked(request_line, tunnel=None)
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        self.server._asked(request_line, tunnel=rest.partition(" ")[0])
        with socket.create_connection(self.server.upstream) as upstream:
            self.server.track(upstream, True)
            try:
                self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _relay(self.connection, upstream)
            finally:
                self.server.track(upstream, False)


def _relay(one: socket.socket, other: socket.socket) -> None:
    """Copy bytes both ways until either side closes (or the proxy cuts both)."""
    peer = {one: other, other: one}
    with selectors.DefaultSelector() as selector:
        for side in peer:
            selector.register(side, selectors.EVENT_READ)
        while True:
            for key, _events in selector.select():
                side: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = side.recv(_LINE_LIMIT)
                    if not data:
                        return
                    peer[side].sendall(data)
                except OSError:
                    return
