"""Autoscroll while a selection is dragged past the view's top or bottom edge: the pages
scroll toward the pointer, faster the further out it is, and the selection keeps growing
with them, so a passage longer than a screen can be selected in one drag."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, QTimer
from PySide6.QtWidgets import QAbstractScrollArea

TICK_MS = 30
MIN_STEP, MAX_STEP = 4, 80  # pixels a tick: slow near the edge, at most a few lines


class DragScroll(QObject):
    def __init__(self, view: QAbstractScrollArea, extend: Callable[[QPointF], None]) -> None:
        super().__init__(view)
        self._view = view
        self._extend = extend  # extends the selection to a point inside the viewport
        self._position = QPointF()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def follow(self, position: QPointF) -> None:
        """The pointer moved while dragging: scroll while it is past an edge."""
        self._position = position
        if self._overshoot():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()

    def _overshoot(self) -> float:
        """How far (pixels) the pointer is above (negative) or below (positive) the view."""
        y, height = self._position.y(), self._view.viewport().height()
        return y if y < 0 else y - height + 1 if y >= height else 0.0

    def _tick(self) -> None:
        overshoot = self._overshoot()
        bar = self._view.verticalScrollBar()
        step = min(max(abs(overshoot) / 2, MIN_STEP), MAX_STEP)
        before = bar.value()
        bar.setValue(round(before + (step if overshoot > 0 else -step)))
        if bar.value() == before:  # at the top or the end: nothing more to reveal
            self._timer.stop()
        inside = min(max(self._position.y(), 0.0), self._view.viewport().height() - 1.0)
        self._extend(QPointF(self._position.x(), inside))
