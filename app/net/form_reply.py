"""What a Google Form answered to a POST of answers, read from the page's structure only;
and, when no answer came, whether the POST may have reached it.

The next page of a form comes back with its hidden inputs (a longer ``pageHistory``, a
``partialResponse`` holding the earlier answers); the confirmation has no ``pageHistory`` and a
form with no items; a refusal (400) carries the server's message in its page. Words and class
names are never read to decide: only to quote the server's message to the student.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from app.net.body_io import pieces
from app.net.form_page import hidden_inputs, item_count

if TYPE_CHECKING:
    import requests

MAX_REPLY_BYTES = 5 * 1024 * 1024  # a form page is a few hundred kB
MESSAGE_LIMIT = 200  # characters of the server's message quoted in a one-line refusal


@dataclass(frozen=True)
class Reply:
    status: int
    url: str  # where the answer came from, after redirects
    hidden: Mapping[str, str] = field(default_factory=dict)
    html: str = ""
    retry_after: float | None = None


def read_reply(response: requests.Response) -> Reply:
    """The status, final URL, body (capped) and hidden inputs of ``response``, which it closes."""
    with response:
        chunks: list[bytes] = []
        size = 0
        for chunk in pieces(response, 64 * 1024):
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                break  # no form page is this large; what came is enough to judge it
            chunks.append(chunk)
    html = b"".join(chunks).decode("utf-8", errors="replace")
    wait = retry_after(response.headers.get("Retry-After"))
    return Reply(response.status_code, response.url, hidden_inputs(html), html, wait)


def shows_confirmation(reply: Reply) -> bool:
    """The form's "recorded" page: no ``pageHistory`` input, form data with no items."""
    return "pageHistory" not in reply.hidden and item_count(reply.html) == 0


def server_message(reply: Reply) -> str:
    """The words of a refusal page, flattened to one line and cut short; scripts left out."""
    reader = _Words()
    reader.feed(reply.html)
    reader.close()
    words = " ".join(" ".join(reader.words).split())
    return words if len(words) <= MESSAGE_LIMIT else words[: MESSAGE_LIMIT - 1] + "…"


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def may_have_arrived(error: BaseException) -> bool:
    """Whether the request may have reached the server: True unless the error is one of those
    raised while connecting (refused, no such host, connect timeout, a proxy that refused the
    tunnel, a certificate refused in the handshake). Not urllib3's ProxyError by itself: it
    also labels a tunnelled connection the server cut after reading the request."""
    import socket
    import ssl

    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

    before_sending = (
        NewConnectionError,
        ConnectTimeoutError,
        NameResolutionError,
        ConnectionRefusedError,
        socket.gaierror,
        ssl.SSLCertVerificationError,
    )
    seen: BaseException | None = error
    for _depth in range(20):  # a chain of causes, never a cycle in practice
        if seen is None:
            return True
        if isinstance(seen, before_sending) or str(seen).startswith("Tunnel connection failed"):
            return False
        reason = getattr(seen, "reason", None)
        if isinstance(reason, BaseException):
            seen = reason
        else:
            inner = next((a for a in seen.args if isinstance(a, BaseException)), None)
            seen = inner or seen.__cause__ or seen.__context__
    return True


class _Words(HTMLParser):
    """The visible text of a page: the title and body, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.words.append(data.strip())
