"""Reading rows as a test drives them: find a row, press its buttons, wait for a state; and
what the week list says of a week's readings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.ui.main_window import MainWindow
from app.ui.reading_row import ReadingRow, RowAction
from app.ui.week_list import DETAILS_ROLE, WeekListModel

WAIT_MS = 20_000


def row(window: MainWindow, reading_id: str) -> ReadingRow:
    found = window.detail.row(reading_id)
    assert found is not None, f"reading {reading_id} is not in the week pane"
    return found


def press(qtbot: QtBot, window: MainWindow, reading_id: str, action: RowAction) -> None:
    button = row(window, reading_id).buttons[action]
    assert button.isVisible(), f"{action} is not offered: {row(window, reading_id).offered()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def state(window: MainWindow, reading_id: str) -> FetchState:
    return window.library.entry(reading_id).state


def wait_for(
    qtbot: QtBot, window: MainWindow, reading_id: str, wanted: FetchState, timeout: int = WAIT_MS
) -> None:
    qtbot.waitUntil(lambda: state(window, reading_id) is wanted, timeout=timeout)


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = WAIT_MS) -> None:
    qtbot.waitUntil(lambda: not window.download_runner.running, timeout=timeout)


def week_details(model: WeekListModel, week: int) -> str:
    """The week list's second line for a week: lecturer, readings, how many are ready."""
    row_number = model.row_of_week(week)
    assert row_number is not None
    return str(model.index(row_number).data(DETAILS_ROLE))
