"""Text selection as in any reader: from one word to another, in reading order, across pages.

A selection is two word positions, the anchor (where the drag began) and the focus (where the
mouse is); everything between them in reading order is selected: the rest of the anchor's page,
whole pages in between, the start of the focus's page. Words come from ``PageText`` (MuPDF's
reading order), so a drag down the left column of a two-column paper selects that column, not
the right column's lines beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.services.reader import Box, Word


@dataclass(frozen=True, order=True, slots=True)
class TextPoint:
    """A word: its page and its index in that page's words. Ordered in reading order."""

    page: int
    index: int


@dataclass(frozen=True, slots=True)
class TextSelection:
    anchor: TextPoint
    focus: TextPoint

    @property
    def start(self) -> TextPoint:
        return min(self.anchor, self.focus)

    @property
    def end(self) -> TextPoint:
        return max(self.anchor, self.focus)

    @property
    def pages(self) -> range:
        return range(self.start.page, self.end.page + 1)

    def indices_on(self, page: int, word_count: int) -> range:
        """Indices of the selected words of ``page`` (which has ``word_count`` words)."""
        start, end = self.start, self.end
        if not start.page <= page <= end.page or word_count == 0:
            return range(0)
        first = start.index if page == start.page else 0
        last = end.index if page == end.page else word_count - 1
        return range(first, min(last, word_count - 1) + 1)


def nearest_word(words: Sequence[Word], x: float, y: float) -> int | None:
    """The index of the word under (x, y), else of the nearest one; None on a page without text.

    Vertical distance counts double: the pointer beside a line (in the margin, between words)
    should pick that line's word, not one from the line above that happens to be closer.
    """
    best: int | None = None
    best_distance = float("inf")
    for index, word in enumerate(words):
        box = word.box
        if box.contains(x, y):
            return index
        dx = max(box.x0 - x, 0.0, x - box.x1)
        dy = max(box.y0 - y, 0.0, y - box.y1)
        distance = dx * dx + 4 * dy * dy
        if distance < best_distance:
            best, best_distance = index, distance
    return best


def word_at(words: Sequence[Word], x: float, y: float) -> int | None:
    """The index of the word exactly under (x, y), if any (for the I-beam cursor)."""
    for index, word in enumerate(words):
        if word.box.contains(x, y):
            return index
    return None


def line_of(words: Sequence[Word], index: int) -> tuple[int, int]:
    """First and last index of the line holding word ``index`` (same block, same line)."""
    block, line = words[index].block, words[index].line
    first = index
    while first > 0 and (words[first - 1].block, words[first - 1].line) == (block, line):
        first -= 1
    last = index
    while last + 1 < len(words) and (words[last + 1].block, words[last + 1].line) == (block, line):
        last += 1
    return first, last


def line_boxes(words: Sequence[Word], indices: range) -> list[Box]:
    """One box per line run of the selected words: what the selection highlight paints."""
    boxes: list[Box] = []
    current: Box | None = None
    current_line: tuple[int, int] | None = None
    for index in indices:
        word = words[index]
        line = (word.block, word.line)
        if current is not None and line == current_line:
            current = current.united(word.box)
        else:
            if current is not None:
                boxes.append(current)
            current, current_line = word.box, line
    if current is not None:
        boxes.append(current)
    return boxes
