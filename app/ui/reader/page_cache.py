"""Rendered page images, least recently used first out, within a memory cap in bytes.

A key names one image exactly: the page, the zoom and device pixel ratio it was rendered for,
day or night colours, and which band of the page (large pages are rendered in bands, see
``layout.bands``). Lives on the GUI thread only, so it needs no lock.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtGui import QImage

DEFAULT_CAP_BYTES = 256 * 1024 * 1024
IN_FLIGHT_COPIES = 3  # see PageCache


@dataclass(frozen=True, slots=True)
class TileKey:
    page: int
    zoom: float
    dpr: float
    dark: bool
    band: int = 0
    natural_figures: bool = False  # in dark pages, vector figures kept in their own colours


class PageCache:
    """An LRU map from ``TileKey`` to ``QImage`` whose images never add up to more than ``cap``.

    The cap covers the render in progress too: while the worker makes an image it holds the
    pixels three times (MuPDF's pixmap, their bytes, the converted QImage), so the cache keeps
    that much room free (three times the largest image seen). Cache plus work in flight then
    stay within the cap, which is what the process's memory shows.

    Besides exact lookups, ``fallback`` finds the page at another zoom: while a new zoom
    renders, the old image is drawn scaled, which reads better than an empty page.
    """

    def __init__(self, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        if cap_bytes <= 0:
            raise ValueError(f"the cache cap must be positive, not {cap_bytes}")
        self.cap = cap_bytes
        self._images: OrderedDict[TileKey, QImage] = OrderedDict()
        self._by_page: dict[int, set[TileKey]] = {}
        self.bytes_used = 0
        self._largest = 0  # bytes of the largest image offered so far

    @property
    def room(self) -> int:
        """Bytes the cached images may use: the cap less the room a render in flight needs
        (but at least half the cap: a tiny cap must still hold the screen's pages)."""
        return max(self.cap - IN_FLIGHT_COPIES * self._largest, self.cap // 2)

    def __len__(self) -> int:
        return len(self._images)

    def __contains__(self, key: object) -> bool:
        return key in self._images

    def keys(self) -> list[TileKey]:
        """Keys from least to most recently used."""
        return list(self._images)

    def get(self, key: TileKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: TileKey, image: QImage) -> bool:
        """Keep ``image``, evicting the least recently used ones to stay within the cap.

        An image bigger than the whole cap is not kept (False): keeping it would mean evicting
        everything, and the view would then ask for the evicted images again, in a loop.
        """
        size = image.sizeInBytes()
        self._largest = max(self._largest, size)
        if size > self.room:
            return False
        self.discard(key)
        while self._images and self.bytes_used + size > self.room:
            oldest = next(iter(self._images))
            self.discard(oldest)
        self._images[key] = image
        self._by_page.setdefault(key.page, set()).add(key)
        self.bytes_used += size
        return True

    def discard(self, key: TileKey) -> None:
        image = self._images.pop(key, None)
        if image is None:
            return
        self.bytes_used -= image.sizeInBytes()
        keys = self._by_page.get(key.page)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._by_page[key.page]

    def clear(self) -> None:
        self._images.clear()
        self._by_page.clear()
        self.bytes_used = 0

    def fallback(
        self, page: int, dark: bool, zoom: float, natural_figures: bool = False
    ) -> list[tuple[TileKey, QImage]]:
        """The cached bands of ``page`` at the zoom nearest to ``zoom`` (other than exact keys
        the caller already looked up), in band order; empty when the page has no image."""
        keys = [
            key
            for key in self._by_page.get(page, ())
            if key.dark == dark and key.natural_figures == natural_figures
        ]
        if not keys:
            return []
        best = min(keys, key=lambda key: (abs(key.zoom - zoom), -key.dpr))
        chosen = sorted(
            (key for key in keys if key.zoom == best.zoom and key.dpr == best.dpr),
            key=lambda key: key.band,
        )
        return [(key, self._images[key]) for key in chosen]
