"""Quotes and the text under them: what a highlight marks, and where a quote is in a PDF.

A quote is found by its letters and digits alone, ignoring case, spaces, punctuation and
hyphens (after Unicode NFKC, which also undoes ligatures like "ﬁ"): a quote copied across a
line break ("sys-" / "tem"), typed with other spacing, or taken from a version that broke its
lines elsewhere is still found. The cost is the odd match across a word boundary ("the rapist"
in "therapist"), harmless when re-anchoring a student's highlight. A quote is matched within a
page (one spanning a page break is not found), and one quad is made per line of matched words
(whole words: a match starting inside a word marks the word).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.domain.annotation_geometry import Point, Quad, Rect
from app.domain.annotation_transfer import QuoteMatch
from app.pdf.annotation_pages import PageSpace, load_page, mupdf_document, page_words
from app.pdf.content import Word
from app.pdf.text import selected_text


def skeleton(text: str) -> str:
    """What quotes are compared by: letters and digits, case-folded, after NFKC."""
    return "".join(
        char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalnum()
    )


def _centre(word: Word) -> Point:
    return Point((word.box.x0 + word.box.x1) / 2, (word.box.y0 + word.box.y1) / 2)


def quote_under(words: Sequence[Word], areas: Sequence[Rect]) -> str:
    """The words whose centres lie in any of ``areas`` (same space as the words), in reading
    order, as one line of text: what a highlight over ``areas`` marks."""
    chosen = [word for word in words if any(area.contains(_centre(word)) for area in areas)]
    return " ".join(selected_text([chosen]).split())


def _line_quads(words: Sequence[Word]) -> list[Quad]:
    """One quad per line of consecutive words (block and line numbers from MuPDF)."""
    quads: list[Quad] = []
    current: Rect | None = None
    line: tuple[int, int] | None = None
    for word in words:
        box = Rect(word.box.x0, word.box.y0, word.box.x1, word.box.y1)
        if current is not None and (word.block, word.line) == line:
            current = current.united(box)
            continue
        if current is not None:
            quads.append(Quad.from_rect(current))
        current, line = box, (word.block, word.line)
    if current is not None:
        quads.append(Quad.from_rect(current))
    return quads


def _page_matches(page: Any, wanted: str) -> list[tuple[Quad, ...]]:
    """Each place ``wanted`` (a skeleton) is on the page, as quads of the page as shown."""
    words = page_words(page)
    owners: list[int] = []  # for each letter of the page's skeleton, the word it belongs to
    letters: list[str] = []
    for index, word in enumerate(words):
        part = skeleton(word.text)
        letters.append(part)
        owners += [index] * len(part)
    text = "".join(letters)
    space = PageSpace(page)
    found: list[tuple[Quad, ...]] = []
    start = text.find(wanted)
    while start >= 0:
        first, last = owners[start], owners[start + len(wanted) - 1]
        quads = _line_quads(words[first : last + 1])
        found.append(
            tuple(
                Quad(*(space.shown_from_unrotated(corner) for corner in quad.corners))
                for quad in quads
            )
        )
        start = text.find(wanted, start + len(wanted))
    return found


def find_quote(
    path: Path, quote: str, page_hint: int = 0, *, password: str | None = None
) -> list[QuoteMatch]:
    """Every place ``quote`` is in the PDF, the pages nearest ``page_hint`` (0-based) first
    (an earlier page first on a tie). Empty when it is nowhere, or has no letters or digits.
    Raises the ``PdfOpenError`` family when the file cannot be opened."""
    wanted = skeleton(quote)
    if not wanted:
        return []
    matches: list[QuoteMatch] = []
    with mupdf_document(path, password) as document:
        for number in range(int(document.page_count)):
            try:
                page = document.load_page(number)
            except (RuntimeError, ValueError):  # a damaged page has no text to find
                continue
            matches += [QuoteMatch(number, quads) for quads in _page_matches(page, wanted)]
    return sorted(matches, key=lambda match: (abs(match.page - page_hint), match.page))


def quads_for_quote_on_page(
    path: Path, page: int, quote: str, *, password: str | None = None
) -> tuple[Quad, ...]:
    """The quads of the first place ``quote`` is on ``page`` (0-based), in reading order; empty
    when it is not there. ``NoSuchPageError`` when the page is not in the PDF."""
    wanted = skeleton(quote)
    with mupdf_document(path, password) as document:
        loaded = load_page(document, page, path)
        if not wanted:
            return ()
        found = _page_matches(loaded, wanted)
    return found[0] if found else ()
