"""Find in the document: every hit highlighted on every page, next and previous, a count.

The worker searches page by page starting at the page being read and wrapping around, so the
first hit the student sees is the next one after where they are, found in milliseconds, while
the count keeps growing until the last page is done. Hits are kept sorted in document order
(page, then top to bottom, then left to right), which is the order next / previous follow.
A hit broken across lines is one hit (counted once, stepped to once) drawn on each line.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QObject, Signal

from app.services.reader import Box
from app.ui.reader.page_view import PageView
from app.ui.reader.render_queue import RenderQueue

MIN_INCREMENTAL = 2  # characters before searching as one types: one letter matches everything


def _order(page: int, box: Box) -> tuple[int, float, float]:
    return (page, round(box.y0, 1), box.x0)


class DocumentSearch(QObject):
    changed = Signal()  # hits, the current hit or the running state changed

    def __init__(self, queue: RenderQueue, view: PageView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._view = view
        self.needle = ""
        self.running = False
        self._search_id = 0
        self._hits: dict[int, list[Box]] = {}
        self._order: list[tuple[tuple[int, float, float], int, Box]] = []  # a hit's first box
        self._parts: dict[tuple[int, Box], tuple[Box, ...]] = {}  # its boxes, one per line
        self._current: int | None = None  # index into _order
        queue.search_hits.connect(self._page_searched)
        queue.search_finished.connect(self._finished)

    @property
    def count(self) -> int:
        return len(self._order)

    @property
    def current_index(self) -> int | None:
        return self._current

    def current(self) -> tuple[int, Box] | None:
        if self._current is None:
            return None
        _, page, box = self._order[self._current]
        return page, box

    def status(self) -> str:
        """What the hit-count label says."""
        if not self.needle:
            return ""
        if not self._order:
            return "Searching…" if self.running else "No results"
        position = f"{self._current + 1} of {self.count}" if self._current is not None else ""
        if self.running:
            return f"{position} (searching…)" if position else f"{self.count} found…"
        return position or f"{self.count} found"

    def start(self, needle: str) -> None:
        """Search for ``needle`` (case does not matter); an empty needle clears the search."""
        needle = needle.strip()
        self.needle = needle
        self._hits, self._order, self._current, self._parts = {}, [], None, {}
        if not needle:
            self._queue.cancel_search()
            self.running = False
        else:
            count = len(self._view.sizes)
            here = self._view.current_page()
            pages = [*range(here, count), *range(0, here)]
            self._search_id = self._queue.start_search(needle, pages)
            self.running = True
        self._show()

    def step(self, forward: bool = True) -> None:
        """Move to the next (or previous) hit, wrapping around the document."""
        if not self._order:
            return
        if self._current is None:
            self._current = 0 if forward else len(self._order) - 1
        else:
            self._current = (self._current + (1 if forward else -1)) % len(self._order)
        self._show(reveal=True)

    def _page_searched(self, search_id: int, page: int, hits: list[tuple[Box, ...]]) -> None:
        if search_id != self._search_id or not hits:
            return
        self._hits[page] = [box for hit in hits for box in hit]
        boxes = [hit[0] for hit in hits]
        self._parts.update(((page, hit[0]), hit) for hit in hits)
        current = self._order[self._current] if self._current is not None else None
        for box in boxes:
            bisect.insort(self._order, (_order(page, box), page, box), key=lambda hit: hit[0])
        if current is not None:
            self._current = self._order.index(current)
            self._show()
        else:
            # The first page with hits is the nearest one at or after the page being read.
            self._current = self._order.index((_order(page, boxes[0]), page, boxes[0]))
            self._show(reveal=True)

    def _finished(self, search_id: int) -> None:
        if search_id == self._search_id:
            self.running = False
            self.changed.emit()

    def _show(self, *, reveal: bool = False) -> None:
        current = self.current()
        parts = self._parts.get(current, ()) if current is not None else ()
        self._view.set_hits(self._hits, current, parts)
        if reveal and current is not None:
            self._view.ensure_visible(*current)
        self.changed.emit()
