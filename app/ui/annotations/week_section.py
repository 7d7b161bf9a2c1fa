"""The week pane's "Your annotations": what the student marked in the week's readings.

Rows are labelled by reading (the title above each reading's first row) and follow the
readings' order in the syllabus, then the paper. The list is as tall as its rows: the week
pane scrolls as one page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.annotation import Annotation, ColourMeaning
from app.ui.annotations.annotation_list import AnnotationList
from app.ui.week_list import muted_text

HEADING = "Your annotations"
WEEK_NOTHING_YET = (
    "Nothing marked in this week's readings yet: open one, select text and press H to highlight."
)


class WeekAnnotationsSection(QWidget):
    activated = Signal(str)  # the id of the annotation clicked
    copy_requested = Signal()  # the student asked for the week's annotations as Markdown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.copy_button = QPushButton("Copy as Markdown")
        self.copy_button.setToolTip("Copy the week's annotations to the clipboard as Markdown")
        self.copy_button.setFlat(True)
        self.copy_button.clicked.connect(self.copy_requested)
        top = QHBoxLayout()
        top.setContentsMargins(0, 20, 0, 2)  # the readings' headings' spacing
        top.addWidget(self.heading, 1)
        top.addWidget(self.copy_button)
        self.list = AnnotationList(empty_text=WEEK_NOTHING_YET, fit_rows=True)
        self.list.activated.connect(self.activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.hide()

    def show_annotations(
        self,
        annotations: Sequence[Annotation],
        palette: Sequence[ColourMeaning],
        titles: Mapping[str, str],
    ) -> None:
        self._set_heading(len(annotations))
        self.copy_button.setVisible(bool(annotations))
        self.list.set_annotations(annotations, palette, titles)
        self.show()

    def _set_heading(self, count: int) -> None:
        size = self.font().pointSizeF() * 1.08
        number = (
            f'&nbsp;&nbsp;<span style="color:{muted_text(self.palette()).name()}; '
            f'font-weight:normal">{count}</span>'
            if count
            else ""
        )
        self.heading.setText(
            f'<span style="font-size:{size:.1f}pt; font-weight:600">{escape(HEADING)}{number}'
            "</span>"
        )
