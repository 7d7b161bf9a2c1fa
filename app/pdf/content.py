"""What the reader gets out of a PDF: plain, immutable values, free of PyMuPDF and Qt.

Coordinates are PDF points (1/72 inch) in the page's displayed space: the origin at the top
left of the page as shown (rotation applied), y growing downwards, as PyMuPDF reports them.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page, in points."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def united(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )


@dataclass(frozen=True, slots=True)
class PageSize:
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One line of the table of contents; ``page`` is 0-based, None when it points nowhere."""

    level: int
    title: str
    page: int | None
    y: float | None  # the target's top on the page, when the PDF says where


@dataclass(frozen=True, slots=True)
class PageLink:
    """A clickable area: internal (``page`` set, maybe a target point) or external (``uri``)."""

    box: Box
    page: int | None = None
    x: float | None = None
    y: float | None = None
    uri: str | None = None

    @property
    def is_internal(self) -> bool:
        return self.page is not None


@dataclass(frozen=True, slots=True)
class Word:
    """A word with its box. ``block`` and ``line`` number it within the page, in reading order."""

    box: Box
    text: str
    block: int
    line: int


class PageText:
    """What selection and hovering need about one page: its words in reading order, its links.

    The words are stored in flat arrays, and ``Word`` objects are made only when asked for
    (``words``, on a click or hover over the page): a page has about a thousand words, and a
    reader keeps dozens of pages' text, so objects per word and box would give Python's
    garbage collector a hundred thousand more objects to walk while the student scrolls
    (full collections of 30-40 ms were measured).
    """

    __slots__ = ("_boxes", "_lines", "_texts", "_words", "links")

    def __init__(
        self,
        texts: Sequence[str],
        boxes: Sequence[float],
        lines: Sequence[int],
        links: tuple[PageLink, ...] = (),
    ) -> None:
        """``boxes`` holds x0, y0, x1, y1 per word; ``lines`` holds block, line per word."""
        if len(boxes) != 4 * len(texts) or len(lines) != 2 * len(texts):
            raise ValueError("each word needs four coordinates and a block and line number")
        self._texts = tuple(texts)
        self._boxes = array("d", boxes)
        self._lines = array("i", lines)
        self._words: tuple[Word, ...] | None = None
        self.links = links

    @classmethod
    def of(cls, words: Sequence[Word], links: tuple[PageLink, ...] = ()) -> PageText:
        boxes = [
            value
            for word in words
            for value in (word.box.x0, word.box.y0, word.box.x1, word.box.y1)
        ]
        lines = [value for word in words for value in (word.block, word.line)]
        return cls([word.text for word in words], boxes, lines, links)

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def words(self) -> tuple[Word, ...]:
        if self._words is None:
            boxes, lines = self._boxes, self._lines
            self._words = tuple(
                Word(Box(*boxes[4 * i : 4 * i + 4]), text, lines[2 * i], lines[2 * i + 1])
                for i, text in enumerate(self._texts)
            )
        return self._words


@dataclass(frozen=True, slots=True)
class RenderedImage:
    """Pixels of a page or a part of it: packed RGB, 3 bytes a pixel, rows ``stride`` apart.

    ``x`` and ``y`` place the image within the whole page rendered at the same scale (device
    pixels): a part of a page comes back with its offset, so parts line up without seams.
    """

    width: int
    height: int
    stride: int
    samples: bytes | bytearray  # a bytearray when read from the render process (no copy)
    x: int = 0
    y: int = 0
