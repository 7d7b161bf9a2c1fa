"""Where each page sits in the continuous scroll, at a zoom, and how a page splits into bands.

All lengths here are logical pixels (device-independent) unless named ``device``. Zoom 1.0
shows a page at its printed size on a 96 dpi screen: one point is 96/72 logical pixels.
Page rectangles are whole logical pixels, so images drawn at them stay crisp.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF

from app.services.reader import Box, PageSize

PIXELS_PER_POINT = 96 / 72
PAGE_GAP = 12  # between pages: enough to see where one ends, little enough to read on
MARGIN = 16  # around the column of pages
# A page bigger than this (device pixels) renders in bands, the visible ones first, so that a
# 6000 x 8000 page at a high zoom shows its top long before its whole. Pages are drawn in the
# render process (off this process's GIL), so a page at an ordinary zoom is one image: one
# request instead of three on the way to the first page.
WHOLE_PAGE_PIXELS = 2_500_000
BAND_PIXELS = 1_000_000
MIN_BAND_ROWS = 64


@dataclass(frozen=True, slots=True)
class Band:
    """One band of a page: its index and the part of the page it covers, in points."""

    index: int
    clip: Box | None  # None: the whole page in one image
    top: float  # logical pixels from the page's top edge
    bottom: float


class PageLayout:
    """Pages stacked top to bottom, centred horizontally in a viewport ``viewport_width`` wide."""

    def __init__(self, sizes: Sequence[PageSize], zoom: float, viewport_width: int) -> None:
        self.sizes = list(sizes)
        self.zoom = zoom
        scale = zoom * PIXELS_PER_POINT
        self.widths = [max(1, math.ceil(size.width * scale)) for size in self.sizes]
        self.heights = [max(1, math.ceil(size.height * scale)) for size in self.sizes]
        widest = max(self.widths, default=0)
        self.width = max(widest + 2 * MARGIN, viewport_width)
        self.tops: list[int] = []
        y = MARGIN
        for height in self.heights:
            self.tops.append(y)
            y += height + PAGE_GAP
        self.height = y - PAGE_GAP + MARGIN if self.sizes else 2 * MARGIN

    @property
    def page_count(self) -> int:
        return len(self.sizes)

    def page_rect(self, page: int) -> QRectF:
        """The page's rectangle in content coordinates (the whole scrollable area)."""
        width = self.widths[page]
        left = (self.width - width) // 2
        return QRectF(left, self.tops[page], width, self.heights[page])

    def page_at(self, y: float) -> int:
        """The page at content height ``y``; a gap belongs to the page above it."""
        if not self.sizes:
            return 0
        index = bisect.bisect_right(self.tops, y) - 1
        return min(max(index, 0), self.page_count - 1)

    def pages_between(self, top: float, bottom: float) -> range:
        """Pages that intersect the content band [top, bottom), top to bottom."""
        if not self.sizes:
            return range(0)
        first = self.page_at(top)
        if top >= self.tops[first] + self.heights[first]:  # top is in the gap below ``first``
            first += 1
        last = self.page_at(bottom)
        return range(first, max(first, last + 1)) if first < self.page_count else range(0)

    def scale(self, dpr: float) -> float:
        """Device pixels per point."""
        return self.zoom * PIXELS_PER_POINT * dpr

    def bands(self, page: int, dpr: float) -> list[Band]:
        """How page ``page`` is rendered at this zoom: one band, or several horizontal bands."""
        size = self.sizes[page]
        scale = self.scale(dpr)
        device_width = math.ceil(size.width * scale)
        device_height = math.ceil(size.height * scale)
        if device_width * device_height <= WHOLE_PAGE_PIXELS:
            return [Band(0, None, 0.0, float(self.heights[page]))]
        rows = max(MIN_BAND_ROWS, BAND_PIXELS // device_width)
        bands: list[Band] = []
        for index, first in enumerate(range(0, device_height, rows)):
            last = min(first + rows, device_height)
            clip = Box(0.0, first / scale, size.width, last / scale)
            bands.append(Band(index, clip, first / dpr, last / dpr))
        return bands


def fit_width_zoom(sizes: Sequence[PageSize], viewport_width: int) -> float:
    """The zoom at which the widest page fills the viewport's width, margins aside."""
    widest = max((size.width for size in sizes), default=612.0)
    # One pixel to spare: page widths are rounded up, and a page a pixel wider than the view
    # would bring up a horizontal scroll bar.
    return (viewport_width - 2 * MARGIN - 1) / (widest * PIXELS_PER_POINT)


def fit_page_zoom(sizes: Sequence[PageSize], viewport_width: int, viewport_height: int) -> float:
    """The zoom at which a whole page (the largest) fits in the viewport."""
    tallest = max((size.height for size in sizes), default=792.0)
    by_height = (viewport_height - 2 * MARGIN) / (tallest * PIXELS_PER_POINT)
    return min(fit_width_zoom(sizes, viewport_width), by_height)
