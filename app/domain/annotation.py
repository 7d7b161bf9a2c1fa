"""A student's annotation on a reading: what kind, where, in which colour, and what it says.

The database is the source of truth; a PDF only carries copies (export) or brings annotations
made elsewhere (import, see ``annotation_transfer``). An annotation belongs to one version of
the PDF (``pdf_sha256``): when a new version of the paper arrives, text markup is moved to where
its quote is now (``annotation_anchoring``), or marked not anchored when the quote is gone.

Pages are 0-based here (the reader's and PyMuPDF's numbering); people see ``page + 1``.
Geometry is in points on the page as shown, top-left origin (``annotation_geometry``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.annotation_colours import normalize_colour
from app.domain.annotation_geometry import Point, Quad, Rect, Stroke, bounding_rect, strokes_rect


class AnnotationKind(StrEnum):
    HIGHLIGHT = "highlight"
    UNDERLINE = "underline"
    STRIKEOUT = "strikeout"
    SQUIGGLY = "squiggly"
    NOTE = "note"  # a sticky note at a point (PDF /Text)
    INK = "ink"  # free-hand pen strokes
    FREETEXT = "freetext"  # a box of text written on the page
    OTHER = "other"  # imported kinds the app shows and keeps but does not edit (pdf_subtype)


TEXT_MARKUP_KINDS = frozenset(
    {
        AnnotationKind.HIGHLIGHT,
        AnnotationKind.UNDERLINE,
        AnnotationKind.STRIKEOUT,
        AnnotationKind.SQUIGGLY,
    }
)

# The PDF /Subtype each editable kind is written as (ISO 32000-1, 12.5.6).
PDF_SUBTYPES: Mapping[AnnotationKind, str] = {
    AnnotationKind.HIGHLIGHT: "Highlight",
    AnnotationKind.UNDERLINE: "Underline",
    AnnotationKind.STRIKEOUT: "StrikeOut",
    AnnotationKind.SQUIGGLY: "Squiggly",
    AnnotationKind.NOTE: "Text",
    AnnotationKind.INK: "Ink",
    AnnotationKind.FREETEXT: "FreeText",
}
_KINDS_BY_SUBTYPE = {subtype.casefold(): kind for kind, subtype in PDF_SUBTYPES.items()}


def is_editable(kind: AnnotationKind) -> bool:
    """Whether the app lets the student change this kind's place and shape (not ``other``)."""
    return kind is not AnnotationKind.OTHER


def kind_for_subtype(subtype: str) -> AnnotationKind:
    """The kind a PDF annotation of ``subtype`` (e.g. "Highlight", "Square") is read as.

    PDF names are case-sensitive, but writers of lower-cased names exist and there is no harm
    in reading them: the comparison ignores case.
    """
    return _KINDS_BY_SUBTYPE.get(subtype.casefold(), AnnotationKind.OTHER)


def subtype_of(kind: AnnotationKind, pdf_subtype: str | None) -> str:
    """The PDF subtype to write: the kind's own, or for ``other`` the one it was imported with."""
    if kind is AnnotationKind.OTHER:
        if not pdf_subtype:
            raise ValueError("an annotation of kind 'other' needs its PDF subtype")
        return pdf_subtype
    return PDF_SUBTYPES[kind]


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (UTC), got {value!r}")


@dataclass(frozen=True, kw_only=True)
class Annotation:
    """One annotation as the database keeps it.

    Geometry by kind: text markup has ``quads`` (one per line of marked text); ink has
    ``strokes``; a note has ``rect`` (its icon's box, placed at ``point``); free text has
    ``rect`` (its box) and ``text``; ``other`` has ``rect`` and, for lines and polygons, one
    stroke with their vertices. ``quote`` is the text under the quads (empty for other kinds).
    ``meaning`` is the palette name of ``colour`` when the annotation was made or imported.
    ``import_key`` is set for imported annotations: importing the same file again must add
    nothing, so the store keeps one annotation per (reading, import key).
    """

    id: str
    reading_id: str
    pdf_sha256: str
    page: int
    kind: AnnotationKind
    colour: str
    created: datetime
    modified: datetime
    quads: tuple[Quad, ...] = ()
    strokes: tuple[Stroke, ...] = ()
    rect: Rect | None = None
    meaning: str = ""
    quote: str = ""
    comment: str = ""
    text: str = ""  # the body of a free-text box
    author: str = ""
    pdf_subtype: str | None = None  # as found in the PDF, for imported annotations
    anchored: bool = True  # False: the quote is not in the PDF version the student now has
    import_key: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "colour", normalize_colour(self.colour))
        if self.page < 0:
            raise ValueError(f"page must be 0 or more, got {self.page}")
        _require_aware("created", self.created)
        _require_aware("modified", self.modified)
        if self.kind is AnnotationKind.OTHER and not self.pdf_subtype:
            raise ValueError("an annotation of kind 'other' needs its PDF subtype")

    @property
    def editable(self) -> bool:
        return is_editable(self.kind)

    @property
    def page_label(self) -> str:
        """The page as people number it: "p. 5" for ``page == 4``."""
        return f"p. {self.page + 1}"

    @property
    def point(self) -> Point | None:
        """Where a note is pinned: the top left corner of its icon."""
        return self.rect.top_left if self.rect is not None else None

    @property
    def bounds(self) -> Rect | None:
        """The box the annotation covers on its page (None when it has no geometry at all)."""
        if self.quads:
            return bounding_rect(self.quads)
        if any(stroke.points for stroke in self.strokes):
            return strokes_rect(self.strokes)
        return self.rect
