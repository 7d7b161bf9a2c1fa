"""Annotations crossing a boundary: out of a PDF (import), into one (export), onto a new
version of it (re-anchoring).

``app.pdf`` reads a PDF's annotations as ``ImportedAnnotation`` values: everything the file
says, nothing it does not (no reading, no id, maybe no dates or colour). ``adopted`` turns one
into an ``Annotation`` once the caller has given it an id and a reading. An export answers with
an ``ExportReport``: what went into the copy, and what did not and why.

Re-anchoring, for a new version of the paper (a camera-ready version replacing a preprint):
text markup follows its quote. ``app.pdf.find_quote`` finds where the quote is now, and the
match nearest the annotation's old place wins (the same page first, then the nearest page, the
earlier one on a tie; on one page, the match nearest the old position). When the quote is
nowhere, the annotation keeps its old geometry and is marked not anchored: the student sees it
listed, and nothing is drawn over text it no longer belongs to. Notes, ink, free text and other
kinds have no quote: they stay where they were when that page still exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from app.domain.annotation import (
    DEFAULT_COLOUR,
    DEFAULT_PALETTE,
    TEXT_MARKUP_KINDS,
    Annotation,
    AnnotationKind,
    ColourMeaning,
    meaning_for_colour,
)
from app.domain.annotation_geometry import Quad, Rect, Stroke, bounding_rect


@dataclass(frozen=True, kw_only=True)
class ImportedAnnotation:
    """One annotation as found in a PDF; geometry as in ``Annotation`` (points, top-left).

    ``import_key`` is the same each time the same file is read (from /NM when the PDF has
    one, else from the subtype, page, rectangle and contents); ``pdf_id`` is the /NM itself,
    which for annotations this app exported is the ``Annotation.id`` they came from.
    ``colour`` is None when the PDF gives none (viewers then draw their default).
    """

    page: int  # 0-based
    kind: AnnotationKind
    pdf_subtype: str  # the PDF's /Subtype as written, e.g. "Highlight", "Square", "Caret"
    import_key: str
    pdf_id: str | None = None
    quads: tuple[Quad, ...] = ()
    strokes: tuple[Stroke, ...] = ()
    rect: Rect | None = None
    colour: str | None = None
    quote: str = ""
    comment: str = ""
    text: str = ""
    author: str = ""
    created: datetime | None = None
    modified: datetime | None = None


def adopted(
    imported: ImportedAnnotation,
    *,
    annotation_id: str,
    reading_id: str,
    pdf_sha256: str,
    now: datetime,
    palette: Sequence[ColourMeaning] = DEFAULT_PALETTE,
) -> Annotation:
    """``imported`` as an annotation of ``reading_id``, stored under ``annotation_id``.

    Missing dates take the other date, else ``now``; a missing colour becomes the palette's
    default yellow (what viewers show) without a meaning, since its author chose none.
    """
    created = imported.created or imported.modified or now
    modified = imported.modified or created
    colour = imported.colour or DEFAULT_COLOUR
    meaning = meaning_for_colour(imported.colour, palette) if imported.colour else ""
    return Annotation(
        id=annotation_id,
        reading_id=reading_id,
        pdf_sha256=pdf_sha256,
        page=imported.page,
        kind=imported.kind,
        pdf_subtype=imported.pdf_subtype,
        quads=imported.quads,
        strokes=imported.strokes,
        rect=imported.rect,
        colour=colour,
        meaning=meaning,
        quote=imported.quote,
        comment=imported.comment,
        text=imported.text,
        author=imported.author,
        created=created,
        modified=modified,
        anchored=True,
        import_key=imported.import_key,
    )


class SkipReason(StrEnum):
    NOT_ANCHORED = "not_anchored"  # its quote is not in this version of the PDF
    OTHER_VERSION = "other_version"  # made on a PDF with another sha256
    NO_SUCH_PAGE = "no_such_page"
    NO_GEOMETRY = "no_geometry"  # nothing to place it by (no quads, strokes or box)
    UNSUPPORTED_KIND = "unsupported_kind"  # an imported kind PyMuPDF cannot create


_REASON_TEXT = {
    SkipReason.NOT_ANCHORED: "its text is not in this version of the PDF",
    SkipReason.OTHER_VERSION: "it was made on another version of the PDF",
    SkipReason.NO_SUCH_PAGE: "its page is not in this PDF",
    SkipReason.NO_GEOMETRY: "it has no position on the page",
    SkipReason.UNSUPPORTED_KIND: "this kind of annotation cannot be written back",
}


@dataclass(frozen=True)
class SkippedAnnotation:
    annotation_id: str
    reason: SkipReason
    detail: str = ""  # e.g. the PDF subtype that cannot be written

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.annotation_id}: not exported, {_REASON_TEXT[self.reason]}{extra}"


@dataclass(frozen=True)
class ExportReport:
    """The copy written, the ids of the annotations in it, and those left out."""

    path: Path
    exported: tuple[str, ...]
    skipped: tuple[SkippedAnnotation, ...]
    replaced: int = 0  # annotations of the source that the database's own versions replaced


class QuoteMatch(NamedTuple):
    """Where a quote was found: a 0-based page and one quad per line of the matched text."""

    page: int
    quads: tuple[Quad, ...]


def _top(quads: Sequence[Quad]) -> float | None:
    return bounding_rect(quads).y0 if quads else None


def choose_match(
    old_page: int, matches: Sequence[QuoteMatch], old_top: float | None = None
) -> QuoteMatch | None:
    """The match to move an annotation to, or None when there is none.

    Nearest page first (a tie goes to the earlier page); among matches on that page, the one
    whose top is nearest ``old_top`` (the annotation's old top), else the first one.
    """

    def distance(match: QuoteMatch) -> tuple[int, int, float]:
        top = _top(match.quads)
        vertical = abs(top - old_top) if top is not None and old_top is not None else 0.0
        return (abs(match.page - old_page), match.page, vertical)

    if not matches:
        return None
    return min(matches, key=distance)


def reanchored(
    annotation: Annotation,
    matches: Sequence[QuoteMatch],
    *,
    pdf_sha256: str,
    page_count: int,
) -> Annotation:
    """``annotation`` placed on the PDF version ``pdf_sha256`` of ``page_count`` pages.

    ``matches`` are where the annotation's quote is in that version (``app.pdf.find_quote``);
    they matter only for text markup with a quote. An annotation that cannot be placed keeps
    its old page and geometry, with ``anchored`` False; ``modified`` is left alone (the student
    changed nothing).
    """
    if annotation.kind in TEXT_MARKUP_KINDS:
        match = choose_match(annotation.page, matches, _top(annotation.quads))
        if match is None or not annotation.quote.strip():
            return replace(annotation, pdf_sha256=pdf_sha256, anchored=False)
        return replace(
            annotation, pdf_sha256=pdf_sha256, page=match.page, quads=match.quads, anchored=True
        )
    return replace(annotation, pdf_sha256=pdf_sha256, anchored=annotation.page < page_count)
