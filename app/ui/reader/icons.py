"""The reader's toolbar icons: the desktop theme's when it has them, else drawn here.

Qt's standard icons have arrows but no magnifier, no fit-to-width and no moon; a text-only
toolbar reads as a list of words. The drawn icons follow the palette's text colour, so they
suit light and dark desktop themes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QWidget

_SIZES = (16, 22, 24, 32, 48)

Drawing = Callable[[QPainter, float], None]  # draws on a 16 x 16 grid scaled by ``unit``


def _magnifier(painter: QPainter, unit: float) -> None:
    painter.drawEllipse(QRectF(1.5 * unit, 1.5 * unit, 9 * unit, 9 * unit))
    painter.drawLine(QPointF(9.3 * unit, 9.3 * unit), QPointF(14.2 * unit, 14.2 * unit))


def _zoom_in(painter: QPainter, unit: float) -> None:
    _magnifier(painter, unit)
    painter.drawLine(QPointF(4 * unit, 6 * unit), QPointF(8 * unit, 6 * unit))
    painter.drawLine(QPointF(6 * unit, 4 * unit), QPointF(6 * unit, 8 * unit))


def _zoom_out(painter: QPainter, unit: float) -> None:
    _magnifier(painter, unit)
    painter.drawLine(QPointF(4 * unit, 6 * unit), QPointF(8 * unit, 6 * unit))


def _fit_width(painter: QPainter, unit: float) -> None:
    painter.drawRect(QRectF(3 * unit, 1.5 * unit, 10 * unit, 13 * unit))
    y = 8 * unit
    painter.drawLine(QPointF(5 * unit, y), QPointF(11 * unit, y))
    for tip, side in ((5, 1), (11, -1)):
        painter.drawLine(QPointF(tip * unit, y), QPointF((tip + 2 * side) * unit, y - 2 * unit))
        painter.drawLine(QPointF(tip * unit, y), QPointF((tip + 2 * side) * unit, y + 2 * unit))


def _fit_page(painter: QPainter, unit: float) -> None:
    painter.drawRect(QRectF(4 * unit, 3 * unit, 8 * unit, 10 * unit))
    for x, y, dx, dy in ((1, 1, 1, 1), (15, 1, -1, 1), (1, 15, 1, -1), (15, 15, -1, -1)):
        corner = QPointF(x * unit, y * unit)
        painter.drawLine(corner, QPointF((x + 2 * dx) * unit, y * unit))
        painter.drawLine(corner, QPointF(x * unit, (y + 2 * dy) * unit))


def _sidebar(painter: QPainter, unit: float) -> None:
    painter.drawRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 11 * unit))
    painter.drawLine(QPointF(6 * unit, 2.5 * unit), QPointF(6 * unit, 13.5 * unit))
    for y in (5, 7.5, 10):
        painter.drawLine(QPointF(3 * unit, y * unit), QPointF(4.5 * unit, y * unit))


def _moon(painter: QPainter, unit: float) -> None:
    disc = QPainterPath()
    disc.addEllipse(QRectF(2 * unit, 2 * unit, 12 * unit, 12 * unit))
    bite = QPainterPath()
    bite.addEllipse(QRectF(6 * unit, 0 * unit, 11 * unit, 11 * unit))
    painter.fillPath(disc.subtracted(bite), painter.pen().color())


def _chevron(up: bool) -> Drawing:
    def draw(painter: QPainter, unit: float) -> None:
        y0, y1 = (10.5, 5.5) if up else (5.5, 10.5)
        painter.drawPolyline(
            [
                QPointF(3.5 * unit, y0 * unit),
                QPointF(8 * unit, y1 * unit),
                QPointF(12.5 * unit, y0 * unit),
            ]
        )

    return draw


_DRAWINGS: dict[str, Drawing] = {
    "zoom-in": _zoom_in,
    "zoom-out": _zoom_out,
    "zoom-fit-width": _fit_width,
    "zoom-fit-best": _fit_page,
    "sidebar-show": _sidebar,
    "weather-clear-night": _moon,
    "go-up-search": _chevron(up=True),
    "go-down-search": _chevron(up=False),
    "edit-find": _magnifier,
}
_STANDARD = {
    "go-previous": QStyle.StandardPixmap.SP_ArrowBack,
    "go-next": QStyle.StandardPixmap.SP_ArrowForward,
}


def _drawn(drawing: Drawing, ink: QColor) -> QIcon:
    icon = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        pen = QPen(ink, max(1.0, 1.3 * unit))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        drawing(painter, unit)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


_made: dict[tuple[str, int], QIcon] = {}  # every tab shares them: drawing takes a while


def reader_icon(widget: QWidget, name: str) -> QIcon:
    """The theme's icon called ``name`` (freedesktop naming), else a drawn or standard one."""
    ink = widget.palette().color(QPalette.ColorRole.WindowText)
    key = (name, ink.rgba())
    icon = _made.get(key)
    if icon is None:
        icon = QIcon.fromTheme(name)
        if icon.isNull() and name in _STANDARD:
            icon = widget.style().standardIcon(_STANDARD[name])
        elif icon.isNull() and name in _DRAWINGS:
            icon = _drawn(_DRAWINGS[name], ink)
        _made[key] = icon
    return icon
