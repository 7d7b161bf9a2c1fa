"""The downloader's pure rules: retry timing and what a response body turned out to be."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from app.net.content_check import (
    could_still_be_pdf,
    is_login_page,
    is_login_url,
    looks_like_html,
    pdf_start,
)
from app.net.retry import RetryPolicy, parse_retry_after

NOW = datetime(2022, 3, 14, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("Mon, 14 Mar 2022 20:00:30 GMT", 30.0),
        ("Mon, 14 Mar 2022 19:59:00 GMT", 0.0),  # already past: go now
        ("soon", None),
        ("-5", None),
        ("", None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(value: str, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_retry_after_is_honoured_but_capped() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=30.0)

    assert policy.delay(1, "7", now=NOW) == 7.0
    assert policy.delay(1, "3600", now=NOW) == 30.0
    assert policy.delay(1, "Mon, 14 Mar 2022 21:00:00 GMT", now=NOW) == 30.0


def test_backoff_doubles_with_jitter_below_the_cap() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0, jitter=0.5)
    rng = random.Random(7)

    for retry, full in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 10.0), (9, 10.0)]:
        delays = [policy.backoff(retry, rng) for _ in range(50)]
        assert all(full / 2 <= delay <= full for delay in delays)
        assert len(set(delays)) > 1  # jittered, so failed downloads do not retry in lock step


@pytest.mark.parametrize(
    "head",
    [b"%PDF-1.7\n", b"\n\r\n%PDF-1.4", b"\xef\xbb\xbf%PDF-1.5", b"   \t%PDF-2.0"],
)
def test_a_pdf_start_allows_a_little_leading_junk(head: bytes) -> None:
    assert pdf_start(head)


@pytest.mark.parametrize(
    "head", [b"", b"<html>%PDF-", b" " * 40 + b"%PDF-1.7", b"%PDF", b"PK\x03\x04", b"%!PS-Adobe"]
)
def test_other_starts_are_not_a_pdf(head: bytes) -> None:
    assert not pdf_start(head)


def test_a_short_head_may_still_become_a_pdf() -> None:
    assert could_still_be_pdf(b"")
    assert could_still_be_pdf(b"\n%PD")
    assert not could_still_be_pdf(b"%PDF-1.7")
    assert not could_still_be_pdf(b"<htm")


def test_html_is_known_by_its_type_or_its_start() -> None:
    assert looks_like_html(b"whatever", "text/html; charset=utf-8")
    assert looks_like_html(b"\n<!DOCTYPE html><html>", "application/octet-stream")
    assert not looks_like_html(b"\x89PNG", "image/png")


def test_a_sign_in_link_on_a_landing_page_is_not_a_login_wall() -> None:
    page = """<html><header><a href="/action/showLogin">Sign in</a>
    <form action="/action/doSearch"><input name="q"><button>Search</button></form></header>
    <h1>The paper</h1></html>"""

    assert not is_login_page(page, "https://dl.acm.org/doi/10.1145/3341301.3359630")


@pytest.mark.parametrize(
    "page",
    [
        '<form><input name="u"><input type=password name="p"></form>',
        "<FORM method=post><p>Please sign in with your university account</p></FORM>",
        '<form action="/cas/login?service=x"><input name="u"></form>',
    ],
)
def test_a_form_for_signing_in_is_a_login_wall(page: str) -> None:
    assert is_login_page(f"<html><body>{page}</body></html>", "https://example.org/paper")


@pytest.mark.parametrize(
    ("url", "is_login"),
    [
        ("https://login.university.edu/idp/x", True),
        ("https://accounts.google.com/ServiceLogin?continue=x", True),
        ("https://shibboleth.example.edu/Shibboleth.sso/Login", True),
        ("https://www.sciencedirect.com/user/login?targetURL=x", True),
        ("https://example.org/signin.php", True),
        ("https://example.org/authors/login-tips-for-papers.html", False),
        ("https://example.org/author/jane", False),
        ("https://dl.acm.org/doi/10.1145/3341301", False),
        ("https://auth.example", False),  # a two-label host is a site, not a sign-in service
    ],
)
def test_sign_in_addresses_are_recognised(url: str, is_login: bool) -> None:
    assert is_login_url(url) is is_login
