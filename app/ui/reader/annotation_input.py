"""Mouse and keys for annotating, ahead of the page view's own handling.

An event filter on the view's viewport (mouse) and on the view (keys) sees every event first
and takes those that are about annotations; the rest go on to ``PageInput`` (text selection,
links, scrolling) untouched, so with the Select tool the reader behaves as it always did, except
that a click on an annotation selects it (and a note or a text box can then be dragged).

With a tool in hand a drag is that tool's: over text it marks the words dragged over (the
reader's own selection shows them while dragging), with the pen it draws (smoothed on
release), with the text tool it spans the box. What the gesture makes is handed to the owner,
``ReaderAnnotations``, which stores it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication

from app.domain.annotation import TEXT_MARKUP_KINDS, Annotation, AnnotationKind
from app.domain.annotation_geometry import Point, Rect, Stroke, smooth_stroke
from app.ui.reader.annotation_paint import line_colour, paint_strokes, to_points
from app.ui.reader.annotation_tools import MARKUP_KINDS, Tool
from app.ui.reader.page_painter import PageGeometry
from app.ui.reader.selection import TextPoint, TextSelection, nearest_word

if TYPE_CHECKING:
    from app.ui.reader.annotating import ReaderAnnotations
    from app.ui.reader.page_view import PageView

MOVABLE = frozenset({AnnotationKind.NOTE, AnnotationKind.FREETEXT})
MIN_BOX_POINTS = 12.0  # a text box dragged smaller than this is a click: the default box


class AnnotationInput(QObject):
    def __init__(self, view: PageView, owner: ReaderAnnotations) -> None:
        super().__init__(owner)
        self._view = view
        self._owner = owner
        self._gesture: Tool | None = None  # the tool whose drag is under way
        self._press: QPointF | None = None
        self._dragged = False
        self._page = 0
        self._start = Point(0.0, 0.0)  # where the press was on ``_page``, in points
        self._anchor: TextPoint | None = None
        self.ink: list[Point] = []  # the stroke being drawn
        self.box: Rect | None = None  # the text box being spanned
        self._moving: Annotation | None = None  # a note or a text box as it was before a drag
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        view.add_overlay(self._paint_gesture)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._view.viewport():
            if isinstance(event, QMouseEvent):
                if kind == QEvent.Type.MouseButtonPress:
                    return self._pressed(event)
                if kind == QEvent.Type.MouseMove:
                    return self._moved(event)
                if kind == QEvent.Type.MouseButtonRelease:
                    return self._released(event)
                if kind == QEvent.Type.MouseButtonDblClick:
                    return self._double_clicked(event)
            if isinstance(event, QContextMenuEvent):
                target = self._target(QPointF(event.pos()))
                return self._owner.show_context_menu(event.globalPos(), target)
        elif watched is self._view and isinstance(event, QKeyEvent):
            return kind == QEvent.Type.KeyPress and self._key(event)
        return False

    def _target(
        self, position: QPointF, *, nearest: bool = False
    ) -> tuple[int, float, float] | None:
        return self._view.viewport_to_page(QPointF(position), nearest=nearest)

    # -- mouse -------------------------------------------------------------------------------

    def _pressed(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self._owner.editors.commit():
            return True  # a click away from an open editor closes it, and does no more
        tool = self._owner.tool
        position = event.position()
        target = self._target(position, nearest=tool in MARKUP_KINDS)
        layer = self._owner.layer
        if tool is Tool.SELECT:
            hit = layer.annotation_at(*target) if target is not None else None
            layer.select(hit.id if hit is not None else None)
            if hit is None or hit.kind in TEXT_MARKUP_KINDS:
                # The reader's own press too: a drag from inside a highlight selects its text.
                return False
            self._view.set_selection(None)
            self._moving = hit if hit.kind in MOVABLE and hit.editable else None
        self._view.setFocus(Qt.FocusReason.MouseFocusReason)
        if target is None:
            return True  # a tool in hand does nothing in the gaps between pages
        self._gesture, self._press, self._dragged = tool, position, False
        self._page, self._start = target[0], Point(target[1], target[2])
        if tool in MARKUP_KINDS:
            self._anchor = self._word(target)
        elif tool is Tool.INK:
            self.ink = [self._start]
        return True

    def _moved(self, event: QMouseEvent) -> bool:
        position = event.position()
        if self._gesture is None or self._press is None:
            return self._hover(position)
        if not self._dragged:
            if (position - self._press).manhattanLength() < QApplication.startDragDistance():
                return True
            self._dragged = True
        tool = self._gesture
        if tool in MARKUP_KINDS:
            focus = self._word(self._target(position, nearest=True))
            if self._anchor is not None and focus is not None:
                self._view.set_selection(TextSelection(self._anchor, focus))
            return True
        x, y = self._on_page(position)
        if tool is Tool.INK:
            self.ink.append(Point(x, y))
        elif tool is Tool.FREETEXT:
            self.box = Rect(self._start.x, self._start.y, x, y).normalized()
        elif tool is Tool.SELECT and self._moving is not None:
            self._owner.layer.moving = moved(
                self._moving, x - self._start.x, y - self._start.y, self._page_size()
            )
        self._view.viewport().update()
        return True

    def _released(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self._gesture is None:
            return False
        tool, dragged, page = self._gesture, self._dragged, self._page
        self._gesture, self._press = None, None
        owner = self._owner
        if tool in MARKUP_KINDS:
            if dragged and self._view.selection is not None:
                owner.mark_selection(MARKUP_KINDS[tool])
        elif tool is Tool.NOTE:
            owner.place_note(page, self._start)
        elif tool is Tool.INK:
            points, self.ink = self.ink, []
            if len(points) > 1:
                owner.add_ink(page, smooth_stroke(Stroke(tuple(points), owner.pen_width)))
        elif tool is Tool.FREETEXT:
            box, self.box = self.box, None
            if box is None or box.width < MIN_BOX_POINTS or box.height < MIN_BOX_POINTS:
                box = default_text_box(self._start, self._page_size())
            owner.editors.write_text_box(page, box)
        elif tool is Tool.SELECT and self._moving is not None:
            before, after = self._moving, owner.layer.moving
            self._moving, owner.layer.moving = None, None
            if dragged and after is not None and after.rect != before.rect:
                owner.move(before, after)
        self._view.viewport().update()
        return True

    def _double_clicked(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self._owner.tool is not Tool.SELECT:
            return True  # a second click of a tool is not a word selection
        target = self._target(event.position())
        hit = self._owner.layer.annotation_at(*target) if target is not None else None
        if hit is None:
            return False
        self._gesture, self._moving = None, None
        self._owner.edit(hit)
        return True

    def _hover(self, position: QPointF) -> bool:
        viewport = self._view.viewport()
        tool = self._owner.tool
        if tool is Tool.SELECT:
            target = self._target(position)
            hit = self._owner.layer.annotation_at(*target) if target is not None else None
            if hit is None:
                return False  # the reader shows its link hand or I-beam
            movable = hit.kind in MOVABLE and hit.editable
            viewport.setCursor(
                Qt.CursorShape.SizeAllCursor if movable else Qt.CursorShape.PointingHandCursor
            )
        elif tool in MARKUP_KINDS:
            viewport.setCursor(Qt.CursorShape.IBeamCursor)
            # Ask the worker for the words now, as the reader's own hover does: else the press
            # reads them on the GUI thread (7-8 ms a page, felt as a stall).
            target = self._target(position)
            if target is not None:
                self._view.wanted_text(target[0])
        else:
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        return True

    # -- keys ----------------------------------------------------------------------------------

    def _key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self._owner.delete_selected()
        if event.key() == Qt.Key.Key_Escape:
            return self._owner.escape()
        return False

    # -- helpers -------------------------------------------------------------------------------

    def _word(self, target: tuple[int, float, float] | None) -> TextPoint | None:
        if target is None:
            return None
        text = self._view.page_text(target[0])
        index = nearest_word(text.words, target[1], target[2]) if text is not None else None
        return TextPoint(target[0], index) if index is not None else None

    def _on_page(self, position: QPointF) -> tuple[float, float]:
        """``position`` on the page where the drag began, kept inside that page."""
        x, y = self._view.page_geometry(self._page).to_page(position)
        width, height = self._page_size()
        return min(max(x, 0.0), width), min(max(y, 0.0), height)

    def _page_size(self) -> tuple[float, float]:
        size = self._view.sizes[self._page]
        return size.width, size.height

    def _paint_gesture(self, painter: QPainter, geometry: PageGeometry) -> None:
        """The stroke being drawn or the box being spanned, on its page."""
        if geometry.page != self._page or (not self.ink and self.box is None):
            return
        painter.save()
        to_points(painter, geometry)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = line_colour(self._owner.colour, self._view.dark)
        if self.ink:
            paint_strokes(painter, [Stroke(tuple(self.ink), self._owner.pen_width)], colour)
        if self.box is not None:
            pen = QPen(colour, 1.5)
            pen.setCosmetic(True)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.drawRect(QRectF(self.box.x0, self.box.y0, self.box.width, self.box.height))
        painter.restore()


def moved(annotation: Annotation, dx: float, dy: float, page: tuple[float, float]) -> Annotation:
    """A note or a text box shifted by (dx, dy) points, kept whole on its page."""
    rect = annotation.rect
    if rect is None:
        return annotation
    width, height = page
    dx = min(max(dx, -rect.x0), width - rect.x1)
    dy = min(max(dy, -rect.y0), height - rect.y1)
    return replace(annotation, rect=Rect(rect.x0 + dx, rect.y0 + dy, rect.x1 + dx, rect.y1 + dy))


DEFAULT_TEXT_BOX = (160.0, 40.0)  # points: room for a line or two of 9 pt text


def default_text_box(at: Point, page: tuple[float, float]) -> Rect:
    """A text box of the default size with its top left corner at ``at``, kept on the page."""
    width, height = DEFAULT_TEXT_BOX
    x = min(max(at.x, 0.0), max(page[0] - width, 0.0))
    y = min(max(at.y, 0.0), max(page[1] - height, 0.0))
    return Rect(x, y, x + width, y + height)
