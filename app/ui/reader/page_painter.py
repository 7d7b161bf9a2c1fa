"""Painting the page view: pages (or placeholders), highlights, overlays.

Each visible page is drawn from its cached image bands at 1:1 device pixels; while a band is
missing, the page's paper colour and, if cached, its image at another zoom, scaled (a blurry
page for a moment reads better than a blank one). Search hits, the selection and then the
overlays (annotations, later) are drawn on top, clipped to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from app.services.reader import Box
from app.ui.reader.selection import line_boxes
from app.ui.theme.colours import DARK, LIGHT, colours

if TYPE_CHECKING:
    from app.ui.reader.page_view import PageView

PAPER = {False: QColor("#ffffff"), True: QColor(DARK.night_paper)}  # before a page is drawn
HIT = QColor(255, 196, 0, 110)
CURRENT_HIT = QColor(255, 110, 0, 150)
SELECTION = QColor(40, 120, 255, 80)
SHADOW = QColor(0, 0, 0, 50)


@dataclass(frozen=True)
class PageGeometry:
    """Where page ``page`` is in the viewport: what an overlay needs to draw on it."""

    page: int
    rect: QRectF  # viewport coordinates
    pixels_per_point: float

    def to_view(self, x: float, y: float) -> QPointF:
        return QPointF(
            self.rect.x() + x * self.pixels_per_point, self.rect.y() + y * self.pixels_per_point
        )

    def to_page(self, point: QPointF) -> tuple[float, float]:
        return (
            (point.x() - self.rect.x()) / self.pixels_per_point,
            (point.y() - self.rect.y()) / self.pixels_per_point,
        )

    def box_to_view(self, box: Box) -> QRectF:
        top_left = self.to_view(box.x0, box.y0)
        return QRectF(
            top_left.x(),
            top_left.y(),
            box.width * self.pixels_per_point,
            box.height * self.pixels_per_point,
        )


PagePainter = Callable[[QPainter, PageGeometry], None]


Overlay = Callable[[QPainter, PageGeometry], None]


class PagePainting:
    def __init__(self, view: PageView) -> None:
        self._view = view

    def paint(self, area: QRect) -> None:
        view = self._view
        painter = QPainter(view.viewport())
        # The ground around the pages: the window's theme's, and dark under dark pages.
        backdrop = DARK.page_backdrop if view.dark else colours(view.palette()).page_backdrop
        painter.fillRect(area, QColor(backdrop))
        if not view.sizes:  # the file is still being opened
            painter.setPen(QColor("#e8eaed"))  # light on either backdrop
            painter.drawText(view.viewport().rect(), Qt.AlignmentFlag.AlignCenter, "Opening…")
        for page in view.visible_pages():
            geometry = view.page_geometry(page)
            if geometry.rect.intersects(QRectF(area)):
                self._paint_page(painter, geometry)
        painter.end()

    def _paint_page(self, painter: QPainter, geometry: PageGeometry) -> None:
        view = self._view
        rect, page = geometry.rect, geometry.page
        # A drop shadow on the right and bottom edges only: filling a translucent rectangle
        # under the whole page would blend a million pixels for nothing.
        painter.fillRect(QRectF(rect.right(), rect.top() + 3, 3, rect.height()), SHADOW)
        painter.fillRect(QRectF(rect.left() + 3, rect.bottom(), rect.width(), 3), SHADOW)
        images = [
            view.cache.get(view.key(page, band.index))
            for band in view.layout_.bands(page, view.dpr)
        ]
        complete = all(image is not None for image in images)
        if not complete:
            painter.fillRect(rect, PAPER[view.dark])
        for image in images:
            if image is not None:
                offset = image.offset()
                painter.drawImage(
                    rect.topLeft() + QPointF(offset.x(), offset.y()) / view.dpr, image
                )
        if not complete:
            self._paint_fallback(painter, geometry)
        elif page not in view.painted:
            view.painted.add(page)
            view.page_painted.emit(page)
        painter.save()
        painter.setClipRect(rect)
        self._paint_highlights(painter, geometry)
        for overlay in view.overlays:
            overlay(painter, geometry)
        painter.restore()

    def _paint_fallback(self, painter: QPainter, geometry: PageGeometry) -> None:
        """The page at another zoom, scaled, or its failure, while the real image renders."""
        view = self._view
        page, rect = geometry.page, geometry.rect
        if page in view.loader.failed_pages:
            painter.setPen(QColor((DARK if view.dark else LIGHT).error))  # on the page's paper
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, view.loader.failed_pages[page])
            return
        bands = view.cache.fallback(page, view.dark, view.zoom, view.natural_figures)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setClipRect(rect)
        for key, image in bands:
            factor = view.zoom / key.zoom / key.dpr
            offset = image.offset()
            target = QRectF(
                rect.x() + offset.x() * factor,
                rect.y() + offset.y() * factor,
                image.width() * factor,
                image.height() * factor,
            )
            painter.drawImage(target, image)
        painter.restore()

    def _paint_highlights(self, painter: QPainter, geometry: PageGeometry) -> None:
        view = self._view
        page = geometry.page
        for box in view.hits.get(page, ()):
            painter.fillRect(geometry.box_to_view(box), HIT)
        if view.current_hit is not None and view.current_hit[0] == page:
            painter.setPen(QPen(QColor(220, 80, 0), 1.5))
            for part in view.current_hit_parts:  # a hit broken across lines: every line
                area = geometry.box_to_view(part).adjusted(-1, -1, 1, 1)
                painter.fillRect(area, CURRENT_HIT)
                painter.drawRect(area)
        text = view.texts.get(page)
        if view.selection is not None and text is not None and page in view.selection.pages:
            indices = view.selection.indices_on(page, len(text.words))
            for box in line_boxes(text.words, indices):
                painter.fillRect(geometry.box_to_view(box).adjusted(-1, -1, 1, 1), SELECTION)
