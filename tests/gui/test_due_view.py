"""The Due view above the weeks: reviews due next with their countdowns and statuses, then the
overdue ones, then the submitted ones, the weeks without a review named, a click opening the
review dock. Deadlines and countdowns are written out for the fixed mid-term clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.store.review_store import ReviewStore
from app.ui.review.due_view import DueView
from tests.forms.google_forms_server import GoogleFormsServer, Wall
from tests.forms.review_forms import week_review
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import (
    EVERY_KIND,
    LINK_8,
    QUICK_MS,
    WAIT_MS,
    click,
    field_of,
    labels,
    open_editor,
    seen,
)
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
        f"{WEEK_8}\n    Mon Mar 14, 1:00 PM · in 4 days · Not started",
        f"{WEEK_10}\n    Mon Mar 28, 1:00 PM · in 18 days · Drafting",
        f"{WEEK_11}\n    Mon Apr 4, 1:00 PM · in 25 days · Ready",
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
        f"{WEEK_8}\n    today 1:00 PM · in 30 min · Not started",
        f"{WEEK_10}\n    Mon Mar 28, 1:00 PM · in 14 days · Not started",
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


def test_a_term_long_over_owes_nothing_and_points_to_following_it_at_your_own_pace(
    make_window: WindowFactory, clock: SettableClock, services: AppServices
) -> None:
    """The embedded term opened years later: its missed reviews are history, not alarms."""
    clock.moment = datetime(2026, 11, 30, 9, 0, tzinfo=BERKELEY)
    last_lecture = max(w.date for w in services.course.syllabus().weeks if w.date is not None)
    window = make_window()
    due = window.review.due
    due.toggle_action.trigger()  # View > Reviews due

    shown = texts(due)
    assert shown[0] == f"The term ended on {last_lecture:%A, %B} {last_lecture.day}, 2022"
    assert "Follow at my own pace" in shown[1]
    assert "Overdue" not in shown
    assert "Not submitted" in shown
    rows = [due.item(i) for i in range(due.count()) if due.item(i).data(Qt.ItemDataRole.UserRole)]
    assert rows, "the missed reviews are still listed"
    for item in rows:
        assert not item.font().bold()
        assert due.itemWidget(item) is None  # no Fetch form for a form years closed
        assert item.foreground().style() == Qt.BrushStyle.NoBrush  # plain text, not alarm red


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


# -- Fetch form from the Due view (against the fake Google Forms of tests/conftest.py) ----------

CODE_8 = LINK_8.rsplit("/", 1)[1]  # week 8's link on the embedded course page
ROW_8 = f"{WEEK_8}\n    Mon Mar 14, 1:00 PM · in 4 days · Not started"


def fetch_button_of(due: DueView, week: int) -> QPushButton:
    button = due.fetch_button(week)
    assert button is not None, f"week {week} has no Fetch form button"
    return button


def press(qtbot: QtBot, due: DueView, week: int) -> QPushButton:
    row = due.row_of_week(week)
    assert row is not None
    due.scrollToItem(row)
    button = fetch_button_of(due, week)
    qtbot.waitUntil(button.isVisible, timeout=WAIT_MS)
    click(qtbot, button)
    return button


def test_a_review_whose_form_is_not_here_offers_fetch_form_and_the_row_follows_the_fetch(
    make_window: WindowFactory, services: AppServices, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    spec = week_review()
    google.publish(spec, CODE_8)
    week_10 = services.course.syllabus().week(10)
    assert week_10 is not None and week_10.review is not None
    ReviewStore(services.database).save_form(
        10, week_10.review.form_url, EVERY_KIND, datetime(2022, 3, 1, 9, 0)
    )
    services.reviews.mark_submitted(4)
    window = make_window()
    due = window.review.due
    editor = open_editor(qtbot, window)  # week 8's review is open beside

    assert due.fetch_button(10) is None  # its form is here
    assert due.fetch_button(4) is None  # submitted: nothing left to write
    assert fetch_button_of(due, 11).text() == "Fetch form"
    assert texts(due)[1] == ROW_8  # the row reads as before; the button sits beside it

    with qtbot.waitSignal(editor.fetcher.fetched, timeout=WAIT_MS):
        button = press(qtbot, due, 8)
        # Said before the network answers, in the row and in the open editor alike.
        assert button.text() == "Fetching…" and not button.isEnabled()
        assert editor.busy.isVisible() and not editor.fetch_button.isEnabled()

    assert due.fetch_button(8) is None
    assert texts(due)[1] == ROW_8
    assert services.reviews.form(8).form.title == spec.title  # cached: no network asked
    qtbot.waitUntil(lambda: spec.title in seen(" ".join(labels(editor))), timeout=WAIT_MS)
    assert not editor.busy.isVisible()


def test_a_failed_fetch_stays_on_the_row_in_one_line_and_the_button_comes_back(
    make_window: WindowFactory, services: AppServices, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    google.publish(week_review(), CODE_8, Wall.CLOSED)
    window = make_window()
    due = window.review.due
    with qtbot.waitSignal(window.review.editor.fetcher.failed, timeout=WAIT_MS):
        press(qtbot, due, 8)

    first, when, why = texts(due)[1].split("\n")
    assert f"{first}\n{when}" == ROW_8
    assert why.startswith("    Could not fetch the form: ") and "closed" in why.lower()
    button = fetch_button_of(due, 8)
    assert button.text() == "Fetch form" and button.isEnabled()

    later = open_services(services.data_dir, clock=services.clock)  # the next run remembers
    assert texts(make_window(services=later).review.due)[1].split("\n")[2] == why


def test_opening_a_review_whose_link_changed_fetches_the_form_again(
    make_window: WindowFactory, services: AppServices, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    spec = week_review()
    google.publish(spec, CODE_8)
    old = replace(EVERY_KIND, title="Last year's week 8 form")
    ReviewStore(services.database).save_form(
        8, "https://forms.gle/LastYearsWeek8", old, datetime(2022, 3, 1, 9, 0)
    )
    window = make_window()
    assert window.review.due.fetch_button(8) is not None  # a copy, but of another link
    window.review.editor.auto_fetch = True  # as the running app sets it

    with qtbot.waitSignal(window.review.editor.fetcher.fetched, timeout=WAIT_MS):
        editor = open_editor(qtbot, window)
    qtbot.waitUntil(lambda: spec.title in seen(" ".join(labels(editor))), timeout=WAIT_MS)
    assert old.title not in seen(" ".join(labels(editor)))
    assert window.review.due.fetch_button(8) is None
