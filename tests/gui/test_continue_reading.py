"""Continue reading: the Due view lists the papers read last (newest first, up to five) with
the page they were left on and the time spent, and a click or Enter opens one at that page."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from app.domain.reading_position import ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import AppServices
from app.store.schema_version import DATABASE_NAME
from app.ui.review.due_view import READING_ROLE, DueView
from tests.gui.conftest import WindowFactory
from tests.gui.term import plain
from tests.pdfs import write_pdf

OPEN_MS = 10_000
PAGES = 30


def read_papers(services: AppServices, tmp_path: Path, count: int) -> list[tuple[str, str]]:
    """``count`` readings of week 3 and 4 attached and read: the i-th left on page 10 + i
    (0-based index 9 + i) after 5 * (i + 1) minutes, on March i + 1 (so the last is newest)."""
    readings = [r.reading for week in (3, 4) for r in services.course.readings(week)][:count]
    for i, reading in enumerate(readings):
        source = tmp_path / f"paper-{i}.pdf"
        write_pdf(source, pages=PAGES, seed=i)
        services.library.attach(reading.id, source)
        services.progress.save(
            reading.id,
            ReadingPosition(page=9 + i),
            ReadingProgress(frozenset(range(9 + i)), 300.0 * (i + 1)),
        )
    with sqlite3.connect(services.data_dir / DATABASE_NAME) as database:
        for i, reading in enumerate(readings):  # the days they were read, as stored
            database.execute(
                "UPDATE reading_progress SET updated_at = ? WHERE reading_id = ?",
                (f"2022-03-{i + 1:02d}T18:00:00+00:00", reading.id),
            )
    return [(r.id, r.title) for r in readings]


def section(due: DueView) -> list[str]:
    """The rows under "Continue reading", as the student reads them."""
    texts = [plain(due.item(i).text()) for i in range(due.count())]
    if "Continue reading" not in texts:
        return []
    rows = texts[texts.index("Continue reading") + 1 :]
    return rows[: len(due.reading_rows())]


def item_of(due: DueView, reading_id: str) -> QListWidgetItem:
    items = (due.item(i) for i in range(due.count()))
    return next(i for i in items if i.data(READING_ROLE) == reading_id)


def test_the_five_readings_read_last_are_listed_newest_first_with_page_and_time(
    make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    read = read_papers(services, tmp_path, 6)
    window = make_window()
    due = window.review.due
    newest_first = list(reversed(read))[:5]  # the sixth, read first, is left out
    assert due.reading_rows() == [reading_id for reading_id, _ in newest_first]
    expected = []
    for reading_id, title in newest_first:
        i = [r for r, _ in read].index(reading_id)
        expected.append(f"{title}\n    page {10 + i} of {PAGES} · {5 * (i + 1)} min")
    assert section(due) == expected


def test_enter_on_a_row_opens_the_reading_at_its_page(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    read = read_papers(services, tmp_path, 2)
    window = make_window()
    due = window.review.due
    reading_id, title = read[1]  # left on page 11
    due.setFocus()
    due.setCurrentItem(item_of(due, reading_id))
    qtbot.keyClick(due, Qt.Key.Key_Return)
    tab = window.tabs.reading_tab(reading_id)
    assert tab is not None and window.tabs.currentWidget() is tab
    assert window.tabs.tabToolTip(window.tabs.currentIndex()) == title
    qtbot.waitUntil(lambda: tab.document is not None, timeout=OPEN_MS)
    qtbot.waitUntil(lambda: tab.toolbar.page_box.value() == 11, timeout=OPEN_MS)


def test_a_click_opens_it_too_and_back_on_the_term_it_moves_to_the_top(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    read = read_papers(services, tmp_path, 3)
    window = make_window()
    due = window.review.due
    oldest, _ = read[0]
    item = item_of(due, oldest)
    qtbot.mouseClick(
        due.viewport(), Qt.MouseButton.LeftButton, pos=due.visualItemRect(item).center()
    )
    tab = window.tabs.reading_tab(oldest)
    assert tab is not None
    qtbot.waitUntil(lambda: tab.document is not None, timeout=OPEN_MS)
    window.tabs.show_term()  # where it was left is saved now, a later moment than the others
    assert due.reading_rows()[0] == oldest


def test_nothing_read_yet_shows_no_section(make_window: WindowFactory) -> None:
    due = make_window().review.due
    assert due.reading_rows() == []
    assert "Continue reading" not in [due.item(i).text() for i in range(due.count())]


def test_a_reading_whose_file_is_gone_is_not_offered(
    make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    read = read_papers(services, tmp_path, 2)
    gone, _ = read[1]
    path = next(i.entry.path for i in services.library.items() if i.reading.id == gone)
    assert path is not None
    Path(path).unlink()
    window = make_window()
    assert window.review.due.reading_rows() == [read[0][0]]
