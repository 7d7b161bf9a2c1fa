"""The shared annotation list in the window's two places: the week pane's "Your annotations"
and the Search Annotations panel (Ctrl+Shift+F).

The week's rows are labelled by reading (the title above each reading's first row) and follow
the readings' order in the syllabus, then the paper. That list is as tall as its rows: the week
pane scrolls as one page.

Search is a panel at the side of the window rather than a dialog: the student goes down the
results with the paper open beside them, each click showing the annotation in its reading's
tab. Results come from the database as the student types (a moment after the last key, so a
fast typist does not run a query per letter); Enter searches at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.annotation import Annotation, ColourMeaning
from app.ui import library_text
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


# -- search ----------------------------------------------------------------------------------------


TYPE_TO_SEARCH = "Type words from a quote or a comment to find them in all your readings."
TYPING_PAUSE_MS = 250


def results_text(query: str, annotations: Sequence[Annotation]) -> str:
    if not query.strip():
        return ""
    if not annotations:
        return f"No annotation holds “{query.strip()}”."
    readings = len({annotation.reading_id for annotation in annotations})
    where = library_text.plural(readings, "reading")
    return f"{library_text.plural(len(annotations), 'annotation')} in {where}"


class SearchBody(QWidget):
    """The panel's contents: the words to look for, a summary, the results."""

    def __init__(self) -> None:
        super().__init__()
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search quotes and comments")
        self.query.setAccessibleName("Search annotations")
        self.query.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted grey
        self.summary.hide()
        self.results = AnnotationList(empty_text=TYPE_TO_SEARCH)
        self.results.text_box.hide()  # the query above is the text filter here
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)


class AnnotationSearchPanel(QDockWidget):
    """Hidden at start: its contents are built when it is first shown (``body``)."""

    search_requested = Signal(str)  # the words to look for (may be empty: clear the results)
    activated = Signal(str)  # the id of the result clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Search Annotations", parent)
        self.setObjectName("annotationSearch")  # saveState() needs a name to restore it
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self._body: SearchBody | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.search_now)

    @property
    def body(self) -> SearchBody:
        if self._body is None:
            body = SearchBody()
            body.results.activated.connect(self.activated)
            body.query.textChanged.connect(lambda _text: self._pause.start())
            body.query.returnPressed.connect(self.search_now)
            self.setWidget(body)
            self._body = body
        return self._body

    @property
    def query(self) -> QLineEdit:
        return self.body.query

    @property
    def summary(self) -> QLabel:
        return self.body.summary

    @property
    def results(self) -> AnnotationList:
        return self.body.results

    def setVisible(self, visible: bool) -> None:
        if visible:
            self.body  # noqa: B018 (built before it shows, however it is shown)
        super().setVisible(visible)

    def start(self) -> None:
        """Shown, and the words ready to be typed over."""
        self.show()
        self.raise_()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    @Slot()
    def search_now(self) -> None:
        self._pause.stop()
        self.search_requested.emit(self.query.text())

    def show_results(
        self,
        query: str,
        annotations: Sequence[Annotation],
        palette: Sequence[ColourMeaning],
        titles: Mapping[str, str],
    ) -> None:
        text = results_text(query, annotations)
        self.summary.setText(text)
        self.summary.setVisible(bool(annotations))  # else the list itself says "no annotation"
        self.results.set_empty_text(text or TYPE_TO_SEARCH)
        self.results.set_annotations(annotations, palette, titles)
