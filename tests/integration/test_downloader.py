"""The downloader against a real HTTP server on 127.0.0.1 that misbehaves on demand.

Real PDFs (tests/pdfs.py), a real server (pdf_server.py), real files in tmp_path, and the real
PyMuPDF check. Timeouts and backoff are shortened through DownloadSettings so the whole file
runs in a few seconds.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from app.domain.library import FailureKind, ReadingFetchError
from app.net.basic_auth import HostBoundAuth
from app.net.downloader import Downloader, DownloadError, DownloadResult, DownloadSettings
from app.net.retry import RetryPolicy
from app.pdf.validate import count_pages
from tests.integration.pdf_server import (
    HANG_BOUND,
    Gate,
    PdfServer,
    Reply,
    Seen,
    basic_auth,
    file_reply,
    login_required,
    redirect,
    sha,
)
from tests.pdfs import make_pdf, not_a_pdf_but_starts_like_one

CHUNK = 64 * 1024
FAST = DownloadSettings(
    connect_timeout=2.0,
    read_timeout=2.0,
    chunk_size=CHUNK,
    progress_interval=0.0,
    retry=RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, jitter=0.0),
)


@pytest.fixture(scope="module")
def paper() -> bytes:
    return make_pdf(3, size=600_000, seed=1)  # about ten chunks of CHUNK


@pytest.fixture
def make_downloader() -> Iterator[Callable[..., Downloader]]:
    made: list[Downloader] = []

    def make(**changes: Any) -> Downloader:
        settings = dataclasses.replace(FAST, **changes)
        downloader = Downloader(count_pages, settings=settings)
        made.append(downloader)
        return downloader

    yield make
    for downloader in made:
        downloader.close()


@pytest.fixture
def downloader(make_downloader: Callable[..., Downloader]) -> Downloader:
    return make_downloader()


def failure_of(call: Callable[[], object]) -> DownloadError:
    with pytest.raises(DownloadError) as caught:
        call()
    return caught.value


def download_in_time(downloader: Downloader, url: str, dest: Path) -> DownloadResult:
    """``downloader.download`` on a thread; cancelled if it has not returned within the bound.

    For downloads that would hang if the downloader got it wrong: the bound ends the test
    instead (and the cancel frees the thread), it does not judge speed.
    """
    cancel = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(downloader.download, url, dest, cancel=cancel)
        try:
            return future.result(timeout=HANG_BOUND)
        finally:
            cancel.set()


def leftovers(dest: Path) -> list[str]:
    return sorted(path.name for path in dest.parent.iterdir() if path.name != dest.name)


def assert_intact(result: DownloadResult, dest: Path, data: bytes) -> None:
    assert dest.read_bytes() == data
    assert (result.path, result.bytes, result.sha256) == (dest, len(data), sha(data))
    assert leftovers(dest) == []  # neither the .part nor its sidecar stays behind


# -- the happy paths --------------------------------------------------------------------------


def test_a_direct_link_downloads_with_its_hash_pages_and_progress(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    url = server.serve("/paper.pdf", paper)
    dest = tmp_path / "library" / "paper.pdf"
    calls: list[tuple[int, int | None]] = []

    result = downloader.download(
        url, dest, progress=lambda done, total: calls.append((done, total))
    )

    assert_intact(result, dest, paper)
    assert (result.pages, result.final_url) == (3, url)
    assert calls[-1] == (len(paper), len(paper))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    headers = server.seen("/paper.pdf")[0].headers
    assert headers["accept-encoding"] == "identity"
    assert "range" not in headers


def test_redirects_are_followed_to_the_file(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    server.route("/abs/1", lambda seen: redirect("/moved/1"))
    server.route("/moved/1", lambda seen: redirect(server.url("/files/1.pdf"), 301))
    final = server.serve("/files/1.pdf", paper)

    result = downloader.download(server.url("/abs/1"), tmp_path / "one.pdf")

    assert result.final_url == final
    assert result.sha256 == sha(paper)


def test_a_pdf_after_a_little_leading_whitespace_is_accepted(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    sloppy = b"\r\n  " + paper
    url = server.serve("/sloppy.pdf", sloppy)

    result = downloader.download(url, tmp_path / "sloppy.pdf")

    assert (result.pages, result.sha256) == (3, sha(sloppy))


def test_several_downloads_run_at_once_on_one_downloader(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    papers = {n: make_pdf(1 + n % 3, size=150_000 + n * 10_000, seed=n) for n in range(8)}
    urls = {n: server.serve(f"/p{n}.pdf", data) for n, data in papers.items()}

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            n: pool.submit(downloader.download, urls[n], tmp_path / f"p{n}.pdf") for n in papers
        }
        results = {n: future.result() for n, future in futures.items()}

    for n, data in papers.items():
        assert results[n].sha256 == sha(data)
        assert results[n].pages == 1 + n % 3
        assert (tmp_path / f"p{n}.pdf").read_bytes() == data


# -- answers that fail, or fail first ---------------------------------------------------------


def test_a_redirect_loop_says_so(server: PdfServer, downloader: Downloader, tmp_path: Path) -> None:
    url = server.route("/loop", lambda seen: redirect("/loop"))

    error = failure_of(lambda: downloader.download(url, tmp_path / "loop.pdf"))

    assert error.kind is FailureKind.HTTP_STATUS
    assert "redirects in a loop" in str(error) and url in str(error)
    assert len(server.seen("/loop")) == 11  # the first request and ten redirects, not forever


def test_not_found_fails_at_once_naming_the_link(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    url = server.url("/gone.pdf")

    error = failure_of(lambda: downloader.download(url, tmp_path / "gone.pdf"))

    assert isinstance(error, ReadingFetchError)  # what the library service catches
    assert error.kind is FailureKind.HTTP_STATUS
    assert "404" in str(error) and url in str(error)
    assert len(server.seen("/gone.pdf")) == 1  # a 404 is not retried
    assert leftovers(tmp_path / "gone.pdf") == []


def test_server_errors_are_retried_until_the_file_comes(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    def flaky(seen: Seen) -> Reply:
        return Reply(500 if seen.number <= 2 else 200, body=b"oops" if seen.number <= 2 else paper)

    url = server.route("/flaky.pdf", flaky)

    result = downloader.download(url, tmp_path / "flaky.pdf")

    assert result.sha256 == sha(paper)
    assert len(server.seen("/flaky.pdf")) == 3


def test_a_server_that_keeps_failing_gives_up_after_the_attempts(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    url = server.route("/down.pdf", lambda seen: Reply(503, body=b"maintenance"))

    error = failure_of(lambda: downloader.download(url, tmp_path / "down.pdf"))

    assert error.kind is FailureKind.HTTP_STATUS
    assert "503" in str(error) and "try again later" in str(error)
    assert len(server.seen("/down.pdf")) == FAST.retry.attempts


def test_too_many_requests_waits_as_long_as_retry_after_says(
    server: PdfServer, make_downloader: Callable[..., Downloader], paper: bytes, tmp_path: Path
) -> None:
    arrived: list[float] = []

    def limited(seen: Seen) -> Reply:
        arrived.append(time.monotonic())
        if seen.number == 1:
            return Reply(429, {"Retry-After": "1"}, b"slow down")
        return file_reply(paper, seen)

    url = server.route("/limited.pdf", limited)
    # The cap is an hour: had the downloader waited for it instead of the server's second,
    # it would not come back within the hang bound. Its own backoff is 10 ms.
    downloader = make_downloader(retry=RetryPolicy(attempts=3, base_delay=0.01, max_delay=3600))

    result = download_in_time(downloader, url, tmp_path / "limited.pdf")

    assert result.sha256 == sha(paper)
    assert len(arrived) == 2
    # Not before the server's second was up (a lower bound: a slow machine only adds to it).
    assert arrived[1] - arrived[0] >= 0.95


def test_a_stalled_body_times_out_and_resumes(
    server: PdfServer, make_downloader: Callable[..., Downloader], paper: bytes, tmp_path: Path
) -> None:
    def stalls_once(seen: Seen) -> Reply:
        reply = file_reply(paper, seen)
        if seen.number == 1:
            reply.stall_after = 2 * CHUNK
        return reply

    url = server.route("/slow.pdf", stalls_once)
    downloader = make_downloader(read_timeout=0.3)

    result = downloader.download(url, tmp_path / "slow.pdf")

    assert result.sha256 == sha(paper)
    assert server.seen("/slow.pdf")[1].headers["range"] == f"bytes={2 * CHUNK}-"


def test_a_server_that_never_sends_fails_as_timed_out(
    server: PdfServer, make_downloader: Callable[..., Downloader], tmp_path: Path
) -> None:
    silent = Gate()  # never opened: the server holds every answer before its status line
    url = server.route("/silent.pdf", lambda seen: Reply(200, body=b"%PDF-", gate=silent))
    downloader = make_downloader(
        read_timeout=0.2, retry=RetryPolicy(attempts=2, base_delay=0.01, jitter=0.0)
    )

    error = failure_of(lambda: download_in_time(downloader, url, tmp_path / "silent.pdf"))

    assert error.kind is FailureKind.NETWORK
    assert "timed out" in str(error)
    # Both attempts gave up on their own: the server is still holding both, it never answered.
    assert silent.holding() == 2


def test_a_reset_mid_body_resumes_with_range(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    cut = 4 * CHUNK

    def resets_once(seen: Seen) -> Reply:
        reply = file_reply(paper, seen, etag='"v1"')
        if seen.number == 1:
            reply.send, reply.reset = cut, True
        return reply

    url = server.route("/reset.pdf", resets_once)
    dest = tmp_path / "reset.pdf"

    result = downloader.download(url, dest)

    assert_intact(result, dest, paper)
    second = server.seen("/reset.pdf")[1].headers
    assert second["range"] == f"bytes={cut}-"
    assert second["if-range"] == '"v1"'


def test_a_truncated_file_is_completed_by_a_resume(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    def truncated_once(seen: Seen) -> Reply:
        if seen.number == 1:  # announces the whole file, sends half, closes
            return Reply(
                200,
                {"Content-Type": "application/pdf"},
                paper[: len(paper) // 2],
                content_length=len(paper),
            )
        return file_reply(paper, seen, last_modified="Wed, 01 Jun 2022 10:00:00 GMT")

    url = server.route("/short.pdf", truncated_once)
    dest = tmp_path / "short.pdf"

    result = downloader.download(url, dest)

    assert_intact(result, dest, paper)
    assert server.seen("/short.pdf")[1].headers["range"].startswith("bytes=")


def test_a_server_that_ignores_range_is_read_again_from_the_start(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    def no_ranges(seen: Seen) -> Reply:
        reply = file_reply(paper, seen, ranges=False)
        if seen.number == 1:
            reply.send = 3 * CHUNK
        return reply

    url = server.route("/whole.pdf", no_ranges)
    dest = tmp_path / "whole.pdf"

    result = downloader.download(url, dest)

    assert_intact(result, dest, paper)
    second = server.seen("/whole.pdf")[1]
    assert second.headers["range"] == f"bytes={3 * CHUNK}-"  # asked, got a 200, started over


def test_a_file_changed_on_the_server_is_not_spliced(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    dest = tmp_path / "changing.pdf"
    url = server.url("/changing.pdf")
    # What an earlier, interrupted download of the old version left behind.
    dest.with_name("changing.pdf.part").write_bytes(paper[: 2 * CHUNK])
    dest.with_name("changing.pdf.part.json").write_text(
        json.dumps({"url": url, "etag": '"old"', "total": len(paper)})
    )
    newer = make_pdf(5, size=500_000, seed=9)
    server.serve("/changing.pdf", newer, etag='"new"')

    result = downloader.download(url, dest)

    assert_intact(result, dest, newer)
    assert result.pages == 5
    resumed = server.seen("/changing.pdf")[0].headers
    assert (resumed["range"], resumed["if-range"]) == (f"bytes={2 * CHUNK}-", '"old"')


def test_range_not_satisfiable_starts_over(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    dest = tmp_path / "odd.pdf"
    url = server.route(
        "/odd.pdf",
        lambda seen: Reply(416) if "range" in seen.headers else file_reply(paper, seen),
    )
    part = dest.with_name("odd.pdf.part")
    part.write_bytes(paper[:CHUNK])
    dest.with_name("odd.pdf.part.json").write_text(json.dumps({"url": url}))

    result = downloader.download(url, dest)

    assert_intact(result, dest, paper)
    assert ["range" in seen.headers for seen in server.seen("/odd.pdf")] == [True, False]


def test_a_part_that_is_already_whole_is_finished_without_fetching_again(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    dest = tmp_path / "done.pdf"
    url = server.serve("/done.pdf", paper, etag='"e1"')
    dest.with_name("done.pdf.part").write_bytes(paper)
    dest.with_name("done.pdf.part.json").write_text(
        json.dumps({"url": url, "etag": '"e1"', "total": len(paper)})
    )

    result = downloader.download(url, dest)

    assert_intact(result, dest, paper)
    assert len(server.seen("/done.pdf")) == 1  # one 416 that confirmed the size, no body


def test_a_part_from_another_link_is_not_resumed(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    dest = tmp_path / "reading.pdf"
    dest.with_name("reading.pdf.part").write_bytes(make_pdf(1, seed=4)[:1000])
    dest.with_name("reading.pdf.part.json").write_text(json.dumps({"url": "http://old/link"}))
    url = server.serve("/new-link.pdf", paper)

    result = downloader.download(url, dest)

    assert_intact(result, dest, paper)
    assert "range" not in server.seen("/new-link.pdf")[0].headers


# -- what came back was not a PDF ---------------------------------------------------------------

LANDING = b"""<!DOCTYPE html><html><head><title>Paper</title>
<meta name="citation_title" content="A Paper"></head><body>
<header><a href="/login">Sign in</a><form action="/search"><input name="q"></form></header>
<h1>A Paper</h1><p>Abstract ...</p></body></html>"""

LOGIN_FORM = b"""<html><body><h1>Welcome</h1>
<form method="post" action="/session"><input name="user">
<input type="password" name="pw"><button>Continue</button></form></body></html>"""


def test_html_instead_of_a_pdf_is_a_landing_page_named_by_its_url(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    url = server.serve("/doi/10.1/x", LANDING, content_type="text/html; charset=utf-8")
    dest = tmp_path / "x.pdf"

    error = failure_of(lambda: downloader.download(url, dest))

    assert error.kind is FailureKind.LANDING_PAGE
    assert url in str(error) and "open it in the browser" in str(error)
    assert list(tmp_path.iterdir()) == []


def test_a_page_with_a_password_field_is_a_login_wall(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    url = server.serve("/paper", LOGIN_FORM, content_type="text/html")

    error = failure_of(lambda: downloader.download(url, tmp_path / "p.pdf"))

    assert error.kind is FailureKind.LOGIN_WALL
    assert f"login page at {url}" in str(error)


def test_a_redirect_to_a_sign_in_address_is_a_login_wall(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    server.route("/pdf/42", lambda seen: redirect("/idp/profile/SAML2/Redirect/SSO?x=1"))
    final = server.serve(
        "/idp/profile/SAML2/Redirect/SSO",
        b"<html><body>Redirecting...</body></html>",
        content_type="text/html",
    )

    error = failure_of(lambda: downloader.download(server.url("/pdf/42"), tmp_path / "p.pdf"))

    assert error.kind is FailureKind.LOGIN_WALL
    assert final in str(error)


def test_bytes_that_only_start_like_a_pdf_are_not_a_pdf(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    url = server.serve("/fake.pdf", not_a_pdf_but_starts_like_one())
    dest = tmp_path / "fake.pdf"

    error = failure_of(lambda: downloader.download(url, dest))

    assert error.kind is FailureKind.NOT_PDF
    assert str(error) == f"The file from {url} is damaged or not a PDF"
    assert list(tmp_path.iterdir()) == []


def test_other_bytes_are_not_a_pdf(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    url = server.serve("/image.png", b"\x89PNG\r\n\x1a\n" + bytes(2000), content_type="image/png")

    error = failure_of(lambda: downloader.download(url, tmp_path / "image.pdf"))

    assert error.kind is FailureKind.NOT_PDF
    assert list(tmp_path.iterdir()) == []


def test_a_good_file_in_place_is_replaced_only_by_a_good_download(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    dest = tmp_path / "reading.pdf"
    dest.write_bytes(paper)
    broken = server.serve("/broken.pdf", not_a_pdf_but_starts_like_one(seed=3))
    landing = server.serve("/landing", LANDING, content_type="text/html")
    cut = server.route("/cut.pdf", lambda seen: Reply(200, body=b"%PDF-1.5\n", send=5))

    for url in (broken, landing, cut):
        failure_of(lambda url=url: downloader.download(url, dest))  # type: ignore[misc]
        assert dest.read_bytes() == paper

    newer = make_pdf(4, size=200_000, seed=7)
    result = downloader.download(server.serve("/newer.pdf", newer), dest)
    assert_intact(result, dest, newer)


# -- size cap -------------------------------------------------------------------------------


def test_an_announced_size_over_the_cap_fails_before_the_body(
    server: PdfServer, make_downloader: Callable[..., Downloader], paper: bytes, tmp_path: Path
) -> None:
    url = server.serve("/big.pdf", paper)
    downloader = make_downloader(max_bytes=100_000)

    error = failure_of(lambda: downloader.download(url, tmp_path / "big.pdf"))

    assert error.kind is FailureKind.TOO_LARGE
    assert url in str(error) and "0 MB limit" in str(error)
    assert list(tmp_path.iterdir()) == []


def test_a_body_without_length_is_cut_off_at_the_cap(
    server: PdfServer, make_downloader: Callable[..., Downloader], paper: bytes, tmp_path: Path
) -> None:
    url = server.route("/stream.pdf", lambda seen: Reply(200, body=paper, no_length=True))
    downloader = make_downloader(max_bytes=200_000)

    error = failure_of(lambda: downloader.download(url, tmp_path / "stream.pdf"))

    assert error.kind is FailureKind.TOO_LARGE
    assert list(tmp_path.iterdir()) == []


def test_a_body_without_length_under_the_cap_downloads(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    url = server.route("/stream.pdf", lambda seen: Reply(200, body=paper, no_length=True))

    result = downloader.download(url, tmp_path / "stream.pdf")

    assert result.sha256 == sha(paper)


# -- logins ---------------------------------------------------------------------------------

USER, PASSWORD = "student", "pa:ss wörd"
GOOD_AUTH = basic_auth(USER, PASSWORD)


def protected(answer: Callable[[Seen], Reply]) -> Callable[[Seen], Reply]:
    return login_required(answer, USER, PASSWORD)


class Asked:
    def __init__(self, answer: tuple[str, str] | None) -> None:
        self.answer = answer
        self.hosts: list[str] = []

    def __call__(self, host: str) -> tuple[str, str] | None:
        self.hosts.append(host)
        return self.answer


def test_a_401_asks_for_credentials_once_and_sends_them(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    url = server.route("/private.pdf", protected(lambda seen: file_reply(paper, seen)))
    asked = Asked((USER, PASSWORD))

    result = downloader.download(url, tmp_path / "private.pdf", credentials=asked)

    assert result.sha256 == sha(paper)
    assert asked.hosts == ["127.0.0.1"]
    first, second = server.seen("/private.pdf")
    assert "authorization" not in first.headers
    assert second.headers["authorization"] == GOOD_AUTH


def test_a_wrong_password_is_a_login_wall_after_one_question(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    url = server.route("/private.pdf", protected(lambda seen: file_reply(paper, seen)))
    asked = Asked((USER, "wrong"))

    error = failure_of(
        lambda: downloader.download(url, tmp_path / "private.pdf", credentials=asked)
    )

    assert error.kind is FailureKind.LOGIN_WALL
    assert "127.0.0.1" in str(error)
    assert asked.hosts == ["127.0.0.1"]
    assert len(server.seen("/private.pdf")) == 2


@pytest.mark.parametrize("answer", [None, "no callback"])
def test_a_401_without_credentials_is_a_login_wall(
    server: PdfServer, downloader: Downloader, tmp_path: Path, answer: object
) -> None:
    url = server.route("/private.pdf", protected(lambda seen: Reply(200)))
    credentials = None if answer == "no callback" else Asked(None)

    error = failure_of(
        lambda: downloader.download(url, tmp_path / "p.pdf", credentials=credentials)
    )

    assert error.kind is FailureKind.LOGIN_WALL
    assert url in str(error)


def test_credentials_never_reach_another_host(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    # localhost and 127.0.0.1 are the same server but different hosts to an HTTP client.
    start = server.route("/start", lambda seen: redirect(server.url("/secret")))
    server.route("/secret", protected(lambda seen: redirect(server.url("/file.pdf", "localhost"))))
    server.serve("/file.pdf", paper)
    asked = Asked((USER, PASSWORD))

    result = downloader.download(
        start.replace("127.0.0.1", "localhost"), tmp_path / "p.pdf", credentials=asked
    )

    assert result.sha256 == sha(paper)
    assert asked.hosts == ["127.0.0.1"]
    carried = {(seen.host, seen.path): "authorization" in seen.headers for seen in server.requests}
    assert carried == {
        ("localhost", "/start"): False,  # the retry goes to the host that asked, not the start
        ("127.0.0.1", "/secret"): True,  # (its first request had none: see the other tests)
        ("localhost", "/file.pdf"): False,  # requests drops it on the cross-host redirect
    }
    assert [seen.host for seen in server.seen("/start")] == ["localhost"]


def test_credentials_go_only_to_the_asking_origin_or_over_https() -> None:
    auth = HostBoundAuth("u", "p", "http://library.example.edu/paper.pdf")

    assert auth.allows("http://library.example.edu/other.pdf")
    assert auth.allows("https://library.example.edu/paper.pdf")
    assert not auth.allows("http://library.example.edu:8080/paper.pdf")
    assert not auth.allows("http://evil.example.com/paper.pdf")
    assert not auth.allows("https://example.edu/paper.pdf")
    secure = HostBoundAuth("u", "p", "https://library.example.edu/paper.pdf")
    assert not secure.allows("http://library.example.edu/paper.pdf")  # never downgraded


# -- cancelling -------------------------------------------------------------------------------


def test_cancel_keeps_the_part_and_a_later_call_resumes(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    url = server.serve("/long.pdf", paper, etag='"long"')
    dest = tmp_path / "long.pdf"
    cancel = threading.Event()

    def stop_after_two_chunks(done: int, total: int | None) -> None:
        if done >= 2 * CHUNK:
            cancel.set()

    error = failure_of(
        lambda: downloader.download(url, dest, progress=stop_after_two_chunks, cancel=cancel)
    )

    assert error.kind is FailureKind.CANCELLED
    assert not dest.exists()
    kept = dest.with_name("long.pdf.part").stat().st_size
    assert 2 * CHUNK <= kept < len(paper)
    assert json.loads(dest.with_name("long.pdf.part.json").read_text())["etag"] == '"long"'

    result = downloader.download(url, dest)

    assert_intact(result, dest, paper)
    assert server.seen("/long.pdf")[1].headers["range"] == f"bytes={kept}-"


def test_a_download_cancelled_before_it_starts_asks_nothing(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    url = server.serve("/never.pdf", paper)
    cancel = threading.Event()
    cancel.set()

    error = failure_of(lambda: downloader.download(url, tmp_path / "never.pdf", cancel=cancel))

    assert error.kind is FailureKind.CANCELLED
    assert server.requests == []


def test_progress_is_throttled_but_always_reports_the_end(
    server: PdfServer, make_downloader: Callable[..., Downloader], paper: bytes, tmp_path: Path
) -> None:
    url = server.serve("/paper.pdf", paper)
    downloader = make_downloader(progress_interval=60.0)
    calls: list[tuple[int, int | None]] = []

    downloader.download(url, tmp_path / "p.pdf", progress=lambda *call: calls.append(call))

    assert calls == [(0, len(paper)), (len(paper), len(paper))]


def test_two_downloads_into_one_file_at_once_is_refused(
    server: PdfServer, downloader: Downloader, paper: bytes, tmp_path: Path
) -> None:
    held = Gate()  # the first download stays in the middle of its file until the gate opens
    url = server.serve_slowly(
        "/slow.pdf", paper, piece=CHUNK, pause=0.0, gate=held, gate_after=CHUNK
    )
    dest = tmp_path / "same.pdf"
    results: list[DownloadResult] = []

    running = threading.Thread(target=lambda: results.append(downloader.download(url, dest)))
    running.start()
    try:
        assert held.wait_for(1)
        with pytest.raises(RuntimeError, match="already downloading"):
            downloader.download(url, dest)
    finally:
        held.open()
        running.join(HANG_BOUND)
    assert [result.sha256 for result in results] == [sha(paper)]  # the first one was untouched
    assert len(server.seen("/slow.pdf")) == 1  # the refused one asked the server nothing
