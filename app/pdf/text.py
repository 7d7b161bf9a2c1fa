"""Words, links, search hits and the outline, read from PyMuPDF objects into plain values.

Callers hold ``MUPDF_LOCK`` (``PdfDocument`` does); these functions only translate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from app.pdf.content import Box, OutlineEntry, PageLink, PageText, Word
from app.pdf.mupdf import mupdf

# PyMuPDF's constants, copied so that importing this module does not import PyMuPDF.
_LINK_GOTO = 1
_LINK_URI = 2
_LINK_NAMED = 4
# TEXTFLAGS_WORDS without TEXT_PRESERVE_LIGATURES: a copied "ﬁnd" should paste as "find".
_TEXT_PRESERVE_LIGATURES = 1
_TEXT_PRESERVE_WHITESPACE = 2
_TEXT_MEDIABOX_CLIP = 64
_TEXT_CID_FOR_UNKNOWN_UNICODE = 128
WORD_FLAGS = _TEXT_PRESERVE_WHITESPACE | _TEXT_MEDIABOX_CLIP | _TEXT_CID_FOR_UNKNOWN_UNICODE


def _box(rect: Any) -> Box:
    return Box(float(rect[0]), float(rect[1]), float(rect[2]), float(rect[3]))


def displayed(page: Any) -> Callable[[Any], Box]:
    """A function from PyMuPDF's extraction coordinates to the page as displayed.

    Text, link and image positions come in the unrotated page's space, while rendering (and so
    everything the reader draws) follows ``/Rotate``; on a rotated page they must be mapped.
    """
    if not page.rotation:
        return _box
    matrix = page.rotation_matrix

    def rotate(rect: Any) -> Box:
        pymupdf = mupdf()
        return _box(pymupdf.Rect(rect) * matrix)

    return rotate


def page_text(page: Any, page_count: int) -> PageText:
    """The page's words in MuPDF's reading order (block by block, line by line), and links.

    MuPDF keeps the order of the content stream, grouped into blocks: for a two-column paper
    that is the left column, then the right one, which is what a drag selection must follow.
    Sorting by position instead would interleave the columns.
    """
    raw = page.get_text("words", flags=WORD_FLAGS)
    place = displayed(page)
    texts: list[str] = []
    boxes: list[float] = []
    lines: list[int] = []
    for x0, y0, x1, y1, text, block, line, _number in raw:
        box = place((x0, y0, x1, y1))
        texts.append(str(text))
        boxes += (box.x0, box.y0, box.x1, box.y1)
        lines += (int(block), int(line))
    return PageText(texts, boxes, lines, page_links(page, page_count))


def page_links(page: Any, page_count: int) -> tuple[PageLink, ...]:
    """Internal links (to a page of this document, maybe a point on it) and URI links.

    Links to other files and launch actions are left out: the reader does not follow them.
    """
    links: list[PageLink] = []
    place = displayed(page)
    for raw in page.get_links():
        kind = raw.get("kind")
        box = place(raw["from"])
        if kind in (_LINK_GOTO, _LINK_NAMED):
            target = raw.get("page", -1)
            if not isinstance(target, int) or not 0 <= target < page_count:
                continue
            point = raw.get("to")
            x, y = (float(point[0]), float(point[1])) if point is not None else (None, None)
            links.append(PageLink(box, page=target, x=x, y=y))
        elif kind == _LINK_URI and raw.get("uri"):
            links.append(PageLink(box, uri=str(raw["uri"])))
    return tuple(links)


def page_hits(page: Any, needle: str) -> list[Box]:
    """Boxes of ``needle`` on the page; MuPDF's search ignores case (ASCII letters).

    A hit broken across two lines comes back as two boxes, one per line part.
    """
    place = displayed(page)
    return [place(rect) for rect in page.search_for(needle)]


def outline(toc: list[list[Any]], page_count: int) -> list[OutlineEntry]:
    """``Document.get_toc(simple=False)`` rows as entries with 0-based pages.

    Entries pointing outside the document (or nowhere) stay, with ``page`` None: the tree
    keeps its shape, the entry just cannot be followed.
    """
    entries: list[OutlineEntry] = []
    for row in toc:
        level, title, page_number = int(row[0]), str(row[1]), int(row[2])
        destination = row[3] if len(row) > 3 and isinstance(row[3], dict) else {}
        page = page_number - 1 if 1 <= page_number <= page_count else None
        y: float | None = None
        point = destination.get("to")
        if page is not None and destination.get("kind") == _LINK_GOTO and point is not None:
            y = max(0.0, float(point[1]))
        entries.append(
            OutlineEntry(level=level, title=title.strip() or "(untitled)", page=page, y=y)
        )
    return entries


def selected_text(pages: Sequence[Sequence[Word]]) -> str:
    """Selected words, page by page, as a reader copies them.

    A line's words are joined by spaces; the lines of one block make one paragraph (a hyphen at
    a line end joins the halves of the word); each block, and each page, starts a new line.
    """
    paragraphs: list[str] = []
    for words in pages:
        current = ""
        previous: Word | None = None
        for word in words:
            if previous is None:
                current = word.text
            elif word.block != previous.block:
                paragraphs.append(current)
                current = word.text
            elif word.line != previous.line and current.endswith("-") and word.text[:1].islower():
                current = current[:-1] + word.text
            else:
                current += " " + word.text
            previous = word
        if previous is not None:
            paragraphs.append(current)
    return "\n".join(paragraphs)
