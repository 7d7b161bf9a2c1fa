"""When a failed download is worth another try, and how long to wait before it.

Exponential backoff with jitter, so several downloads that failed together do not come back in
lock step; a server's ``Retry-After`` (seconds or an HTTP date) is honoured, but capped, so one
server cannot park a download for an hour.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# 408 and 429 say "later"; 500/502/503/504 are the transient server and gateway failures.
# 501 and 505 are not: the server will never handle the request, so asking again is pointless.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_JITTER = random.Random()  # jitter needs no secrecy; one generator is safe across threads


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # tries in all, the first included, for one failure streak
    base_delay: float = 0.5  # seconds before the first retry; doubles each time
    max_delay: float = 30.0  # cap for both the backoff and a server's Retry-After
    jitter: float = 0.5  # up to this fraction of each backoff delay is random

    def backoff(self, retry: int, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first)."""
        delay = min(self.max_delay, self.base_delay * (1 << max(0, retry - 1)))
        spread = delay * self.jitter
        return delay - spread + (rng or _JITTER).uniform(0, spread)

    def delay(
        self,
        retry: int,
        retry_after: str | None = None,
        *,
        now: datetime | None = None,
        rng: random.Random | None = None,
    ) -> float:
        """The wait before a retry: the server's Retry-After when it gave one, else backoff."""
        asked = parse_retry_after(retry_after, now=now) if retry_after else None
        if asked is not None:
            return min(self.max_delay, asked)
        return self.backoff(retry, rng)


def unreachable(error: Exception) -> bool:
    """No connection to the host at all (offline, no DNS, refused), as opposed to a request
    that got through and then failed; ``error`` is one of requests' exceptions."""
    import requests.exceptions as rx

    if isinstance(error, rx.SSLError | rx.ProxyError):
        return False
    if isinstance(error, rx.ConnectTimeout):
        return True
    return isinstance(error, rx.ConnectionError) and "Read timed out" not in str(error)


def parse_retry_after(value: str, *, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (``120`` or an HTTP date); None when unreadable."""
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a zone-less one is read the same way
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
