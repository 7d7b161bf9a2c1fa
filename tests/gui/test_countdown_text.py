"""Countdowns say what a student means ("in 7 days", "tomorrow 1:00 PM", "in 3 hours") and the
one due soon stands out: bold within 48 hours or overdue, plain within a week, muted later.

Week 8's review is due Monday March 14, 1:00 PM in Berkeley (the first Monday after the switch
to daylight time); expectations are written out from the calendar, not from the code."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtGui import QFont, QTextDocument

from app.ui import time_text
from app.ui.main_window import MainWindow
from app.ui.time_text import Urgency
from app.ui.week_list import COUNTDOWN_ROLE, URGENCY_ROLE
from tests.gui.conftest import WindowFactory
from tests.gui.term import BERKELEY, SettableClock, plain

DUE_8 = datetime(2022, 3, 14, 13, 0, tzinfo=BERKELEY)
DUE_10 = datetime(2022, 3, 28, 13, 0, tzinfo=BERKELEY)


@pytest.mark.parametrize(
    ("now", "said", "level"),
    [
        # Monday to Monday: seven calendar days, the edge of "this week".
        (datetime(2022, 3, 7, 13, 0, tzinfo=BERKELEY), "in 7 days", Urgency.THIS_WEEK),
        (datetime(2022, 3, 10, 12, 0, tzinfo=BERKELEY), "in 4 days", Urgency.THIS_WEEK),
        # Saturday 1 PM PST to Monday 1 PM PDT is 47 hours (the clocks jump on Sunday).
        (datetime(2022, 3, 12, 13, 0, tzinfo=BERKELEY), "in 2 days", Urgency.SOON),
        (datetime(2022, 3, 13, 13, 0, tzinfo=BERKELEY), "tomorrow 1:00 PM", Urgency.SOON),
        (datetime(2022, 3, 14, 8, 0, tzinfo=BERKELEY), "today 1:00 PM", Urgency.SOON),
        (datetime(2022, 3, 14, 9, 30, tzinfo=BERKELEY), "in 3 hours", Urgency.SOON),
        (datetime(2022, 3, 14, 11, 15, tzinfo=BERKELEY), "in 1 h 45 min", Urgency.SOON),
        (datetime(2022, 3, 14, 12, 50, tzinfo=BERKELEY), "in 10 min", Urgency.SOON),
        (datetime(2022, 3, 14, 13, 0, 1, tzinfo=BERKELEY), "closed", Urgency.CLOSED),
    ],
)
def test_countdown_wording_and_urgency(now: datetime, said: str, level: Urgency) -> None:
    assert plain(time_text.countdown_text(DUE_8, now)) == said
    assert time_text.urgency(DUE_8, now) is level


def test_later_weeks_are_counted_in_calendar_days_and_recede() -> None:
    now = datetime(2022, 3, 10, 23, 30, tzinfo=BERKELEY)
    days = (date(2022, 3, 28) - date(2022, 3, 10)).days
    assert time_text.countdown_text(DUE_10, now) == f"in {days} days"
    assert time_text.urgency(DUE_10, now) is Urgency.LATER
    assert time_text.urgency(DUE_8, DUE_8 + timedelta(hours=1), owed=True) is Urgency.OVERDUE


def test_a_late_evening_deadline_reads_today_at_its_time() -> None:
    due = datetime(2022, 4, 1, 23, 59, tzinfo=BERKELEY)
    assert plain(time_text.countdown_text(due, due - timedelta(hours=6))) == "today 11:59 PM"
    # After midnight the hours are said, with the day they fall on.
    assert time_text.countdown_text(due + timedelta(hours=2), due) == "in 2 hours"
    assert plain(time_text.deadline_text(due + timedelta(hours=2), due)) == (
        "tomorrow 1:59 AM · in 2 hours"
    )


def _bold_words(html: str, words: str) -> bool | None:
    """Whether ``words`` in a pane label's rich text are drawn bold (None: not there)."""
    document = QTextDocument()
    document.setHtml(html)
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            part = it.fragment()
            if words in plain(part.text()):
                return part.charFormat().fontWeight() >= QFont.Weight.DemiBold
            it += 1
        block = block.next()
    return None


def _due_row_bold(window: MainWindow, week: int) -> bool:
    item = window.review.due.row_of_week(week)
    assert item is not None
    return item.font().bold()


def test_only_the_review_due_soon_is_bold(make_window: WindowFactory, clock: SettableClock) -> None:
    clock.moment = datetime(2022, 3, 13, 13, 0, tzinfo=BERKELEY)  # Sunday: week 8 tomorrow
    window = make_window()
    assert window.selected_week() is not None and window.selected_week().number == 8
    assert _bold_words(window.detail.header.text(), "tomorrow 1:00 PM") is True
    assert _due_row_bold(window, 8) and not _due_row_bold(window, 10)
    assert plain(window.review.due.row_of_week(8).text()).endswith(  # type: ignore[union-attr]
        "tomorrow 1:00 PM · Not started"
    )
    model = window.model
    rows = {model.index(r).data(COUNTDOWN_ROLE): r for r in range(model.rowCount())}
    assert model.index(rows["tomorrow"]).data(URGENCY_ROLE) == Urgency.SOON
    assert model.index(rows["in 15 days"]).data(URGENCY_ROLE) == Urgency.LATER  # week 10

    # Thursday before: four days off is plain text, no longer shouting.
    clock.moment = datetime(2022, 3, 10, 12, 0, tzinfo=BERKELEY)
    window.countdown_timer.timeout.emit()
    assert _bold_words(window.detail.header.text(), "in 4 days") is False
    assert not _due_row_bold(window, 8)
