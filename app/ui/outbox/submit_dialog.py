"""The summary shown before a review is sent: the form, where it goes, each question with its
answer. Send puts it in the outbox (the caller does, on its worker); Cancel changes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.form import EMAIL_KEY, EmailMode, Form
from app.domain.review import EMAIL_TITLE
from app.domain.review_answers import Answer, Other, is_empty
from app.domain.review_template import slots
from app.ui.theme import colours


def answer_text(value: Answer) -> str:
    """An answer in full, as the student wrote or chose it."""
    if isinstance(value, tuple):
        return "\n".join(answer_text(choice) for choice in value)
    if isinstance(value, Other):
        return f"Other: {value.text}"
    return value


def summary_rows(form: Form, answers: Mapping[str, Answer]) -> list[tuple[str, str]]:
    """(question title, answer) in the form's order; unanswered questions say so."""
    rows: list[tuple[str, str]] = []
    if form.email is EmailMode.INPUT:
        rows.append((EMAIL_TITLE, answer_text(answers.get(EMAIL_KEY, "")) or "—"))
    for found in slots(form):
        value = answers.get(found.key)
        shown = "—" if value is None or is_empty(value) else answer_text(value)
        rows.append((found.title, shown))
    return rows


class SubmitDialog(QDialog):
    def __init__(
        self, week: int, form: Form, answers: Mapping[str, Answer], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Send the review of week {week}")
        self.setMinimumSize(560, 420)
        host = urlsplit(form.response_url).hostname or form.response_url
        heading = QLabel(
            f"<b>{escape(form.title)}</b><br>"
            f"Goes to the Google Form at <b>{escape(host)}</b>: "
            f'<span style="color:{colours(self.palette()).muted}">{escape(form.url)}</span>'
        )
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(
            "Once sent, this revision can no longer be changed here. If the network is not "
            "there, it waits in the outbox and goes out by itself."
        )
        note.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Question", "Your answer"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 200)
        self.rows = summary_rows(form, answers)
        for row, (title, answer) in enumerate(self.rows):
            self.table.insertRow(row)
            for column, text in enumerate((title, answer)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()  # wrapped answers take the height the width leaves
