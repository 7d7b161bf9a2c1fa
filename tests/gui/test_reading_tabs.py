"""Open PDF shows the reading in a tab of its own, which reopens where the student left it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.reading_position import FitMode, ReadingPosition
from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.reader.reader_tab import ReaderTab
from app.ui.reading_row import RowAction
from tests.gui.conftest import WindowFactory
from tests.pdfs import write_pdf

OPEN_MS = 10_000


def attached_reading(services: AppServices, tmp_path: Path) -> tuple[str, str]:
    reading = services.course.readings(3)[0].reading
    source = tmp_path / "paper.pdf"
    write_pdf(source, pages=6, seed=3)
    services.library.attach(reading.id, source)
    return reading.id, reading.title


def open_from_row(qtbot: QtBot, window: MainWindow, reading_id: str) -> ReaderTab:
    window.select_week(3)
    row = window.detail.row(reading_id)
    assert row is not None
    qtbot.waitUntil(lambda: row.buttons[RowAction.OPEN].isVisibleTo(row))
    row.buttons[RowAction.OPEN].click()
    tab = window.tabs.reading_tab(reading_id)
    assert tab is not None
    qtbot.waitUntil(lambda: tab.document is not None, timeout=OPEN_MS)
    return tab


def test_open_pdf_opens_a_tab_and_opening_again_switches_to_it(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot, tmp_path: Path
) -> None:
    reading_id, title = attached_reading(services, tmp_path)
    window = make_window()
    tab = open_from_row(qtbot, window, reading_id)
    assert window.tabs.count() == 2 and window.tabs.currentWidget() is tab
    assert window.tabs.tabToolTip(1) == title

    window.tabs.setCurrentIndex(0)
    assert open_from_row(qtbot, window, reading_id) is tab  # no second tab for one reading
    assert window.tabs.count() == 2 and window.tabs.currentWidget() is tab

    window.tabs.close_tab(0)  # the term cannot be closed
    assert window.tabs.count() == 2


def test_the_reading_reopens_where_it_was_left_after_a_restart(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot, tmp_path: Path
) -> None:
    reading_id, _ = attached_reading(services, tmp_path)
    first = make_window()
    tab = open_from_row(qtbot, first, reading_id)
    tab.set_position(ReadingPosition(page=4, offset=0.0, zoom=1.5, fit=FitMode.NONE))
    qtbot.waitUntil(lambda: tab.position().page == 4, timeout=OPEN_MS)
    first.close()  # saves positions and progress, stops the tab's renderer

    _position, progress = services.progress.load(reading_id)
    assert 4 in progress.pages_seen

    second = make_window()
    again = open_from_row(qtbot, second, reading_id)
    qtbot.waitUntil(lambda: again.position().page == 4, timeout=OPEN_MS)
    assert abs(again.position().zoom - 1.5) < 0.01
