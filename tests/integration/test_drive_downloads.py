"""The course's Google Drive reading, downloaded through the library service as the app does.

Drive answers its download link with the PDF for a small file, and for a large one with a
"can't scan for viruses" page whose "Download anyway" button leads to the file. The server here
plays both drive.google.com and drive.usercontent.google.com behind a plain HTTP proxy
(``HTTP_PROXY``), so the app uses the real host names; the course's link is made plain http for
that, and so is the button's target. Expected bytes and hashes are those of the served file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pymupdf
import pytest

from app.domain.library import FailureKind, FetchState, LibraryEntry
from app.services.app_services import AppServices
from tests.integration import course_versions as cv
from tests.integration.library_runs import fetch, library_files
from tests.integration.pdf_server import PdfServer, Reply, Seen, sha
from tests.pdfs import make_pdf

DRIVE_ID = "16xs_-3XRym34z60-Ji4dlDwW487vOmpz"
# Week 12's reading "The Sky Above The Clouds", as the course page links it ...
COURSE_LINK = f"https://drive.google.com/file/d/{DRIVE_ID}/view?usp=sharing"
# ... and as these tests link it: plain http, so the proxy receives every request in the clear.
LINK = COURSE_LINK.replace("https://", "http://")
UUID = "5a3b1c9e-7d2f-4e8a-b6c0-1f2e3d4c5b6a"
DRIVE = "drive.google.com"
USERCONTENT = "drive.usercontent.google.com"


def warning_page(way_on: str) -> bytes:
    """Drive's large-file warning, the shape it has had since 2024, with ``way_on`` inside."""
    return f"""<!DOCTYPE html><html><head><title>Google Drive - Virus scan warning</title>
<meta http-equiv="content-type" content="text/html; charset=utf-8"/>
<link href="/static/uc/css/uc.css" rel="stylesheet" nonce="Q2hhbmdlTWU"></head>
<body><div class="uc-main"><div id="uc-text"><p class="uc-warning-caption">Google Drive can't
scan this file for viruses.</p><p class="uc-warning-subcaption"><span class="uc-name-size"><a
href="/open?id={DRIVE_ID}">sky-computing.pdf</a> (112M)</span> is too large for Google to scan
for viruses. Would you still like to download this file?</p>
{way_on}
</div></div><div class="uc-footer"><hr class="uc-footer-divider">&copy; 2024 Google -
<a class="goog-link" href="https://support.google.com/drive/?p=fm_drive_help">Help</a>
</div></body></html>""".encode()


# The button as a form: a GET of the action with the hidden inputs (not the button) as query.
DOWNLOAD_FORM = f"""<form id="download-form" action="http://{USERCONTENT}/download" method="get">
<input type="submit" id="uc-download-link" class="goog-inline-block jfk-button
jfk-button-action" value="Download anyway"/><input type="hidden" name="id" value="{DRIVE_ID}">
<input type="hidden" name="export" value="download"><input type="hidden" name="confirm"
value="t"><input type="hidden" name="uuid" value="{UUID}"></form>"""
FORM_QUERY = [("id", DRIVE_ID), ("export", "download"), ("confirm", "t"), ("uuid", UUID)]
# Before 2024 the button was a link with a short-lived token, back on drive.google.com.
DOWNLOAD_LINK = f"""<a id="uc-download-link" class="goog-inline-block jfk-button
jfk-button-action" href="/uc?export=download&amp;confirm=0IrN&amp;id={DRIVE_ID}">Download
anyway</a>"""
QUOTA_PAGE = b"""<!DOCTYPE html><html><head><title>Google Drive - Quota exceeded</title></head>
<body><p>Too many users have viewed or downloaded this file recently. Please try accessing the
file again later.</p></body></html>"""
HTML = {"Content-Type": "text/html; charset=utf-8"}
PDF = {"Content-Type": "application/pdf"}


def query(path: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(path).query)


def page_count(data: bytes) -> int:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return int(document.page_count)


@pytest.fixture
def drive(monkeypatch: pytest.MonkeyPatch) -> Iterator[PdfServer]:
    """The server as the proxy for every request: Drive's hosts are its routes' ``Host``."""
    with PdfServer() as running:
        monkeypatch.setenv("HTTP_PROXY", running.url(""))
        # An https request would be a bug: it meets a server that cannot tunnel, not the Internet.
        monkeypatch.setenv("HTTPS_PROXY", running.url(""))
        yield running


@pytest.fixture
def services(services: AppServices, course_index_text: str, tmp_path: Path) -> AppServices:
    """The app after its first start (tests/integration/conftest.py), synced with the course
    page (Drive link on http)."""
    page = tmp_path / "index.md"
    page.write_text(cv.change_reading_link(course_index_text, COURSE_LINK, LINK), encoding="utf-8")
    services.sync.sync(str(page))
    return services


def download_the_drive_reading(
    services: AppServices, cancel: threading.Event | None = None
) -> LibraryEntry:
    """One run of the library over the Drive reading alone; its entry when the run ends."""
    return fetch(services, LINK, cancel=cancel)[LINK]


def assert_ready_with(entry: LibraryEntry, data: bytes) -> None:
    assert entry.state is FetchState.READY, entry.error
    assert entry.path is not None and Path(entry.path).read_bytes() == data
    assert (entry.bytes, entry.sha256, entry.pages) == (len(data), sha(data), page_count(data))


def assert_failed_in_one_line(entry: LibraryEntry, kind: FailureKind, *words: str) -> str:
    assert entry.state is FetchState.FAILED and entry.error_kind is kind, entry.error
    message = entry.error or ""
    assert "\n" not in message
    for word in words:
        assert word in message
    return message


# -- the file comes ---------------------------------------------------------------------------


def test_a_small_drive_file_comes_straight_from_the_download_link(
    services: AppServices, drive: PdfServer
) -> None:
    paper = make_pdf(3, size=80_000, seed=31)
    drive.route("/uc", lambda seen: Reply(200, PDF, paper))

    entry = download_the_drive_reading(services)

    assert_ready_with(entry, paper)
    assert [(seen.host, urlsplit(seen.path).path) for seen in drive.requests] == [(DRIVE, "/uc")]


def test_a_large_drive_file_comes_past_the_virus_scan_warning(
    services: AppServices, drive: PdfServer
) -> None:
    paper = make_pdf(12, size=400_000, seed=32)
    drive.route("/uc", lambda seen: Reply(200, HTML, warning_page(DOWNLOAD_FORM)))

    def download(seen: Seen) -> Reply:
        # Only the form's own fields, as a browser submits them, get the file.
        return Reply(200, PDF, paper) if query(seen.path) == FORM_QUERY else Reply(400)

    drive.route("/download", download)

    entry = download_the_drive_reading(services)

    assert_ready_with(entry, paper)
    asked = [(seen.host, urlsplit(seen.path).path, query(seen.path)) for seen in drive.requests]
    assert asked == [
        (DRIVE, "/uc", [("export", "download"), ("id", DRIVE_ID)]),
        (USERCONTENT, "/download", FORM_QUERY),
    ]
    assert library_files(services) == [Path(entry.path or "").name]  # no .part left behind


def test_an_older_warning_with_a_confirm_link_is_passed_too(
    services: AppServices, drive: PdfServer
) -> None:
    paper = make_pdf(5, size=150_000, seed=33)

    def uc(seen: Seen) -> Reply:
        if ("confirm", "0IrN") in query(seen.path):
            return Reply(200, PDF, paper)
        return Reply(200, HTML, warning_page(DOWNLOAD_LINK))

    drive.route("/uc", uc)

    entry = download_the_drive_reading(services)

    assert_ready_with(entry, paper)
    second = drive.seen("/uc")[1]
    assert second.host == DRIVE
    assert sorted(query(second.path)) == [
        ("confirm", "0IrN"),
        ("export", "download"),
        ("id", DRIVE_ID),
    ]


# -- a resume goes past the warning again -----------------------------------------------------


def test_a_large_drive_file_cut_off_resumes_past_the_warning_on_the_next_run(
    services: AppServices, drive: PdfServer
) -> None:
    paper = make_pdf(20, size=600_000, seed=34)
    cut = 200_000  # the bytes the first run gets before the connection drops
    etag = '"sky-v1"'
    first_run_over = threading.Event()
    drive.route("/uc", lambda seen: Reply(200, HTML, warning_page(DOWNLOAD_FORM)))

    def download(seen: Seen) -> Reply:
        headers = {**PDF, "ETag": etag, "Accept-Ranges": "bytes"}
        if seen.number == 1:
            return Reply(200, headers, paper, send=cut)
        if seen.number == 2:  # the first run's retry: it stops there (as if the app closed)
            first_run_over.set()
            return Reply(503, {}, b"busy")
        asked = seen.headers.get("range", "")
        if seen.headers.get("if-range") != etag or not asked.startswith("bytes="):
            return Reply(200, headers, paper)
        start = int(asked.removeprefix("bytes=").removesuffix("-"))
        headers["Content-Range"] = f"bytes {start}-{len(paper) - 1}/{len(paper)}"
        return Reply(206, headers, paper[start:])

    drive.route("/download", download)

    stopped = download_the_drive_reading(services, cancel=first_run_over)
    assert stopped.state is FetchState.NOT_FETCHED, stopped.error
    part = [name for name in library_files(services) if name.endswith(".part")]
    assert len(part) == 1
    assert (services.library.files_dir / part[0]).stat().st_size == cut

    entry = download_the_drive_reading(services)

    assert_ready_with(entry, paper)
    downloads = drive.seen("/download")
    assert [seen.headers.get("range") for seen in downloads] == [
        None,
        f"bytes={cut}-",  # the first run's retry
        f"bytes={cut}-",  # the next run: past the warning again, then only the rest
    ]
    assert all(query(seen.path) == FORM_QUERY for seen in downloads)
    assert [seen.number for seen in drive.seen("/uc")] == [1, 2]  # one warning per run
    assert not [name for name in library_files(services) if ".part" in name]


# -- no file: said in words -------------------------------------------------------------------


@pytest.mark.parametrize(
    "second_page",
    [QUOTA_PAGE, warning_page(DOWNLOAD_FORM)],
    ids=["quota-exceeded", "the-warning-again"],
)
def test_a_warning_that_leads_to_another_page_fails_in_words(
    services: AppServices, drive: PdfServer, second_page: bytes
) -> None:
    drive.route("/uc", lambda seen: Reply(200, HTML, warning_page(DOWNLOAD_FORM)))
    drive.route("/download", lambda seen: Reply(200, HTML, second_page))

    entry = download_the_drive_reading(services)

    message = assert_failed_in_one_line(
        entry, FailureKind.LANDING_PAGE, "Google Drive", "virus-scan warning", "attach the PDF"
    )
    assert f"id={DRIVE_ID}" in message  # names the reading's download link
    assert len(drive.seen("/download")) == 1  # the button is pressed once, never in a loop
    assert library_files(services) == []


def test_a_drive_page_with_no_way_on_says_so(services: AppServices, drive: PdfServer) -> None:
    no_button = warning_page("<p>Download is disabled for this file.</p>")
    drive.route("/uc", lambda seen: Reply(200, HTML, no_button))

    entry = download_the_drive_reading(services)

    message = assert_failed_in_one_line(
        entry, FailureKind.LANDING_PAGE, "Google Drive", "no download button", "attach the PDF"
    )
    assert f"id={DRIVE_ID}" in message
    assert [urlsplit(seen.path).path for seen in drive.requests] == ["/uc"]
    assert library_files(services) == []


def test_a_drive_file_that_is_not_shared_is_a_login_wall(
    services: AppServices, drive: PdfServer
) -> None:
    sign_in = "http://accounts.google.com/ServiceLogin?service=wise&continue=drive"
    drive.route("/uc", lambda seen: Reply(302, {"Location": sign_in}))
    drive.route(
        "/ServiceLogin",
        lambda seen: Reply(200, HTML, b"<html><body><h1>Sign in</h1></body></html>"),
    )

    entry = download_the_drive_reading(services)

    assert_failed_in_one_line(entry, FailureKind.LOGIN_WALL, "login page", "attach the PDF")
    assert library_files(services) == []
