"""Pen strokes drawn once per zoom, then copied: images of ink annotations.

Qt strokes an antialiased wide pen at about 12 µs a segment; a page with fifty hand-written
strokes of a hundred points took 70 ms a paint, and the page view paints on every scroll step.
So each ink annotation is drawn into a transparent image of its own at the zoom, device pixel
ratio and page colours shown, and painted by copying that image (a few µs). The images are
kept by what makes them differ, so a recoloured stroke or another zoom draws anew; the least
recently used go first past a byte budget.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QTransform

from app.domain.annotation import Annotation
from app.domain.annotation_geometry import strokes_rect
from app.ui.reader.annotation_paint import line_colour, paint_strokes

INK_CACHE_BYTES = 32 * 1024 * 1024
_MARGIN = 1.0  # points around the pen's half width: room for antialiasing and round caps

_Key = tuple[str, str, str, float, bool]  # id, modified, colour, device pixels per point, dark


class InkImages:
    def __init__(self, budget: int = INK_CACHE_BYTES) -> None:
        self._budget = budget
        self._images: OrderedDict[_Key, tuple[QImage, QRectF]] = OrderedDict()
        self._bytes = 0

    def paint(self, painter: QPainter, annotation: Annotation, *, scale: float, dark: bool) -> None:
        """Paint the annotation's strokes with ``painter`` (in points), from its image.

        ``scale`` is device pixels per point, so that the image matches the screen's pixels.
        """
        drawn = self._image(annotation, scale, dark)
        if drawn is not None:
            image, where = drawn
            painter.drawImage(where, image)

    def _image(
        self, annotation: Annotation, scale: float, dark: bool
    ) -> tuple[QImage, QRectF] | None:
        key = (
            annotation.id,
            annotation.modified.isoformat(),
            annotation.colour,
            round(scale, 4),
            dark,
        )
        found = self._images.get(key)
        if found is not None:
            self._images.move_to_end(key)
            return found
        made = _draw(annotation, scale, dark)
        if made is None:
            return None
        self._images[key] = made
        self._bytes += made[0].sizeInBytes()
        while self._bytes > self._budget and len(self._images) > 1:
            _key, (image, _where) = self._images.popitem(last=False)
            self._bytes -= image.sizeInBytes()
        return made

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0


def _draw(annotation: Annotation, scale: float, dark: bool) -> tuple[QImage, QRectF] | None:
    if not any(stroke.points for stroke in annotation.strokes):
        return None
    bounds = strokes_rect(annotation.strokes)
    room = max(stroke.width for stroke in annotation.strokes) / 2 + _MARGIN
    x0, y0 = bounds.x0 - room, bounds.y0 - room
    width, height = bounds.width + 2 * room, bounds.height + 2 * room
    image = QImage(
        max(1, math.ceil(width * scale)),
        max(1, math.ceil(height * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setTransform(QTransform(scale, 0, 0, scale, -x0 * scale, -y0 * scale))
    paint_strokes(painter, annotation.strokes, line_colour(annotation.colour, dark))
    painter.end()
    # The image's own size in points, so that drawn at that box it is copied pixel for pixel.
    where = QRectF(x0, y0, image.width() / scale, image.height() / scale)
    return image, where
