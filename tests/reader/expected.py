"""What the reader's tests expect, computed apart from the code under test: what PyMuPDF itself
says about a test PDF (words, search hits, pages), read straight from the file, and the colours
docs/reader.md promises for dark pages.

The reader's words and search hits are PyMuPDF's, passed through our wrappers and the tab; a
test that compared the tab with our wrapper's output would pass whatever the wrapper did.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pymupdf

Rect = tuple[float, float, float, float]
RGB = tuple[int, int, int]

# docs/reader.md, "Dark pages": white paper becomes #1e1f22, black ink #d4d4d4.
NIGHT_PAPER: RGB = (0x1E, 0x1F, 0x22)
NIGHT_INK: RGB = (0xD4, 0xD4, 0xD4)


def night_grey(day: int) -> tuple[float, float, float]:
    """What a grey of the day page (0 black ink .. 255 white paper) becomes on a dark page: the
    inversion, then the tint that sends black to the dark paper and white to the light ink."""
    ink_share = (255 - day) / 255
    return (
        NIGHT_PAPER[0] + ink_share * (NIGHT_INK[0] - NIGHT_PAPER[0]),
        NIGHT_PAPER[1] + ink_share * (NIGHT_INK[1] - NIGHT_PAPER[1]),
        NIGHT_PAPER[2] + ink_share * (NIGHT_INK[2] - NIGHT_PAPER[2]),
    )


def close_to(actual: RGB, wanted: tuple[float, float, float], tolerance: float) -> bool:
    return all(abs(a - w) <= tolerance for a, w in zip(actual, wanted, strict=True))


class RawWord(NamedTuple):
    """One row of ``page.get_text("words")``."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int
    line: int
    number: int

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


class Hit(NamedTuple):
    page: int
    rect: Rect


def _open(path: Path) -> Any:
    return pymupdf.open(path)  # type: ignore[no-untyped-call]


def words(path: Path, page: int) -> list[RawWord]:
    """The page's words as PyMuPDF lists them (content order: block, line, word)."""
    document = _open(path)
    try:
        return [RawWord(*row) for row in document[page].get_text("words")]
    finally:
        document.close()


def search_hits(path: Path, needle: str) -> list[Hit]:
    """Every ``page.search_for(needle)`` rectangle of the document, in reading order: page by
    page, then top to bottom, then left to right."""
    document = _open(path)
    try:
        hits = [
            Hit(page.number, (rect.x0, rect.y0, rect.x1, rect.y1))
            for page in document
            for rect in page.search_for(needle)
        ]
    finally:
        document.close()
    return sorted(hits, key=lambda hit: (hit.page, hit.rect[1], hit.rect[0]))


def page_count(path: Path) -> int:
    document = _open(path)
    try:
        return int(document.page_count)
    finally:
        document.close()
