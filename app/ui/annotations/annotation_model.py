"""Annotations as rows for a list view, and the filters over them (meaning, kind, words).

The model holds what the delegate paints: the annotation itself, the reading's title (in the
week view and search, where rows come from several readings) and the colour's meaning in the
student's palette. Rows follow the paper: readings in the order given, then page, then top to
bottom, so a list reads like the annotated PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.domain.annotation import Annotation, AnnotationKind, ColourMeaning, meaning_for_colour

AnyIndex = QModelIndex | QPersistentModelIndex

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Annotation
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2  # the reading's title, "" when the list has one reading
MEANING_ROLE = Qt.ItemDataRole.UserRole + 3  # what the colour means, "" for none

NOT_FOUND = "not found in this version"
NO_MEANING = "no meaning"

KIND_WORDS: Mapping[AnnotationKind, str] = {
    AnnotationKind.HIGHLIGHT: "Highlight",
    AnnotationKind.UNDERLINE: "Underline",
    AnnotationKind.STRIKEOUT: "Strikeout",
    AnnotationKind.SQUIGGLY: "Squiggly",
    AnnotationKind.NOTE: "Note",
    AnnotationKind.INK: "Drawing",
    AnnotationKind.FREETEXT: "Text box",
    AnnotationKind.OTHER: "Other",
}


def kind_word(annotation: Annotation) -> str:
    """What people call the annotation: "Highlight", "Drawing", or an imported PDF subtype."""
    if annotation.kind is AnnotationKind.OTHER and annotation.pdf_subtype:
        return annotation.pdf_subtype
    return KIND_WORDS[annotation.kind]


def body_text(annotation: Annotation) -> str:
    """The words the row shows big: the quote, else a text box's text (one line of spaces)."""
    return " ".join((annotation.quote or annotation.text).split())


def summary(annotation: Annotation, meaning: str, title: str = "") -> str:
    """The row as one line of plain text (screen readers, copying, tests)."""
    parts = [title] if title else []
    parts += [meaning or NO_MEANING, annotation.page_label, kind_word(annotation)]
    if not annotation.anchored:
        parts.append(NOT_FOUND)
    head = " · ".join(parts)
    body = body_text(annotation)
    comment = " ".join(annotation.comment.split())
    return " — ".join(part for part in (head, f"“{body}”" if body else "", comment) if part)


@dataclass(frozen=True)
class AnnotationRow:
    annotation: Annotation
    meaning: str
    title: str


def _paper_order(annotation: Annotation) -> tuple[int, float, float, str]:
    bounds = annotation.bounds
    top, left = (bounds.y0, bounds.x0) if bounds is not None else (0.0, 0.0)
    return annotation.page, top, left, annotation.created.isoformat()


class AnnotationModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AnnotationRow] = []
        self.palette: tuple[ColourMeaning, ...] = ()

    def set_annotations(
        self,
        annotations: Sequence[Annotation],
        palette: Sequence[ColourMeaning],
        titles: Mapping[str, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.palette = tuple(palette)
        readings = list(titles or {})
        for annotation in annotations:  # readings without a title keep their first place
            if annotation.reading_id not in readings:
                readings.append(annotation.reading_id)
        place = {reading_id: number for number, reading_id in enumerate(readings)}
        ordered = sorted(annotations, key=lambda a: (place[a.reading_id], *_paper_order(a), a.id))
        self._rows = [
            AnnotationRow(a, self._meaning(a), (titles or {}).get(a.reading_id, ""))
            for a in ordered
        ]
        self.endResetModel()

    def _meaning(self, annotation: Annotation) -> str:
        # The palette says what the colour means now; the stored label covers colours the
        # palette no longer has (an imported colour named when it came in).
        return meaning_for_colour(annotation.colour, self.palette) or annotation.meaning

    def row(self, number: int) -> AnnotationRow:
        return self._rows[number]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        match role:
            case Qt.ItemDataRole.DisplayRole | Qt.ItemDataRole.AccessibleTextRole:
                return summary(row.annotation, row.meaning, row.title)
            case Qt.ItemDataRole.ToolTipRole:
                return _tooltip(row)
            case _ if role == ANNOTATION_ROLE:
                return row.annotation
            case _ if role == TITLE_ROLE:
                return row.title
            case _ if role == MEANING_ROLE:
                return row.meaning
        return None


def _tooltip(row: AnnotationRow) -> str:
    annotation = row.annotation
    lines = [row.title] if row.title else []
    lines.append(f"{kind_word(annotation)} on {annotation.page_label}")
    if annotation.author:
        lines[-1] += f", by {annotation.author}"
    if not annotation.anchored:
        lines.append(
            f"The quote was {NOT_FOUND} of the paper: the annotation is kept but not shown on "
            "the page."
        )
    return "\n".join(lines)


class AnnotationFilter(QSortFilterProxyModel):
    """Rows of one meaning (None: any), one kind (None: any), holding every word typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._meaning: str | None = None
        self._kind: AnnotationKind | None = None
        self._words: tuple[str, ...] = ()

    def set_meaning(self, meaning: str | None) -> None:
        self._begin_change()
        self._meaning = meaning.casefold() if meaning is not None else None
        self._end_change()

    def set_kind(self, kind: AnnotationKind | None) -> None:
        self._begin_change()
        self._kind = kind
        self._end_change()

    def set_text(self, text: str) -> None:
        self._begin_change()
        self._words = tuple(text.casefold().split())
        self._end_change()

    # Qt 6.10 deprecates invalidateFilter() for a begin/end pair; the Qt 6.6 we support has
    # only invalidateFilter().
    def _begin_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange()
        else:
            self.invalidateFilter()

    @property
    def filtering(self) -> bool:
        return self._meaning is not None or self._kind is not None or bool(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AnnotationModel):
            return True
        row = model.row(source_row)
        if self._meaning is not None and row.meaning.casefold() != self._meaning:
            return False
        if self._kind is not None and row.annotation.kind is not self._kind:
            return False
        if self._words:
            annotation = row.annotation
            haystack = " ".join(
                (annotation.quote, annotation.comment, annotation.text, row.title, row.meaning)
            ).casefold()
            return all(word in haystack for word in self._words)
        return True
