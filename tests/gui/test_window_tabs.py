"""The reader tabs left open come back at the next start, the one in front in front, and
Today (Ctrl+T) from a reader tab goes back to the term."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.services.clock import Clock
from app.ui.main_window import MainWindow
from app.ui.reader.reader_tab import ReaderTab
from tests.gui.conftest import WindowFactory
from tests.pdfs import write_pdf

OPEN_MS = 10_000


def attach(services: AppServices, tmp_path: Path, week: int, seed: int) -> tuple[str, str]:
    reading = services.course.readings(week)[0].reading
    source = tmp_path / f"paper-{seed}.pdf"
    write_pdf(source, pages=3, seed=seed)
    services.library.attach(reading.id, source)
    return reading.id, reading.title


def opened(qtbot: QtBot, window: MainWindow, reading_id: str) -> ReaderTab:
    tab = window.tabs.reading_tab(reading_id)
    assert tab is not None
    qtbot.waitUntil(lambda: tab.document is not None, timeout=OPEN_MS)
    return tab


def open_reading(qtbot: QtBot, window: MainWindow, reading_id: str) -> ReaderTab:
    """As Open PDF on the reading's row does."""
    found = window.library.openable(reading_id)
    assert found is not None
    window.tabs.open_reading(reading_id, *found)
    return opened(qtbot, window, reading_id)


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabToolTip(i) for i in range(1, window.tabs.count())]


def test_open_tabs_and_the_one_in_front_come_back_after_a_restart(
    make_window: WindowFactory,
    services: AppServices,
    data_dir: Path,
    clock: Clock,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    first_id, first_title = attach(services, tmp_path, 3, seed=1)
    second_id, second_title = attach(services, tmp_path, 4, seed=2)
    window = make_window()
    for reading_id in (first_id, second_id):
        open_reading(qtbot, window, reading_id)
    window.tabs.tabBar().moveTab(2, 1)  # the student dragged the second before the first
    window.tabs.setCurrentWidget(window.tabs.reading_tab(first_id))
    window.close()
    services.close()

    restarted = open_services(data_dir, clock=clock)
    again = make_window(services=restarted)
    assert tab_titles(again) == [second_title, first_title]
    front = opened(qtbot, again, first_id)
    assert again.tabs.currentWidget() is front
    opened(qtbot, again, second_id)


def test_a_restart_with_the_term_in_front_opens_on_the_term(
    make_window: WindowFactory,
    services: AppServices,
    data_dir: Path,
    clock: Clock,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    reading_id, title = attach(services, tmp_path, 3, seed=3)
    window = make_window()
    open_reading(qtbot, window, reading_id)
    window.tabs.show_term()
    window.close()
    services.close()

    restarted = open_services(data_dir, clock=clock)
    again = make_window(services=restarted)
    assert tab_titles(again) == [title]
    assert again.tabs.currentIndex() == 0
    opened(qtbot, again, reading_id)


def test_a_tab_whose_file_is_gone_is_not_reopened(
    make_window: WindowFactory,
    services: AppServices,
    data_dir: Path,
    clock: Clock,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    reading_id, _ = attach(services, tmp_path, 3, seed=4)
    window = make_window()
    found = window.library.openable(reading_id)
    assert found is not None
    window.tabs.open_reading(reading_id, *found)
    opened(qtbot, window, reading_id)
    window.close()
    services.close()
    Path(found[1]).unlink()  # removed by hand between runs

    restarted = open_services(data_dir, clock=clock)
    again = make_window(services=restarted)
    assert again.tabs.count() == 1 and again.tabs.currentIndex() == 0


def test_ctrl_t_in_a_reader_tab_goes_back_to_the_term_on_this_week(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot, tmp_path: Path
) -> None:
    reading_id, _ = attach(services, tmp_path, 3, seed=5)
    window = make_window()
    assert window.select_week(3)
    tab = open_reading(qtbot, window, reading_id)
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    qtbot.keyClick(tab.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    selected = window.selected_week()
    assert selected is not None and selected.number == 8  # the term's current week (MID_TERM)
    assert window.week_list.hasFocus()
