"""Annotations crossing the PDF boundary: what an import finds, and what an export wrote.

``app.pdf`` reads a PDF's annotations as ``ImportedAnnotation`` values: everything the file
says, nothing it does not (no reading, no id, maybe no dates or colour). ``adopted`` turns one
into an ``Annotation`` once the caller has given it an id and a reading. An export answers with
an ``ExportReport``: what went into the copy, and what did not and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from app.domain.annotation import Annotation, AnnotationKind
from app.domain.annotation_colours import (
    DEFAULT_COLOUR,
    DEFAULT_PALETTE,
    ColourMeaning,
    meaning_for_colour,
)
from app.domain.annotation_geometry import Quad, Rect, Stroke


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
