"""Sync against a real HTTP server on 127.0.0.1 serving successive versions of the course page.

The server is pytest-httpserver; versions are the real ``index.md`` edited the way the course
staff edited it over the term (see course_versions.py). The store is a real SQLite file.
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from app.domain.changes import Change
from app.resources import embedded_syllabus_path
from app.services.app_services import AppServices
from app.services.sync import SyncError, SyncService, SyncStatus
from app.store.course_store import CourseStore
from app.store.schema_version import DATABASE_NAME
from app.syllabus import json_format
from tests.integration import course_versions as cv
from tests.integration.course_page import CourseSite
from tests.integration.local_network import closed_port
from tests.integration.store_rows import table_rows

FORM_13 = "https://forms.gle/Bench13ReviewForm"
FORM_14 = "https://forms.gle/Security14Review"
EYERISS = "https://dspace.mit.edu/handle/1721.1/102369"
EYERISS_ARXIV = "https://arxiv.org/abs/1807.07928"
EYERISS_TITLE = (
    "Eyeriss: A Spatial Architecture for Energy-Efficient Dataflow for Convolutional "
    "Neural Networks"
)
SLALOM = "https://arxiv.org/abs/1806.03287"
CRYPTFLOW = "https://arxiv.org/abs/1909.07814"


class SteppingClock:
    """A clock that moves a minute each time it is read: every sync happens at a new moment."""

    def __init__(self) -> None:
        self._moment = datetime(2022, 2, 1, 18, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self._moment += timedelta(minutes=1)
        return self._moment


@pytest.fixture
def clock() -> SteppingClock:
    """The services' clock here (tests/integration/conftest.py opens them with it)."""
    return SteppingClock()


@pytest.fixture
def site(httpserver: HTTPServer, course_index_text: str) -> CourseSite:
    course_site = CourseSite(httpserver)
    course_site.publish(course_index_text)
    return course_site


def summary(changes: tuple[Change, ...]) -> set[tuple[str, str, int | None, str]]:
    return {(str(c.change), str(c.item), c.week, c.detail) for c in changes}


def reading_titles(services: AppServices, week: int) -> list[str]:
    found = services.course.syllabus().week(week)
    assert found is not None
    return [r.title for r in found.readings]


# -- conditional requests ---------------------------------------------------------------------


def test_unchanged_source_costs_one_round_trip_and_changes_nothing(
    services: AppServices, site: CourseSite, data_dir: Path
) -> None:
    first = services.sync.sync(site.url)
    # The embedded syllabus was generated from this very file: nothing to report.
    assert first.status == SyncStatus.UNCHANGED and first.changes == ()
    assert "If-None-Match" not in site.seen[0]
    before, checked = table_rows(data_dir), services.course.sync_record()

    second = services.sync.sync(site.url)

    assert second.status == SyncStatus.UNCHANGED and second.changes == ()
    assert len(site.seen) == 2, "one request per sync"
    etag = '"' + hashlib.sha256(site.text.encode()).hexdigest()[:16] + '"'
    assert site.seen[1]["If-None-Match"] == etag
    assert site.server.log[-1][1].status_code == 304
    after = table_rows(data_dir)
    assert {k: v for k, v in after.items() if k != "sync_state"} == {
        k: v for k, v in before.items() if k != "sync_state"
    }
    record = services.course.sync_record()
    assert checked is not None and record is not None and record.etag == etag
    assert record.synced_at > checked.synced_at  # confirmed current, later


def test_last_modified_is_sent_back_when_there_is_no_etag(
    services: AppServices, httpserver: HTTPServer, course_index_text: str
) -> None:
    site = CourseSite(httpserver, etags=False, modified=True)
    site.publish(course_index_text)
    services.sync.sync(site.url)
    outcome = services.sync.sync(site.url)
    assert outcome.status == SyncStatus.UNCHANGED
    assert site.seen[1].get("If-Modified-Since") == "Mon, 07 Feb 2022 10:01:00 GMT"
    assert "If-None-Match" not in site.seen[1]
    assert httpserver.log[-1][1].status_code == 304


def test_a_server_that_ignores_conditions_and_resends_the_same_file_changes_nothing(
    services: AppServices, httpserver: HTTPServer, course_index_text: str, data_dir: Path
) -> None:
    site = CourseSite(httpserver, etags=False)
    site.publish(cv.add_review_link(course_index_text, 13, FORM_13))
    assert services.sync.sync(site.url).status == SyncStatus.UPDATED
    before = table_rows(data_dir)
    outcome = services.sync.sync(site.url)
    assert outcome.status == SyncStatus.UNCHANGED and outcome.changes == ()
    after = table_rows(data_dir)
    assert {k: v for k, v in after.items() if k != "sync_state"} == {
        k: v for k, v in before.items() if k != "sync_state"
    }


def test_the_etag_of_one_source_is_never_sent_to_another(
    services: AppServices, site: CourseSite, httpserver: HTTPServer, course_index_text: str
) -> None:
    services.sync.sync(site.url)
    mirror: list[dict[str, str]] = []

    def serve_mirror(request: Request) -> Response:
        mirror.append(dict(request.headers))
        return Response(cv.add_review_link(course_index_text, 13, FORM_13), headers={"ETag": '"m"'})

    httpserver.expect_request("/mirror/index.md").respond_with_handler(serve_mirror)
    outcome = services.sync.sync(httpserver.url_for("/mirror/index.md"))
    assert "If-None-Match" not in mirror[0]
    assert ("added", "review_form", 13, FORM_13) in summary(outcome.changes)


# -- successive versions ----------------------------------------------------------------------


def test_a_term_of_edits_reports_each_change_and_never_loses_a_reading(
    services: AppServices, site: CourseSite, data_dir: Path, course_index_text: str
) -> None:
    services.sync.sync(site.url)
    ids_seen = {row[0] for row in table_rows(data_dir)["readings"]}

    # Before week 13: its review link goes up, and week 8's slides are posted after the lecture.
    v1 = cv.add_review_link(course_index_text, 13, FORM_13)
    v1 = cv.post_slides(
        v1, 8, "assets/lectures/lec08/lec08.pdf", "assets/lectures/lec08/lec08.pptx"
    )
    site.publish(v1)
    outcome = services.sync.sync(site.url)
    assert outcome.status == SyncStatus.UPDATED
    assert summary(outcome.changes) == {
        ("added", "review_form", 13, FORM_13),
        ("changed", "slides", 8, "Lecture slides (PDF) posted"),
        ("changed", "slides", 8, "Lecture slides (PPTX) posted"),
    }
    week8 = services.course.syllabus().week(8)
    assert week8 is not None
    assert [s.url for s in week8.slides] == [
        "https://ucbrise.github.io/cs294-ai-sys-sp22/assets/lectures/lec08/lec08.pdf",
        "https://ucbrise.github.io/cs294-ai-sys-sp22/assets/lectures/lec08/lec08.pptx",
    ]
    deadline = {d.week: d for d in services.course.deadlines(datetime(2022, 4, 1, tzinfo=UTC))}
    assert deadline[13].due == datetime(2022, 4, 18, 20, 0, tzinfo=UTC)

    # A week before its lecture, a security paper is swapped and Eyeriss gets a better link.
    v2 = cv.swap_reading(v1, SLALOM, "CrypTFlow: Secure TensorFlow Inference", CRYPTFLOW)
    v2 = cv.change_reading_link(v2, EYERISS, EYERISS_ARXIV)
    site.publish(v2)
    outcome = services.sync.sync(site.url)
    slalom = "Slalom: Fast, Verifiable and Private Execution of Neural Networks in Trusted Hardware"
    assert summary(outcome.changes) == {
        ("changed", "reading", 3, f"{EYERISS_TITLE}: link {EYERISS} → {EYERISS_ARXIV}"),
        ("added", "reading", 14, "CrypTFlow: Secure TensorFlow Inference"),
        ("removed", "reading", 14, slalom),
    }
    assert "CrypTFlow: Secure TensorFlow Inference" in reading_titles(services, 14)
    assert slalom not in reading_titles(services, 14)

    # Week 14's link is pasted into the RRR week by mistake, then moved where it belongs.
    v3 = cv.add_review_link(v2, 15, FORM_14)
    site.publish(v3)
    outcome = services.sync.sync(site.url)
    assert summary(outcome.changes) == {("added", "review_form", 15, FORM_14)}
    v4 = cv.move_review_link(v3, 15, 14)
    site.publish(v4)
    outcome = services.sync.sync(site.url)
    assert summary(outcome.changes) == {
        ("added", "review_form", 14, f"{FORM_14} (moved from week 15)"),
        ("removed", "review_form", 15, "moved to week 14"),
    }
    weeks = services.course.syllabus()
    assert [w.number for w in weeks.weeks if w.review and w.review.form_url == FORM_14] == [14]

    rows = table_rows(data_dir)["readings"]
    assert ids_seen <= {row[0] for row in rows}, "a sync deleted a reading"
    assert len(site.seen) == 5 and all(
        response.status_code == 200 for _, response in site.server.log
    )


def test_a_removed_reading_is_archived_with_its_data_and_comes_back_with_its_id(
    services: AppServices, site: CourseSite, course_index_text: str
) -> None:
    services.sync.sync(site.url)
    [before] = [item for item in services.course.readings(3) if item.reading.url == EYERISS]

    site.publish(cv.remove_reading(course_index_text, EYERISS))
    outcome = services.sync.sync(site.url)

    assert summary(outcome.changes) == {("removed", "reading", 3, before.reading.title)}
    assert before.reading.title not in reading_titles(services, 3)
    [archived] = [
        item for item in services.course.readings(3) if item.reading.id == before.reading.id
    ]
    assert archived.archived and archived.week == 3
    assert archived.reading == before.reading  # title, link, venue, note all kept

    site.publish(course_index_text)
    outcome = services.sync.sync(site.url)
    assert summary(outcome.changes) == {("added", "reading", 3, before.reading.title)}
    [back] = [item for item in services.course.readings(3) if item.reading.id == before.reading.id]
    assert not back.archived and back.reading == before.reading


def test_a_changed_link_keeps_the_reading_and_its_id(
    services: AppServices, site: CourseSite, course_index_text: str
) -> None:
    services.sync.sync(site.url)
    [before] = [item for item in services.course.readings(3) if item.reading.url == EYERISS]
    relinked = cv.change_reading_link(course_index_text, EYERISS, EYERISS_ARXIV)
    site.publish(relinked)
    services.sync.sync(site.url)  # matched by title: the link is new
    site.publish(cv.rename_reading(relinked, EYERISS_ARXIV, f"{EYERISS_TITLE} [ISCA’16]"))
    outcome = services.sync.sync(site.url)  # matched by the new link

    assert summary(outcome.changes) == {
        ("changed", "reading", 3, f"{EYERISS_TITLE}: venue SIGRAPH, 2016 → ISCA’16")
    }
    listed = [item for item in services.course.readings(3) if item.reading.id == before.reading.id]
    assert [(item.reading.url, item.archived) for item in listed] == [(EYERISS_ARXIV, False)]
    assert len(services.course.readings(3)) == 6 and len(reading_titles(services, 3)) == 6


def test_a_new_reading_with_a_relinked_readings_old_link_does_not_overwrite_it(
    services: AppServices, site: CourseSite, course_index_text: str
) -> None:
    book = "https://www.sciencedirect.com/book/9780123749574/principles-of-computer-system-design"
    library = "https://library.example.edu/principles-of-computer-system-design.pdf"
    services.sync.sync(site.url)
    [chapter_one] = [i.reading for i in services.course.readings(1) if i.reading.url == book]
    relinked = cv.change_reading_link(course_index_text, book, library)
    site.publish(relinked)
    services.sync.sync(site.url)
    site.publish(
        cv.replace_text(
            relinked,
            "* [A Few Useful Things",
            f"* Read Chapter 2 of [_Principles of Computer System Design_]({book}).\n"
            "* [A Few Useful Things",
        )
    )
    services.sync.sync(site.url)

    week1 = services.course.syllabus().week(1)
    assert week1 is not None
    notes = [r.note or "" for r in week1.readings]
    assert len(week1.readings) == 6
    assert any(n.startswith("Read Chapter 1") for n in notes)
    assert any(n.startswith("Read Chapter 2") for n in notes)
    [kept] = [r for r in week1.readings if r.url == library]
    assert kept.id == chapter_one.id  # what the student attached to chapter 1 stays with it


def test_an_inserted_holiday_renumbers_weeks_without_moving_anyones_readings(
    services: AppServices, site: CourseSite, course_index_text: str
) -> None:
    services.sync.sync(site.url)
    site.publish(cv.remove_reading(course_index_text, EYERISS))
    services.sync.sync(site.url)
    week6 = services.course.syllabus().week(6)
    assert week6 is not None
    readings_of = {r.id for r in week6.readings}

    site.publish(
        cv.insert_holiday(cv.remove_reading(course_index_text, EYERISS), 3, "Holiday (Snow Day)")
    )
    outcome = services.sync.sync(site.url)

    items = {(c.change, c.item) for c in outcome.changes}
    assert ("added", "week") in items
    assert not {("added", "reading"), ("removed", "reading")} & items
    assert ("added", "week", 3, "Holiday (Snow Day)") in summary(outcome.changes)
    syllabus = services.course.syllabus()
    moved = syllabus.week(7)
    assert moved is not None and moved.title.startswith("Distributed deep learning, Part II")
    assert {r.id for r in moved.readings} == readings_of
    assert (
        moved.review is not None and moved.review.form_url == "https://forms.gle/Y5ya8YETxwW7jr5aA"
    )
    # The review moved to the new date with its week: 3/07/22, 1:00 PM Pacific (PST).
    assert moved.review.due == datetime(2022, 3, 7, 21, 0, tzinfo=UTC)
    # The archived reading follows its week too.
    [archived] = [i for i in services.course.readings() if i.reading.url == EYERISS]
    assert archived.archived and archived.week == 4


def test_a_week_that_leaves_the_syllabus_is_archived_not_deleted(
    services: AppServices, site: CourseSite, course_index_text: str, data_dir: Path
) -> None:
    services.sync.sync(site.url)
    site.publish(
        cv.replace_text(course_index_text, "{% include syllabus_entry %}\n# RRR Week\n\n", "")
    )
    outcome = services.sync.sync(site.url)
    assert ("removed", "week", 15, "RRR Week") in summary(outcome.changes)
    assert [w.title for w in services.course.syllabus().weeks][-1] == "Project Presentations"
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        archived = connection.execute(
            "SELECT number, title FROM weeks WHERE archived_at IS NOT NULL"
        ).fetchall()
        assert connection.execute("SELECT count(*) FROM weeks").fetchone() == (16,)
    assert archived == [(15, "RRR Week")]


# -- failures leave the store untouched -------------------------------------------------------


def assert_fails_cleanly(services: AppServices, data_dir: Path, source: str, *reason: str) -> str:
    before = table_rows(data_dir)
    with pytest.raises(SyncError) as raised:
        services.sync.sync(source)
    message = str(raised.value)
    assert "\n" not in message and message.strip() == message and message
    for part in reason:
        assert part in message
    assert table_rows(data_dir) == before
    return message


def test_a_server_error_leaves_the_store_untouched(
    services: AppServices, site: CourseSite, httpserver: HTTPServer, data_dir: Path
) -> None:
    services.sync.sync(site.url)  # a stored ETag, so the failing request is a conditional one
    httpserver.expect_oneshot_request("/index.md").respond_with_data("oops", status=500)
    assert_fails_cleanly(services, data_dir, site.url, "500")
    assert httpserver.log[-1][0].headers.get("If-None-Match")


def test_a_refused_connection_says_the_server_cannot_be_reached(
    services: AppServices, data_dir: Path
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/index.md"
    assert_fails_cleanly(services, data_dir, url, "cannot reach")


def test_a_server_that_never_answers_times_out(services: AppServices, data_dir: Path) -> None:
    class ImpatientSession(requests.Session):
        """The app's session with a short timeout, so the test does not wait 30 s."""

        def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
            kwargs["timeout"] = 0.3
            return super().request(*args, **kwargs)

    impatient = SyncService(CourseStore(services.database), ImpatientSession, SteppingClock())
    with socket.socket() as silent:  # the kernel accepts the connection; nobody ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/index.md"
        before = table_rows(data_dir)
        with pytest.raises(SyncError, match="timed out"):
            impatient.sync(url)
        assert table_rows(data_dir) == before


def test_a_connection_dropped_halfway_through_the_file(
    services: AppServices, data_dir: Path, course_index_text: str
) -> None:
    body = course_index_text.encode()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def serve_half() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                head = f'HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nETag: "x"\r\n\r\n'
                connection.sendall(head.encode() + body[: len(body) // 2])

        server = threading.Thread(target=serve_half)
        server.start()
        try:
            url = f"http://127.0.0.1:{listener.getsockname()[1]}/index.md"
            message = assert_fails_cleanly(services, data_dir, url)
        finally:
            server.join(timeout=5)
    assert "connection" in message


def test_a_page_that_is_not_a_syllabus_is_refused(
    services: AppServices, httpserver: HTTPServer, data_dir: Path
) -> None:
    httpserver.expect_request("/index.md").respond_with_data(
        "<html><body>Site under maintenance</body></html>", content_type="text/html"
    )
    assert_fails_cleanly(
        services, data_dir, httpserver.url_for("/index.md"), "not a course syllabus"
    )


def test_a_file_that_is_not_text_is_refused(
    services: AppServices, httpserver: HTTPServer, data_dir: Path
) -> None:
    httpserver.expect_request("/index.md").respond_with_data(b"%PDF-1.7\n\xff\xfe\x00\x81")
    assert_fails_cleanly(services, data_dir, httpserver.url_for("/index.md"), "not UTF-8")


def test_a_file_far_larger_than_any_syllabus_is_refused(
    services: AppServices, httpserver: HTTPServer, data_dir: Path, course_index_text: str
) -> None:
    padding = "\n<!-- " + "x" * (6 * 2**20) + " -->\n"  # a valid syllabus, 6 MB of comment
    httpserver.expect_request("/index.md").respond_with_data(course_index_text + padding)
    assert_fails_cleanly(services, data_dir, httpserver.url_for("/index.md"), "larger than 5 MB")


# -- proxies and local files ------------------------------------------------------------------


def test_the_standard_proxy_variable_is_honoured(
    services: AppServices,
    httpserver: HTTPServer,
    course_index_text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    request_lines: list[str] = []

    def proxy(request: Request) -> Response:
        # A plain HTTP proxy receives the absolute URL in the request line.
        request_lines.append(request.environ["REQUEST_URI"])
        return Response(cv.add_review_link(course_index_text, 13, FORM_13), headers={"ETag": '"p"'})

    httpserver.expect_request("/index.md").respond_with_handler(proxy)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{httpserver.port}")

    outcome = services.sync.sync("http://course.example.test/index.md")

    assert request_lines == ["http://course.example.test/index.md"]
    assert summary(outcome.changes) == {("added", "review_form", 13, FORM_13)}


def test_a_local_file_syncs_and_an_unchanged_file_is_not_rewritten(
    services: AppServices, tmp_path: Path, course_index_text: str, data_dir: Path
) -> None:
    source = tmp_path / "index.md"
    source.write_text(cv.add_review_link(course_index_text, 13, FORM_13), encoding="utf-8")
    outcome = services.sync.sync(str(source))
    assert summary(outcome.changes) == {("added", "review_form", 13, FORM_13)}
    before = table_rows(data_dir)
    assert services.sync.sync(str(source)).status == SyncStatus.UNCHANGED
    after = table_rows(data_dir)
    assert {k: v for k, v in after.items() if k != "sync_state"} == {
        k: v for k, v in before.items() if k != "sync_state"
    }
    assert_fails_cleanly(services, data_dir, str(tmp_path / "missing.md"), "no such file")


# -- the course's real history ----------------------------------------------------------------


def test_the_terms_history_synced_version_by_version(
    services: AppServices, site: CourseSite, data_dir: Path
) -> None:
    expected = cv.expected_changes()
    first, *later = cv.history()
    site.publish(first.read_text(encoding="utf-8"))
    # Back to January archives 32 of 60 readings: held back unless allowed, as a student would.
    assert services.sync.sync(site.url).status == SyncStatus.HELD_BACK
    assert services.sync.sync(site.url, allow_removals=True).status == SyncStatus.UPDATED
    archived_in_january = {i.reading.id for i in services.course.readings() if i.archived}
    # The store started from the final file: its 60 readings less the 28 January already lists.
    assert len(archived_in_january) == 60 - 28

    for version in later:
        site.publish(version.read_text(encoding="utf-8"))
        outcome = services.sync.sync(site.url)
        assert {str(c) for c in outcome.changes} == expected[version.name], version.name
        assert services.sync.sync(site.url).status == SyncStatus.UNCHANGED
        assert site.server.log[-1][1].status_code == 304

    # Back at the final file, the store holds what a fresh install would, plus the archive.
    embedded = json_format.load(embedded_syllabus_path())
    assert services.course.syllabus().weeks == embedded.weeks
    listed = services.course.readings()
    assert [(i.week, i.reading.title) for i in listed if i.archived] == [
        (6, "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour")
    ]
    assert len(listed) == 61 and len({i.reading.id for i in listed}) == 61
