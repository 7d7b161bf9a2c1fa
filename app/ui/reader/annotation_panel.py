"""The reader's annotation panel: the reading's annotations as a list beside the pages.

The list itself (rows with the page, a swatch and what the colour means, the quote and the
comment; filters by colour, kind and words) is the shared ``AnnotationList``, the same one the
week view and search use. Here it gets a heading with the count and a "Copy as Markdown" button,
which copies the reading's review notes (``AnnotationService.markdown``) to the clipboard.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.annotation import Annotation, ColourMeaning
from app.ui.annotations.annotation_list import AnnotationList

PANEL_WIDTH = 300
EMPTY_TEXT = (
    "No annotations yet. Select text and press H to highlight it, or pick a tool on the right."
)


class AnnotationPanel(QWidget):
    activated = Signal(str)  # an annotation's id: show it on its page
    copy_requested = Signal()  # "Copy as Markdown"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Annotations of this reading")
        self.heading = QLabel("Annotations")
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.copy_button = QPushButton("Copy as Markdown")
        self.copy_button.setToolTip(
            "Copy this reading's annotations, grouped by what their colours mean, as Markdown"
        )
        self.copy_button.clicked.connect(self.copy_requested)
        self.status = QLabel()  # says what was copied
        self.status.setWordWrap(True)
        self.status.hide()
        self.list = AnnotationList(empty_text=EMPTY_TEXT)
        self.list.activated.connect(self.activated)
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 6, 0)
        top.addWidget(self.heading, 1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)

    def sizeHint(self) -> QSize:
        return QSize(PANEL_WIDTH, 480)

    def set_annotations(
        self, annotations: Sequence[Annotation], palette: Sequence[ColourMeaning]
    ) -> None:
        self.list.set_annotations(annotations, palette)
        count = len(annotations)
        self.heading.setText(f"Annotations ({count})" if count else "Annotations")
        self.copy_button.setEnabled(bool(count))
        self.status.hide()

    def select(self, annotation_id: str) -> None:
        self.list.select(annotation_id)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setContentsMargins(8, 0, 8, 0)
        self.status.show()
