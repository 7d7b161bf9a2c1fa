"""The local network as the tests see it: the proxy variables kept out, and a closed port.

tests/conftest.py clears the proxy variables for every test; programs the tests start get an
environment without them (tests/integration/cli_process.py).
"""

from __future__ import annotations

import socket

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a connection there is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # closed: nothing listens there now
