"""Icons drawn here, and the main toolbar's: the desktop theme's when it has them.

Qt's built-in standard icons have nothing like a calendar, and a bare arrow for "Today" reads
as "forward"; drawing one keeps the toolbar meaningful on desktops without an icon theme.
Every drawn icon goes through ``drawn_icon`` (line art on a 16 x 16 grid, at each toolbar
size, in the palette's text colour) or ``swatch_icon`` (a dab of an annotation colour).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QWidget

SIZES = (16, 22, 24, 32, 48)

Drawing = Callable[[QPainter, float], None]  # draws on a 16 x 16 grid scaled by ``unit``


def drawn_icon(drawing: Drawing, ink: QColor, *, stroke: float = 1.3) -> QIcon:
    """``drawing`` at every size, with a round-ended pen of ``ink``, ``stroke`` sixteenths wide
    (never under a pixel, so the smallest sizes stay crisp)."""
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        pen = QPen(ink, max(1.0, stroke * unit))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        drawing(painter, unit)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def swatch_icon(colour: str, size: int = 16) -> QIcon:
    """A round dab of ``colour`` with a darker rim (the rim shows it on any background)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(colour).darker(150))
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def _ink(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.WindowText)


def _calendar(accent: QColor) -> Drawing:
    def draw(painter: QPainter, unit: float) -> None:
        ink = painter.pen().color()
        body = QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 12 * unit)
        painter.drawRoundedRect(body, 1.5 * unit, 1.5 * unit)
        painter.fillRect(QRectF(body.left(), body.top(), body.width(), 3 * unit), ink)
        # The binding rings, then today's square in the accent colour.
        for x in (4.5, 11.5):
            painter.drawLine(QPointF(x * unit, 1 * unit), QPointF(x * unit, 4 * unit))
        painter.fillRect(QRectF(8.5 * unit, 9 * unit, 3.5 * unit, 3.5 * unit), accent)

    return draw


def today_icon(widget: QWidget) -> QIcon:
    themed = QIcon.fromTheme("go-jump-today")
    if not themed.isNull():
        return themed
    accent = widget.palette().color(QPalette.ColorRole.Highlight)
    return drawn_icon(_calendar(accent), _ink(widget), stroke=1.0)


def _sync(painter: QPainter, unit: float) -> None:
    """Two arcs chasing each other round a circle, each ending in an arrowhead."""
    ring = QRectF(2.5 * unit, 2.5 * unit, 11 * unit, 11 * unit)
    # Qt's angles: sixteenths of a degree, counter-clockwise from three o'clock.
    painter.drawArc(ring, 20 * 16, 140 * 16)
    painter.drawArc(ring, 200 * 16, 140 * 16)
    # The heads sit where each arc ends (at 160 and 340 degrees), pointing along it.
    painter.drawPolyline(
        [
            QPointF(1.2 * unit, 4.8 * unit),
            QPointF(2.9 * unit, 6.1 * unit),
            QPointF(4.6 * unit, 4.6 * unit),
        ]
    )
    painter.drawPolyline(
        [
            QPointF(14.8 * unit, 11.2 * unit),
            QPointF(13.1 * unit, 9.9 * unit),
            QPointF(11.4 * unit, 11.4 * unit),
        ]
    )


def sync_icon(widget: QWidget) -> QIcon:
    # Drawn, never themed: a theme's refresh icon is often in colour among our line icons.
    return drawn_icon(_sync, _ink(widget), stroke=1.4)


def _download(*, stacked: bool) -> Drawing:
    """An arrow into a tray; ``stacked`` adds a second tray behind (every week's readings)."""

    def draw(painter: QPainter, unit: float) -> None:
        def at(x: float, y: float) -> QPointF:
            shift = 1.5 if stacked else 0.0  # room on the right for the tray behind
            return QPointF((x - shift) * unit, y * unit)

        painter.drawLine(at(8, 1.5), at(8, 9.5))
        painter.drawPolyline([at(4.5, 6.5), at(8, 10), at(11.5, 6.5)])
        for dx, dy in [(0.0, 0.0)] + ([(3.0, -2.5)] if stacked else []):
            corners = [(2, 11), (2, 14), (14, 14), (14, 11)]
            painter.drawPolyline([at(x + dx, y + dy) for x, y in corners])

    return draw


def download_icon(widget: QWidget, *, every_week: bool = False) -> QIcon:
    # Drawn, never themed: the two actions must read as a pair, and themes have one icon.
    return drawn_icon(_download(stacked=every_week), _ink(widget), stroke=1.4)
