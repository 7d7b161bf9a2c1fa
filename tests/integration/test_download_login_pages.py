"""A login page is a login wall behind any link, not only a ``.pdf`` one: ``download`` says so.

The course links to a real server (pdf_server.py): a link with no ``.pdf`` that answers a
sign-in form, one that redirects to a single-sign-on address, the same form behind a ``.pdf``
link, and a plain essay (which stays a web reading). The command runs in a subprocess.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.services.app_services import open_services
from tests.integration.cli_process import json_of, run
from tests.integration.course_page import course_page
from tests.integration.pdf_server import PdfServer, Reply, redirect

SIGN_IN = (
    b"<html><head><title>Library</title></head><body><p>Welcome to the digital library.</p>"
    + b"<p>"
    + b"Browse our collections. " * 400
    + b"</p>"  # the form comes late in the page
    + b"<form method='post' action='/session'><input name='user'>"
    + b"<input type='password' name='password'><button>Sign in</button></form></body></html>"
)
PLAIN_FORM = (  # no password field: the address it ended on says it is a sign-in step
    b"<html><body><form method='post'><input name='ticket'><button>Go</button></form></body></html>"
)
ESSAY = b"<html><head><title>An essay</title></head><body><p>Read me here.</p></body></html>"


def html(body: bytes) -> Callable[[object], Reply]:
    return lambda _seen: Reply(200, {"Content-Type": "text/html; charset=utf-8"}, body)


@pytest.fixture
def course(fresh_data: Path, tmp_path: Path) -> Callable[[str], Path]:
    """``course(page)``: a data directory whose syllabus is that course page."""

    def publish(page: str) -> Path:
        source = tmp_path / "index.md"
        source.write_text(page, encoding="utf-8")
        services = open_services(fresh_data)
        try:
            services.sync.sync(str(source), allow_removals=True)  # replaces the embedded term
        finally:
            services.close()
        return fresh_data

    return publish


def test_login_pages_behind_any_link_are_login_walls(
    course: Callable[[str], Path], server: PdfServer
) -> None:
    article = server.route("/article/42", html(SIGN_IN))
    server.route("/sso/login", html(PLAIN_FORM))
    portal = server.route("/doi/10.1145/1", lambda _seen: redirect(server.url("/sso/login")))
    walled_pdf = server.route("/private.pdf", html(SIGN_IN))
    essay = server.route("/essays/bitter-lesson", html(ESSAY))
    data_dir = course(
        course_page(
            [
                ("A paper behind a library login", article),
                ("A paper behind single sign-on", portal),
                ("A PDF behind a login", walled_pdf),
                ("An essay", essay),
            ]
        )
    )

    result = run(data_dir, "download", "--json")

    assert result.returncode == 1
    entries = json_of(result)
    assert [entry["state"] for entry in entries] == ["failed", "failed", "failed", "web"]
    assert [entry["error"] for entry in entries[:3]] == [
        f"This link leads to a login page at {article}; open it in the browser or attach the PDF",
        f"This link leads to a login page at {server.url('/sso/login')}; "
        "open it in the browser or attach the PDF",
        f"This link leads to a login page at {walled_pdf}; "
        "open it in the browser or attach the PDF",
    ]
