"""The base of every answer field: its question, its answer keys and the ``edited`` signal."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.domain.form import Question
from app.domain.review_answers import Answer


class AnswerField(QWidget):
    """A question's input widgets; ``edited`` on every change the student makes."""

    edited = Signal()

    def __init__(self, question: Question, keys: tuple[str, ...]) -> None:
        super().__init__()
        self.question = question
        self.keys = keys
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)

    def values(self) -> dict[str, Answer]:
        return {}

    def show_values(self, answers: Mapping[str, Answer]) -> None:
        """Show stored answers (without emitting ``edited``)."""

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def prose(self) -> list[QPlainTextEdit | QLineEdit]:
        """The widgets the student writes prose in: spell checked."""
        return []
