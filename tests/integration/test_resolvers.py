"""resolve() against a real HTTP server on 127.0.0.1 (pytest-httpserver), and the HTML it reads.

Landing pages with and without ``citation_pdf_url``, a PDF behind a redirect, 401/404/500,
a refused connection, and a plain HTTP proxy (``HTTP_PROXY``) standing in for dspace.mit.edu and
arxiv.org. Google Drive's large-file warning is met by the downloader: test_drive_downloads.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from app.domain.library import FailureKind, Resolution
from app.net.downloader import Downloader
from app.net.http import make_session
from app.net.page_links import find_citation_pdf_url
from app.net.reading_fetcher import ReadingFetcher
from app.net.resolvers import MAX_PAGE_BYTES, ResolveError, resolve
from app.pdf.validate import count_pages
from tests.integration.local_network import closed_port
from tests.pdfs import make_pdf

EYERISS = "http://dspace.mit.edu/handle/1721.1/102369"
EYERISS_PDF_PATH = "/bitstream/handle/1721.1/102369/eyeriss-isscc-2016.pdf"
FAST = (2.0, 2.0)


def use_proxy(monkeypatch: pytest.MonkeyPatch, server: HTTPServer) -> None:
    """Send every plain-http request to the test server, as a proxy would receive it."""
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.port}")


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with make_session() as http:
        yield http


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(1, title="Eyeriss: A Spatial Architecture")


def landing_page(meta: str = "", title: str = "Eyeriss") -> str:
    """A DSpace-like item page: Highwire Press tags in <head>, the usual clutter around them."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | DSpace@MIT</title>
  <link rel="stylesheet" href="/themes/Mirage2/styles/main.css">
  <meta name="DC.creator" content="Chen, Yu-Hsin">
  <meta name="citation_title" content="{title}">
  {meta}
  <script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body><h1>{title}</h1><a href="/bitstream/other.pdf">Download</a></body>
</html>"""


# -- landing pages ----------------------------------------------------------------------------


def test_landing_page_with_absolute_citation_pdf_url(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    pdf = httpserver.url_for(EYERISS_PDF_PATH) + "?sequence=1&isAllowed=y"
    meta = f'<meta name="citation_pdf_url" content="{pdf.replace("&", "&amp;")}">'
    httpserver.expect_request("/handle/1721.1/102369").respond_with_data(
        landing_page(meta), content_type="text/html; charset=utf-8"
    )
    link = httpserver.url_for("/handle/1721.1/102369")
    found = resolve(link, session, timeout=FAST)
    assert found == Resolution(url=pdf, is_pdf=True, via="citation_pdf_url")


@pytest.mark.parametrize(
    "meta",
    [
        '<meta content="../102369/eyeriss.pdf?sequence=1&amp;isAllowed=y" name="citation_pdf_url">',
        "<META NAME='Citation_PDF_URL' CONTENT='../102369/eyeriss.pdf?sequence=1&isAllowed=y' />",
        '<meta\n  name = "citation_pdf_url"\n  content = " ../102369/eyeriss.pdf?sequence=1&amp;'
        'isAllowed=y "\n>',
    ],
    ids=["content-first", "upper-case", "spread-over-lines"],
)
def test_relative_citation_pdf_url_is_resolved_against_the_page_after_redirects(
    httpserver: HTTPServer, session: requests.Session, meta: str
) -> None:
    httpserver.expect_request("/handle/1721.1/102369").respond_with_response(
        Response(status=301, headers={"Location": "/items/1721.1/102369/view"})
    )
    httpserver.expect_request("/items/1721.1/102369/view").respond_with_data(
        landing_page(meta), content_type="text/html"
    )
    found = resolve(httpserver.url_for("/handle/1721.1/102369"), session, timeout=FAST)
    expected = httpserver.url_for("/items/1721.1/102369/eyeriss.pdf") + "?sequence=1&isAllowed=y"
    assert found == Resolution(url=expected, is_pdf=True, via="citation_pdf_url")


def test_a_page_without_citation_pdf_url_is_a_web_reading(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    httpserver.expect_request("/").respond_with_data(
        landing_page(title="Federated Learning"), content_type="text/html"
    )
    link = httpserver.url_for("/")
    assert resolve(link, session, timeout=FAST) == Resolution(url=link, is_pdf=False, via="web")


def test_a_page_without_a_content_type_is_still_read_as_html(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    meta = '<meta name="citation_pdf_url" content="/paper.pdf">'
    httpserver.expect_request("/item").respond_with_response(
        Response(landing_page(meta).encode(), headers={"Content-Type": ""})
    )
    found = resolve(httpserver.url_for("/item"), session, timeout=FAST)
    assert found == Resolution(httpserver.url_for("/paper.pdf"), True, "citation_pdf_url")


def test_a_tag_past_the_size_cap_is_not_looked_for(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    padding = "<p>" + "x" * (MAX_PAGE_BYTES + 1024) + "</p>"
    body = padding + '<meta name="citation_pdf_url" content="/late.pdf">'
    httpserver.expect_request("/huge").respond_with_data(body, content_type="text/html")
    found = resolve(httpserver.url_for("/huge"), session, timeout=FAST)
    assert found.is_pdf is False


def test_a_non_html_non_pdf_answer_is_a_web_reading(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    httpserver.expect_request("/slides").respond_with_data(
        b"PK\x03\x04 pptx bytes", content_type="application/vnd.ms-powerpoint"
    )
    link = httpserver.url_for("/slides")
    assert resolve(link, session, timeout=FAST) == Resolution(link, False, "web")


# -- a PDF answered directly ------------------------------------------------------------------


def test_a_link_that_answers_a_pdf_after_a_redirect_is_direct(
    httpserver: HTTPServer, session: requests.Session, pdf_bytes: bytes
) -> None:
    final = httpserver.url_for("/files/download")
    httpserver.expect_request("/paper/42").respond_with_response(
        Response(status=302, headers={"Location": final})
    )
    # No .pdf in the URL and a vague content type: the bytes say PDF.
    httpserver.expect_request("/files/download").respond_with_data(
        pdf_bytes, content_type="application/octet-stream"
    )
    found = resolve(httpserver.url_for("/paper/42"), session, timeout=FAST)
    assert found == Resolution(url=final, is_pdf=True, via="direct")


def test_a_pdf_content_type_is_enough(httpserver: HTTPServer, session: requests.Session) -> None:
    httpserver.expect_request("/get").respond_with_data(b"", content_type="application/pdf")
    found = resolve(httpserver.url_for("/get"), session, timeout=FAST)
    assert found == Resolution(url=httpserver.url_for("/get"), is_pdf=True, via="direct")


def test_rules_answer_without_touching_the_network(session: requests.Session) -> None:
    # Port 9 on loopback: nothing listens, so a request would fail loudly.
    found = resolve("http://127.0.0.1:9/abs/paper.pdf", session, timeout=FAST)
    assert found == Resolution("http://127.0.0.1:9/abs/paper.pdf", True, "direct")


# -- failures, in plain words -----------------------------------------------------------------


def test_404_says_the_link_may_be_out_of_date(
    httpserver: HTTPServer, session: requests.Session
) -> None:
    httpserver.expect_request("/gone").respond_with_data("no such item", status=404)
    link = httpserver.url_for("/gone")
    with pytest.raises(ResolveError) as caught:
        resolve(link, session, timeout=FAST)
    error = caught.value
    assert error.failure.kind is FailureKind.HTTP_STATUS
    assert error.status == 404
    assert str(error) == (
        f"The page {link} answered 404 Not Found; the link may be out of date: "
        "open it in the browser or attach the PDF."
    )


@pytest.mark.parametrize(("status", "phrase"), [(401, "Unauthorized"), (403, "Forbidden")])
def test_401_and_403_are_login_walls(
    httpserver: HTTPServer, session: requests.Session, status: int, phrase: str
) -> None:
    httpserver.expect_request("/members/paper").respond_with_response(
        Response("sign in", status=status, headers={"WWW-Authenticate": 'Basic realm="lab"'})
    )
    link = httpserver.url_for("/members/paper")
    with pytest.raises(ResolveError) as caught:
        resolve(link, session, timeout=FAST)
    error = caught.value
    assert error.failure.kind is FailureKind.LOGIN_WALL
    assert (error.status, error.url) == (status, link)
    assert f"The page {link} asks for a sign-in ({status} {phrase})" in str(error)
    assert "attach the PDF" in str(error)


def test_500_says_try_again_later(httpserver: HTTPServer, session: requests.Session) -> None:
    httpserver.expect_request("/broken").respond_with_data("oops", status=503)
    with pytest.raises(ResolveError, match=r"answered 503 Service Unavailable.*try again later"):
        resolve(httpserver.url_for("/broken"), session, timeout=FAST)


def test_a_refused_connection_names_the_host(session: requests.Session) -> None:
    link = f"http://127.0.0.1:{closed_port()}/handle/1721.1/102369"
    with pytest.raises(ResolveError) as caught:
        resolve(link, session, timeout=FAST)
    error = caught.value
    assert error.failure.kind is FailureKind.UNREACHABLE  # no connection at all
    assert error.status is None
    assert str(error).startswith(f"Cannot reach 127.0.0.1 for {link} (offline")
    assert "\n" not in str(error)


def test_a_redirect_loop_is_reported(httpserver: HTTPServer, session: requests.Session) -> None:
    httpserver.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    with pytest.raises(ResolveError, match="redirects in a loop"):
        resolve(httpserver.url_for("/loop"), session, timeout=FAST)


def test_a_link_that_is_not_a_web_address(session: requests.Session) -> None:
    with pytest.raises(ResolveError, match="is not a web address") as caught:
        resolve("ftp://example.org/paper.ps", session, timeout=FAST)
    assert caught.value.failure.kind is FailureKind.NETWORK


# -- the HTML readers alone -------------------------------------------------------------------


def test_base_href_counts_for_a_relative_citation_pdf_url() -> None:
    html = (
        '<head><base href="https://example.org/repo/">'
        '<meta name="citation_pdf_url" content="f/p.pdf">'
    )
    found = find_citation_pdf_url(html, "https://other.example/x")
    assert found == "https://example.org/repo/f/p.pdf"


def test_the_first_citation_pdf_url_wins_and_pieces_may_split_a_tag() -> None:
    pieces = iter(
        [
            '<meta name="citation_pd',
            'f_url" content="/a.pdf"><meta name="citation_pdf_url" content="/b.pdf">',
        ]
    )
    assert find_citation_pdf_url(pieces, "https://example.org/item") == "https://example.org/a.pdf"


@pytest.mark.parametrize(
    "content",
    ["", "   ", "javascript:alert(1)", "data:application/pdf;base64,JVBERi0=", "http://[bad"],
)
def test_unusable_citation_pdf_urls_are_ignored(content: str) -> None:
    html = f'<meta name="citation_pdf_url" content="{content}">'
    assert find_citation_pdf_url(html, "https://example.org/item") is None


def test_broken_markup_does_not_raise() -> None:
    assert find_citation_pdf_url("<![foo bar <meta", "https://example.org/") is None
    html = '<meta name="citation_pdf_url" content="/ok.pdf"><![foo bar'
    assert find_citation_pdf_url(html, "https://example.org/") == "https://example.org/ok.pdf"


# -- through an HTTP proxy --------------------------------------------------------------------


def test_a_landing_page_with_a_real_host_name_through_the_proxy(
    httpserver: HTTPServer, session: requests.Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_proxy(monkeypatch, httpserver)
    seen: list[tuple[str, str]] = []

    def dspace(request: Request) -> Response:
        # A proxy gets the absolute URL in the request line; werkzeug keeps it in REQUEST_URI.
        seen.append((request.host, request.environ.get("REQUEST_URI", request.path)))
        meta = f'<meta name="citation_pdf_url" content="{EYERISS_PDF_PATH}?sequence=1">'
        return Response(landing_page(meta), content_type="text/html")

    # Matched whichever way the server reports the path: "/handle/..." or the absolute URL.
    httpserver.expect_request(
        re.compile(r"^(http://dspace\.mit\.edu)?/handle/1721\.1/102369$")
    ).respond_with_handler(dspace)

    found = resolve(EYERISS, session, timeout=FAST)

    assert found == Resolution(
        url=f"http://dspace.mit.edu{EYERISS_PDF_PATH}?sequence=1",
        is_pdf=True,
        via="citation_pdf_url",
    )
    assert len(seen) == 1
    host, request_uri = seen[0]
    assert host == "dspace.mit.edu"
    assert request_uri in (EYERISS, "/handle/1721.1/102369")


def test_an_http_arxiv_link_is_resolved_and_downloaded_on_http_through_the_proxy(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The reading fetcher as the library runs it: resolve the link, then download the PDF."""
    paper = make_pdf(3, seed=41, title="SysML: The New Frontier")
    use_proxy(monkeypatch, httpserver)
    asked: list[tuple[str, str]] = []

    def arxiv(request: Request) -> Response:
        asked.append((request.host, request.environ.get("REQUEST_URI", request.path)))
        return Response(paper, content_type="application/pdf")

    httpserver.expect_request(
        re.compile(r"^(http://arxiv\.org)?/pdf/1904\.03257$")
    ).respond_with_handler(arxiv)
    fetcher = ReadingFetcher(Downloader(count_pages))
    try:
        found = fetcher.resolve("http://arxiv.org/abs/1904.03257")
        result = fetcher.download(
            found.url,
            tmp_path / "sysml.pdf",
            progress=lambda _done, _total: None,
            cancel=threading.Event(),
            credentials=lambda _host: None,
        )
    finally:
        fetcher.close()

    assert (found.is_pdf, found.via) == (True, "arxiv")
    assert result.path.read_bytes() == paper
    assert result.pages == 3
    # One request, on plain http, to the proxy, for arXiv's absolute PDF address.
    assert len(asked) == 1
    host, request_uri = asked[0]
    assert host == "arxiv.org"
    assert request_uri in ("http://arxiv.org/pdf/1904.03257", "/pdf/1904.03257")


# -- start-up cost ----------------------------------------------------------------------------


def test_importing_the_resolvers_does_not_load_requests() -> None:
    code = "import sys, app.net.resolvers; sys.exit('requests' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
