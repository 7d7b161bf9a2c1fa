"""The Due view above the weeks: reviews due next with their countdowns and statuses, then the
overdue ones, then the submitted ones, the weeks without a review named, a click opening the
review dock. Deadlines and countdowns are written out for the fixed mid-term clock."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.ui.review.due_view import DueView
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import QUICK_MS, WAIT_MS, click, field_of
from tests.gui.term import BERKELEY, SettableClock, plain


def texts(due: DueView) -> list[str]:
    return [plain(due.item(i).text()) for i in range(due.count())]


def ready_answers(paper: str) -> dict[str, str]:
    """Every question the usual review requires (the template before the form is known)."""
    return {
        "Paper": paper,
        "Summary": "It learns what to skip.",
        "Strengths": "Measured on real phones.",
        "Weaknesses": "One data set.",
        "Rating": "4",
        "Confidence": "3",
    }


def drafts(services: AppServices) -> None:
    """Week 10 drafting, week 11 ready, weeks 4 and 12 submitted in the browser."""
    services.reviews.set_answers(10, {"Summary": "Automatic differentiation, compiled."})
    week_11 = services.course.syllabus().week(11)
    assert week_11 is not None
    services.reviews.set_answers(11, ready_answers(week_11.required_readings[0].title))
    services.reviews.mark_ready(11)
    services.reviews.mark_submitted(4)
    services.reviews.mark_submitted(12)


WEEK_8 = "Week 8 · Machine learning Applied to Systems"
WEEK_10 = "Week 10 · Machine Learning Frameworks and Automatic Differentiation"
WEEK_11 = "Week 11 · Efficient Machine Learning"
WEEK_12 = "Week 12 · Fundamentals of Machine Learning in the Cloud, the Modern Data Stack"
WEEK_6 = "Week 6 · Distributed deep learning, Part II: Scaling Constraints"
WEEK_3 = "Week 3 · Hardware for Machine Learning"
WEEK_2 = "Week 2 · Big Data Systems"
WEEK_4 = "Week 4 · Distributed deep learning, Part I: Systems"
NO_REVIEW = "No review this week: weeks 9, 13, 14, 15 and 16"


def test_due_next_then_overdue_then_submitted_with_countdowns_and_statuses(
    make_window: WindowFactory, services: AppServices
) -> None:
    drafts(services)
    window = make_window()
    due = window.review.due

    assert due.isVisible()  # a deadline is ahead: the student sees it first
    assert window.focusWidget() is window.week_list  # the keys still walk the weeks
    # Thursday March 10, noon (PST); the deadlines are at 1:00 PM on Mondays, PDT from March 14.
    assert texts(due) == [
        "Due next",
        f"{WEEK_8}\n    Mon Mar 14, 1:00 PM · in 4 d 0 h · Not started",
        f"{WEEK_10}\n    Mon Mar 28, 1:00 PM · in 18 d 0 h · Drafting",
        f"{WEEK_11}\n    Mon Apr 4, 1:00 PM · in 25 d 0 h · Ready",
        "Overdue",
        f"{WEEK_6}\n    was due Mon Feb 28, 1:00 PM · Not started",
        f"{WEEK_3}\n    was due Mon Feb 7, 1:00 PM · Not started",
        f"{WEEK_2}\n    was due Mon Jan 31, 1:00 PM · Not started",
        "Submitted",
        f"{WEEK_4}\n    was due Mon Feb 14, 1:00 PM · Submitted",
        f"{WEEK_12}\n    was due Mon Apr 11, 1:00 PM · Submitted",
        NO_REVIEW,
    ]
    assert due.week_rows() == [8, 10, 11, 6, 3, 2, 4, 12]


def test_countdowns_follow_the_minute_tick_and_a_passed_deadline_moves_to_overdue(
    make_window: WindowFactory, clock: SettableClock
) -> None:
    window = make_window()
    due = window.review.due
    clock.moment = datetime(2022, 3, 14, 12, 30, tzinfo=BERKELEY)
    window.countdown_timer.timeout.emit()
    assert texts(due)[1:3] == [
        f"{WEEK_8}\n    Mon Mar 14, 1:00 PM · in 30 min · Not started",
        f"{WEEK_10}\n    Mon Mar 28, 1:00 PM · in 14 d 0 h · Not started",
    ]

    clock.moment = datetime(2022, 3, 14, 13, 0, 1, tzinfo=BERKELEY)
    window.countdown_timer.timeout.emit()
    shown = texts(due)
    assert (
        shown[shown.index("Overdue") + 1]
        == f"{WEEK_8}\n    was due Mon Mar 14, 1:00 PM · Not started"
    )
    assert shown[-1] == "No review this week: weeks 9, 13, 14, 15 and 16"


def test_no_deadline_ahead_opens_on_the_weeks_with_the_due_view_in_the_view_menu(
    make_window: WindowFactory, clock: SettableClock
) -> None:
    clock.moment = datetime(2022, 5, 2, 9, 0, tzinfo=BERKELEY)  # the term is over
    window = make_window()
    due = window.review.due
    assert not due.isVisible()
    assert not due.toggle_action.isChecked()
    due.toggle_action.trigger()  # View > Reviews due
    assert due.isVisible()
    assert texts(due)[0] == "Overdue"
    # Monday May 2 is week 15's (RRR Week): what is left without a review is 15 and 16.
    assert texts(due)[-1] == "No review this week: weeks 15 and 16"


def click_row(qtbot: QtBot, item: QListWidgetItem) -> None:
    view = item.listWidget()
    view.scrollToItem(item)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center()
    )


def test_a_click_opens_the_review_of_that_week_and_its_status_comes_back(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window()
    due = window.review.due
    row = due.row_of_week(10)
    assert row is not None
    click_row(qtbot, row)

    qtbot.waitUntil(window.review.dock.isVisible, timeout=WAIT_MS)
    editor = window.review.editor
    assert editor.week == 10
    assert "Week 10" in editor.heading.text()

    text = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert text is not None
    editor.autosave.setInterval(QUICK_MS)
    click(qtbot, text)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClicks(text, "Tensors all the way down.")
    row = due.row_of_week(10)
    assert row is not None
    assert plain(row.text()).endswith("· Drafting")


def test_enter_on_a_row_opens_its_week(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    due = window.review.due
    row = due.row_of_week(6)
    assert row is not None
    due.setFocus()
    due.setCurrentItem(row)
    qtbot.keyClick(due, Qt.Key.Key_Return)
    qtbot.waitUntil(window.review.dock.isVisible, timeout=WAIT_MS)
    assert window.review.editor.week == 6
