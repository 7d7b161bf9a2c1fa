"""The pages, one under the other, scrolled continuously: a QAbstractScrollArea.

Why not QGraphicsView: a paper of 300 pages needs no scene of 300 items, only a list of page
tops (``layout.PageLayout``) and a paint of the two or three pages on screen. Owning the paint
keeps high-DPI exact (images are rendered at the device pixel ratio and drawn 1:1 at whole
logical pixels) and keeps the page-to-widget mapping a few lines that annotation overlays can
rely on (``PageGeometry``, ``add_overlay``).

Images come from the ``PageCache``; what is missing is asked of the ``RenderQueue`` (visible
bands, the rest of the visible pages, then neighbours in the scroll direction) and drawn when
it arrives. Until then a page shows a placeholder of its size, or its image at the previous
zoom, scaled. Zoom, dark mode and the device pixel ratio make a *generation*: results of an
older generation are dropped on arrival. What to render and the pages' text live in
``page_loader``, mouse and keys in ``page_input``, painting in ``page_painter``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QWidget

from app.services.reader import (
    MAX_ZOOM,
    MIN_ZOOM,
    Box,
    FitMode,
    PageSize,
    PageText,
    ReadingPosition,
)
from app.ui.reader.layout import (
    PAGE_GAP,
    PIXELS_PER_POINT,
    PageLayout,
    fit_page_zoom,
    fit_width_zoom,
)
from app.ui.reader.page_cache import PageCache, TileKey
from app.ui.reader.page_input import PageInput
from app.ui.reader.page_loader import PageLoader
from app.ui.reader.page_painter import Overlay, PageGeometry, PagePainting
from app.ui.reader.render_queue import RenderQueue
from app.ui.reader.selection import TextSelection

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
LINE_STEP = 48  # pixels per arrow key press / j / k


class PageView(QAbstractScrollArea):
    position_changed = Signal(object)  # ReadingPosition
    current_page_changed = Signal(int)
    zoom_changed = Signal(float, object)  # zoom, FitMode
    page_painted = Signal(int)  # a page first drawn complete at the current generation
    selection_changed = Signal()
    link_activated = Signal(object)  # PageLink

    def __init__(self, queue: RenderQueue, cache: PageCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always there, so that fit-width does not flip between two widths as it comes and goes.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self._queue = queue
        self.cache = cache
        self.sizes: list[PageSize] = []
        self.layout_ = PageLayout([], 1.0, 0)
        self.zoom = 1.0
        self.fit = FitMode.WIDTH
        self.dark = False
        self.natural_figures = False
        self.dpr = 1.0
        self.generation = 0
        self.painted: set[int] = set()  # drawn complete in this generation
        self._current_page = -1
        self.direction = 1  # of the last scroll: down 1, up -1
        self._pending_position: ReadingPosition | None = None
        self._relaying = False
        self.hits: dict[int, list[Box]] = {}
        self.current_hit: tuple[int, Box] | None = None
        self.current_hit_parts: tuple[Box, ...] = ()  # all lines of the current hit
        self.selection: TextSelection | None = None
        self.overlays: list[Overlay] = []
        self.loader = PageLoader(self, queue)
        self.input = PageInput(self)
        self.painting = PagePainting(self)

    # -- document and zoom -------------------------------------------------------------------

    def set_pages(self, sizes: list[PageSize]) -> None:
        """Show a document of pages of these sizes (its images come from the queue)."""
        self.sizes = list(sizes)
        self._relayout(keep=self._pending_position or ReadingPosition(fit=self.fit))

    def update_sizes(self, sizes: list[PageSize]) -> None:
        """The real page sizes of a document opened with estimates; stays at the same place."""
        if sizes != self.sizes:
            keep = self.position()
            self.sizes = list(sizes)
            self._relayout(keep=keep)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` (1.0 = 100 %), keeping the point under ``anchor`` (viewport
        coordinates; the centre if None) where it is. Leaves any fit mode."""
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        self.fit = FitMode.NONE
        if abs(zoom - self.zoom) < 1e-4:
            self.zoom_changed.emit(self.zoom, self.fit)
            return
        anchor = anchor or QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        target = self.viewport_to_page(anchor, nearest=True)
        self._relaying = True
        try:
            self._apply_zoom(zoom)
            if target is not None:
                page, x, y = target
                rect = self.layout_.page_rect(page)
                self._scroll_to(
                    rect.x() + x * self._ppp() - anchor.x(), rect.y() + y * self._ppp() - anchor.y()
                )
        finally:
            self._relaying = False
        self._after_scroll()

    def set_fit(self, fit: FitMode) -> None:
        self.fit = fit
        self._relayout(keep=self.position())

    def zoom_in(self, anchor: QPointF | None = None) -> None:
        self.set_zoom(next((s for s in ZOOM_STEPS if s > self.zoom + 1e-3), MAX_ZOOM), anchor)

    def zoom_out(self, anchor: QPointF | None = None) -> None:
        lower = [s for s in ZOOM_STEPS if s < self.zoom - 1e-3]
        self.set_zoom(lower[-1] if lower else MIN_ZOOM, anchor)

    def set_dark(self, dark: bool) -> None:
        if dark != self.dark:
            self.dark = dark
            self._new_generation()
            self.viewport().update()
            self.loader.schedule()

    def set_natural_figures(self, natural: bool) -> None:
        """In dark pages, keep vector figures in their own colours (else they darken too)."""
        if natural != self.natural_figures:
            self.natural_figures = natural
            if self.dark:
                self._new_generation()
                self.viewport().update()
                self.loader.schedule()

    def _fit_zoom(self) -> float:
        width, height = self.viewport().width(), self.viewport().height()
        if self.fit == FitMode.WIDTH:
            zoom = fit_width_zoom(self.sizes, width)
        elif self.fit == FitMode.PAGE:
            zoom = fit_page_zoom(self.sizes, width, height)
        else:
            return self.zoom
        return min(max(zoom, MIN_ZOOM), MAX_ZOOM)

    def _apply_zoom(self, zoom: float) -> None:
        # Zoom is kept to 4 decimals: it is part of every cache key, and a resize by a pixel
        # must not start a new generation whose keys equal the old ones.
        zoom = round(zoom, 4)
        changed = zoom != self.zoom
        self.zoom = zoom
        self.layout_ = PageLayout(self.sizes, self.zoom, self.viewport().width())
        self._update_scrollbars()
        if changed:
            self._new_generation()
        self.zoom_changed.emit(self.zoom, self.fit)
        self.viewport().update()

    def _relayout(self, keep: ReadingPosition) -> None:
        """Lay the pages out again (new pages, size, fit) and return to ``keep``."""
        if not self.sizes or self.viewport().width() < 50:
            self._pending_position = keep  # not shown yet: the first resize applies it
            return
        self._pending_position = None
        self._relaying = True
        try:
            self.fit = keep.fit
            self._apply_zoom(self._fit_zoom() if keep.fit != FitMode.NONE else keep.zoom)
            self._go_to_position(keep)
        finally:
            self._relaying = False
        self._after_scroll()

    def _new_generation(self) -> None:
        self.generation += 1
        self.painted.clear()

    def _ppp(self) -> float:
        """Logical pixels per point at the current zoom."""
        return self.zoom * PIXELS_PER_POINT

    # -- position ----------------------------------------------------------------------------

    def position(self) -> ReadingPosition:
        if not self.sizes or self._pending_position is not None:
            return self._pending_position or ReadingPosition(zoom=self.zoom, fit=self.fit)
        top = self.verticalScrollBar().value()
        page = self.layout_.page_at(top)
        rect = self.layout_.page_rect(page)
        offset = min(max((top - rect.y()) / rect.height(), 0.0), 1.0)
        return ReadingPosition(page=page, offset=round(offset, 5), zoom=self.zoom, fit=self.fit)

    def set_position(self, position: ReadingPosition) -> None:
        self._relayout(keep=position.clamped(max(len(self.sizes), 1)) if self.sizes else position)

    def _go_to_position(self, position: ReadingPosition) -> None:
        position = position.clamped(len(self.sizes))
        rect = self.layout_.page_rect(position.page)
        y = rect.y() + position.offset * rect.height()
        if position.page == 0 and position.offset == 0:
            y = 0
        self._scroll_to(self.horizontalScrollBar().value(), y)

    def go_to(self, page: int, y: float | None = None) -> None:
        """Show page ``page`` from its top, or from point ``y`` on it, a little below the top
        edge of the view so that the target line is not cut."""
        if not self.sizes:
            return
        page = min(max(page, 0), len(self.sizes) - 1)
        rect = self.layout_.page_rect(page)
        top = rect.y() - PAGE_GAP / 2 if y is None else rect.y() + y * self._ppp() - 8
        self._scroll_to(self.horizontalScrollBar().value(), top)

    def ensure_visible(self, page: int, box: Box) -> None:
        """Scroll the least needed to show ``box`` of ``page`` (a search hit), with a margin."""
        rect = self.layout_.page_rect(page)
        top = rect.y() + box.y0 * self._ppp()
        bottom = rect.y() + box.y1 * self._ppp()
        view_top = self.verticalScrollBar().value()
        height = self.viewport().height()
        if top < view_top + 20 or bottom > view_top + height - 20:
            self._scroll_to(self.horizontalScrollBar().value(), top - height / 3)
        left = rect.x() + box.x0 * self._ppp()
        view_left = self.horizontalScrollBar().value()
        if left < view_left or left + box.width * self._ppp() > view_left + self.viewport().width():
            self._scroll_to(left - 40, self.verticalScrollBar().value())

    def _scroll_to(self, x: float, y: float) -> None:
        self.horizontalScrollBar().setValue(round(x))
        self.verticalScrollBar().setValue(round(y))

    @property
    def painted_pages(self) -> frozenset[int]:
        """Pages drawn complete (not as placeholders) since the generation began."""
        return frozenset(self.painted)

    def current_page(self) -> int:
        return max(self._current_page, 0)

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        return self.layout_.pages_between(top, top + self.viewport().height())

    # -- mapping between pages and the viewport ----------------------------------------------

    def page_geometry(self, page: int) -> PageGeometry:
        rect = self.layout_.page_rect(page).translated(
            -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        )
        return PageGeometry(page, rect, self._ppp())

    def page_to_viewport(self, page: int, x: float, y: float) -> QPointF:
        return self.page_geometry(page).to_view(x, y)

    def viewport_to_page(
        self, point: QPointF, *, nearest: bool = False
    ) -> tuple[int, float, float] | None:
        """The page under ``point`` and the point on it in points; None in the gaps and
        margins, unless ``nearest`` (then the nearest page, the point clamped onto it)."""
        if not self.sizes:
            return None
        page = self.layout_.page_at(point.y() + self.verticalScrollBar().value())
        geometry = self.page_geometry(page)
        if not nearest and not geometry.rect.contains(point):
            return None
        x, y = geometry.to_page(point)
        size = self.sizes[page]
        return page, min(max(x, 0.0), size.width), min(max(y, 0.0), size.height)

    def add_overlay(self, painter: Overlay) -> None:
        """Call ``painter`` for each visible page after the page and its highlights are drawn
        (annotations will draw here); its painter is clipped to the page."""
        self.overlays.append(painter)

    # -- scrolling and scheduling ------------------------------------------------------------

    def _update_scrollbars(self) -> None:
        viewport = self.viewport()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, self.layout_.height - viewport.height()))
        vertical.setPageStep(viewport.height())
        vertical.setSingleStep(LINE_STEP)
        horizontal.setRange(0, max(0, self.layout_.width - viewport.width()))
        horizontal.setPageStep(viewport.width())
        horizontal.setSingleStep(LINE_STEP)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if dy:
            self.direction = 1 if dy < 0 else -1
        self.viewport().update()
        if not self._relaying:
            self._after_scroll()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._pending_position is not None:
            self._relayout(self._pending_position)
        elif self.sizes:
            self._relayout(self.position())

    def _after_scroll(self) -> None:
        if not self.sizes or self._pending_position is not None:
            return
        self.loader.schedule()
        page = self._most_visible_page()
        if page != self._current_page:
            self._current_page = page
            self.current_page_changed.emit(page)
        self.position_changed.emit(self.position())

    def _most_visible_page(self) -> int:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        best, best_area = self.layout_.page_at(top), -1.0
        for page in self.visible_pages():
            rect = self.layout_.page_rect(page)
            shown = min(rect.bottom(), bottom) - max(rect.top(), top)
            if shown > best_area + 1:
                best, best_area = page, shown
        return best

    def key(self, page: int, band: int) -> TileKey:
        return TileKey(page, self.zoom, self.dpr, self.dark, band, self.natural_figures)

    @property
    def texts(self) -> dict[int, PageText]:
        return self.loader.texts

    def page_text(self, page: int) -> PageText | None:
        return self.loader.page_text(page)

    def wanted_text(self, page: int) -> PageText | None:
        return self.loader.wanted_text(page)

    def set_hits(
        self,
        hits: dict[int, list[Box]],
        current: tuple[int, Box] | None,
        current_parts: tuple[Box, ...] = (),
    ) -> None:
        self.hits = hits
        self.current_hit = current
        self.current_hit_parts = current_parts or (() if current is None else (current[1],))
        self.viewport().update()

    def set_selection(self, selection: TextSelection | None) -> None:
        self.selection = selection
        self.viewport().update()
        self.selection_changed.emit()

    # -- input (see page_input) ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.input.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.input.move(event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.input.release(event):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not self.input.double_click(event):
            super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.input.wheel(event):
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.input.key(event):
            super().keyPressEvent(event)

    # -- painting ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self.viewport().update()
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        dpr = self.viewport().devicePixelRatioF()
        if dpr != self.dpr:  # moved to a screen with another scale: render anew
            self.dpr = dpr
            self._new_generation()
            self.loader.schedule()
        self.painting.paint(event.rect())
