"""Toolbar icons: the desktop theme's when it has them, else small ones drawn here.

Qt's built-in standard icons have nothing like a calendar, and a bare arrow for "Today" reads
as "forward"; drawing one keeps the toolbar meaningful on desktops without an icon theme.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
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
