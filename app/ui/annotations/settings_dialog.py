"""Annotation settings: the name annotations are signed with, and what each colour means.

The meanings are the student's own words for the five highlight colours ("key idea",
"weakness", ...); the lists, the Markdown summaries and exported PDFs use them. Renaming one
relabels the annotations already made in that colour. The dialog only collects the answers;
the controller stores them through the services.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.annotation import ColourMeaning
from app.ui.icons import swatch_icon
from app.ui.theme import text_in

TITLE = "Annotation Settings"


class AnnotationSettingsDialog(QDialog):
    def __init__(
        self, author: str, palette: Sequence[ColourMeaning], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._palette = tuple(palette)
        self.author_box = QLineEdit(author)
        self.author_box.setAccessibleName("Your name")
        self.author_box.setPlaceholderText("Your name, as other PDF readers will show it")
        self.meaning_boxes: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Your &name:", self.author_box)
        colours_title = QLabel("<b>What the colours mean</b>")
        colours_title.setContentsMargins(0, 12, 0, 0)
        form.addRow(colours_title)
        for entry in self._palette:
            box = QLineEdit(entry.meaning)
            box.setAccessibleName(f"Meaning of {entry.colour}")
            box.textChanged.connect(self._check)
            swatch = QLabel()
            swatch.setPixmap(swatch_icon(entry.colour, 16).pixmap(16, 16))
            swatch.setToolTip(entry.colour)
            form.addRow(swatch, box)
            self.meaning_boxes[entry.colour] = box
        note = QLabel(
            "Renaming a colour relabels the annotations already made in it. Your name signs "
            "the annotations you make and export."
        )
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted grey
        self.problem = QLabel()
        text_in(self.problem, "error")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.author_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def author(self) -> str:
        return " ".join(self.author_box.text().split())

    def renamed(self) -> list[ColourMeaning]:
        """The colours whose meaning the student changed, with the new names."""
        changed = []
        for entry in self._palette:
            meaning = " ".join(self.meaning_boxes[entry.colour].text().split())
            if meaning and meaning != entry.meaning:
                changed.append(ColourMeaning(entry.colour, meaning))
        return changed

    def _check(self) -> None:
        names = [" ".join(box.text().split()).casefold() for box in self.meaning_boxes.values()]
        if not all(names):
            problem = "Every colour needs a meaning."
        elif len(set(names)) < len(names):
            problem = "Two colours cannot mean the same thing."
        else:
            problem = ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)
