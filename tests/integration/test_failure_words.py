"""A failed request reads alike wherever it happens: the syllabus fetch, a reading's link, a
review form. Real servers on 127.0.0.1 (pytest-httpserver) and a proxy port where nothing
listens; the expected words are written out here, not taken from the code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Response

from app.domain.errors import UserFacingError
from app.net.forms import fetch_form
from app.net.http import make_session
from app.net.resolvers import resolve
from app.net.source_fetch import fetch_source
from tests.integration.local_network import closed_port

FAST = (2.0, 2.0)


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with make_session() as http:
        yield http


def failure_of(attempt: Callable[[], object]) -> str:
    with pytest.raises(UserFacingError) as caught:  # each entry point has its own subclass
        attempt()
    return str(caught.value)


def the_three_fetches(link: str, session: requests.Session) -> dict[str, str]:
    return {
        "syllabus": failure_of(lambda: fetch_source(link, make_session)),
        "reading": failure_of(lambda: resolve(link, session, timeout=FAST)),
        "form": failure_of(lambda: fetch_form(link, session, timeout=FAST)),
    }


def test_a_status_is_named_by_its_standard_phrase_not_the_servers_spelling(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    httpserver.expect_request("/shouted").respond_with_response(
        Response("gone", status="404 NOT FOUND")
    )

    said = the_three_fetches(httpserver.url_for("/shouted"), session)

    for where, message in said.items():
        assert "404 Not Found" in message, where
        assert "NOT FOUND" not in message, where


def test_a_status_python_does_not_know_keeps_the_servers_reason(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    httpserver.expect_request("/odd").respond_with_response(
        Response("odd", status="599 Network Connect Timeout")
    )

    said = the_three_fetches(httpserver.url_for("/odd"), session)

    for where, message in said.items():
        assert "599 Network Connect Timeout" in message, where


def test_a_proxy_that_refuses_is_said_with_its_own_advice_only(
    monkeypatch: pytest.MonkeyPatch, session: requests.Session
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    link = "http://papers.example/eyeriss"

    said = the_three_fetches(link, session)

    for where, message in said.items():
        assert f"the proxy refused or failed the request for {link}" in message.lower(), where
        assert message.count("; ") == 1, message  # one piece of advice, not two
        assert message.rstrip(".").endswith("check the proxy settings"), message
