"""Insert from annotations: a small chooser of the week's marked quotes, for the review editor.

The chosen quotes go into the text field that last had focus as ``“quote” (p. 5)`` lines, the
way a review cites a paper; only annotations with a quote are offered (a pen stroke has none).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.annotation import Annotation


def citation(annotation: Annotation) -> str:
    quote = " ".join(annotation.quote.split())  # a quote across lines reads as one
    return f"“{quote}” ({annotation.page_label})"


def in_paper_order(annotations: Sequence[Annotation], readings: list[str]) -> list[Annotation]:
    """The week's readings in syllabus order, each read from its first page down: the order
    ticked quotes are inserted in, whatever order they were made or ticked in."""

    def place(annotation: Annotation) -> tuple[int, int, float, float]:
        where = readings.index(annotation.reading_id) if annotation.reading_id in readings else 0
        bounds = annotation.bounds
        top, left = (bounds.y0, bounds.x0) if bounds else (0.0, 0.0)
        return (where, annotation.page, top, left)

    return sorted(annotations, key=place)


class QuoteChooser(QDialog):
    def __init__(
        self, annotations: Sequence[Annotation], titles: dict[str, str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Insert from annotations")
        self.list = QListWidget()
        for annotation in in_paper_order(annotations, list(titles)):
            if not annotation.quote.strip():
                continue
            title = titles.get(annotation.reading_id, annotation.reading_id)
            item = QListWidgetItem(f"{citation(annotation)} — {title}")
            item.setData(Qt.ItemDataRole.UserRole, citation(annotation))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Insert")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self.list.count():
            layout.addWidget(QLabel("Tick the quotes to insert into the field you were in:"))
        else:
            layout.addWidget(QLabel("Nothing marked in this week's readings yet."))
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.resize(520, 360)

    def chosen(self) -> list[str]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]


def insert_lines(target: QPlainTextEdit | QLineEdit, lines: Sequence[str]) -> None:
    """Put ``lines`` at the cursor (a one-line field takes them joined by spaces), as typed
    text, so the field's own edit signals (and autosave) follow."""
    if not lines:
        return
    if isinstance(target, QLineEdit):
        target.insert(" ".join(lines))
        target.textEdited.emit(target.text())  # insert() is not an edit by the user to Qt
        return
    cursor = target.textCursor()
    before = "\n" if cursor.positionInBlock() > 0 else ""
    cursor.insertText(before + "\n".join(lines) + "\n")
    target.setTextCursor(cursor)
