"""The reading library through its service, over real servers on 127.0.0.1 and a real store.

The course's readings are pointed at the test servers by syncing a course page, as a student's
app would after the staff edited the site: either a small page written here (``course_page``)
or the real ``index.md`` with links changed. Files, the SQLite store and the keyring (the
in-memory one every test gets, tests/keyring_memory.py) are real; nothing of ours is patched.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from app.domain.library import FailureKind, FetchState, LibraryEntry
from app.services.app_services import AppServices, open_services
from app.services.library import LibraryItem
from tests.integration import course_versions as cv
from tests.integration.pdf_server import PdfServer, Reply, Seen, file_reply
from tests.keyring_memory import MemoryKeyring
from tests.pdfs import make_pdf, not_a_pdf_but_starts_like_one

Readings = Sequence[tuple[str, str]]  # (title, link) of each reading of a week


# -- a course page that points at the test servers -------------------------------------------


def course_page(*weeks: Readings) -> str:
    """A small course index.md in the site's format: one entry per week, required readings."""
    dates = "\n".join(f"{1 + n // 4}/{1 + 7 * (n % 4)}/22" for n in range(len(weeks)))
    entries = []
    for number, readings in enumerate(weeks, start=1):
        bullets = "\n".join(f"* [{title}]({link})" for title, link in readings)
        entries.append(
            "{% include syllabus_entry %}\n"
            f"# Topic {number}\n\n"
            '<div class="reading">\n<div class="required_reading" markdown="1">\n'
            f"{bullets}\n</div>\n</div>\n"
        )
    return (
        "---\nlayout: default\n---\n\n# Test Seminar (Spring 2022)\n\n## Course Syllabus\n"
        f"{{% capture dates %}}\n{dates}\n{{% endcapture %}}\n"
        '{% assign dates = dates | split: " " %}\n\n<table class="syllabus">\n<tbody>\n\n'
        + "\n".join(entries)
        + "\n</tbody>\n</table>\n"
    )


class Site:
    """The course page as local files, synced into the services like a new version of the site."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.versions = 0

    def publish(self, services: AppServices, text: str) -> None:
        self.versions += 1
        page = self.directory / f"index-v{self.versions}.md"
        page.write_text(text, encoding="utf-8")
        services.sync.sync(str(page))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def by_title(services: AppServices, week: int | None = None) -> dict[str, LibraryItem]:
    return {
        item.reading.title: item
        for item in services.library.items(week)
        if not item.listed.archived
    }


def fetch_all(services: AppServices, **options: object) -> dict[str, LibraryEntry]:
    """Download everything the library offers; the finished entries by reading title."""
    wanted = services.library.to_fetch()
    finished = services.library.download(wanted, **options)  # type: ignore[arg-type]
    return {item.reading.title: entry for item, entry in zip(wanted, finished, strict=True)}


def library_files(services: AppServices) -> list[str]:
    return sorted(path.name for path in services.library.files_dir.iterdir())


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def fresh_data(first_start: Path, data_dir: Path) -> Path:
    shutil.copytree(first_start, data_dir)
    return data_dir


@pytest.fixture
def services(fresh_data: Path) -> Iterator[AppServices]:
    opened = open_services(fresh_data)
    yield opened
    opened.close()


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


@pytest.fixture
def server() -> Iterator[PdfServer]:
    with PdfServer() as running:
        yield running


class TrickleFile:
    """A PDF sent in small pieces with a pause after each, honouring Range and If-Range.

    ``fast`` lifts the pauses (the network got better). ``ranges`` records each request's
    Range header (None for a whole-file request).
    """

    ETAG = '"paper-v1"'

    def __init__(self, data: bytes, *, piece: int = 32 * 1024, pause: float = 0.01) -> None:
        self.data = data
        self.piece = piece
        self.pause = pause
        self.fast = False
        self.ranges: list[str | None] = []

    def __call__(self, request: Request) -> Response:
        asked = request.headers.get("Range")
        self.ranges.append(asked)
        headers = {"Content-Type": "application/pdf", "ETag": self.ETAG, "Accept-Ranges": "bytes"}
        start, status = 0, 200
        match = re.fullmatch(r"bytes=(\d+)-", asked or "")
        if match and request.headers.get("If-Range", self.ETAG) == self.ETAG:
            start, status = int(match[1]), 206
            headers["Content-Range"] = f"bytes {start}-{len(self.data) - 1}/{len(self.data)}"
        body = self.data[start:]
        headers["Content-Length"] = str(len(body))

        def pieces() -> Iterator[bytes]:
            for offset in range(0, len(body), self.piece):
                yield body[offset : offset + self.piece]
                if not self.fast:
                    time.sleep(self.pause)

        return Response(pieces(), status=status, headers=headers, direct_passthrough=True)


@pytest.fixture
def trickle_server() -> Iterator[HTTPServer]:
    """pytest-httpserver in threads: werkzeug streams a generator's pieces as they come."""
    running = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    running.start()
    yield running
    running.clear()
    running.stop()


# -- state in the store survives restarts ----------------------------------------------------


def test_the_library_survives_a_restart_with_its_files_and_failures(
    fresh_data: Path, server: PdfServer, site: Site
) -> None:
    first, second = make_pdf(3, size=200_000, seed=1), make_pdf(5, size=120_000, seed=2)
    essay = b"<html><head><title>An essay</title></head><body>Words.</body></html>"
    page = course_page(
        [
            ("First paper", server.serve("/first.pdf", first)),
            ("Second paper", server.serve("/second.pdf", second)),
            ("An essay", server.route("/essay", lambda seen: Reply(200, {}, essay))),
        ],
        [("Moved paper", server.url("/moved.pdf"))],  # no route: 404
    )
    services = open_services(fresh_data)
    try:
        site.publish(services, page)
        fetched = fetch_all(services)
        before = {title: item.entry for title, item in by_title(services).items()}
    finally:
        services.close()

    assert before == fetched
    reopened = open_services(fresh_data)
    try:
        after = {title: item.entry for title, item in by_title(reopened).items()}
        still_wanted = [item.reading.title for item in reopened.library.to_fetch()]
    finally:
        reopened.close()

    assert after == before
    for title, data, pages in (("First paper", first, 3), ("Second paper", second, 5)):
        entry = after[title]
        assert entry.state is FetchState.READY
        assert entry.path is not None and Path(entry.path).read_bytes() == data
        assert (entry.bytes, entry.pages, entry.sha256) == (len(data), pages, sha(data))
        assert entry.fetched_at is not None
    assert after["An essay"].state is FetchState.WEB
    assert after["An essay"].source_url == server.url("/essay")
    moved = after["Moved paper"]
    assert moved.state is FetchState.FAILED and moved.error_kind is FailureKind.HTTP_STATUS
    assert moved.error is not None and "404" in moved.error and "attach the PDF" in moved.error
    assert moved.path is None
    assert still_wanted == ["Moved paper"]  # only the failure is offered again


class Killed(BaseException):
    """The process dying: nothing after the point it strikes runs (not even except blocks)."""


def killer(when: Callable[[LibraryEntry], bool]) -> Callable[[LibraryEntry], None]:
    """An on_update that kills the run at the first update ``when`` picks, and any after it."""
    dead = threading.Event()

    def on_update(entry: LibraryEntry) -> None:
        if dead.is_set() or when(entry):
            dead.set()
            raise Killed

    return on_update


def test_an_interrupted_run_resumes_on_the_next_start_with_a_range_request(
    fresh_data: Path, trickle_server: HTTPServer, site: Site
) -> None:
    big, small = make_pdf(4, size=1_500_000, seed=3), make_pdf(2, size=90_000, seed=4)
    trickle = TrickleFile(big)
    trickle_server.expect_request("/big.pdf").respond_with_handler(trickle)
    trickle_server.expect_request("/small.pdf").respond_with_data(
        small, content_type="application/pdf"
    )
    page = course_page(
        [
            ("Big paper", trickle_server.url_for("/big.pdf")),
            ("Small paper", trickle_server.url_for("/small.pdf")),
        ]
    )
    services = open_services(fresh_data)
    try:
        site.publish(services, page)
        wanted = services.library.to_fetch()
        mid_file = killer(
            lambda entry: entry.reading_id == wanted[0].reading.id and (entry.bytes or 0) > 300_000
        )
        with pytest.raises(Killed):
            services.library.download(wanted, on_update=mid_file, workers=1)
        left = {title: item.entry for title, item in by_title(services).items()}
        files = library_files(services)
    finally:
        services.close()

    # What the killed run left: rows mid-way, the big file's bytes in a .part, nothing in place.
    assert {entry.state for entry in left.values()} <= {FetchState.QUEUED, FetchState.DOWNLOADING}
    assert [name for name in files if not name.endswith((".part", ".part.json"))] == []
    [part_name] = [name for name in files if name.endswith(".part")]
    part_size = (fresh_data / "library" / part_name).stat().st_size
    assert 300_000 < part_size < len(big)

    trickle.fast = True
    restarted = open_services(fresh_data)
    try:
        offered = [item.reading.title for item in restarted.library.to_fetch()]
        finished = fetch_all(restarted)
        files = library_files(restarted)
    finally:
        restarted.close()

    assert offered == ["Big paper", "Small paper"]
    assert trickle.ranges == [None, f"bytes={part_size}-"]  # the rest only, not the whole file
    for title, data in (("Big paper", big), ("Small paper", small)):
        entry = finished[title]
        assert entry.state is FetchState.READY, entry.error
        assert entry.path is not None and Path(entry.path).read_bytes() == data
        assert (entry.bytes, entry.sha256) == (len(data), sha(data))
    assert not [name for name in files if ".part" in name]


def test_a_run_killed_right_after_queueing_is_fetched_by_the_next_one(
    fresh_data: Path, server: PdfServer, site: Site
) -> None:
    papers = {f"Paper {n}": make_pdf(1 + n, size=50_000, seed=n) for n in range(3)}
    page = course_page(
        [(title, server.serve(f"/{n}.pdf", data)) for n, (title, data) in enumerate(papers.items())]
    )
    services = open_services(fresh_data)
    try:
        site.publish(services, page)
        wanted = services.library.to_fetch()
        last = wanted[-1].reading.id
        with pytest.raises(Killed):
            services.library.download(wanted, on_update=killer(lambda e: e.reading_id == last))
        states = {item.entry.state for item in by_title(services).values()}
    finally:
        services.close()

    assert states == {FetchState.QUEUED}
    assert server.requests == []
    restarted = open_services(fresh_data)
    try:
        finished = fetch_all(restarted)
    finally:
        restarted.close()
    assert {title: entry.sha256 for title, entry in finished.items()} == {
        title: sha(data) for title, data in papers.items()
    }


def test_on_a_slow_link_progress_moves_and_cancel_stops_at_once(
    services: AppServices, trickle_server: HTTPServer, site: Site
) -> None:
    paper = make_pdf(3, size=2_000_000, seed=5)
    trickle_server.expect_request("/slow.pdf").respond_with_handler(TrickleFile(paper))
    site.publish(services, course_page([("Slow paper", trickle_server.url_for("/slow.pdf"))]))
    cancel = threading.Event()
    progress: list[int] = []

    def on_update(entry: LibraryEntry) -> None:
        if entry.state is FetchState.DOWNLOADING and entry.bytes:
            progress.append(entry.bytes)
            if entry.bytes >= 500_000:
                cancel.set()  # the student presses Cancel

    [stopped] = services.library.download(
        services.library.to_fetch(), on_update=on_update, cancel=cancel
    )

    assert stopped.state is FetchState.NOT_FETCHED  # not a failure: it resumes next time
    assert len(progress) >= 3 and progress == sorted(progress)  # the bar moves, bit by bit
    [part] = services.library.files_dir.glob("*.part")
    assert part.stat().st_size < 800_000  # stopped within a piece or two, not a megabyte later


# -- several at once --------------------------------------------------------------------------


class Concurrency:
    """Counts the requests in flight, per host and in all; each request takes ``hold`` seconds."""

    def __init__(self, hold: float) -> None:
        self.hold = hold
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.peak_overall = 0
        self.first_wave = 0  # the most in flight before any request had finished
        self.finished = 0

    def serving(self, data: bytes) -> Callable[[Seen], Reply]:
        def route(seen: Seen) -> Reply:
            with self.lock:
                self.in_flight[seen.host] = self.in_flight.get(seen.host, 0) + 1
                self.peak[seen.host] = max(self.peak.get(seen.host, 0), self.in_flight[seen.host])
                overall = sum(self.in_flight.values())
                self.peak_overall = max(self.peak_overall, overall)
                if not self.finished:
                    self.first_wave = max(self.first_wave, overall)
            time.sleep(self.hold)
            with self.lock:
                self.in_flight[seen.host] -= 1
                self.finished += 1
            return file_reply(data, seen)

        return route


def test_several_downloads_at_once_at_most_two_per_host_and_four_in_all(
    services: AppServices, server: PdfServer, site: Site
) -> None:
    # Three host names for the one server: an HTTP client (and the per-host limit) tells
    # them apart by name. A week's readings often share a host, so they are listed grouped.
    hosts = ("127.0.0.1", "localhost", "127.1")
    counter = Concurrency(hold=0.25)
    papers: dict[str, bytes] = {}
    weeks: list[list[tuple[str, str]]] = []
    for h, host in enumerate(hosts):
        week = []
        for n in range(4):
            title, data = f"Paper {h}-{n}", make_pdf(1, size=40_000, seed=10 * h + n)
            papers[title] = data
            path = f"/{h}-{n}.pdf"
            server.route(path, counter.serving(data))
            week.append((title, server.url(path, host)))
        weeks.append(week)
    site.publish(services, course_page(*weeks))

    started = time.monotonic()
    finished = fetch_all(services)
    elapsed = time.monotonic() - started

    assert {title: entry.sha256 for title, entry in finished.items()} == {
        title: sha(data) for title, data in papers.items()
    }
    assert counter.peak == dict.fromkeys(hosts, 2)
    assert counter.peak_overall == 4
    # A reading waiting for a busy host does not hold up readings on idle hosts.
    assert counter.first_wave == 4
    assert elapsed < 12 * counter.hold  # far from one at a time


# -- a link that changes ----------------------------------------------------------------------


def test_a_new_link_replaces_the_file_only_once_the_new_file_is_good(
    services: AppServices, server: PdfServer, site: Site
) -> None:
    old, new = make_pdf(2, size=80_000, seed=5), make_pdf(7, size=90_000, seed=6)
    login = b'<html><body><form><input type="password" name="pw"></form></body></html>'
    server.route("/login.pdf", lambda seen: Reply(200, {"Content-Type": "text/html"}, login))
    server.serve("/broken.pdf", not_a_pdf_but_starts_like_one(60_000))
    site.publish(services, course_page([("The paper", server.serve("/v1.pdf", old))]))
    [first] = fetch_all(services).values()
    assert first.state is FetchState.READY and first.path is not None
    path = Path(first.path)

    for bad, kind in (
        ("/login.pdf", FailureKind.LOGIN_WALL),
        ("/broken.pdf", FailureKind.NOT_PDF),
    ):
        site.publish(services, course_page([("The paper", server.url(bad))]))
        [offered] = services.library.to_fetch()
        [failed] = fetch_all(services).values()

        assert offered.reading.id == first.reading_id  # the same reading, relinked
        assert failed.state is FetchState.FAILED and failed.error_kind is kind
        assert failed.error is not None and server.url(bad) in failed.error
        assert path.read_bytes() == old  # the old file is still there, whole and readable
        assert failed.path == str(path)

    seen_old_file: list[bool] = []

    def new_file(seen: Seen) -> Reply:
        seen_old_file.append(path.read_bytes() == old)  # while the new one is on its way
        return file_reply(new, seen)

    site.publish(services, course_page([("The paper", server.route("/v2.pdf", new_file))]))
    [replaced] = fetch_all(services).values()

    assert seen_old_file == [True]
    assert replaced.state is FetchState.READY
    assert (replaced.path, replaced.pages, replaced.sha256) == (str(path), 7, sha(new))
    assert path.read_bytes() == new
    assert library_files(services) == [path.name]
    assert services.library.to_fetch() == []


def test_a_new_link_and_title_moves_the_file_and_removes_the_old_one(
    services: AppServices, server: PdfServer, site: Site
) -> None:
    old, new = make_pdf(2, size=60_000, seed=7), make_pdf(3, size=60_000, seed=8)
    site.publish(services, course_page([("Draft title", server.serve("/draft.pdf", old))]))
    [first] = fetch_all(services).values()
    assert first.path is not None

    # The staff relink the reading and fix its title in two edits (sync keeps its id).
    site.publish(services, course_page([("Draft title", server.serve("/final.pdf", new))]))
    site.publish(services, course_page([("Final title", server.url("/final.pdf"))]))
    [again] = services.library.to_fetch()
    [second] = fetch_all(services).values()

    assert again.reading.id == first.reading_id
    assert second.state is FetchState.READY and second.path is not None
    assert second.path != first.path and "Final-title" in second.path
    assert Path(second.path).read_bytes() == new
    assert library_files(services) == [Path(second.path).name]


# -- readings behind a login ------------------------------------------------------------------

USER, PASSWORD = "student", "s3cret-Pa55 wörd"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def protected(answer: Callable[[Seen], Reply]) -> Callable[[Seen], Reply]:
    def route(seen: Seen) -> Reply:
        if seen.headers.get("authorization") != f"Basic {TOKEN}":
            return Reply(401, {"WWW-Authenticate": 'Basic realm="library"'}, b"login")
        return answer(seen)

    return route


class Prompt:
    """The student at the login dialog: answers, and counts how often it was asked."""

    def __init__(self, answer: tuple[str, str] | None) -> None:
        self.answer = answer
        self.hosts: list[str] = []

    def __call__(self, host: str) -> tuple[str, str] | None:
        self.hosts.append(host)
        time.sleep(0.05)  # a person takes a moment: the other download reaches its 401 meanwhile
        return self.answer


def secured_page(server: PdfServer, papers: dict[str, bytes]) -> str:
    # One link with .pdf (no request to resolve it) and one without (its 401 comes at resolving).
    paths = ["/library/first.pdf", "/library/second", "/library/third.pdf"]
    readings = []
    for path, (title, data) in zip(paths, papers.items(), strict=False):
        readings.append((title, server.route(path, protected(lambda s, d=data: file_reply(d, s)))))
    return course_page(readings)


def everything_under(directory: Path) -> Iterator[tuple[Path, bytes]]:
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes()


def assert_no_secret(directory: Path, log_text: str) -> None:
    secrets = (PASSWORD.encode(), PASSWORD.encode("latin-1", "replace"), TOKEN.encode())
    for path, data in everything_under(directory):
        for secret in secrets:
            assert secret not in data, f"the password is in {path}"
    assert PASSWORD not in log_text and TOKEN not in log_text


def test_a_login_is_asked_once_per_host_kept_in_the_keyring_and_nowhere_else(
    fresh_data: Path,
    server: PdfServer,
    site: Site,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    papers = {"First": make_pdf(2, seed=11), "Second": make_pdf(3, seed=12)}
    prompt = Prompt((USER, PASSWORD))
    services = open_services(fresh_data)
    try:
        site.publish(services, secured_page(server, papers))
        services.library.set_credentials_prompt(prompt)
        finished = fetch_all(services)
        assert_no_secret(tmp_path, caplog.text)  # the store's write-ahead log included
    finally:
        services.close()

    assert prompt.hosts == ["127.0.0.1"]
    assert {title: entry.sha256 for title, entry in finished.items()} == {
        title: sha(data) for title, data in papers.items()
    }
    assert memory_keyring.passwords == {("study-companion:127.0.0.1", USER): PASSWORD}
    assert_no_secret(tmp_path, caplog.text)

    # Next start, a third reading on that host: the keyring answers, nobody is asked.
    papers["Third"] = make_pdf(4, seed=13)
    restarted = open_services(fresh_data)
    try:
        site.publish(restarted, secured_page(server, papers))
        never = Prompt(None)
        restarted.library.set_credentials_prompt(never)
        [third] = fetch_all(restarted).values()
    finally:
        restarted.close()
    assert never.hosts == []
    assert third.state is FetchState.READY and third.sha256 == sha(papers["Third"])
    assert_no_secret(tmp_path, caplog.text)


def test_declining_the_login_fails_the_hosts_readings_with_advice_after_one_question(
    services: AppServices, server: PdfServer, site: Site, memory_keyring: MemoryKeyring
) -> None:
    papers = {"First": make_pdf(2, seed=11), "Second": make_pdf(3, seed=12)}
    site.publish(services, secured_page(server, papers))
    prompt = Prompt(None)
    services.library.set_credentials_prompt(prompt)

    finished = fetch_all(services)

    assert prompt.hosts == ["127.0.0.1"]
    for entry in finished.values():
        assert entry.state is FetchState.FAILED and entry.error_kind is FailureKind.LOGIN_WALL
        assert entry.error is not None and "open it in the browser or attach the PDF" in entry.error
    assert memory_keyring.passwords == {}


def test_without_a_system_keyring_the_login_still_works_for_this_run(
    services: AppServices,
    server: PdfServer,
    site: Site,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    keyring.set_keyring(fail.Keyring())  # a desktop with no keyring service
    papers = {"First": make_pdf(2, seed=11), "Second": make_pdf(3, seed=12)}
    site.publish(services, secured_page(server, papers))
    prompt = Prompt((USER, PASSWORD))
    services.library.set_credentials_prompt(prompt)

    finished = fetch_all(services)

    assert prompt.hosts == ["127.0.0.1"]
    assert [entry.state for entry in finished.values()] == [FetchState.READY] * 2
    assert "keyring" in caplog.text  # said why the login will be asked for again next time
    assert_no_secret(tmp_path, caplog.text)


# -- through an HTTP proxy, with the real course page -----------------------------------------

ARXIV = "https://arxiv.org/abs/1904.03257"
EYERISS = "https://dspace.mit.edu/handle/1721.1/102369"
EYERISS_PDF = "/bitstream/handle/1721.1/102369/eyeriss-isca2016.pdf"


def test_readings_with_real_host_names_come_through_the_proxy(
    services: AppServices,
    server: PdfServer,
    site: Site,
    course_index_text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sysml, eyeriss = make_pdf(6, size=70_000, seed=21), make_pdf(9, size=70_000, seed=22)
    landing = (
        "<html><head><title>Eyeriss</title>"
        f'<meta name="citation_pdf_url" content="{EYERISS_PDF}?sequence=1">'
        "</head><body>DSpace@MIT</body></html>"
    ).encode()
    # The server is the proxy: a plain HTTP proxy is sent the absolute URL in the request line,
    # and routes here go by its path.
    server.serve("/pdf/1904.03257", sysml)
    server.route("/handle/1721.1/102369", lambda seen: Reply(200, {}, landing))
    server.serve(EYERISS_PDF, eyeriss)
    page = cv.change_reading_link(course_index_text, ARXIV, ARXIV.replace("https", "http"))
    page = cv.change_reading_link(page, EYERISS, EYERISS.replace("https", "http"))
    site.publish(services, page)
    monkeypatch.setenv("HTTP_PROXY", server.url(""))

    links = {ARXIV.replace("https", "http"), EYERISS.replace("https", "http")}
    wanted = [item for item in services.library.to_fetch() if item.reading.url in links]
    assert len(wanted) == 2
    finished = {
        item.reading.url: entry
        for item, entry in zip(wanted, services.library.download(wanted), strict=True)
    }

    sysml_entry = finished["http://arxiv.org/abs/1904.03257"]
    eyeriss_entry = finished["http://dspace.mit.edu/handle/1721.1/102369"]
    assert (sysml_entry.state, sysml_entry.pages, sysml_entry.sha256) == (
        FetchState.READY,
        6,
        sha(sysml),
    )
    assert (eyeriss_entry.state, eyeriss_entry.pages, eyeriss_entry.sha256) == (
        FetchState.READY,
        9,
        sha(eyeriss),
    )
    assert sysml_entry.source_url == "http://arxiv.org/pdf/1904.03257"
    assert eyeriss_entry.source_url == f"http://dspace.mit.edu{EYERISS_PDF}?sequence=1"
    # Every request went to the proxy, which was asked for the real host's absolute URL.
    assert sorted((seen.host, seen.path) for seen in server.requests) == [
        ("arxiv.org", "http://arxiv.org/pdf/1904.03257"),
        ("dspace.mit.edu", f"http://dspace.mit.edu{EYERISS_PDF}?sequence=1"),
        ("dspace.mit.edu", "http://dspace.mit.edu/handle/1721.1/102369"),
    ]


def test_a_mistyped_password_is_forgotten_so_that_retry_asks_again(
    services: AppServices, server: PdfServer, site: Site, memory_keyring: MemoryKeyring
) -> None:
    papers = {"First": make_pdf(2, seed=11)}
    site.publish(services, secured_page(server, papers))
    typo = Prompt((USER, "not-" + PASSWORD))
    services.library.set_credentials_prompt(typo)

    [failed] = fetch_all(services).values()

    assert failed.state is FetchState.FAILED and failed.error_kind is FailureKind.LOGIN_WALL
    assert failed.error is not None and "refused the login; Retry" in failed.error
    assert memory_keyring.passwords == {}  # the wrong password is not kept

    right = Prompt((USER, PASSWORD))
    services.library.set_credentials_prompt(right)
    [ready] = fetch_all(services).values()
    assert right.hosts == ["127.0.0.1"] and ready.state is FetchState.READY
