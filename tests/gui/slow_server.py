"""A server on 127.0.0.1 that sends a file slowly, piece by piece, for downloads in progress.

The window's tests need a download that keeps moving (progress to show, a cancel that lands
between two pieces) but does not finish during the test. pytest-httpserver, threaded, with a
streaming body: leaving the context ends every body at its next piece and stops the server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import TracebackType

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


class SlowServer:
    def __init__(self) -> None:
        self.http = HTTPServer(threaded=True)
        self.stopping = threading.Event()
        self.started_bodies = 0

    def serve_slowly(self, path: str, data: bytes, *, piece: int, pause: float) -> str:
        """Serve ``data`` at ``path``, ``piece`` bytes every ``pause`` seconds; returns its URL."""

        def body() -> Iterator[bytes]:
            self.started_bodies += 1
            for start in range(0, len(data), piece):
                if start and self.stopping.wait(pause):
                    return
                yield data[start : start + piece]

        def handler(_request: Request) -> Response:
            return Response(
                body(),
                headers={"Content-Length": str(len(data)), "Content-Type": "application/pdf"},
            )

        self.http.expect_request(path).respond_with_handler(handler)
        return self.http.url_for(path)

    def __enter__(self) -> SlowServer:
        self.http.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self.http.clear()
        self.http.stop()
