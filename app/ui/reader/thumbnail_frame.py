"""A page thumbnail drawn as a sheet of paper: a thin border and a soft shadow below-right,
so that a white page stands out on the sidebar's white background (and a dark one on dark)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

SHADOW = 3  # logical pixels the shadow reaches beyond the page, right and down
BORDER = QColor(0, 0, 0, 90)
BORDER_ON_DARK = QColor(255, 255, 255, 70)  # a dark sidebar: a dark edge would vanish
SHADOW_COLOUR = QColor(0, 0, 0, 40)


def framed_size(page: QSize) -> QSize:
    """The icon size that holds a page of ``page`` logical pixels with its frame."""
    return QSize(page.width() + SHADOW + 1, page.height() + SHADOW + 1)


def framed_page(
    page: QImage | QPixmap, logical: QSize, dpr: float, *, on_dark: bool = False
) -> QPixmap:
    """``page`` (drawn at ``logical`` size) on a transparent sheet with border and shadow;
    ``on_dark``: for a dark sidebar (the theme's), with a light border."""
    size = framed_size(logical)
    sheet = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
    sheet.setDevicePixelRatio(dpr)
    sheet.fill(Qt.GlobalColor.transparent)
    painter = QPainter(sheet)
    width, height = logical.width(), logical.height()
    for step in range(SHADOW, 0, -1):  # darker close to the page
        painter.fillRect(QRectF(step, step, width, height), SHADOW_COLOUR)
    target = QRectF(0, 0, width, height)
    if isinstance(page, QImage):
        painter.drawImage(target, page)
    else:
        painter.drawPixmap(target, page, QRectF(page.rect()))
    painter.setPen(BORDER_ON_DARK if on_dark else BORDER)
    painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
    painter.end()
    return sheet
