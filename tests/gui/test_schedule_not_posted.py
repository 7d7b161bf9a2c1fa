"""A course page before its schedule: the window says so where the weeks would be, and syncs.

The term is the course page with its syllabus table cut off (as a page looks before the staff
post the schedule), written through the store as a sync writes it; the Sync button in the
notice then fetches the full page from a local server and the weeks appear.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from app.domain.changes import plan_merge
from app.domain.provenance import Origin, SyncRecord
from app.services.app_services import AppServices
from app.store.course_store import CourseStore
from app.syllabus.jekyll_index import parse_index_md
from app.ui.empty_term import TITLE
from tests.gui.conftest import WindowFactory

MARKDOWN = "text/markdown; charset=utf-8"


def before_the_schedule(course_index_text: str) -> str:
    """The course page up to its syllabus table, then "TBA"."""
    return course_index_text[: course_index_text.index("<table class")] + "TBA\n"


def test_the_window_says_the_schedule_is_not_posted_and_sync_brings_the_weeks(
    make_window: WindowFactory,
    services: AppServices,
    course_index_text: str,
    httpserver: HTTPServer,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    parsed = parse_index_md(before_the_schedule(course_index_text))
    assert [w.message for w in parsed.warnings] == [
        "the schedule is not posted yet: no syllabus entries"
    ]
    store = CourseStore(services.database)
    old = store.syllabus()
    assert old is not None
    record = SyncRecord("tba.md", Origin.FILE, datetime(2022, 1, 10, tzinfo=UTC), None, None, None)
    store.apply_sync(parsed.syllabus, plan_merge(old, parsed.syllabus), record)
    httpserver.expect_request("/index.md").respond_with_data(
        course_index_text, content_type=MARKDOWN
    )

    window = make_window(sync_source=httpserver.url_for("/index.md"))
    notice = window.empty_term

    assert window.model.rowCount() == 0
    assert notice.isVisible() and notice.title.text() == TITLE
    assert notice.geometry() == window.week_list.viewport().rect()  # it covers the list
    assert "Machine Learning Systems (Spring 2022)" in window.windowTitle()  # the course stays
    assert notice.sync_button.isEnabled()

    qtbot.mouseClick(notice.sync_button, Qt.MouseButton.LeftButton)
    assert not notice.sync_button.isEnabled()  # follows the Sync action while it runs
    qtbot.waitUntil(lambda: window.model.rowCount() == 16, timeout=15_000)
    qtbot.waitUntil(lambda: not window.sync_runner.running, timeout=15_000)

    assert not notice.isVisible()
    assert notice.sync_button.isEnabled()
