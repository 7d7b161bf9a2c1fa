"""The network settings a student's machine may have: HTTPS_PROXY, NO_PROXY, and TLS that stays on.

The course's real https links (the syllabus on raw.githubusercontent.com, a paper on
homes.cs.washington.edu, a landing page on dspace.mit.edu) reach a local TLS server through a
CONNECT proxy on 127.0.0.1 (connect_proxy.py), with a certificate made for the test
(tls_server.py). The app trusts it only when ``REQUESTS_CA_BUNDLE`` names the test's authority;
without that it must refuse, say why in one line, and write nothing.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from app.domain.changes import Change
from app.domain.library import FailureKind, FetchState
from app.services.app_services import AppServices
from app.store.schema_version import DATABASE_NAME
from tests.integration import course_versions as cv
from tests.integration.cli_process import environment
from tests.integration.connect_proxy import ConnectProxy
from tests.integration.library_runs import fetch, library_files
from tests.integration.pdf_server import sha
from tests.integration.tls_server import Certificates, https_server, make_certificates
from tests.pdfs import make_pdf

SOURCE_HOST = "raw.githubusercontent.com"
SOURCE_PATH = "/ucbrise/cs294-ai-sys-sp22/main/index.md"
SOURCE = f"https://{SOURCE_HOST}{SOURCE_PATH}"  # the course's own syllabus source
PAPER_HOST = "homes.cs.washington.edu"
PAPER_PATH = "/~pedrod/papers/cacm12.pdf"
PAPER = f"https://{PAPER_HOST}{PAPER_PATH}"  # week 1: "A Few Useful Things to Know About ML"
LANDING = "https://dspace.mit.edu/handle/1721.1/102369"  # week 3: Eyeriss, a landing page
FORM_13 = "https://forms.gle/Week13ReviewForm"
TRUST_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")


@pytest.fixture
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    hosts = [SOURCE_HOST, PAPER_HOST, "dspace.mit.edu", "localhost"]
    return make_certificates(tmp_path_factory.mktemp("tls"), hosts)


@pytest.fixture
def site(certificates: Certificates) -> Iterator[HTTPServer]:
    with https_server(certificates) as running:
        yield running


@pytest.fixture
def proxy(site: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectProxy]:
    """The machine's proxy, for https and plain http alike; no authority is trusted yet."""
    for name in TRUST_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with ConnectProxy(site.port) as running:
        monkeypatch.setenv("HTTPS_PROXY", running.url)
        monkeypatch.setenv("HTTP_PROXY", running.url)
        yield running


def trust(monkeypatch: pytest.MonkeyPatch, certificates: Certificates) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificates.authority))


def serve_course(site: HTTPServer, course_index_text: str, path: str = SOURCE_PATH) -> None:
    """The course page with a review form added to week 13: a change sync must report."""
    edited = cv.add_review_link(course_index_text, 13, FORM_13)
    site.expect_request(path).respond_with_data(edited, content_type="text/plain")


def serve_paper(site: HTTPServer, paper: bytes) -> None:
    site.expect_request(PAPER_PATH).respond_with_data(paper, content_type="application/pdf")


def hosts_served(site: HTTPServer) -> list[tuple[str, str]]:
    """(Host header, path) of every request the TLS server answered, in order."""
    return [(request.host, request.path) for request, _response in site.log]


def listed(changes: Sequence[Change]) -> list[tuple[str, str, int | None, str]]:
    return [(str(c.change), str(c.item), c.week, c.detail) for c in changes]


def store_dump(data_dir: Path) -> list[str]:
    """Every row of the store, as SQL: equal dumps mean nothing was written."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        return list(connection.iterdump())


# -- HTTPS_PROXY ------------------------------------------------------------------------------


def test_https_proxy_carries_the_sync_and_a_download(
    services: AppServices,
    site: HTTPServer,
    proxy: ConnectProxy,
    certificates: Certificates,
    course_index_text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paper = make_pdf(4, size=120_000, seed=51)
    serve_course(site, course_index_text)
    serve_paper(site, paper)
    trust(monkeypatch, certificates)

    outcome = services.sync.sync()  # the course's own source
    entry = fetch(services, PAPER)[PAPER]

    assert outcome.source == SOURCE
    assert listed(outcome.changes) == [("added", "review_form", 13, FORM_13)]
    assert entry.state is FetchState.READY, entry.error
    assert entry.path is not None and Path(entry.path).read_bytes() == paper
    assert entry.sha256 == sha(paper)
    # Both went through the proxy, as tunnels to the real names; nothing as plain http.
    assert proxy.tunnels == [f"{SOURCE_HOST}:443", f"{PAPER_HOST}:443"]
    assert proxy.plain == []
    assert hosts_served(site) == [(SOURCE_HOST, SOURCE_PATH), (PAPER_HOST, PAPER_PATH)]


# -- NO_PROXY ---------------------------------------------------------------------------------


def test_a_host_in_no_proxy_goes_direct_and_the_others_through_the_proxy(
    services: AppServices,
    site: HTTPServer,
    proxy: ConnectProxy,
    certificates: Certificates,
    course_index_text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paper = make_pdf(2, size=60_000, seed=52)
    serve_course(site, course_index_text, "/mirror/index.md")
    serve_paper(site, paper)
    trust(monkeypatch, certificates)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    mirror = f"https://127.0.0.1:{site.port}/mirror/index.md"  # a copy of the course page

    outcome = services.sync.sync(mirror)
    entry = fetch(services, PAPER)[PAPER]

    assert listed(outcome.changes) == [("added", "review_form", 13, FORM_13)]
    assert entry.state is FetchState.READY and entry.sha256 == sha(paper), entry.error
    # The proxy never heard of 127.0.0.1; the paper's host went through it.
    assert proxy.tunnels == [f"{PAPER_HOST}:443"]
    assert proxy.plain == []
    assert hosts_served(site) == [
        (f"127.0.0.1:{site.port}", "/mirror/index.md"),
        (PAPER_HOST, PAPER_PATH),
    ]


# -- TLS verification stays on ----------------------------------------------------------------


def test_sync_refuses_an_untrusted_certificate_in_one_line_and_writes_nothing(
    fresh_data: Path,
    tmp_path: Path,
    site: HTTPServer,
    proxy: ConnectProxy,
    course_index_text: str,
) -> None:
    serve_course(site, course_index_text)
    before = store_dump(fresh_data)
    # The proxy is the machine's; no authority but the system's is trusted.
    env = {
        name: value for name, value in environment().items() if name.upper() not in TRUST_VARIABLES
    }
    env |= {"HTTPS_PROXY": proxy.url, "HTTP_PROXY": proxy.url}
    script = Path(sys.executable).with_name("study-companion")

    result = subprocess.run(
        [str(script), "--data-dir", str(fresh_data), "sync", "--source", SOURCE],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("study-companion: ")
    assert f"certificate of {SOURCE_HOST} could not be verified" in line
    assert SOURCE in line
    assert store_dump(fresh_data) == before
    assert proxy.tunnels == [f"{SOURCE_HOST}:443"]  # it went the right way, and stopped at TLS
    assert site.log == []  # not one request was sent over the untrusted connection


def test_downloads_refuse_an_untrusted_certificate_in_words_and_leave_no_file(
    services: AppServices, site: HTTPServer, proxy: ConnectProxy
) -> None:
    serve_paper(site, make_pdf(2, seed=53))
    landing = '<meta name="citation_pdf_url" content="/bitstream/eyeriss.pdf">'
    site.expect_request("/handle/1721.1/102369").respond_with_data(
        landing, content_type="text/html"
    )

    # A PDF link (the downloader's request) and a landing page (the resolver's).
    entries = fetch(services, PAPER, LANDING)

    for link, host in ((PAPER, PAPER_HOST), (LANDING, "dspace.mit.edu")):
        entry = entries[link]
        assert entry.state is FetchState.FAILED and entry.error_kind is FailureKind.NETWORK
        message = entry.error or ""
        assert f"certificate of {host} could not be verified" in message
        assert link in message and "\n" not in message
    assert library_files(services) == []
    # One attempt each: a certificate that fails does not pass on a retry.
    assert sorted(proxy.tunnels) == ["dspace.mit.edu:443", f"{PAPER_HOST}:443"]
    assert site.log == []
