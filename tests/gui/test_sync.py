"""Sync from the window: in the background, with progress, then the changes or the reason; a
review form the sync links is fetched on the way (the fake Google Forms, tests/conftest.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtWidgets import QDialog
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from app.domain.provenance import Origin
from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.message_banner import BannerKind
from app.ui.week_list import READING_COUNT_ROLE
from tests.forms.google_forms_server import GoogleFormsServer, Wall, viewform_url
from tests.forms.review_forms import WEEK_CODE, week_review
from tests.gui.conftest import WindowFactory
from tests.gui.term import EXTRA_READING, MID_TERM, selected_number
from tests.gui.ticks import held_at_ticks
from tests.integration import course_versions as cv
from tests.integration.pdf_server import Gate, PdfServer, Reply
from tests.integration.review_term import cached_forms

MARKDOWN = "text/markdown; charset=utf-8"


def _wait_done(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not window.sync_runner.running, timeout=15_000)


def test_sync_runs_in_the_background_and_shows_the_change_list(
    make_window: WindowFactory,
    httpserver: HTTPServer,
    course_url: str,
    modified_index: str,
    services: AppServices,
    qtbot: QtBot,
) -> None:
    httpserver.expect_request("/index.md").respond_with_data(modified_index, content_type=MARKDOWN)
    window = make_window(sync_source=course_url)
    assert window.sync_label.text() == "Embedded default syllabus · never synced"

    window.sync_action.trigger()
    # Until the result comes back through the event loop, the window shows a sync in progress.
    assert window.sync_runner.running
    assert not window.sync_action.isEnabled()
    assert window.busy.isVisible()
    host = urlsplit(course_url).hostname
    assert window.statusBar().currentMessage() == f"Syncing from {host}…"

    qtbot.waitUntil(lambda: window.change_dialog is not None, timeout=15_000)
    dialog = window.change_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.lines() == [f"Added reading: {EXTRA_READING}"]
    assert any("More reading coming soon" in line for line in dialog.lines(warnings=True))
    first_group = dialog.tree.topLevelItem(0)
    assert first_group is not None
    assert first_group.text(0) == "Week 8 — Machine learning Applied to Systems"
    assert window.sync_action.isEnabled() and not window.busy.isVisible()

    # The list was reloaded in place, the selection kept.
    row = window.model.row_of_week(8)
    assert row is not None
    assert window.model.index(row).data(READING_COUNT_ROLE) == 4
    assert selected_number(window) == 8
    assert EXTRA_READING in window.detail.plain_text()
    assert window.sync_label.text().startswith("Synced from the network today at ")
    assert course_url in window.sync_label.toolTip()
    record = services.course.sync_record()
    assert record is not None and record.origin == Origin.NETWORK
    dialog.reject()


def test_nothing_changed_says_so_without_a_dialog(
    make_window: WindowFactory,
    httpserver: HTTPServer,
    course_url: str,
    course_index_text: str,
    qtbot: QtBot,
) -> None:
    httpserver.expect_request("/index.md").respond_with_data(
        course_index_text, content_type=MARKDOWN
    )
    window = make_window(sync_source=course_url)
    window.sync_action.trigger()
    _wait_done(window, qtbot)
    assert window.change_dialog is None
    assert window.banner.isVisible() and window.banner.kind == BannerKind.SUCCESS
    assert window.banner.text.startswith("Nothing changed")
    assert window.statusBar().currentMessage() == ""  # said once, in the banner
    assert window.sync_label.text().startswith("Synced from the network")


def test_a_server_error_is_told_and_the_term_stays(
    make_window: WindowFactory,
    httpserver: HTTPServer,
    course_url: str,
    services: AppServices,
    qtbot: QtBot,
) -> None:
    httpserver.expect_request("/index.md").respond_with_data("boom", status=500)
    window = make_window(sync_source=course_url)
    window.select_week(6)
    window.sync_action.trigger()
    _wait_done(window, qtbot)

    assert window.banner.isVisible() and window.banner.kind == BannerKind.ERROR
    assert "500" in window.banner.text and "unchanged" in window.banner.text
    host = urlsplit(course_url).hostname
    assert f"{host} answered 500" in window.banner.text
    assert window.statusBar().currentMessage() == ""  # said once, in the banner
    assert window.change_dialog is None
    assert window.model.rowCount() == 16
    assert selected_number(window) == 6
    assert window.sync_label.text() == "Embedded default syllabus · never synced"
    record = services.course.sync_record()
    assert record is not None and record.origin == Origin.EMBEDDED
    assert window.sync_action.isEnabled()


def test_a_refused_connection_is_told_and_retry_works(
    make_window: WindowFactory, refused_url: str, qtbot: QtBot
) -> None:
    window = make_window(sync_source=refused_url)
    window.sync_action.trigger()
    _wait_done(window, qtbot)
    assert window.banner.kind == BannerKind.ERROR
    assert "cannot reach 127.0.0.1" in window.banner.text
    assert window.model.rowCount() == 16

    # Retry from the banner runs the same sync again (still refused: same message, once).
    with qtbot.waitSignal(window.sync_runner.failed, timeout=15_000):
        window.banner.action_triggered.emit()
    assert "cannot reach 127.0.0.1" in window.banner.text


def _held_course_page(pdf_server: PdfServer, text: str) -> tuple[str, Gate]:
    """The course page's URL, whose answers the server holds until the gate opens."""
    held = Gate()
    url = pdf_server.route(
        "/index.md", lambda seen: Reply(200, {"Content-Type": MARKDOWN}, text.encode(), gate=held)
    )
    return url, held


def test_the_gui_keeps_running_while_the_server_is_slow(
    make_window: WindowFactory,
    pdf_server: PdfServer,
    course_index_text: str,
    qtbot: QtBot,
) -> None:
    url, held = _held_course_page(pdf_server, course_index_text)
    window = make_window(sync_source=url)
    with held_at_ticks(held) as ticks:
        window.sync_action.trigger()
        assert held.wait_for(1)  # the sync is inside its request, waiting for the answer
        # Meanwhile the GUI thread runs its timers and takes the student's clicks.
        qtbot.waitUntil(lambda: ticks.count(1) >= 5)
        window.sync_action.trigger()  # a second request while one runs is ignored
        assert window.sync_runner.running and held.holding() == 1 and not held.expired
    _wait_done(window, qtbot)
    assert len(pdf_server.seen("/index.md")) == 1
    assert window.banner.text.startswith("Nothing changed")


def test_closing_during_a_sync_waits_for_it_cleanly(
    make_window: WindowFactory,
    pdf_server: PdfServer,
    modified_index: str,
    services: AppServices,
) -> None:
    url, held = _held_course_page(pdf_server, modified_index)
    window = make_window(sync_source=url)
    window.sync_action.trigger()
    assert held.wait_for(1)  # the window closes while the sync waits for the page
    window.close()
    held.open()
    assert window.sync_runner.wait(15_000)  # bounds a hang
    # The sync's result was written whole even though nobody was left to show it.
    record = services.course.sync_record()
    assert record is not None and record.origin == Origin.NETWORK
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in window.findChildren(QDialog))


@pytest.mark.parametrize("wall", [Wall.OPEN, Wall.CLOSED])
def test_a_sync_that_links_a_review_form_has_fetched_it_when_it_reports(
    make_window: WindowFactory,
    google: GoogleFormsServer,
    course_index_text: str,
    services: AppServices,
    data_dir: Path,
    tmp_path: Path,
    qtbot: QtBot,
    wall: Wall,
) -> None:
    spec = week_review()
    link = google.publish(spec, WEEK_CODE, wall)
    page = tmp_path / "index.md"  # week 13 has had no review form so far
    page.write_text(cv.add_review_link(course_index_text, 13, link), encoding="utf-8")
    window = make_window(sync_source=str(page))

    with qtbot.waitSignal(window.sync_runner.succeeded, timeout=15_000):
        window.sync_action.trigger()

    dialog = window.change_dialog
    assert dialog is not None and dialog.lines() == [f"Added review form: {link}"]
    dialog.reject()
    if wall is Wall.OPEN:  # cached: the form answers without the network
        view = services.reviews.form(13)
        assert view.cached and view.form.fetched_at == MID_TERM
        assert replace(view.form, fetched_at=None) == spec.expected(viewform_url(spec.form_id))
    else:  # a closed form is recorded, and the sync stands
        assert cached_forms(data_dir) == [None]
        week = services.course.syllabus().week(13)
        assert week is not None and week.review is not None and week.review.form_url == link
