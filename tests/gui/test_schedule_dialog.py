"""Follow at my own pace (View menu): a Monday picked in a calendar (another day moves to its
week's Monday, and the dialog says so), a preview of what moves beside the course's own dates,
Apply, and Back to the real term. After each, the week list, the week pane and the Due view
show the term as followed.

The expected dates are the course page's own (read back from the store) plus the whole weeks
between its week 1 and the Monday picked, worked out here."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.schedule_dialog import ScheduleDialog
from app.ui.week_list import DATE_ROLE
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import WAIT_MS, click, seen
from tests.gui.term import plain

PICKED = date(2027, 1, 6)  # a Wednesday
MONDAY = date(2027, 1, 4)  # the Monday of its week


def short(day: date) -> str:
    return f"{day:%a %b} {day.day}"  # the week list's "Mon Jan 4" (the tests' locale: C)


def with_year(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def open_dialog(qtbot: QtBot, window: MainWindow) -> ScheduleDialog:
    [action] = [a for a in window.view_menu.actions() if a.text() == "Follow at my own &pace…"]
    assert isinstance(action, QAction)
    action.trigger()
    # A closed one may wait for its deferred delete: the one open is the one shown.
    [dialog] = [d for d in window.findChildren(ScheduleDialog) if d.isVisible()]
    return dialog


def first_date(window: MainWindow) -> object:
    return window.model.index(0).data(DATE_ROLE)


def original_dates(services: AppServices) -> dict[int, date]:
    return {w.number: w.date for w in services.course.course_syllabus().weeks if w.date}


def test_a_picked_wednesday_moves_to_its_monday_and_the_preview_shows_both_dates(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    dialog = open_dialog(qtbot, window)
    assert dialog.now_label.text() == "Now: the course's own dates."
    assert not dialog.reset_button.isEnabled()

    dialog.choose(PICKED)
    assert dialog.calendar.selectedDate().toPython() == MONDAY
    assert with_year(PICKED) in dialog.note.text() and with_year(MONDAY) in dialog.note.text()

    course = original_dates(services)
    offset = MONDAY - (course[1] - timedelta(days=course[1].weekday()))
    shown = seen(dialog.preview.text().replace("<br>", "\n")).replace("  ", " ")
    assert f"Week 1: {with_year(course[1])} → {with_year(course[1] + offset)}" in shown
    last = max(course)
    assert f"Last lecture, week {last}: {with_year(course[last])} → " in shown
    assert f"Every date moves {offset.days // 7} weeks later" in shown
    assert services.course.schedule_start() is None  # nothing stored before Apply


def test_apply_moves_the_week_list_the_week_pane_and_the_due_view_then_reset_restores(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    course = original_dates(services)
    offset = MONDAY - (course[1] - timedelta(days=course[1].weekday()))
    assert first_date(window) == short(course[1])

    dialog = open_dialog(qtbot, window)
    dialog.choose(MONDAY)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        click(qtbot, dialog.apply_button)

    assert services.course.schedule_start() == MONDAY
    assert first_date(window) == short(course[1] + offset)
    selected = window.selected_week()
    assert selected is not None and selected.date == course[selected.number] + offset
    moved = selected.date
    pane = seen(window.detail.header.text()).upper()  # its eyebrow line is in capitals
    assert f"{moved:%A, %B} {moved.day}, {moved.year}".upper() in pane
    due = window.review.due
    assert due.isVisible()  # every deadline is ahead again
    assert plain(due.item(0).text()) == f"Self-paced: following from {with_year(MONDAY)}"
    assert plain(due.item(1).text()) == "Due next"
    first_due = plain(due.item(2).text())
    assert first_due.startswith(
        f"Week 2 · Big Data Systems\n    {short(course[2] + offset)}, 1:00 PM"
    )
    assert window.statusBar().currentMessage() == f"Self-paced: following from {with_year(MONDAY)}"

    dialog = open_dialog(qtbot, window)
    assert dialog.now_label.text() == f"Now: Self-paced: following from {with_year(MONDAY)}."
    assert dialog.calendar.selectedDate().toPython() == MONDAY
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        click(qtbot, dialog.reset_button)

    assert services.course.schedule_start() is None
    assert first_date(window) == short(course[1])
    assert not plain(due.item(0).text()).startswith("Self-paced")
    assert window.statusBar().currentMessage() == "Following the course's own dates again"
