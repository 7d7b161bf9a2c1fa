"""Open PDF shows the reading in a tab of its own, which reopens where the student left it,
after a restart too: a new window over a fresh open_services on the same data directory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.services.clock import Clock
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


def shown_position(tab: ReaderTab) -> tuple[int, float, str]:
    """Where the student is, as the screen shows it: the page box, how much of that page is
    above the top of the view, and the zoom box."""
    page = tab.toolbar.page_box.value() - 1
    geometry = tab.view.page_geometry(page)
    above = -geometry.rect.top() / geometry.rect.height()
    return page, round(above, 3), tab.toolbar.zoom_box.currentText()


def test_the_reading_reopens_where_it_was_left_after_a_restart(
    make_window: WindowFactory,
    services: AppServices,
    data_dir: Path,
    clock: Clock,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    reading_id, _ = attached_reading(services, tmp_path)
    first = make_window()
    tab = open_from_row(qtbot, first, reading_id)
    qtbot.waitUntil(lambda: tab.view.current_page() in tab.view.painted_pages, timeout=OPEN_MS)
    # As a student would: 150 % typed in the zoom box, page 4 in the page box, then Page Down.
    zoom = tab.toolbar.zoom_box
    zoom.lineEdit().selectAll()
    qtbot.keyClicks(zoom, "150")
    qtbot.keyClick(zoom, Qt.Key.Key_Return)
    pages = tab.toolbar.page_box
    pages.lineEdit().selectAll()
    qtbot.keyClicks(pages, "4")
    qtbot.keyClick(pages, Qt.Key.Key_Return)
    qtbot.keyClick(tab.view, Qt.Key.Key_PageDown)
    # Drawn: so the view has its final shape (the horizontal scroll bar 150 % needs is up).
    qtbot.waitUntil(lambda: tab.view.current_page() in tab.view.painted_pages, timeout=OPEN_MS)
    left = shown_position(tab)
    assert left[0] == 3 and 0.1 < left[1] < 0.9 and left[2] == "150 %"  # part way down page 4
    scrolled = tab.view.verticalScrollBar().value()
    viewport = tab.view.viewport().size()
    first.close()  # saves positions and progress, stops the tab's renderer
    services.close()  # the first run is over: only what reached the data directory is left

    restarted = open_services(data_dir, clock=clock)  # make_window closes it after its window
    second = make_window(services=restarted)
    again = open_from_row(qtbot, second, reading_id)
    qtbot.waitUntil(lambda: again.view.current_page() in again.view.painted_pages, timeout=OPEN_MS)
    assert shown_position(again) == left
    assert again.view.viewport().size() == viewport  # the window came back at its size ...
    assert again.view.verticalScrollBar().value() == scrolled  # ... and so did the scroll
    _position, progress = restarted.progress.load(reading_id)
    assert {0, 3} <= progress.pages_seen  # opened on page 1, read on page 4


def test_dark_pages_are_remembered_per_reading_across_a_restart(
    make_window: WindowFactory,
    services: AppServices,
    data_dir: Path,
    clock: Clock,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    reading_id, _ = attached_reading(services, tmp_path)
    other = services.course.readings(3)[1].reading
    write_pdf(tmp_path / "other.pdf", pages=2, seed=4)
    services.library.attach(other.id, tmp_path / "other.pdf")
    first = make_window()
    tab = open_from_row(qtbot, first, reading_id)
    assert not tab.dark
    tab.toolbar.dark.trigger()  # the toolbar's Dark pages, as the student clicks it
    assert tab.dark
    first.close()
    services.close()

    restarted = open_services(data_dir, clock=clock)
    second = make_window(services=restarted)
    assert open_from_row(qtbot, second, reading_id).dark
    assert not open_from_row(qtbot, second, other.id).dark  # the choice was that reading's

    again = second.tabs.reading_tab(reading_id)
    assert again is not None
    again.toolbar.dark.trigger()  # back to light pages: remembered too
    assert not again.dark
    assert reading_id not in restarted.settings.dark_readings()
