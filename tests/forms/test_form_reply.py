"""Reading a Retry-After header, and which connection errors mean the POST never left."""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime
from http.client import RemoteDisconnected

import pytest
import requests.exceptions as rx
from urllib3.exceptions import (
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ProxyError,
    ReadTimeoutError,
)

from app.net.form_reply import may_have_arrived, retry_after

NOW = datetime(2022, 2, 3, 17, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("Thu, 03 Feb 2022 17:01:30 GMT", 90.0),
        ("Thu, 03 Feb 2022 16:00:00 GMT", 0.0),  # already past: at once
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_seconds_or_an_http_date(header: str | None, seconds: float | None) -> None:
    assert retry_after(header, NOW) == seconds


def wrapped(cause: Exception, outer: type[rx.RequestException] = rx.ConnectionError) -> Exception:
    """As requests raises it: its exception around urllib3's MaxRetryError around the cause."""
    return outer(MaxRetryError(None, "/formResponse", cause))  # type: ignore[arg-type]


def test_errors_raised_while_connecting_mean_the_post_never_left() -> None:
    refused = NewConnectionError(None, "refused")  # type: ignore[arg-type]
    refused.__cause__ = ConnectionRefusedError(111, "Connection refused")
    assert not may_have_arrived(wrapped(refused))
    assert not may_have_arrived(wrapped(ProxyError("Unable to connect to proxy", refused)))
    assert not may_have_arrived(wrapped(OSError("Tunnel connection failed: 502 Bad Gateway")))
    assert not may_have_arrived(wrapped(socket.gaierror(-2, "Name or service not known")))
    assert not may_have_arrived(wrapped(ssl.SSLCertVerificationError(1, "verify failed")))


def test_a_connection_cut_after_sending_may_have_arrived_whatever_urllib3_calls_it() -> None:
    cut = RemoteDisconnected("Remote end closed connection without response")
    # urllib3 2 labels a tunnelled connection cut after the request as a proxy error.
    assert may_have_arrived(wrapped(ProxyError("Unable to connect to proxy", cut), rx.ProxyError))
    assert may_have_arrived(wrapped(ProtocolError("Connection aborted.", cut)))
    assert may_have_arrived(wrapped(ReadTimeoutError(None, "/formResponse", "timed out")))  # type: ignore[arg-type]
    assert may_have_arrived(rx.ChunkedEncodingError("IncompleteRead"))
