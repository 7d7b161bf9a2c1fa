"""Where a student is in a reading: the page, how far down it, and the zoom.

Kept per reading so that the reader reopens where the student left off, at the same zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MIN_ZOOM = 0.25
MAX_ZOOM = 4.0


class FitMode(StrEnum):
    """A zoom that follows the window: a remembered fit is re-applied, not its old percentage."""

    NONE = "none"
    WIDTH = "width"
    PAGE = "page"


@dataclass(frozen=True)
class ReadingPosition:
    """``page`` is 0-based; ``offset`` is how far the top of the view is into that page, as a
    fraction of the page's height (0 at its top edge, 1 at its bottom edge); ``zoom`` is 1.0 at
    100 %. With a ``fit`` other than NONE, ``zoom`` is what the fit gave at the time."""

    page: int = 0
    offset: float = 0.0
    zoom: float = 1.0
    fit: FitMode = FitMode.WIDTH

    def clamped(self, page_count: int) -> ReadingPosition:
        """The same position made valid for a document of ``page_count`` pages."""
        return ReadingPosition(
            page=min(max(self.page, 0), max(page_count - 1, 0)),
            offset=min(max(self.offset, 0.0), 1.0),
            zoom=min(max(self.zoom, MIN_ZOOM), MAX_ZOOM),
            fit=self.fit,
        )
