"""What a reader tab shows instead of pages: a password prompt, or why the file cannot be shown.

The password is asked inline, in the tab: a dialog, even a non-modal one, floats apart from the
tab it belongs to, and a modal one would block the other readings.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.theme import text_in


def _centred(*widgets: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A page with ``widgets`` stacked in a column of readable width, in its middle."""
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    column = QVBoxLayout()
    column.setSpacing(10)
    for widget in widgets:
        column.addWidget(widget)
    holder = QWidget()
    holder.setLayout(column)
    holder.setMaximumWidth(520)
    row.addWidget(holder, 3)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return page, column


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


class MessagePage(QWidget):
    """Why the file cannot be shown, with a way to try again (after a new download)."""

    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _heading("This reading cannot be shown")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Try again")
        self.retry_button.clicked.connect(self.retry)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        page, column = _centred(self.heading, self.text)
        column.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def show_error(self, message: str) -> None:
        self.text.setText(message)


class PasswordPage(QWidget):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _heading("Password required")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Password")
        self.field.setPlaceholderText("Password")
        self.error = QLabel()
        text_in(self.error, "error")
        self.error.hide()
        self.open_button = QPushButton("Open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._submit)
        self.field.returnPressed.connect(self._submit)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.open_button)
        page, column = _centred(self.heading, self.prompt)
        column.addLayout(row)
        column.addWidget(self.error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def ask(self, message: str, *, wrong: bool) -> None:
        if wrong:
            self.error.setText("Wrong password. Try again.")
            self.error.show()
        else:
            self.prompt.setText(f"{message} Enter it to open the file.")
            self.error.hide()
        self.field.clear()
        self.field.setEnabled(True)
        self.open_button.setEnabled(True)
        self.field.setFocus()

    def _submit(self) -> None:
        password = self.field.text()
        if password:
            self.field.setEnabled(False)  # until the answer: one try at a time
            self.open_button.setEnabled(False)
            self.submitted.emit(password)
