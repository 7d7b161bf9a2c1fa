"""Cancel that reaches a request blocked on a silent server, before or after its headers.

A blocked read returns only when data comes, the read timeout passes (30 s) or its socket is
shut. So the downloader's sessions use connections that report themselves, on the thread that
makes the request, to the ``watched`` block around it; a watcher thread shuts the socket of the
block's latest connection once the block's cancel is set. That covers every phase alike: the
connect, the wait for the status line (a server that accepted and says nothing), and the body.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

CANCEL_POLL = 0.1  # how often a watcher looks at its cancel: "stop" well within a second

_local = threading.local()  # the block the current thread's requests run in, if any


class _Watched:
    """The connection a block's request runs on now, shared with the block's watcher."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None

    def use(self, connection: Any) -> None:
        with self._lock:
            self._connection = connection

    def shut(self) -> None:
        with self._lock:
            sock = getattr(self._connection, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed: nothing to wake
                sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def watched(cancel: threading.Event | None) -> Iterator[None]:
    """Requests this thread makes inside the block end at once when ``cancel`` is set
    (they fail as a dropped connection; the caller sees its cancel and stops)."""
    if cancel is None:
        yield
        return
    block = _Watched()
    outer = getattr(_local, "block", None)
    _local.block = block
    done = threading.Event()

    def watch() -> None:
        while not done.wait(CANCEL_POLL):
            if cancel.is_set():
                block.shut()  # again each poll: a connect still under way has no socket yet

    watcher = threading.Thread(target=watch, name="download-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
        _local.block = outer


def _report(connection: object) -> None:
    block: _Watched | None = getattr(_local, "block", None)
    if block is not None:
        block.use(connection)


def mount_watched_adapters(session: requests.Session) -> None:
    """Make ``session``'s http(s) requests visible to ``watched`` (proxied ones too)."""
    adapter = _watched_adapter_class()()
    session.mount("http://", adapter)
    session.mount("https://", adapter)


def _watched_adapter_class() -> type[requests.adapters.HTTPAdapter]:
    """Built on first use: requests and urllib3 load with the first download."""
    global _ADAPTER
    if _ADAPTER is not None:
        return _ADAPTER
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class WatchedHTTPConnection(HTTPConnection):
        def request(self, *args: Any, **kwargs: Any) -> None:
            _report(self)  # before connecting: a cancel during the connect is kept for later
            super().request(*args, **kwargs)

    class WatchedHTTPSConnection(HTTPSConnection):
        def request(self, *args: Any, **kwargs: Any) -> None:
            _report(self)
            super().request(*args, **kwargs)

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

    pools = {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}

    class WatchedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **proxy_kwargs)
            if not proxy.lower().startswith("socks"):  # SOCKS brings connections of its own
                manager.pool_classes_by_scheme = pools
            return manager

    _ADAPTER = WatchedAdapter
    return _ADAPTER


_ADAPTER: type[requests.adapters.HTTPAdapter] | None = None
