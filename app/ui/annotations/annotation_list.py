"""A list of annotations with filters, for a reading's side panel, the week view and search.

Above the list: what the colours mean, the kind, and words to look for; a click or Enter on
a row hands out the annotation's id through ``activated`` (the owner jumps to it). When there
is nothing to show the list says why: nothing made yet (the owner's words), or nothing left
after the filters ("No matches").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.annotation import Annotation, AnnotationKind, ColourMeaning
from app.ui.annotations.annotation_delegate import AnnotationDelegate
from app.ui.annotations.annotation_model import (
    ANNOTATION_ROLE,
    KIND_WORDS,
    AnnotationFilter,
    AnnotationModel,
)
from app.ui.icons import swatch_icon

NOTHING_YET = "No annotations yet: select text and press H to highlight."
NO_MATCHES = "No matches"
ALL_COLOURS = "All colours"
ALL_KINDS = "All kinds"
SWATCH_PIXELS = 12  # beside a line of the filter's text


class _RowsView(QListView):
    """Enter hands the current row out like a click does (and is not also an "activated").

    With ``fit_rows`` the view is as tall as its rows, for a page that scrolls as a whole (the
    week pane): a list scrolling inside a scrolling page would trap the wheel.
    """

    chosen = Signal(QModelIndex)

    def __init__(self, *, fit_rows: bool) -> None:
        super().__init__()
        self.fit_rows = fit_rows
        if fit_rows:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if not self.fit_rows:
            return hint
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        height = sum(self.sizeHintForRow(row) for row in range(rows))
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint() if self.fit_rows else super().minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_rows and event.size().width() != event.oldSize().width():
            self.updateGeometry()  # quotes wrap anew: the rows' heights change

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class AnnotationList(QWidget):
    activated = Signal(str)  # the id of the annotation clicked or entered

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        empty_text: str = NOTHING_YET,
        fit_rows: bool = False,
    ) -> None:
        super().__init__(parent)
        self._empty_text = empty_text
        self.model = AnnotationModel(self)
        self.rows = AnnotationFilter(self)
        self.rows.setSourceModel(self.model)

        self.meaning_box = QComboBox()
        self.meaning_box.setAccessibleName("Show the colour")
        self.meaning_box.setToolTip("Show only annotations of this colour")
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Show the kind")
        self.kind_box.setToolTip("Show only annotations of this kind")
        self.text_box = QLineEdit()
        self.text_box.setPlaceholderText("Filter by words")
        self.text_box.setAccessibleName("Filter by words")
        self.text_box.setClearButtonEnabled(True)
        self.meaning_box.currentIndexChanged.connect(self._meaning_chosen)
        self.kind_box.currentIndexChanged.connect(self._kind_chosen)
        self.text_box.textChanged.connect(self._text_typed)

        self.view = _RowsView(fit_rows=fit_rows)
        self.view.setModel(self.rows)
        self.view.setItemDelegate(AnnotationDelegate(self.view))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap quotes on a resize
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMouseTracking(True)  # hover highlight
        self.view.setAccessibleName("Annotations")
        self.view.clicked.connect(self._chosen)
        self.view.chosen.connect(self._chosen)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(16)
        self.empty_label.setBackgroundRole(QPalette.ColorRole.Base)  # the list's own ground
        self.empty_label.setAutoFillBackground(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted grey
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)

        filters = QHBoxLayout()
        # In a page (fit_rows) the boxes line up with the page's text; in a panel they keep off
        # its edges.
        side = 0 if fit_rows else 6
        filters.setContentsMargins(side, 6, side, 6)
        filters.setSpacing(6)
        filters.addWidget(self.meaning_box)
        filters.addWidget(self.kind_box)
        filters.addWidget(self.text_box, 1)
        self.filters = QWidget()
        self.filters.setLayout(filters)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        self.rows.modelReset.connect(self._update_empty)
        self.rows.layoutChanged.connect(self._update_empty)
        self.rows.rowsInserted.connect(self._update_empty)
        self.rows.rowsRemoved.connect(self._update_empty)
        self._fill_boxes([])

    def sizeHint(self) -> QSize:
        return QSize(340, 480)

    # -- content -----------------------------------------------------------------------------

    def set_annotations(
        self,
        annotations: Sequence[Annotation],
        palette: Sequence[ColourMeaning],
        titles: Mapping[str, str] | None = None,
    ) -> None:
        """Show ``annotations``; ``titles`` (reading id -> title) labels each row with its
        reading and orders the readings; without it the list is of one reading."""
        selected = self.current_id()
        self.model.set_annotations(annotations, palette, titles)
        self._fill_boxes(annotations)
        if selected is not None:
            self.select(selected)
        self._update_empty()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self._update_empty()

    def annotation_ids(self) -> list[str]:
        """The ids of the rows shown, top to bottom (after the filters)."""
        return [self._id_at(self.rows.index(row, 0)) for row in range(self.rows.rowCount())]

    def row_texts(self) -> list[str]:
        """The rows shown, each as one line of plain text, top to bottom."""
        return [str(self.rows.index(row, 0).data()) for row in range(self.rows.rowCount())]

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self._id_at(index) if index.isValid() else None

    def select(self, annotation_id: str) -> bool:
        for row in range(self.rows.rowCount()):
            index = self.rows.index(row, 0)
            if self._id_at(index) == annotation_id:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False

    @property
    def empty_text(self) -> str:
        """What the list says instead of rows ("" while it shows rows)."""
        return self.empty_label.text() if self.stack.currentWidget() is self.empty_label else ""

    # -- filters -----------------------------------------------------------------------------

    def _fill_boxes(self, annotations: Sequence[Annotation]) -> None:
        """Meanings of the palette (and any others the rows carry); kinds the rows have."""
        meaning = self.meaning_box.currentData()
        kind = self.kind_box.currentData()
        for box in (self.meaning_box, self.kind_box):
            box.blockSignals(True)
            box.clear()
        self.meaning_box.addItem(ALL_COLOURS, None)
        seen: set[str] = set()
        for entry in self.model.palette:
            icon = swatch_icon(entry.colour, SWATCH_PIXELS)
            self.meaning_box.addItem(icon, entry.meaning, entry.meaning)
            seen.add(entry.meaning.casefold())
        for row in range(self.model.rowCount()):
            found = self.model.row(row)
            if found.meaning and found.meaning.casefold() not in seen:
                seen.add(found.meaning.casefold())
                icon = swatch_icon(found.annotation.colour, SWATCH_PIXELS)
                self.meaning_box.addItem(icon, found.meaning, found.meaning)
        self.kind_box.addItem(ALL_KINDS, None)
        present = {annotation.kind for annotation in annotations}
        for each in AnnotationKind:
            if each in present or each == kind:
                self.kind_box.addItem(KIND_WORDS[each], each.value)
        self.meaning_box.setCurrentIndex(max(self.meaning_box.findData(meaning), 0))
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(kind), 0))
        for box in (self.meaning_box, self.kind_box):
            box.blockSignals(False)
        self._meaning_chosen()
        self._kind_chosen()

    @Slot()
    def _meaning_chosen(self) -> None:
        meaning = self.meaning_box.currentData()
        self.rows.set_meaning(str(meaning) if meaning is not None else None)

    @Slot()
    def _kind_chosen(self) -> None:
        kind = self.kind_box.currentData()
        self.rows.set_kind(AnnotationKind(kind) if kind is not None else None)

    @Slot(str)
    def _text_typed(self, text: str) -> None:
        self.rows.set_text(text)

    # -- helpers -----------------------------------------------------------------------------

    @Slot()
    def _update_empty(self) -> None:
        self.view.updateGeometry()  # a list that fits its rows changes height with them
        if self.rows.rowCount():
            self.filters.show()
            self.stack.setCurrentWidget(self.view)
            return
        filtered = self.model.rowCount() > 0
        self.filters.setVisible(filtered)  # nothing to filter yet: no boxes to puzzle over
        self.empty_label.setText(NO_MATCHES if filtered else self._empty_text)
        self.stack.setCurrentWidget(self.empty_label)

    @Slot(QModelIndex)
    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self._id_at(index))

    @staticmethod
    def _id_at(index: QModelIndex) -> str:
        annotation = index.data(ANNOTATION_ROLE)
        return annotation.id if isinstance(annotation, Annotation) else ""
