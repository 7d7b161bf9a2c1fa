"""Date and time questions: a QDateEdit with its calendar and a QTimeEdit, each able to be empty.

Qt's editors always hold a value, but an unanswered question must stay unanswered. So a field
starts blank: the editor sits at its minimum and shows "No date" / "No time" (Qt's special
value text). The first thing the student does with it (a digit typed, an arrow key, a day
picked in the calendar) gives it a value; Clear makes it blank again. Only while blank is the
special text set, so midnight (a time editor's minimum) is still an answer.

Answers are written as the domain reads them (``review.problem``): ``YYYY-MM-DD`` and ``HH:MM``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QHBoxLayout, QTimeEdit, QToolButton

from app.domain.form import Question
from app.domain.review_answers import Answer
from app.ui.review.field_base import AnswerField

BLANK_DATE = QDate(1900, 1, 1)  # shown as "No date"; no review asks about that day
SEPARATORS = ("-", "/", ".", ":")
STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class _CalendarOpensToday(QObject):
    """A blank field's calendar opens on this month, not on the blank's 1900."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field)
        self._field = field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._field.blank:
            today = QDate.currentDate()
            self._field.date_edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return False


class _OptionalField(AnswerField):
    """The blank state, Clear and change tracking shared by the date and the time field."""

    blank_text = ""

    def __init__(self, question: Question, key: str, editor: QDateTimeEdit) -> None:
        super().__init__(question, (key,))
        self.editor = editor
        self.editor.setAccessibleName(question.title)
        self.editor.setKeyboardTracking(True)
        self.editor.setMinimumWidth(140)
        self.editor.installEventFilter(self)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Leave this question unanswered")
        self.clear_button.setAccessibleName(f"{question.title}: clear")
        self.clear_button.clicked.connect(self.clear)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.blank = False
        self._loading = False
        self.editor.dateTimeChanged.connect(self._changed)
        self._set_blank(True)

    # -- the blank state -------------------------------------------------------------------------

    def _blank_value(self) -> None:
        raise NotImplementedError

    def _start_value(self) -> None:
        """Where a blank field starts when the student begins to type or step."""

    def _set_blank(self, blank: bool) -> None:
        self._loading = True
        self.blank = blank
        self.editor.setSpecialValueText(self.blank_text if blank else "")
        if blank:
            self._blank_value()
        self.clear_button.setEnabled(not blank and not self.editor.isReadOnly())
        self._loading = False

    def clear(self) -> None:
        if not self.blank:
            self._set_blank(True)
            self.edited.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.editor or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.text() in SEPARATORS:
            return self._typed_separator()
        stepped = event.key() in STEP_KEYS
        if self.blank and not self.editor.isReadOnly() and (stepped or event.text().isdigit()):
            self._begin()
            if stepped:  # the first step shows where the field starts, not one past it
                self.edited.emit()
                return True
        return False

    def _typed_separator(self) -> bool:
        """True (swallowed) when Qt already moved on: the student types ``2022-03-09`` as
        written, but Qt leaves a full section by itself, so the ``-`` after it would skip the
        next one."""
        line = self.editor.lineEdit()
        section = self.editor.sectionText(self.editor.currentSection())
        return line.hasSelectedText() and line.selectedText() == section

    def _begin(self) -> None:
        self._set_blank(False)
        self._loading = True
        self._start_value()
        self._loading = False
        self.clear_button.setEnabled(True)
        first = self.editor.sectionAt(0)
        self.editor.setSelectedSection(first)

    def _changed(self) -> None:
        if self._loading:
            return
        if self.blank:  # a day picked in the calendar, the wheel: answered now
            self.blank = False
            self.editor.setSpecialValueText("")
            self.clear_button.setEnabled(True)
        self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.clear_button.setEnabled(not read_only and not self.blank)


class DateField(_OptionalField):
    """A date question: typed as YYYY-MM-DD, or picked in the calendar."""

    blank_text = "No date"

    def __init__(self, question: Question, key: str) -> None:
        editor = QDateEdit()
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setCalendarPopup(True)
        editor.setMinimumDate(BLANK_DATE)
        editor.setToolTip("Type the date (YYYY-MM-DD) or pick it in the calendar")
        super().__init__(question, key, editor)
        self.date_edit = editor
        editor.calendarWidget().installEventFilter(_CalendarOpensToday(self))

    def _blank_value(self) -> None:
        self.editor.setDate(BLANK_DATE)

    def _start_value(self) -> None:
        self.editor.setDate(QDate.currentDate())

    def values(self) -> dict[str, Answer]:
        if self.blank:
            return {self.keys[0]: ""}
        return {self.keys[0]: self.editor.date().toString("yyyy-MM-dd")}

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        value = answers.get(self.keys[0], "")
        try:
            day = date.fromisoformat(value) if isinstance(value, str) and value else None
        except ValueError:
            day = None
        self._set_blank(day is None)
        if day is not None:
            self._loading = True
            self.editor.setDate(QDate(day.year, day.month, day.day))
            self._loading = False
            self.clear_button.setEnabled(not self.editor.isReadOnly())


class TimeField(_OptionalField):
    """A time question (a time of day or a duration, as the form asks): HH:MM, 24 hours."""

    blank_text = "No time"

    def __init__(self, question: Question, key: str) -> None:
        editor = QTimeEdit()
        editor.setDisplayFormat("HH:mm")
        editor.setToolTip("Type the time as HH:MM (24 hours), or step it with the arrow keys")
        super().__init__(question, key, editor)

    def _blank_value(self) -> None:
        self.editor.setTime(QTime(0, 0))

    def values(self) -> dict[str, Answer]:
        if self.blank:
            return {self.keys[0]: ""}
        return {self.keys[0]: self.editor.time().toString("HH:mm")}

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        value = answers.get(self.keys[0], "")
        shown = _time(value) if isinstance(value, str) else None
        self._set_blank(shown is None)
        if shown is not None:
            self._loading = True
            self.editor.setTime(QTime(shown.hour, shown.minute))
            self._loading = False
            self.clear_button.setEnabled(not self.editor.isReadOnly())


def _time(text: str) -> time | None:
    """``9:05`` or ``09:05`` (what the domain takes), else None."""
    hours, colon, minutes = text.strip().partition(":")
    if not (colon and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))
