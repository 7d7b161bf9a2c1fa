"""One widget per question of a review form, generated from the question's kind.

Each field knows its answer keys (a grid has one per row), shows stored answers, and gives back
what the student entered as answers the review service takes. A field whose text cannot be sent
yet (an address without its domain) leaves its key out: the service refuses a whole set of
answers for one bad value, and autosave must not lose the rest. Dates and times have pickers
of their own (``date_time_fields``), which can only hold whole values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
)

from app.domain.form import Question, QuestionKind
from app.domain.review_answers import Answer, Choice, Other
from app.domain.review_template import QuestionSet, Slot, slots
from app.ui.review.date_time_fields import DateField, TimeField
from app.ui.review.field_base import AnswerField

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NOT_HERE = "answer this one in the browser"


class TextField(AnswerField):
    """Short text or an email address: one line."""

    def __init__(self, question: Question, key: str, pattern: re.Pattern[str] | None = None):
        super().__init__(question, (key,))
        self.line = QLineEdit()
        self._pattern = pattern
        self.line.setAccessibleName(question.title)
        self._last = ""
        self.line.textEdited.connect(self._typed)
        self.layout_.addWidget(self.line)

    def _typed(self, text: str) -> None:
        if text != self._last:  # the spell checker's formats come as an input-method event
            self._last = text
            self.edited.emit()

    def values(self) -> dict[str, Answer]:
        text = self.line.text()
        if text.strip() and self._pattern is not None and not self._pattern.fullmatch(text):
            return {}  # half typed: sent once whole
        return {self.keys[0]: text}

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        value = answers.get(self.keys[0], "")
        self.line.setText(value if isinstance(value, str) else "")
        self._last = self.line.text()

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)  # still selectable and copyable

    def prose(self) -> list[QPlainTextEdit | QLineEdit]:
        return [self.line] if self._pattern is None else []  # an address is not prose


class ParagraphField(AnswerField):
    """Paragraph text with its word count under it, kept up to date as the student types."""

    def __init__(self, question: Question, key: str) -> None:
        super().__init__(question, (key,))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(110)
        self.text.setAccessibleName(question.title)
        self.count = QLabel()
        self.count.setProperty("role", "hint")
        self.text.textChanged.connect(self._count)
        self.text.textChanged.connect(self._typed)
        self._loading = False
        self._last = ""
        self.layout_.addWidget(self.text)
        self.layout_.addWidget(self.count)
        self._count()

    def _count(self) -> None:
        words = len(self.text.toPlainText().split())
        self.count.setText(f"{words} word{'s' if words != 1 else ''}")

    def _typed(self) -> None:
        # Re-colouring a paragraph (the spell checker) is reported as a change of the text:
        # only a different text is an edit, so a ready review is not knocked back to drafting.
        text = self.text.toPlainText()
        if text == self._last:
            return
        self._last = text
        if not self._loading:
            self.edited.emit()

    def values(self) -> dict[str, Answer]:
        return {self.keys[0]: self.text.toPlainText()}

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        value = answers.get(self.keys[0], "")
        self._loading = True
        self.text.setPlainText(value if isinstance(value, str) else "")
        self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)

    def prose(self) -> list[QPlainTextEdit | QLineEdit]:
        return [self.text]


class ChoiceField(AnswerField):
    """Radio buttons (a choice or a scale), checkboxes, each with "Other: ___" when offered."""

    def __init__(self, question: Question, key: str) -> None:
        super().__init__(question, (key,))
        self.multiple = question.kind is QuestionKind.CHECKBOXES
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.buttons: list[QAbstractButton] = []
        row = QHBoxLayout()
        scale = question.kind is QuestionKind.SCALE
        if scale and question.scale_labels[0]:
            row.addWidget(QLabel(question.scale_labels[0]))
        for option in question.options:
            button: QAbstractButton = QCheckBox(option) if self.multiple else QRadioButton(option)
            self.buttons.append(button)
            self.group.addButton(button)
            (row if scale else self.layout_).addWidget(button)
        if scale:
            if question.scale_labels[1]:
                row.addWidget(QLabel(question.scale_labels[1]))
            row.addStretch(1)
            self.layout_.addLayout(row)
        self.other: QAbstractButton | None = None
        self.other_text = QLineEdit()
        if question.other:
            self.other = QCheckBox("Other:") if self.multiple else QRadioButton("Other:")
            self.group.addButton(self.other)
            line = QHBoxLayout()
            line.addWidget(self.other)
            line.addWidget(self.other_text, 1)
            self.layout_.addLayout(line)
            self.other_text.setAccessibleName(f"{question.title}: Other")
            # Typing an Other answer chooses Other, as on the form.
            self.other_text.textEdited.connect(lambda _t: self._choose_other())
        self.group.buttonClicked.connect(lambda _b: self.edited.emit())

    def _choose_other(self) -> None:
        if self.other is not None and not self.other.isChecked():
            self.other.setChecked(True)
        self.edited.emit()

    def values(self) -> dict[str, Answer]:
        chosen: list[Choice] = [b.text() for b in self.buttons if b.isChecked()]
        if self.other is not None and self.other.isChecked():
            chosen.append(Other(self.other_text.text()))
        if self.multiple:
            return {self.keys[0]: tuple(chosen)}
        return {self.keys[0]: chosen[0] if chosen else ""}

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        value = answers.get(self.keys[0], "")
        chosen = value if isinstance(value, tuple) else (value,)
        self.group.setExclusive(False)  # an exclusive group cannot be cleared
        for button in self.buttons:
            button.setChecked(button.text() in chosen)
        others = [c for c in chosen if isinstance(c, Other)]
        if self.other is not None:
            self.other.setChecked(bool(others))
            self.other_text.setText(others[0].text if others else "")
        self.group.setExclusive(not self.multiple)

    def set_read_only(self, read_only: bool) -> None:
        for button in [*self.buttons, *([self.other] if self.other else [])]:
            button.setEnabled(not read_only)
        self.other_text.setReadOnly(read_only)


class DropdownField(AnswerField):
    def __init__(self, question: Question, key: str) -> None:
        super().__init__(question, (key,))
        self.combo = QComboBox()
        # Long paper titles must not widen the dock: the popup shows them whole.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)
        self.combo.addItem("Choose…", "")
        for option in question.options:
            self.combo.addItem(option, option)
        self.combo.setAccessibleName(question.title)
        self.combo.activated.connect(lambda _i: self.edited.emit())
        self.layout_.addWidget(self.combo)

    def values(self) -> dict[str, Answer]:
        return {self.keys[0]: str(self.combo.currentData())}

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        value = answers.get(self.keys[0], "")
        index = self.combo.findData(value) if isinstance(value, str) else -1
        self.combo.setCurrentIndex(max(index, 0))


class GridField(AnswerField):
    """A grid: one row of radio buttons per row of the question, the columns as headers."""

    def __init__(self, question: Question, slots: list[Slot]) -> None:
        super().__init__(question, tuple(s.key for s in slots))
        grid = QGridLayout()
        for column, option in enumerate(question.options, start=1):
            grid.addWidget(QLabel(option), 0, column)
        self.rows: list[tuple[str, QButtonGroup]] = []
        for number, found in enumerate(slots, start=1):
            grid.addWidget(QLabel(found.row.title if found.row else found.title), number, 0)
            group = QButtonGroup(self)
            for column, option in enumerate(question.options, start=1):
                button = QRadioButton()
                button.setAccessibleName(f"{found.title}: {option}")
                button.setProperty("option", option)
                group.addButton(button)
                grid.addWidget(button, number, column)
            group.buttonClicked.connect(lambda _b: self.edited.emit())
            self.rows.append((found.key, group))
        self.layout_.addLayout(grid)

    def values(self) -> dict[str, Answer]:
        found: dict[str, Answer] = {}
        for key, group in self.rows:
            checked = group.checkedButton()
            found[key] = str(checked.property("option")) if checked else ""
        return found

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        for key, group in self.rows:
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(button.property("option") == answers.get(key))
            group.setExclusive(True)


class UnsupportedField(AnswerField):
    """A question the app cannot answer: its title, and where to answer it."""

    def __init__(self, question: Question) -> None:
        super().__init__(question, ())
        note = QLabel(f"<i>{NOT_HERE}</i>")
        note.setProperty("role", "hint")
        self.layout_.addWidget(note)


def make_field(question: Question, found: list[Slot]) -> AnswerField:
    """The field for ``question``, answered under the keys of ``found`` (its slots)."""
    kind = question.kind
    if not found or kind is QuestionKind.UNSUPPORTED:
        return UnsupportedField(question)
    key = found[0].key
    if kind is QuestionKind.GRID:
        return GridField(question, found)
    if kind is QuestionKind.PARAGRAPH:
        return ParagraphField(question, key)
    if kind in (QuestionKind.CHOICE, QuestionKind.CHECKBOXES, QuestionKind.SCALE):
        return ChoiceField(question, key)
    if kind is QuestionKind.DROPDOWN:
        return DropdownField(question, key)
    if kind is QuestionKind.DATE:
        return DateField(question, key)
    if kind is QuestionKind.TIME:
        return TimeField(question, key)
    return TextField(question, key)


def email_field(question: Question, key: str) -> AnswerField:
    return TextField(question, key, EMAIL)


def questions_with_slots(questions: QuestionSet) -> list[tuple[Question, list[Slot]]]:
    """Every question in the order the student sees it, with its answer slots (none for an
    item the app cannot answer)."""
    grouped: dict[int, list[Slot]] = {}
    for found in slots(questions):
        grouped.setdefault(id(found.question), []).append(found)
    return [(question, grouped.get(id(question), [])) for question in questions.questions]
