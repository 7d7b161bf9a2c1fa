"""The outbox's pure rules: how long a review waits after a failure that recorded nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.outbox import retry_delay

MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("failures", "wait"),
    [
        (1, timedelta(seconds=30)),
        (2, MINUTE),
        (3, 2 * MINUTE),
        (6, 16 * MINUTE),
        (7, 30 * MINUTE),  # 32 minutes, capped: a queued review is tried at least this often
        (40, 30 * MINUTE),
    ],
)
def test_waits_double_after_each_failure_up_to_half_an_hour(failures: int, wait: timedelta) -> None:
    assert retry_delay(failures) == wait


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [
        (7, timedelta(seconds=7)),
        (0, timedelta(0)),
        (3600, timedelta(hours=1)),  # longer than the backoff's cap: the server asked for it
        (86400 * 3, timedelta(hours=6)),  # days: not believed beyond six hours
    ],
)
def test_a_servers_retry_after_is_the_wait(retry_after: float, wait: timedelta) -> None:
    assert retry_delay(5, retry_after) == wait
