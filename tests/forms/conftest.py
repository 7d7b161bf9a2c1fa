"""Fixtures for the review-form tests: the app's own session.

The fake Google Forms itself (``google``: forms.gle, docs.google.com and accounts.google.com
behind a CONNECT proxy, its authority trusted) is in tests/conftest.py, shared with the review
commands' tests and the window's sync.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from app.net.http import make_session


@pytest.fixture
def session() -> Iterator[requests.Session]:
    """The app's own session (its headers, proxies and trust from the environment)."""
    with make_session() as opened:
        yield opened
