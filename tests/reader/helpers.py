"""Mouse and keyboard input for reader tests, aimed at points on pages (in PDF points)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from app.ui.reader.reader_tab import ReaderTab


def on_page(tab: ReaderTab, page: int, x: float, y: float) -> QPointF:
    """Where point (x, y) of ``page`` is in the page view's viewport."""
    return tab.view.page_to_viewport(page, x, y)


def mouse(
    tab: ReaderTab,
    kind: QEvent.Type,
    position: QPointF,
    *,
    buttons: Qt.MouseButton = Qt.MouseButton.LeftButton,
    timestamp: int = 0,
) -> None:
    """Send one mouse event to the view's viewport, with a timestamp we choose (QTest spaces
    its clicks apart in time on purpose, so it cannot make a triple click)."""
    viewport = tab.view.viewport()
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        position,
        QPointF(viewport.mapToGlobal(position.toPoint())),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setTimestamp(timestamp)
    QApplication.sendEvent(viewport, event)


def hover(tab: ReaderTab, position: QPointF) -> None:
    mouse(tab, QEvent.Type.MouseMove, position, buttons=Qt.MouseButton.NoButton)


def click(tab: ReaderTab, position: QPointF, timestamp: int = 0) -> None:
    mouse(tab, QEvent.Type.MouseButtonPress, position, timestamp=timestamp)
    mouse(
        tab,
        QEvent.Type.MouseButtonRelease,
        position,
        buttons=Qt.MouseButton.NoButton,
        timestamp=timestamp,
    )


def drag(tab: ReaderTab, start: QPointF, end: QPointF) -> None:
    mouse(tab, QEvent.Type.MouseButtonPress, start, timestamp=1000)
    for step in range(1, 6):
        point = start + (end - start) * (step / 5)
        mouse(tab, QEvent.Type.MouseMove, point, timestamp=1000 + step * 20)
    mouse(tab, QEvent.Type.MouseButtonRelease, end, buttons=Qt.MouseButton.NoButton, timestamp=1200)


def screen(tab: ReaderTab) -> QImage:
    """What the page view shows now, at device pixels."""
    return tab.view.viewport().grab().toImage()


def pixel(image: QImage, point: QPointF) -> tuple[int, int, int]:
    ratio = image.devicePixelRatio()
    colour = image.pixelColor(QPoint(round(point.x() * ratio), round(point.y() * ratio)))
    return colour.red(), colour.green(), colour.blue()


def shows(tab: ReaderTab, page: int, rect: tuple[float, float, float, float]) -> bool:
    """Whether the whole of ``rect`` (points on ``page``) is inside the view on screen."""
    area = QRectF(tab.view.viewport().rect())
    return area.contains(on_page(tab, page, rect[0], rect[1])) and area.contains(
        on_page(tab, page, rect[2], rect[3])
    )


def pixels_in(
    image: QImage, top_left: QPointF, bottom_right: QPointF
) -> list[tuple[int, int, int]]:
    """The colours of every device pixel between two viewport points, row by row."""
    ratio = image.devicePixelRatio()
    colours = []
    for y in range(round(top_left.y() * ratio), round(bottom_right.y() * ratio)):
        for x in range(round(top_left.x() * ratio), round(bottom_right.x() * ratio)):
            colour = image.pixelColor(x, y)
            colours.append((colour.red(), colour.green(), colour.blue()))
    return colours
