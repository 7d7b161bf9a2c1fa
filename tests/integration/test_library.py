"""The reading library through its service, over real servers on 127.0.0.1 and a real store.

The course's readings are pointed at the test servers by syncing a course page, as a student's
app would after the staff edited the site: either a small page (tests/integration/course_page.py)
or the real ``index.md`` with links changed. Files, the SQLite store and the keyring (the
in-memory one every test gets, tests/keyring_memory.py) are real; nothing of ours is patched.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.domain.library import FailureKind, FetchState, LibraryEntry
from app.services.app_services import AppServices, open_services
from app.services.library import LibraryItem
from tests.integration import course_versions as cv
from tests.integration.course_page import course_page
from tests.integration.library_runs import library_files
from tests.integration.pdf_server import (
    HANG_BOUND,
    Gate,
    PdfServer,
    Reply,
    Seen,
    basic_auth,
    file_reply,
    login_required,
    sha,
)
from tests.integration.test_download_damaged import with_broken_pages
from tests.keyring_memory import MemoryKeyring
from tests.pdfs import make_pdf, not_a_pdf_but_starts_like_one


class Site:
    """The course page as local files, synced into the services like a new version of the site."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.versions = 0

    def publish(self, services: AppServices, text: str) -> None:
        self.versions += 1
        page = self.directory / f"index-v{self.versions}.md"
        page.write_text(text, encoding="utf-8")
        services.sync.sync(str(page), allow_removals=True)  # a small course, on purpose


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


class Background:
    """``fetch_all`` on a thread of its own, while the test plays the server and the student."""

    def __init__(self, services: AppServices, **options: object) -> None:
        self.finished: dict[str, LibraryEntry] = {}
        self._thread = threading.Thread(target=self._run, args=(services, options))
        self._thread.start()

    def _run(self, services: AppServices, options: dict[str, object]) -> None:
        self.finished = fetch_all(services, **options)

    def join(self) -> dict[str, LibraryEntry]:
        self._thread.join(HANG_BOUND)
        assert not self._thread.is_alive(), "the downloads did not finish"
        return self.finished


# -- fixtures (the data directory and services: tests/integration/conftest.py) ---------------


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


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


# A run that is killed and resumes on the next start: see test_download_cli.py, which kills
# the real program with SIGKILL mid-file and after queueing.


def test_on_a_slow_link_progress_moves_and_cancel_stops_without_the_rest(
    services: AppServices, server: PdfServer, site: Site
) -> None:
    paper = make_pdf(3, size=2_000_000, seed=5)
    held = Gate()  # 600 kB come in pieces, then the server holds the rest
    url = server.serve_slowly(
        "/slow.pdf", paper, piece=32 * 1024, pause=0.01, gate=held, gate_after=600_000
    )
    site.publish(services, course_page([("Slow paper", url)]))
    cancel = threading.Event()
    progress: list[int] = []
    moved = threading.Event()

    def on_update(entry: LibraryEntry) -> None:
        if entry.state is FetchState.DOWNLOADING and entry.bytes:
            progress.append(entry.bytes)
            moved.set()

    run = Background(services, on_update=on_update, cancel=cancel)
    assert held.wait_for(1) and moved.wait(HANG_BOUND)
    cancel.set()  # the student presses Cancel while the server still has 1.4 MB to send
    held.open()
    [stopped] = run.join().values()

    assert stopped.state is FetchState.NOT_FETCHED  # not a failure: it resumes next time
    assert progress and progress == sorted(progress)  # the bar moved, never backwards
    [part] = services.library.files_dir.glob("*.part")
    # It stopped at the first bytes after the Cancel: what came before the gate is kept,
    # nothing after it was written.
    assert progress[-1] <= part.stat().st_size <= 600_000
    assert part.read_bytes() == paper[: part.stat().st_size]


# -- several at once --------------------------------------------------------------------------


class Concurrency:
    """Counts the requests in flight, per host and in all; holds them all at ``gate``."""

    def __init__(self) -> None:
        self.gate = Gate()
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.peak_overall = 0
        self.when_four: dict[str, int] = {}  # per host, when four were first in flight at once

    def serving(self, data: bytes) -> Callable[[Seen], Reply]:
        def route(seen: Seen) -> Reply:
            with self.lock:
                self.in_flight[seen.host] = self.in_flight.get(seen.host, 0) + 1
                self.peak[seen.host] = max(self.peak.get(seen.host, 0), self.in_flight[seen.host])
                overall = sum(self.in_flight.values())
                self.peak_overall = max(self.peak_overall, overall)
                if overall == 4 and not self.when_four:
                    self.when_four = {host: n for host, n in self.in_flight.items() if n}
            self.gate.hold(threading.Event())  # until the test has seen the first wave
            with self.lock:
                self.in_flight[seen.host] -= 1
            return file_reply(data, seen)

        return route


def test_several_downloads_at_once_at_most_two_per_host_and_four_in_all(
    services: AppServices, server: PdfServer, site: Site
) -> None:
    # Three host names for the one server: an HTTP client (and the per-host limit) tells
    # them apart by name. A week's readings often share a host, so they are listed grouped.
    hosts = ("127.0.0.1", "localhost", "127.1")
    counter = Concurrency()
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

    run = Background(services)
    try:
        # Four requests held by the server at once: the downloads run side by side. The first
        # four readings share a host, so the other two in flight came from further down the
        # list: a reading waiting for a busy host does not hold up readings on idle hosts.
        assert counter.gate.wait_for(4)
        assert counter.when_four == {"127.0.0.1": 2, "localhost": 2}
    finally:
        counter.gate.open()
    finished = run.join()

    assert {title: entry.sha256 for title, entry in finished.items()} == {
        title: sha(data) for title, data in papers.items()
    }
    # Never more, before or after the first wave (the third host ran once the gate opened).
    assert set(counter.peak) == set(hosts) and max(counter.peak.values()) == 2
    assert counter.peak_overall == 4


# -- a link that changes ----------------------------------------------------------------------


def test_a_new_link_replaces_the_file_only_once_the_new_file_is_good(
    services: AppServices, server: PdfServer, site: Site
) -> None:
    old, new = make_pdf(2, size=80_000, seed=5), make_pdf(7, size=90_000, seed=6)
    login = b'<html><body><form><input type="password" name="pw"></form></body></html>'
    server.route("/login.pdf", lambda seen: Reply(200, {"Content-Type": "text/html"}, login))
    server.serve("/broken.pdf", not_a_pdf_but_starts_like_one(60_000))
    server.serve("/damaged.pdf", with_broken_pages(6, range(2, 4)))
    site.publish(services, course_page([("The paper", server.serve("/v1.pdf", old))]))
    [first] = fetch_all(services).values()
    assert first.state is FetchState.READY and first.path is not None
    path = Path(first.path)

    for bad, kind in (
        ("/login.pdf", FailureKind.LOGIN_WALL),
        ("/broken.pdf", FailureKind.NOT_PDF),
        ("/damaged.pdf", FailureKind.DAMAGED),  # readable in part, still not better than whole
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
TOKEN = basic_auth(USER, PASSWORD).removeprefix("Basic ")
LOGIN_PATHS = ("/library/first.pdf", "/library/second", "/library/third.pdf")


class Prompt:
    """The student at the login dialog: answers, and counts how often it was asked.

    With a ``server``, the student answers only once every reading listed there has met the
    login (a person takes a moment): so the other downloads really are waiting at their 401
    while the question is open, whatever the machine's speed. ``all_waiting`` says whether
    they were, each time.
    """

    def __init__(self, answer: tuple[str, str] | None, server: PdfServer | None = None) -> None:
        self.answer = answer
        self.server = server
        self.hosts: list[str] = []
        self.all_waiting: list[bool] = []

    def __call__(self, host: str) -> tuple[str, str] | None:
        self.hosts.append(host)
        if self.server is not None:
            deadline = time.monotonic() + HANG_BOUND  # bounds a hang only
            while not self._all_challenged() and time.monotonic() < deadline:
                time.sleep(0.01)  # the server's log has no event to wait on
            self.all_waiting.append(self._all_challenged())
        return self.answer

    def _all_challenged(self) -> bool:
        assert self.server is not None
        routes = [path for path in LOGIN_PATHS if path in self.server.routes]
        return all(self._without_login(path) for path in routes)

    def _without_login(self, path: str) -> bool:
        assert self.server is not None
        return any("authorization" not in seen.headers for seen in self.server.seen(path))


def secured_page(server: PdfServer, papers: dict[str, bytes]) -> str:
    # One link with .pdf (no request to resolve it) and one without (its 401 comes at resolving).
    readings = []
    for path, (title, data) in zip(LOGIN_PATHS, papers.items(), strict=False):
        route = login_required(lambda s, d=data: file_reply(d, s), USER, PASSWORD)
        readings.append((title, server.route(path, route)))
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
    prompt = Prompt((USER, PASSWORD), server)
    services = open_services(fresh_data)
    try:
        site.publish(services, secured_page(server, papers))
        services.library.set_credentials_prompt(prompt)
        finished = fetch_all(services)
        assert_no_secret(tmp_path, caplog.text)  # the store's write-ahead log included
    finally:
        services.close()

    assert prompt.hosts == ["127.0.0.1"]
    assert prompt.all_waiting == [True]  # the other reading met the login while it was asked
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
    prompt = Prompt(None, server)
    services.library.set_credentials_prompt(prompt)

    finished = fetch_all(services)

    assert prompt.hosts == ["127.0.0.1"] and prompt.all_waiting == [True]
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
    prompt = Prompt((USER, PASSWORD), server)
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
