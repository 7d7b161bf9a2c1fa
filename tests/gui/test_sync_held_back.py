"""A sync held back in the window: the list of what would go, then Apply anyway or Keep what I have.

The page is the real course file served on 127.0.0.1, cut short after week 6 of 16 at an entry
boundary; expected values are read from the database with plain sqlite3.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from app.store.schema_version import DATABASE_NAME
from app.ui.main_window import MainWindow
from app.ui.message_banner import BannerKind
from tests.gui.conftest import WindowFactory
from tests.integration.store_rows import table_rows

MARKDOWN = "text/markdown; charset=utf-8"
ENTRY = "{% include syllabus_entry %}"


def cut_after(text: str, weeks: int) -> str:
    start = -1
    for _ in range(weeks + 1):
        start = text.index(ENTRY, start + 1)
    return text[:start]


def stored(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        return connection.execute(sql).fetchall()


def held_back_window(
    make_window: WindowFactory,
    httpserver: HTTPServer,
    course_url: str,
    course_index_text: str,
    qtbot: QtBot,
) -> MainWindow:
    httpserver.expect_request("/index.md").respond_with_data(
        cut_after(course_index_text, 6), content_type=MARKDOWN
    )
    window = make_window(sync_source=course_url)
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: window.sync_runner.held_back_dialog is not None, timeout=15_000)
    return window


def test_the_window_lists_what_would_go_and_keeps_the_term(
    make_window: WindowFactory,
    httpserver: HTTPServer,
    course_url: str,
    course_index_text: str,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    before = table_rows(data_dir)
    weeks = dict(stored(data_dir, "SELECT number, title FROM weeks WHERE archived_at IS NULL"))
    readings = stored(
        data_dir,
        "SELECT w.number, r.title FROM readings r JOIN weeks w ON r.week_id = w.id"
        " WHERE r.archived_at IS NULL ORDER BY w.number, r.required DESC, r.position",
    )
    gone = [(n, t) for n, t in readings if n > 6]

    window = held_back_window(make_window, httpserver, course_url, course_index_text, qtbot)
    dialog = window.sync_runner.held_back_dialog
    assert dialog is not None and dialog.isVisible() and dialog.parent() is window
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.heading.text() == (
        f"The course page now lacks 10 of 16 weeks and {len(gone)} of {len(readings)} readings"
    )
    lines = dialog.lines()
    for number in range(7, 17):
        assert f"Week {number} — {weeks[number]} (the whole week)" in lines
    assert sorted(line.removeprefix("Reading: ") for line in lines if "Reading:" in line) == (
        sorted(t for _, t in gone)
    )
    shown = dialog.list.toPlainText()
    assert all(title in shown for _, title in gone)
    assert dialog.keep_button.isDefault()
    # While the student decides, the sync is not over: no second sync can start.
    assert window.sync_runner.running and not window.sync_action.isEnabled()

    dialog.keep_button.click()

    assert not window.sync_runner.running and window.sync_action.isEnabled()
    assert "held back" in window.statusBar().currentMessage()
    assert window.banner.kind == BannerKind.INFO and "kept your term" in window.banner.text
    assert window.model.rowCount() == 16
    assert table_rows(data_dir) == before  # not even the check time


def test_apply_anyway_archives_the_weeks_on_the_worker(
    make_window: WindowFactory,
    httpserver: HTTPServer,
    course_url: str,
    course_index_text: str,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    window = held_back_window(make_window, httpserver, course_url, course_index_text, qtbot)
    dialog = window.sync_runner.held_back_dialog
    assert dialog is not None

    with qtbot.waitSignal(window.sync_runner.succeeded, timeout=15_000):
        dialog.apply_button.click()

    assert window.model.rowCount() == 6
    live = stored(data_dir, "SELECT number FROM weeks WHERE archived_at IS NULL ORDER BY number")
    assert [n for (n,) in live] == [1, 2, 3, 4, 5, 6]
    assert window.change_dialog is not None and window.change_dialog.isVisible()
    assert (
        "Removed week: "
        + dict(stored(data_dir, "SELECT number, title FROM weeks WHERE number = 16"))[16]
        in window.change_dialog.lines()
    )
    window.change_dialog.reject()
