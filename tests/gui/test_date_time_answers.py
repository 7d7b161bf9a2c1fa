"""Date and time questions in the review editor: a calendar and a time editor that start blank
("No date", "No time"), take typed values as a student writes them, are cleared back to no
answer, and store the answer as the form wants it (YYYY-MM-DD, HH:MM). Week 8's cached form
(review_scene.EVERY_KIND) asks "Day you read it" (a date) and "Time you spent" (a time)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QDateEdit, QTimeEdit, QToolButton
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import (
    DAY,
    HOUR,
    WAIT_MS,
    cache_form,
    click,
    field_of,
    key,
    open_editor,
    stored_answers,
)

DAY_TITLE, HOUR_TITLE = "Day you read it", "Time you spent"


def pickers(window: MainWindow) -> tuple[QDateEdit, QTimeEdit]:
    editor = window.review.editor
    day = field_of(editor, DAY_TITLE).findChild(QDateEdit)
    hour = field_of(editor, HOUR_TITLE).findChild(QTimeEdit)
    assert day is not None and hour is not None
    return day, hour


def clear_button(window: MainWindow, title: str) -> QToolButton:
    found = field_of(window.review.editor, title).findChild(QToolButton)
    assert found is not None and found.text() == "Clear"
    return found


def type_into(qtbot: QtBot, editor: QDateEdit | QTimeEdit, text: str) -> None:
    click(qtbot, editor.lineEdit())
    qtbot.keyClicks(editor, text)


def test_typed_date_and_time_are_stored_as_the_form_writes_them_and_shown_on_reopening(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    cache_form(services)
    window = make_window()
    editor = open_editor(qtbot, window)
    day, hour = pickers(window)
    assert (day.text(), hour.text()) == ("No date", "No time")  # unanswered, and says so
    assert not clear_button(window, DAY_TITLE).isEnabled()

    type_into(qtbot, day, "2022-03-09")
    click(qtbot, hour.lineEdit())  # leaving the date saves it
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClicks(hour, "1:30")

    assert stored_answers(services.data_dir) == {key(DAY): "2022-03-09", key(HOUR): "01:30"}
    assert clear_button(window, DAY_TITLE).isEnabled()

    later = open_services(services.data_dir, clock=services.clock)  # the next run of the app
    reopened = make_window(services=later)
    open_editor(qtbot, reopened)
    day, hour = pickers(reopened)
    assert (day.text(), hour.text()) == ("2022-03-09", "01:30")
    assert day.date() == QDate(2022, 3, 9)


def test_a_date_typed_without_separators_or_with_short_parts_lands_on_the_same_day(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    cache_form(services)
    window = make_window()
    open_editor(qtbot, window)
    day, _hour = pickers(window)
    for typed, meant in (("20211225", "2021-12-25"), ("2022-3-9", "2022-03-09")):
        if day.text() != "No date":
            click(qtbot, clear_button(window, DAY_TITLE))
        type_into(qtbot, day, typed)
        assert day.text() == meant, typed


def test_clear_leaves_the_question_unanswered_again(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    cache_form(services)
    services.reviews.set_answers(8, {key(DAY): "2022-03-09", key(HOUR): "00:00"})
    window = make_window()
    editor = open_editor(qtbot, window)
    day, hour = pickers(window)
    assert (day.text(), hour.text()) == ("2022-03-09", "00:00")  # midnight is an answer

    click(qtbot, clear_button(window, DAY_TITLE))
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        click(qtbot, clear_button(window, HOUR_TITLE))

    assert (day.text(), hour.text()) == ("No date", "No time")
    assert stored_answers(services.data_dir) == {}
    assert not clear_button(window, DAY_TITLE).isEnabled()


def test_the_calendar_of_a_blank_date_opens_on_this_month_and_a_picked_day_is_the_answer(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    cache_form(services)
    window = make_window()
    editor = open_editor(qtbot, window)
    day, _hour = pickers(window)
    assert day.calendarPopup()
    calendar = day.calendarWidget()
    # The popup's arrow is at the box's right end.
    qtbot.mouseClick(day, Qt.MouseButton.LeftButton, pos=QPoint(day.width() - 6, day.height() // 2))
    qtbot.waitUntil(calendar.isVisible, timeout=WAIT_MS)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())

    chosen = QDate(today.year(), today.month(), 15)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        calendar.setSelectedDate(chosen)
        calendar.activated.emit(chosen)  # Enter on the day, as the popup takes a pick
    assert stored_answers(services.data_dir) == {key(DAY): chosen.toString("yyyy-MM-dd")}
    assert day.text() == chosen.toString("yyyy-MM-dd")


def test_the_arrow_key_on_a_blank_time_starts_it_at_midnight_then_steps(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    cache_form(services)
    window = make_window()
    open_editor(qtbot, window)
    _day, hour = pickers(window)
    click(qtbot, hour.lineEdit())
    qtbot.keyClick(hour, Qt.Key.Key_Up)
    assert hour.text() == "00:00"
    qtbot.keyClick(hour, Qt.Key.Key_Up)
    assert hour.text() == "01:00"


def test_a_submitted_review_shows_its_date_read_only(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    cache_form(services)
    services.reviews.set_answers(8, {key(DAY): "2022-03-09"})
    services.reviews.mark_submitted(8)
    window = make_window()
    open_editor(qtbot, window)
    day, _hour = pickers(window)
    assert day.isReadOnly() and day.text() == "2022-03-09"
    assert not clear_button(window, DAY_TITLE).isEnabled()
