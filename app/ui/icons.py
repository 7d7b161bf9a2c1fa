"""Toolbar icons: the desktop theme's when it has them, else small ones drawn here.

Qt's built-in standard icons have nothing like a calendar, and a bare arrow for "Today" reads
as "forward"; drawing one keeps the toolbar meaningful on desktops without an icon theme.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QWidget

_SIZES = (16, 22, 24, 32, 48)


def _calendar(size: int, ink: QColor, accent: QColor) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 16
    body = QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 12 * unit)
    painter.setPen(QPen(ink, max(1.0, unit)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(body, 1.5 * unit, 1.5 * unit)
    painter.fillRect(QRectF(body.left(), body.top(), body.width(), 3 * unit), ink)
    # The binding rings, then today's square in the accent colour.
    for x in (4.5, 11.5):
        painter.drawLine(int(x * unit), int(1 * unit), int(x * unit), int(4 * unit))
    painter.fillRect(QRectF(8.5 * unit, 9 * unit, 3.5 * unit, 3.5 * unit), accent)
    painter.end()
    return pixmap


def today_icon(widget: QWidget) -> QIcon:
    themed = QIcon.fromTheme("go-jump-today")
    if not themed.isNull():
        return themed
    palette = widget.palette()
    icon = QIcon()
    for size in _SIZES:
        icon.addPixmap(
            _calendar(
                size,
                palette.color(QPalette.ColorRole.WindowText),
                palette.color(QPalette.ColorRole.Highlight),
            )
        )
    return icon


def sync_icon(widget: QWidget) -> QIcon:
    return QIcon.fromTheme(
        "view-refresh", widget.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
    )


def _download(size: int, ink: QColor, *, stacked: bool) -> QPixmap:
    """An arrow into a tray; ``stacked`` adds a second tray behind (every week's readings)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 16
    pen = QPen(ink, max(1.0, 1.4 * unit))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    shift = 1.5 * unit if stacked else 0.0
    painter.drawLine(QPointF(8 * unit - shift, 1.5 * unit), QPointF(8 * unit - shift, 9.5 * unit))
    painter.drawPolyline(
        [
            QPointF(4.5 * unit - shift, 6.5 * unit),
            QPointF(8 * unit - shift, 10 * unit),
            QPointF(11.5 * unit - shift, 6.5 * unit),
        ]
    )
    trays = [(0.0, 0.0)] + ([(3.0 * unit, -2.5 * unit)] if stacked else [])
    for dx, dy in trays:
        painter.drawPolyline(
            [
                QPointF(2 * unit - shift + dx, 11 * unit + dy),
                QPointF(2 * unit - shift + dx, 14 * unit + dy),
                QPointF(14 * unit - shift + dx, 14 * unit + dy),
                QPointF(14 * unit - shift + dx, 11 * unit + dy),
            ]
        )
    painter.end()
    return pixmap


def download_icon(widget: QWidget, *, every_week: bool = False) -> QIcon:
    # Drawn, never themed: the two actions must read as a pair, and themes have one icon.
    ink = widget.palette().color(QPalette.ColorRole.WindowText)
    icon = QIcon()
    for size in _SIZES:
        icon.addPixmap(_download(size, ink, stacked=every_week))
    return icon
