"""HTTP Basic credentials that go only to the host that asked for them.

A reading's login must never leak: not to the host a link started on when another host asked,
not to the host a redirect leads to, and not in clear text to anyone but the asking origin.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import requests


class HostBoundAuth:
    """Basic credentials for the one origin that asked for them.

    requests applies this only to the first request of a call and strips the header itself on
    redirects to another host or scheme; the check here covers the first request too, so the
    password goes nowhere but the host that challenged for it (https to that host is also fine).
    """

    def __init__(self, user: str, password: str, challenge_url: str) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._header = f"Basic {token}"
        self._origin = urlsplit(challenge_url)

    def allows(self, url: str) -> bool:
        target = urlsplit(url)
        if target.hostname != self._origin.hostname:
            return False
        same_origin = target.scheme == self._origin.scheme and target.port == self._origin.port
        return same_origin or target.scheme == "https"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if request.url and self.allows(request.url):
            request.headers["Authorization"] = self._header
        return request
