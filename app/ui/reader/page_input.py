"""Mouse, wheel and keys over the pages: select text, follow links, scroll, zoom.

Selection works as in any reader: drag from one word to another; double-click selects a word,
a third click soon after (Qt reports no triple clicks) selects the line. A click on a link
follows it, unless the mouse moved (then it was the start of a selection). Ctrl + wheel zooms
around the pointer. Keys: arrows and j / k scroll by lines, PgUp / PgDn and Space /
Shift + Space by screens (keeping a strip of the last screen in view), Home / End jump to the
ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.services.reader import PageLink
from app.ui.reader.drag_scroll import DragScroll
from app.ui.reader.selection import TextPoint, TextSelection, line_of, nearest_word, word_at

if TYPE_CHECKING:
    from app.ui.reader.page_view import PageView

SCREEN_OVERLAP = 0.1  # of a screen kept in view by PgDn / Space, to keep one's place
WHEEL_ZOOM_PER_NOTCH = 1.15


class PageInput:
    def __init__(self, view: PageView) -> None:
        self._view = view
        self._press: QPointF | None = None
        self._press_link: PageLink | None = None
        self._anchor: TextPoint | None = None
        self._dragging = False
        self._double_click: tuple[int, QPointF] | None = None  # when and where, for triple
        self.drag_scroll = DragScroll(view, self._extend_selection)

    # -- mouse -------------------------------------------------------------------------------

    def press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        position = event.position()
        if self._is_triple_click(event):
            self._double_click = None
            self._select_around(position, whole_line=True)
            return True
        self._press, self._dragging = position, False
        self._press_link = self.link_at(position, wait=True)
        self._anchor = None if self._press_link else self._word_point(position, nearest=True)
        self._view.set_selection(None)
        return True

    def move(self, event: QMouseEvent) -> bool:
        position = event.position()
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            self._update_cursor(position)
            return False
        moved = (position - self._press).manhattanLength()
        if not self._dragging and moved < QApplication.startDragDistance():
            return True
        self._dragging = True
        if self._anchor is not None:
            self._extend_selection(position)
            self.drag_scroll.follow(position)
        return True

    def _extend_selection(self, position: QPointF) -> None:
        focus = self._word_point(position, nearest=True)
        if self._anchor is not None and focus is not None:
            self._view.set_selection(TextSelection(self._anchor, focus))

    def release(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.drag_scroll.stop()
        link = self._press_link
        if link is not None and not self._dragging:
            self._view.link_activated.emit(link)
        self._press, self._press_link, self._dragging = None, None, False
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self.link_at(event.position(), wait=True):
            return False
        self._double_click = (event.timestamp(), event.position())
        self._select_around(event.position(), whole_line=False)
        self._press = None  # the press that follows a double click starts no drag
        return True

    def _is_triple_click(self, event: QMouseEvent) -> bool:
        if self._double_click is None:
            return False
        when, where = self._double_click
        soon = event.timestamp() - when <= QApplication.doubleClickInterval()
        near = (event.position() - where).manhattanLength() <= QApplication.startDragDistance()
        return soon and near

    def _select_around(self, position: QPointF, *, whole_line: bool) -> None:
        point = self._word_point(position, nearest=False)
        if point is None:
            return
        first = last = point.index
        if whole_line:
            text = self._view.page_text(point.page)
            if text is not None:
                first, last = line_of(text.words, point.index)
        self._view.set_selection(
            TextSelection(TextPoint(point.page, first), TextPoint(point.page, last))
        )

    def _word_point(self, position: QPointF, *, nearest: bool) -> TextPoint | None:
        """The word under ``position`` (or the nearest word of the nearest page)."""
        target = self._view.viewport_to_page(position, nearest=nearest)
        if target is None:
            return None
        page, x, y = target
        text = self._view.page_text(page)
        if text is None:
            return None
        index = (nearest_word if nearest else word_at)(text.words, x, y)
        return None if index is None else TextPoint(page, index)

    def link_at(self, position: QPointF, *, wait: bool = False) -> PageLink | None:
        """The link under ``position``. A click may ``wait`` for the page's text to be read;
        a hover does not: it asks the worker and finds the link on a later move."""
        target = self._view.viewport_to_page(position)
        if target is None:
            return None
        page, x, y = target
        text = self._view.page_text(page) if wait else self._view.wanted_text(page)
        if text is None:
            return None
        return next((link for link in text.links if link.box.contains(x, y)), None)

    def _update_cursor(self, position: QPointF) -> None:
        viewport = self._view.viewport()
        link = self.link_at(position)
        # Where a link leads, before it is clicked: Qt shows the tooltip where the pointer rests.
        tip = link_target(link) if link is not None else ""
        if viewport.toolTip() != tip:
            viewport.setToolTip(tip)
        if link is not None:
            viewport.setCursor(Qt.CursorShape.PointingHandCursor)
            return
        target = self._view.viewport_to_page(position)
        text = self._view.wanted_text(target[0]) if target is not None else None
        if target is not None and text is not None and word_at(text.words, *target[1:]) is not None:
            viewport.setCursor(Qt.CursorShape.IBeamCursor)
        else:
            viewport.unsetCursor()

    # -- wheel and keys ----------------------------------------------------------------------

    def wheel(self, event: QWheelEvent) -> bool:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        notches = event.angleDelta().y() / 120
        if notches:
            self._view.set_zoom(self._view.zoom * WHEEL_ZOOM_PER_NOTCH**notches, event.position())
        return True

    def key(self, event: QKeyEvent) -> bool:
        view = self._view
        vertical, horizontal = view.verticalScrollBar(), view.horizontalScrollBar()
        key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        screen = round(view.viewport().height() * (1 - SCREEN_OVERLAP))
        steps = {
            Qt.Key.Key_Up: -vertical.singleStep(),
            Qt.Key.Key_K: -vertical.singleStep(),
            Qt.Key.Key_Down: vertical.singleStep(),
            Qt.Key.Key_J: vertical.singleStep(),
            Qt.Key.Key_PageUp: -screen,
            Qt.Key.Key_PageDown: screen,
            Qt.Key.Key_Space: -screen if shift else screen,
        }
        if key in steps:
            vertical.setValue(vertical.value() + steps[Qt.Key(key)])
        elif key == Qt.Key.Key_Home:
            vertical.setValue(vertical.minimum())
        elif key == Qt.Key.Key_End:
            vertical.setValue(vertical.maximum())
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            sign = -1 if key == Qt.Key.Key_Left else 1
            horizontal.setValue(horizontal.value() + sign * horizontal.singleStep())
        else:
            return False
        return True


def link_target(link: PageLink) -> str:
    """What a link's tooltip says: its address, or the page it goes to (1-based)."""
    if link.page is not None:
        return f"Go to page {link.page + 1}"
    return link.uri or ""
