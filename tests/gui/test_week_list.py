"""The term as a list: sixteen weeks, days off set apart, Jump to Today, keys, countdowns."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.domain.deadline import DueStatus
from app.ui.main_window import MainWindow
from app.ui.week_delegate import WeekDelegate
from app.ui.week_list import (
    COUNTDOWN_ROLE,
    DATE_ROLE,
    DAY_OFF_ROLE,
    DETAILS_ROLE,
    DUE_ROLE,
    DUE_STATUS_ROLE,
    READING_COUNT_ROLE,
    WeekListModel,
)
from tests.gui.conftest import WindowFactory
from tests.gui.term import BERKELEY, DAYS_OFF, MID_TERM, SettableClock, plain, selected_number


def _row(model: WeekListModel, number: int) -> int:
    row = model.row_of_week(number)
    assert row is not None
    return row


def _data(model: WeekListModel, number: int, role: int) -> object:
    return model.index(_row(model, number)).data(role)


def test_the_term_is_sixteen_weeks_with_days_off_set_apart(window: MainWindow) -> None:
    model = window.model
    assert model.rowCount() == 16
    # The desktop appends the application's name itself: the title names the course only.
    assert window.windowTitle() == "Machine Learning Systems (Spring 2022)"
    for number in range(1, 17):
        index = model.index(_row(model, number))
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        font = index.data(Qt.ItemDataRole.FontRole)
        if number in DAYS_OFF:
            assert index.data(DAY_OFF_ROLE) is True
            assert isinstance(background, QBrush)
            assert isinstance(font, QFont) and font.italic()
            assert "No class" in index.data(DETAILS_ROLE)
        else:
            assert index.data(DAY_OFF_ROLE) is False
            assert background is None and font is None
    assert _data(model, 5, Qt.ItemDataRole.DisplayRole) == "Holiday (Presidents Day)"


def test_a_row_shows_date_title_speaker_readings_and_deadline(window: MainWindow) -> None:
    model = window.model
    assert _data(model, 8, Qt.ItemDataRole.DisplayRole) == "Machine learning Applied to Systems"
    assert _data(model, 8, DATE_ROLE) == "Mon Mar 14"
    assert _data(model, 8, DETAILS_ROLE) == "Week 8 · Prof. Tim Kraska · 3 readings"
    assert _data(model, 8, READING_COUNT_ROLE) == 3
    # 1:00 PM in Berkeley, shown in the user's zone (the tests run in Berkeley's).
    assert plain(str(_data(model, 8, DUE_ROLE))) == "Mon Mar 14, 1:00 PM"
    assert _data(model, 8, COUNTDOWN_ROLE) == "in 4 days"  # Thursday to Monday
    assert _data(model, 8, DUE_STATUS_ROLE) == DueStatus.UPCOMING
    tooltip = str(_data(model, 8, Qt.ItemDataRole.ToolTipRole))
    assert "Speaker: Prof. Tim Kraska (MIT)" in tooltip and "3 readings (3 required)" in tooltip


def test_past_deadlines_are_closed_and_unposted_forms_say_so(window: MainWindow) -> None:
    model = window.model
    assert _data(model, 2, DUE_STATUS_ROLE) == DueStatus.PAST
    assert _data(model, 2, COUNTDOWN_ROLE) == "closed"
    assert _data(model, 13, DUE_ROLE) == ""  # no form on the page yet for a later lecture
    assert _data(model, 13, COUNTDOWN_ROLE) == "not posted yet"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (MID_TERM, 8),  # Thursday: the next lecture
        (datetime(2022, 3, 14, 15, 0, tzinfo=BERKELEY), 8),  # the lecture day itself
        (datetime(2022, 3, 15, 9, 0, tzinfo=BERKELEY), 9),  # the day after: Spring Break next
        (datetime(2022, 1, 1, 9, 0, tzinfo=BERKELEY), 1),  # before the term
        (datetime(2022, 6, 1, 9, 0, tzinfo=BERKELEY), 16),  # after it: the last week
    ],
)
def test_start_selects_the_current_or_next_week(
    make_window: WindowFactory, clock: SettableClock, moment: datetime, expected: int
) -> None:
    clock.moment = moment
    window = make_window()
    selected = window.selected_week()
    assert selected is not None and selected.number == expected
    assert window.detail.week is not None and window.detail.week.number == expected
    assert window.focusWidget() is window.week_list


def test_keyboard_moves_through_weeks_and_today_jumps_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.week_list, Qt.Key.Key_Down)
    assert selected_number(window) == 9
    qtbot.keyClick(window.week_list, Qt.Key.Key_Up)
    qtbot.keyClick(window.week_list, Qt.Key.Key_Up)
    assert selected_number(window) == 7
    assert window.detail.week is not None and window.detail.week.number == 7
    # Through the window system's path, where shortcuts are matched as for a real key press.
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert selected_number(window) == 8


def test_toolbar_and_shortcuts(window: MainWindow) -> None:
    keys = {s.toString() for s in window.sync_action.shortcuts()}
    assert keys == {"Ctrl+R", "F5"}
    assert window.today_action.shortcut().toString() == "Ctrl+T"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert "Ctrl+R" in window.sync_action.toolTip()
    assert "Ctrl+T" in window.today_action.toolTip()


def test_quit_shortcut_closes_the_window(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_countdown_refreshes_every_minute_and_the_timer_stops_on_close(
    make_window: WindowFactory, clock: SettableClock
) -> None:
    clock.moment = datetime(2022, 3, 14, 11, 0, 30, tzinfo=BERKELEY)
    window = make_window()
    model = window.model
    assert _data(model, 8, COUNTDOWN_ROLE) == "in 1 h 59 min"
    assert _data(model, 8, DUE_STATUS_ROLE) == DueStatus.DUE_TODAY
    timer = window.countdown_timer
    assert timer.isActive()
    # The next tick lands just after the minute turns: 30 s from 11:00:30, plus a margin.
    assert timer.interval() == 30_000 + 50

    clock.moment += timedelta(minutes=1, seconds=30)
    timer.timeout.emit()
    assert _data(model, 8, COUNTDOWN_ROLE) == "in 1 h 58 min"
    assert "in 1 h 58 min" in window.detail.plain_text()
    assert timer.isActive() and timer.interval() == 60_000 + 50  # 11:02:00 on the dot

    clock.moment = datetime(2022, 3, 14, 13, 0, 1, tzinfo=BERKELEY)
    timer.timeout.emit()
    assert _data(model, 8, COUNTDOWN_ROLE) == "closed"
    assert _data(model, 8, DUE_STATUS_ROLE) == DueStatus.PAST

    window.close()
    assert not timer.isActive()


def test_deadlines_are_shown_in_the_users_time_zone(
    make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        window = make_window()
        # 1:00 PM PDT is 20:00 UTC, 9:00 PM in Berlin (still on winter time on March 14).
        assert plain(str(_data(window.model, 8, DUE_ROLE))) == "Mon Mar 14, 9:00 PM"
        text = plain(window.detail.plain_text())
        assert "Mon Mar 14, 9:00 PM" in text
        assert "Mon Mar 14, 1:00 PM course time (America/Los_Angeles)" in text
    finally:
        monkeypatch.setenv("TZ", "America/Los_Angeles")
        time.tzset()


def test_the_title_names_the_app_once_as_the_desktop_shows_it(window: MainWindow) -> None:
    # X11 and Wayland show "<window title> — <application display name>".
    shown = f"{window.windowTitle()} — Study Companion"
    assert shown.count("Study Companion") == 1
    assert shown.startswith("Machine Learning Systems (Spring 2022)")


def _shown_titles(window: MainWindow) -> dict[str, str]:
    """Each week's full title -> the title as its card draws it."""
    view = window.week_list
    delegate = view.itemDelegate()
    assert isinstance(delegate, WeekDelegate)
    shown = {}
    for row in range(window.model.rowCount()):
        index = window.model.index(row)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        shown[str(index.data())] = delegate.shown_title(option, index)
    return shown


def _shown_at(make_window: WindowFactory, qtbot: QtBot, width: int, height: int) -> MainWindow:
    window = make_window(show=False)
    window.resize(width, height)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: window.week_list.viewport().width() > 300)
    return window


def test_at_1920_px_the_list_takes_the_room_its_titles_need(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = _shown_at(make_window, qtbot, 1920, 1080)
    shown = _shown_titles(window)
    assert all(whole == drawn for whole, drawn in shown.items()), shown
    # ...and no more than that: the week pane keeps the larger share.
    left, right = window.splitter.sizes()
    assert left < right


def test_a_title_cut_short_is_whole_in_its_tooltip(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = _shown_at(make_window, qtbot, 1024, 768)
    cut = {whole: drawn for whole, drawn in _shown_titles(window).items() if whole != drawn}
    assert cut, "at 1024 px the longest titles are cut short"
    for row in range(window.model.rowCount()):
        index = window.model.index(row)
        if index.data() in cut:
            assert cut[index.data()].endswith("…")
            assert index.data() in index.data(Qt.ItemDataRole.ToolTipRole).splitlines()
