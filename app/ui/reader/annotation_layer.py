"""A reading's annotations as the page view shows them: kept by page, drawn over the pages,
found under the pointer, one of them selected, one flashing after a jump to it.

The database is the source of truth; this is its copy for painting, loaded when the reading's
first page is up and kept in step by ``AnnotationEditor`` after each change (and reloaded when
something else changed the store: ``reload``). Annotations whose quote was not found in the
version of the PDF shown (``anchored`` false) are listed by the side panel but not drawn:
their place on the page is the old version's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPainter

from app.domain.annotation import Annotation
from app.domain.annotation_geometry import Point, Rect
from app.ui.reader.annotation_cache import InkImages
from app.ui.reader.annotation_hits import annotation_at
from app.ui.reader.annotation_paint import paint_annotations, to_points
from app.ui.reader.page_painter import PageGeometry
from app.ui.reader.page_view import PageView

FLASH_BLINKS = 6  # on, off, on, ...: three blinks
FLASH_INTERVAL_MS = 180
POINTER_SLACK_PIXELS = 3.0  # a pointer this close to a thin shape takes it


class AnnotationLayer(QObject):
    changed = Signal()  # annotations added, changed, removed or reloaded
    selection_changed = Signal(object)  # the selected annotation's id, or None

    def __init__(self, view: PageView, load: Callable[[], list[Annotation]]) -> None:
        super().__init__(view)
        self._view = view
        self._load = load
        self._by_id: dict[str, Annotation] = {}
        self.loaded = False  # all of the reading's annotations are here
        # Before that: the pages read first, and what was removed meanwhile (so a full read
        # taken before the removal does not bring it back).
        self._pages_read: set[int] = set()
        self._removed: set[str] = set()
        self.selected_id: str | None = None
        self.flashing_id: str | None = None
        self._flash_visible = False
        self._blinks_left = 0
        self.moving: Annotation | None = None  # drawn in place of its stored self while dragged
        self._ink = InkImages()
        # Each annotation's box and its pen's half width, kept with the annotation it is of.
        self._boxes: dict[str, tuple[Annotation, Rect | None, float]] = {}
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_INTERVAL_MS)
        self._flash_timer.timeout.connect(self._blink)
        view.add_overlay(self._paint)

    # -- the annotations -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the reading's annotations from the store again."""
        self.adopt(self._load())

    def adopt(self, annotations: Iterable[Annotation]) -> None:
        """Show ``annotations`` as the reading's (read elsewhere, e.g. on a worker)."""
        self._by_id = {annotation.id: annotation for annotation in annotations}
        self._pages_read.clear()
        self._removed.clear()
        self._ink.clear()
        self.loaded = True
        if self.selected_id not in self._by_id:
            self.select(None)
        self._view.viewport().update()
        self.changed.emit()

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def has_page(self, page: int) -> bool:
        """Whether ``page``'s annotations are here (all are, once loaded)."""
        return self.loaded or page in self._pages_read

    def take_pages(self, pages: Iterable[int], annotations: Iterable[Annotation]) -> None:
        """The annotations of ``pages``, read ahead of the rest (the first screen)."""
        if self.loaded:
            return
        for annotation in annotations:
            self._by_id.setdefault(annotation.id, annotation)
        self._pages_read.update(pages)
        self._view.viewport().update()
        self.changed.emit()

    def take_all(self, annotations: Iterable[Annotation]) -> None:
        """All of the reading's annotations, read on a worker while the student could already
        act: what changed here meanwhile wins over the older read."""
        if self.loaded:
            return
        for annotation in annotations:
            if annotation.id not in self._removed:
                self._by_id.setdefault(annotation.id, annotation)
        self.loaded = True
        self._pages_read.clear()
        self._removed.clear()
        self._view.viewport().update()
        self.changed.emit()

    def put(self, annotations: Iterable[Annotation]) -> None:
        """Show these (new or changed) annotations."""
        for annotation in annotations:
            self._by_id[annotation.id] = annotation
        self._view.viewport().update()
        self.changed.emit()

    def remove(self, annotation_ids: Iterable[str]) -> None:
        for annotation_id in annotation_ids:
            self._by_id.pop(annotation_id, None)
            if not self.loaded:
                self._removed.add(annotation_id)
            if annotation_id == self.selected_id:
                self.select(None)
        self._view.viewport().update()
        self.changed.emit()

    def get(self, annotation_id: str) -> Annotation | None:
        return self._by_id.get(annotation_id)

    def all(self) -> list[Annotation]:
        return list(self._by_id.values())

    def on_page(self, page: int) -> list[Annotation]:
        """The page's annotations that are drawn (anchored in the version shown)."""
        return [a for a in self._by_id.values() if a.page == page and a.anchored]

    def annotation_at(self, page: int, x: float, y: float) -> Annotation | None:
        """The annotation under (x, y) of ``page``; asked on every move of the pointer, so
        only those whose box is near the point are tested shape by shape."""
        slack = POINTER_SLACK_PIXELS / self._view.page_geometry(page).pixels_per_point
        near = [a for a in self.on_page(page) if self._near_box(a, x, y, slack)]
        return annotation_at(near, Point(x, y), slack)

    def _near_box(self, annotation: Annotation, x: float, y: float, slack: float) -> bool:
        known = self._boxes.get(annotation.id)
        if known is None or known[0] is not annotation:  # new, or changed since
            bounds = annotation.bounds
            pen = max((stroke.width for stroke in annotation.strokes), default=0.0)
            known = (annotation, bounds, pen / 2)
            self._boxes[annotation.id] = known
        _same, bounds, reach = known
        if bounds is None:
            return False
        reach += slack
        return (
            bounds.x0 - reach <= x <= bounds.x1 + reach
            and bounds.y0 - reach <= y <= bounds.y1 + reach
        )

    @property
    def selected(self) -> Annotation | None:
        return self._by_id.get(self.selected_id) if self.selected_id else None

    def select(self, annotation_id: str | None) -> None:
        if annotation_id != self.selected_id:
            self.selected_id = annotation_id
            self._view.viewport().update()
            self.selection_changed.emit(annotation_id)

    # -- flashing --------------------------------------------------------------------------------

    def flash(self, annotation_id: str) -> None:
        """Blink an outline around the annotation a few times: here it is."""
        self.flashing_id = annotation_id
        self._flash_visible = True
        self._blinks_left = FLASH_BLINKS
        self._flash_timer.start()
        self._view.viewport().update()

    @property
    def flash_shown(self) -> bool:
        """Whether the flash outline is drawn now (it blinks)."""
        return self.flashing_id is not None and self._flash_visible

    def _blink(self) -> None:
        self._blinks_left -= 1
        self._flash_visible = not self._flash_visible
        if self._blinks_left <= 0:
            self.stop_flash()
        self._view.viewport().update()

    def stop_flash(self) -> None:
        self._flash_timer.stop()
        self.flashing_id = None
        self._flash_visible = False

    # -- painting --------------------------------------------------------------------------------

    def _paint(self, painter: QPainter, geometry: PageGeometry) -> None:
        shown = self.on_page(geometry.page)
        if self.moving is not None and self.moving.page == geometry.page:
            shown = [a for a in shown if a.id != self.moving.id] + [self.moving]
        if not shown:
            return
        dark = self._view.dark
        scale = geometry.pixels_per_point * self._view.dpr  # device pixels per point

        def paint_ink(ink_painter: QPainter, annotation: Annotation) -> None:
            self._ink.paint(ink_painter, annotation, scale=scale, dark=dark)

        painter.save()
        to_points(painter, geometry)
        paint_annotations(
            painter,
            shown,
            dark=dark,
            selected=self.selected_id,
            flashing=self.flashing_id if self._flash_visible else None,
            paint_ink=paint_ink,
        )
        painter.restore()
