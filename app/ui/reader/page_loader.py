"""What the page view asks of the worker, and what comes back: page images and page text.

Rendering: the visible bands first, then (once the screen is complete) the rest of the visible
pages and the neighbours, more of them ahead in the direction of scrolling, within half the
cache, so that prefetching never evicts what is on screen. Results of a generation that ended
(another zoom, dark mode, screen) are dropped.

Text: a page's words and links are read when the pointer comes over it, or at once for a click
(``page_text``), and the last few dozen pages' are kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from app.services.reader import PageText
from app.ui.reader.render_queue import VIEW, RenderQueue, RenderRequest

if TYPE_CHECKING:
    from app.ui.reader.page_view import PageView

AHEAD, BEHIND = 3, 1  # neighbour pages rendered ahead of and behind the scroll direction
TEXTS_KEPT = 48  # pages whose words and links are kept for selection and hovering


class PageLoader:
    def __init__(self, view: PageView, queue: RenderQueue) -> None:
        self._view = view
        self._queue = queue
        self.failed_pages: dict[int, str] = {}
        self.stale_dropped = 0  # results that arrived after their generation ended
        self._screen_pending = False
        self.texts: OrderedDict[int, PageText] = OrderedDict()
        self.text_source: Callable[[int], PageText] | None = None  # a synchronous fallback
        queue.rendered.connect(self._rendered)
        queue.render_failed.connect(self._render_failed)
        queue.text_ready.connect(self._text_ready)

    def schedule(self) -> None:
        """Ask for what the viewport needs: visible bands, the rest of visible pages, then
        neighbours (more of them ahead in the direction of scrolling), within half the cache."""
        view = self._view
        if not view.sizes:
            return
        top = view.verticalScrollBar().value()
        bottom = top + view.viewport().height()
        visible = view.visible_pages()
        ahead = range(visible.stop, min(visible.stop + AHEAD, len(view.sizes)))
        behind = range(visible.start - 1, max(visible.start - 1 - BEHIND, -1), -1)
        neighbours = [*ahead, *behind] if view.direction > 0 else [*behind, *ahead]
        first: list[RenderRequest] = []
        later: list[RenderRequest] = []
        budget = view.cache.room // 2
        scale = view.layout_.scale(view.dpr)
        for page in [*visible, *neighbours]:
            if page in self.failed_pages:
                continue
            page_top = view.layout_.page_rect(page).y()
            for band in view.layout_.bands(page, view.dpr):
                cost = (band.bottom - band.top) * view.layout_.widths[page] * 4 * view.dpr**2
                budget -= int(cost)
                key = view.key(page, band.index)
                # Visible pages always; neighbours only while they fit in half the cache, so
                # that prefetching never evicts what is on screen.
                if key in view.cache or (budget < 0 and page not in visible):
                    continue
                request = RenderRequest(key, scale, band.clip, view.generation)
                on_screen = page_top + band.bottom > top and page_top + band.top < bottom
                (first if on_screen and page in visible else later).append(request)
        # What is on screen goes alone while it is missing: the worker holds the GIL while it
        # renders, so prefetching neighbours now would only slow down the paint of this screen.
        self._screen_pending = bool(first)
        self._queue.schedule(VIEW, first or later)

    def _rendered(self, request: RenderRequest, image: object) -> None:
        view = self._view
        if request.client != VIEW:
            return
        key = request.key
        shown = (view.zoom, view.dpr, view.dark, view.natural_figures)
        if (
            request.generation != view.generation
            and (
                key.zoom,
                key.dpr,
                key.dark,
                key.natural_figures,
            )
            != shown
        ):
            # Stale: rendered for a zoom (or colours, or screen) no longer shown. A result of an
            # older generation whose key is current again is still good, so it is kept.
            self.stale_dropped += 1
            return
        assert isinstance(image, QImage)
        view.cache.put(request.key, image)
        if request.key.page in view.visible_pages():
            view.viewport().update(view.page_geometry(request.key.page).rect.toAlignedRect())
        if self._screen_pending:  # once the screen is complete, the neighbours follow
            self.schedule()

    def _render_failed(self, request: RenderRequest, message: str) -> None:
        view = self._view
        if request.client == VIEW:
            self.failed_pages[request.key.page] = message
            view.viewport().update()

    def _text_ready(self, page: int, text: PageText) -> None:
        self.texts[page] = text
        self.texts.move_to_end(page)
        while len(self.texts) > TEXTS_KEPT:
            self.texts.popitem(last=False)

    def wanted_text(self, page: int) -> PageText | None:
        """The page's words and links if they are here, else None after asking the worker.

        Text is read when the pointer comes over a page, not for every page scrolled past:
        reading a page's words holds the GIL for several milliseconds, which the GUI thread
        would feel as a stall while scrolling.
        """
        text = self.texts.get(page)
        if text is None:
            self._queue.request_text([page])
        return text

    def page_text(self, page: int) -> PageText | None:
        """The page's words and links: kept, else read now if there is a source (a click on a
        page whose text has not arrived yet), else None."""
        text = self.texts.get(page)
        if text is None and self.text_source is not None:
            text = self.text_source(page)
            self._text_ready(page, text)
        return text
