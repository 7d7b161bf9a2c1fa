"""The Due view: the term's review deadlines as a student wants them, above the week list.

Three sections: the reviews still to hand in with their deadline, countdown and status (soonest
first), those whose deadline passed without being submitted (the latest first: the one most
likely still worth sending), and the submitted ones. The remaining weeks without a review are
named on one line, so a week missing from the list reads as "no review", not as forgotten.

A click (or Enter) on a review emits ``week_chosen``; the review controller opens the dock on it.
Countdowns move with ``set_now`` (the window's minute tick); statuses are read again with
``reload`` (a draft saved, marked ready or submitted); the term is the window's, handed in with
``set_term`` when the window reads it again (a sync, a moved schedule), so it is read once.

While the term is self-paced (``schedule.start``) the first line says from which Monday.

A review still to write whose form is not here (never fetched, or the course page links another
one now) or whose last fetch failed has a Fetch form button (``due_fetch``); the fetch runs on
the review editor's worker, so the editor and the row show the same fetch, and a failure stays
on the row (recorded in the store) until a fetch succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from app.domain.course import Syllabus
from app.domain.deadline import DueStatus
from app.domain.review import ReviewStatus
from app.services.course import CourseService
from app.ui import time_text
from app.ui.review.continue_reading import RecentReading, progress_text
from app.ui.review.due_fetch import (
    FETCH_ROLE,
    DueRowDelegate,
    fetch_button,
    show_running,
    strip_width,
)
from app.ui.review.review_status import STATUS_WORDS
from app.ui.schedule_dialog import following_text
from app.ui.term_span import ended_span
from app.ui.theme import colours, on_theme_change

if TYPE_CHECKING:
    from app.services.reviews import FormState, ReviewService
    from app.ui.review.form_fetch_runner import FormFetchRunner

WEEK_ROLE = Qt.ItemDataRole.UserRole  # the week a row opens; None on headings (+1: due_fetch)
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 2  # a review row's time_text.Urgency
READING_ROLE = Qt.ItemDataRole.UserRole + 3  # the reading a "Continue reading" row opens


@dataclass(frozen=True)
class DueRow:
    week: int
    title: str
    due: datetime
    status: ReviewStatus
    past: bool


@dataclass(frozen=True)
class DueSections:
    ahead: tuple[DueRow, ...]
    overdue: tuple[DueRow, ...]
    submitted: tuple[DueRow, ...]
    no_review: tuple[int, ...]  # weeks still to come without a review


def due_sections(
    course: CourseService,
    syllabus: Syllabus,
    statuses: dict[int, ReviewStatus],
    now: datetime,
) -> DueSections:
    rows = [
        DueRow(
            d.week,
            d.title,
            d.due,
            statuses.get(d.week, ReviewStatus.NOT_STARTED),
            d.status is DueStatus.PAST,
        )
        for d in course.deadlines(now, syllabus)
    ]
    done = ReviewStatus.SUBMITTED
    today = time_text.local(now).date()
    return DueSections(
        ahead=tuple(r for r in rows if not r.past and r.status is not done),
        overdue=tuple(reversed([r for r in rows if r.past and r.status is not done])),
        submitted=tuple(r for r in rows if r.status is done),
        no_review=tuple(
            w.number
            for w in syllabus.weeks
            if w.review is None and (w.date is None or w.date >= today)
        ),
    )


def weeks_text(numbers: tuple[int, ...]) -> str:
    """``week 9``, ``weeks 9 and 13``, ``weeks 9, 13, 14 and 15``."""
    if len(numbers) == 1:
        return f"week {numbers[0]}"
    listed = ", ".join(str(n) for n in numbers[:-1])
    return f"weeks {listed} and {numbers[-1]}"


class DueView(QListWidget):
    week_chosen = Signal(int)
    reading_chosen = Signal(str)  # a "Continue reading" row: the reading's id
    rendered = Signal()  # the rows (and their Fetch form buttons) were made anew

    def __init__(
        self,
        course: CourseService,
        reviews: Callable[[], ReviewService],
        now: datetime,
        fetcher: FormFetchRunner | None = None,
        syllabus: Syllabus | None = None,
    ) -> None:
        """``fetcher`` fetches forms (the review controller's); without it no row offers to.
        ``syllabus``: the term as the window read it (None: read here)."""
        super().__init__()
        self._course = course
        self._syllabus = syllabus if syllabus is not None else course.syllabus()
        self._reviews = reviews
        self._now = now
        self._fetcher = fetcher
        self._statuses: dict[int, ReviewStatus] = {}
        self._forms: dict[int, FormState] = {}
        self._start = course.schedule_start()  # the self-paced term's Monday, None: as given
        self._strip = strip_width()
        self.setItemDelegate(DueRowDelegate(self._strip, self))
        if fetcher is not None:
            fetcher.started.connect(self._fetch_started)
            fetcher.fetched.connect(lambda _week, _view: self.reload())
            fetcher.failed.connect(lambda _week, _reason: self.reload())
        self.sections = DueSections((), (), (), ())
        self.recent: list[RecentReading] = []  # "Continue reading", newest first
        self.setAccessibleName("Reviews due")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setSpacing(1)
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)  # Enter, and a double click on some styles

        self.toggle_action = QAction("Reviews &due", self)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setStatusTip("Show the review deadlines above the weeks")
        self.toggle_action.toggled.connect(self.setVisible)
        self._read_reviews()
        self._render()
        on_theme_change(self, self._render)  # the rows' colours are the palette's of the time

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        self.toggle_action.setChecked(visible)  # no loop: toggled is not emitted when unchanged

    # -- contents --------------------------------------------------------------------------------

    def set_term(self, syllabus: Syllabus) -> None:
        """The term as the window read it again (a sync, a moved schedule)."""
        self._syllabus = syllabus
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the statuses again: a draft changed (or, from ``set_term``, the term)."""
        self._read_reviews()
        start = self._course.schedule_start()
        moved, self._start = start != self._start, start
        self._render()
        if moved:  # a term moved to next year has its deadlines ahead again: shown as at start
            self.setVisible(bool(self.sections.ahead))

    def _read_reviews(self) -> None:
        reviews = self._reviews()
        self._statuses = reviews.statuses()
        self._forms = reviews.form_states(self._syllabus) if self._fetcher is not None else {}

    def set_now(self, now: datetime) -> None:
        self._now = now
        self._render()

    def review_words(self) -> dict[int, str]:
        """Where each started review stands, in the words the rows use ("Submitted")."""
        return {week: STATUS_WORDS[status] for week, status in self._statuses.items()}

    def set_recent(self, readings: list[RecentReading]) -> None:
        """The readings to continue (``continue_reading.recent_readings``); none: no section."""
        if readings != self.recent:
            self.recent = readings
            self._render()

    def reading_rows(self) -> list[str]:
        """The reading ids of the "Continue reading" rows, top to bottom."""
        found = (self.item(i).data(READING_ROLE) for i in range(self.count()))
        return [reading for reading in found if reading is not None]

    def week_rows(self) -> list[int]:
        """The weeks of the clickable rows, top to bottom."""
        found = (self.item(i).data(WEEK_ROLE) for i in range(self.count()))
        return [week for week in found if week is not None]

    def row_of_week(self, week: int) -> QListWidgetItem | None:
        found = (self.item(i) for i in range(self.count()))
        return next((item for item in found if item.data(WEEK_ROLE) == week), None)

    def _render(self) -> None:
        chosen = self.currentItem().data(WEEK_ROLE) if self.currentItem() else None
        self.sections = due_sections(self._course, self._syllabus, self._statuses, self._now)
        self.clear()
        sections = self.sections
        if self._start is not None:
            self._heading(following_text(self._start))
        if sections.ahead:
            self._heading("Due next")
            for row in sections.ahead:
                self._row(row, time_text.deadline_text(row.due, self._now))
        self._recent_rows()
        # A term long over (the embedded one, say) owes nothing: its missed reviews are history.
        ended = None if sections.ahead else ended_span(self._syllabus, self._today())
        if ended is not None:
            self._heading(f"The term ended on {time_text.long_date(ended[1])}")
            self._note(
                "Nothing is due. To work through the course on dates of your own, choose "
                "View › Follow at my own pace…"
            )
        if sections.overdue and ended is not None:
            self._heading("Not submitted")
            for row in sections.overdue:
                self._row(row, f"was due {time_text.due_text(row.due)}", past_term=True)
        elif sections.overdue:
            overdue = QColor(colours(self.palette()).error)
            self._heading("Overdue", overdue)
            for row in sections.overdue:
                self._row(row, f"was due {time_text.due_text(row.due)}", overdue)
        if sections.submitted:
            self._heading("Submitted")
            for row in sections.submitted:
                self._row(row, f"was due {time_text.due_text(row.due)}")
        if not (sections.ahead or sections.overdue or sections.submitted):
            self._heading("No review deadlines in this term")
            self._note("Sync (Ctrl+R) fetches the course page: its review forms come with it.")
        if sections.no_review:
            item = QListWidgetItem(f"No review this week: {weeks_text(sections.no_review)}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(self.palette().placeholderText())
            titles = {w.number: w.title for w in self._syllabus.weeks}
            item.setToolTip("\n".join(f"Week {n}: {titles[n]}" for n in sections.no_review))
            self.addItem(item)
        again = self.row_of_week(chosen) if chosen is not None else None
        if again is not None:
            self.setCurrentItem(again)
        self.rendered.emit()

    def tab_stops(self) -> list[QWidget]:
        """The list, then its rows' Fetch form buttons top to bottom."""
        buttons = (self.fetch_button(week) for week in self.week_rows())
        return [self, *(button for button in buttons if button is not None)]

    def _recent_rows(self) -> None:
        if not self.recent:
            return  # nothing read yet: no heading standing alone
        self._heading("Continue reading")
        for reading in self.recent:
            item = QListWidgetItem(f"{reading.title}\n    {progress_text(reading)}")
            item.setData(READING_ROLE, reading.reading_id)
            item.setToolTip(f"Open {reading.title} at page {reading.page}")
            self.addItem(item)

    def _note(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(self.palette().placeholderText())
        self.addItem(item)

    def _heading(self, text: str, color: QColor | None = None) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # seen, not selectable
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(font)
        if color is not None:
            item.setForeground(color)
        self.addItem(item)

    def _today(self) -> date:
        return time_text.local(self._now).date()

    def _row(
        self, row: DueRow, when: str, color: QColor | None = None, *, past_term: bool = False
    ) -> None:
        """``past_term``: a row of a term that is over, neither urgent nor offered a fetch."""
        line = time_text.unbroken(f"{when} · {STATUS_WORDS[row.status]}")  # wraps between
        text = f"Week {row.week} · {row.title}\n    {line}"
        form = self._forms.get(row.week)
        offer = (
            not past_term
            and form is not None
            and form.wants_fetch
            and row.status is not ReviewStatus.SUBMITTED
        )
        if offer and form is not None and form.error:
            text += f"\n    Could not fetch the form: {form.error}"
        item = QListWidgetItem(text)
        item.setData(WEEK_ROLE, row.week)
        # The title in full: a narrow column cuts it.
        item.setToolTip(f"Week {row.week}: {row.title}\nOpen its review (Enter)")
        owed = row.status is not ReviewStatus.SUBMITTED and not past_term
        level = time_text.urgency(row.due, self._now, owed=owed)
        if time_text.is_emphasised(level):  # due within two days, or overdue: it stands out
            font = QFont(self.font())
            font.setBold(True)
            item.setFont(font)
        item.setData(URGENCY_ROLE, level)
        if color is not None:
            item.setForeground(color)
        item.setData(FETCH_ROLE, offer)
        self.addItem(item)
        if offer and self._fetcher is not None:
            button = fetch_button(row.week, self._fetcher.running(row.week), self._strip)
            button.clicked.connect(lambda: self.fetch(row.week))
            self.setItemWidget(item, button)

    def fetch_button(self, week: int) -> QPushButton | None:
        """The row's Fetch form button, if it has one."""
        item = self.row_of_week(week)
        found = self.itemWidget(item) if item is not None else None
        return found if isinstance(found, QPushButton) else None

    @Slot(int)
    def _fetch_started(self, week: int) -> None:
        button = self.fetch_button(week)
        if button is not None:
            show_running(button, True)

    def fetch(self, week: int) -> None:
        """Fetch ``week``'s form on the worker; the row says so until it comes or fails."""
        if self._fetcher is not None:
            self._fetcher.start(week)

    @Slot(QListWidgetItem)
    def _chosen(self, item: QListWidgetItem) -> None:
        week = item.data(WEEK_ROLE)
        if week is not None:
            self.week_chosen.emit(week)
        reading = item.data(READING_ROLE)
        if reading is not None:
            self.reading_chosen.emit(reading)
