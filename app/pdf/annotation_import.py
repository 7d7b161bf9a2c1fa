"""Reading the annotations of a PDF annotated elsewhere (Acrobat, Preview, Okular, pdf.js, ...).

Every annotation a reader made comes back: text markup with the text under it as the quote,
sticky notes, ink, free text, and every other kind (Caret, Square, Stamp, ... and subtypes no
one has heard of) as ``other`` with its subtype and box, never dropped. Popups are folded into
the annotation they belong to (their text is its comment when it has none of its own). Links
and form fields are the document's, not the reader's, and are left out.

Geometry comes back in the space of the page as shown (see ``annotation_pages``). The source
file is only read.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.annotation import TEXT_MARKUP_KINDS, AnnotationKind, kind_for_subtype
from app.domain.annotation_geometry import Quad, Rect, Stroke
from app.domain.annotation_transfer import ImportedAnnotation
from app.pdf.annotation_dictionary import RawAnnotation, annotation_xrefs, read_raw
from app.pdf.annotation_pages import PageSpace, mupdf_document, page_words
from app.pdf.annotation_quotes import quote_under
from app.pdf.annotation_values import (
    colour_from_appearance_string,
    colour_from_components,
    import_key,
    parse_pdf_date,
)
from app.pdf.content import Word

log = logging.getLogger(__name__)

NOT_THE_READERS = frozenset({"link", "widget"})  # the document's own: links and form fields
POPUP = "popup"
DEFAULT_PEN_WIDTH = 1.0  # the spec's default border width
INSET_BY_RD = frozenset({"square", "circle", "caret", "freetext"})  # ISO 32000-1, 12.5.6


@dataclass
class PageAnnotations:
    """One page's annotations as the file has them: each with its import key, and the texts
    of popups by the xref of the annotation they belong to."""

    number: int
    keyed: list[tuple[RawAnnotation, str]] = field(default_factory=list)
    popup_texts: dict[int, str] = field(default_factory=dict)


def scan(document: Any) -> Iterator[PageAnnotations]:
    """The reader's annotations of every page that has any, with keys stable across reads.

    Shared by the import and by the export (which replaces the source's annotations that the
    database holds its own versions of).
    """
    occurrences: Counter[str] = Counter()
    for number in range(int(document.page_count)):
        xrefs = annotation_xrefs(document, int(document.page_xref(number)))
        if not xrefs:
            continue
        found = PageAnnotations(number)
        for xref in xrefs:
            raw = read_raw(document, xref)
            subtype = raw.subtype.casefold()
            if subtype == POPUP:
                if raw.parent is not None and raw.contents.strip():
                    found.popup_texts[raw.parent] = raw.contents
                continue
            if subtype in NOT_THE_READERS:
                continue
            base = import_key(
                subtype=raw.subtype,
                page=number,
                name=raw.name,
                rect=raw.rect,
                contents=raw.contents,
            )
            # Identical annotations (a note pasted twice) stay two: the second is "...-2".
            occurrences[base] += 1
            key = base if occurrences[base] == 1 else f"{base}-{occurrences[base]}"
            found.keyed.append((raw, key))
        yield found


def read_annotations(path: Path, password: str | None = None) -> list[ImportedAnnotation]:
    """Every reader's annotation in the PDF at ``path``, page by page in the file's order.

    Raises the ``PdfOpenError`` family (missing, empty, not a PDF, damaged, password) with one
    sentence for the student.
    """
    imported: list[ImportedAnnotation] = []
    with mupdf_document(path, password) as document:
        for found in scan(document):
            try:
                page = document.load_page(found.number)
                space = PageSpace(page)
            except (RuntimeError, ValueError) as error:
                log.info(
                    "%s: page %d unreadable, its annotations skipped: %s",
                    path.name,
                    found.number + 1,
                    error,
                )
                continue
            words = _lazy_words(page)
            for raw, key in found.keyed:
                comment = raw.contents or found.popup_texts.get(raw.xref, "")
                if not comment and raw.popup is not None:
                    comment = read_raw(document, raw.popup).contents
                imported.append(_imported(raw, key, found.number, space, comment, words))
    return imported


def _lazy_words(page: Any) -> Callable[[], list[Word]]:
    """The page's words, extracted on first use: only pages with text markup need them."""
    kept: list[list[Word]] = []

    def words() -> list[Word]:
        if not kept:
            kept.append(page_words(page))
        return kept[0]

    return words


def _colour(raw: RawAnnotation, kind: AnnotationKind) -> str | None:
    colour = colour_from_components(raw.colour) if raw.colour is not None else None
    if colour is None and kind is AnnotationKind.FREETEXT:
        colour = colour_from_appearance_string(raw.appearance_string)
    return colour


def _inner(raw: RawAnnotation) -> tuple[float, ...]:
    """The box a Square, Circle, Caret or FreeText draws in: /Rect less /RD (the spec's room
    for the border), so that writing it back with PyMuPDF (which adds that room) round-trips."""
    if raw.subtype.casefold() not in INSET_BY_RD or len(raw.rect_differences) != 4:
        return raw.rect
    x0, y0, x1, y1 = raw.rect
    left, top, right, bottom = raw.rect_differences
    inner = (x0 + left, y0 + bottom, x1 - right, y1 - top)
    return inner if inner[0] <= inner[2] and inner[1] <= inner[3] else raw.rect


def _paths(raw: RawAnnotation, space: PageSpace, width: float) -> tuple[Stroke, ...]:
    """Ink strokes, or the one path of a Line, Polygon or PolyLine."""
    paths: Sequence[tuple[float, ...]] = raw.ink_list or [raw.line or raw.vertices]
    strokes = (Stroke(space.shown_points(values), width) for values in paths)
    return tuple(stroke for stroke in strokes if len(stroke.points) >= 2)


def _imported(
    raw: RawAnnotation,
    key: str,
    page: int,
    space: PageSpace,
    comment: str,
    words: Callable[[], list[Word]],
) -> ImportedAnnotation:
    kind = kind_for_subtype(raw.subtype)
    rect = space.shown_rect(_inner(raw)) if raw.rect else None
    quads: tuple[Quad, ...] = ()
    quote = ""
    if kind in TEXT_MARKUP_KINDS:
        quads = space.shown_quads(raw.quad_points)
        if not quads and rect is not None:  # no /QuadPoints: the spec says use the box
            quads = (Quad.from_rect(rect),)
        areas = [Rect.around(space.unrotated(corner) for corner in q.corners) for q in quads]
        quote = quote_under(words(), areas)
        rect = None
    width = raw.border_width if raw.border_width is not None and raw.border_width > 0 else None
    strokes = _paths(raw, space, width or DEFAULT_PEN_WIDTH)
    if kind is AnnotationKind.INK:
        rect = None
    free_text = kind is AnnotationKind.FREETEXT
    return ImportedAnnotation(
        page=page,
        kind=kind,
        pdf_subtype=raw.subtype or "Unknown",
        import_key=key,
        pdf_id=raw.name,
        quads=quads,
        strokes=strokes if kind in (AnnotationKind.INK, AnnotationKind.OTHER) else (),
        rect=rect,
        colour=_colour(raw, kind),
        quote=quote,
        # A free text's /Contents is the text it shows; its comment is in our own key.
        comment=raw.comment if free_text else comment,
        text=raw.contents if free_text else "",
        author=raw.author,
        created=parse_pdf_date(raw.created),
        modified=parse_pdf_date(raw.modified),
    )
