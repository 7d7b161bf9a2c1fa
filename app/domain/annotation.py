"""A student's annotation on a reading: what kind, where, in which colour, and what it says.

The database is the source of truth; a PDF only carries copies (export) or brings annotations
made elsewhere (import, see ``annotation_transfer``). An annotation belongs to one version of
the PDF (``pdf_sha256``): when a new version of the paper arrives, text markup is moved to where
its quote is now (``annotation_transfer``), or marked not anchored when the quote is gone.

Pages are 0-based here (the reader's and PyMuPDF's numbering); people see ``page + 1``.
Geometry is in points on the page as shown, top-left origin (``annotation_geometry``).

A colour is kept as ``#rrggbb`` (lower case). The palette gives each colour a meaning the
student can rename ("key idea", "weakness", ...); the Markdown summary groups by meaning. The
default colours are soft tints that leave black text readable under a highlight.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from app.domain.annotation_geometry import Point, Quad, Rect, Stroke, bounding_rect, strokes_rect

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")

# Viewers' "yellow" ranges from #ffff00 to #ffd400 (43 apart on green); a colour this close to a
# palette colour on every channel is taken as that colour. Farther than that, guessing would
# give an imported annotation a meaning its author never chose.
SAME_COLOUR_TOLERANCE = 48


def normalize_colour(value: str) -> str:
    """``value`` as ``#rrggbb``: accepts ``#RRGGBB``, ``rrggbb`` and the short ``#rgb``."""
    match = _HEX.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not a colour: {value!r} (expected #rrggbb)")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits


def colour_channels(colour: str) -> tuple[int, int, int]:
    """Red, green and blue of ``colour``, 0 to 255 each."""
    digits = normalize_colour(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


@dataclass(frozen=True)
class ColourMeaning:
    colour: str  # #rrggbb
    meaning: str  # what the student means by it; the default names can be renamed

    def __post_init__(self) -> None:
        object.__setattr__(self, "colour", normalize_colour(self.colour))
        if not self.meaning.strip():
            raise ValueError("a colour's meaning needs a name")


DEFAULT_PALETTE: tuple[ColourMeaning, ...] = (
    ColourMeaning("#ffd400", "key idea"),  # yellow
    ColourMeaning("#5fb236", "strength"),  # green
    ColourMeaning("#ff6666", "weakness"),  # red
    ColourMeaning("#2ea8e5", "question"),  # blue
    ColourMeaning("#a28ae5", "method"),  # purple
)
DEFAULT_COLOUR = DEFAULT_PALETTE[0].colour  # what viewers draw a markup without /C in


def meaning_for_colour(colour: str, palette: Sequence[ColourMeaning] = DEFAULT_PALETTE) -> str:
    """The meaning of ``colour`` in ``palette``: that of the same colour, else of the nearest
    palette colour within ``SAME_COLOUR_TOLERANCE`` on every channel, else "" (no meaning)."""
    wanted = colour_channels(colour)
    best: tuple[int, str] | None = None
    for entry in palette:
        channels = colour_channels(entry.colour)
        distance = max(abs(a - b) for a, b in zip(wanted, channels, strict=True))
        if distance <= SAME_COLOUR_TOLERANCE and (best is None or distance < best[0]):
            best = (distance, entry.meaning)
    return best[1] if best is not None else ""


def colour_for_meaning(meaning: str, palette: Sequence[ColourMeaning] = DEFAULT_PALETTE) -> str:
    """The colour the palette gives ``meaning`` (ignoring case and outer spaces); KeyError if
    none does. For a command line that takes ``--meaning question``."""
    wanted = meaning.strip().casefold()
    for entry in palette:
        if entry.meaning.casefold() == wanted:
            return entry.colour
    raise KeyError(meaning)


def renamed(
    palette: Sequence[ColourMeaning], colour: str, meaning: str
) -> tuple[ColourMeaning, ...]:
    """The palette with ``colour``'s meaning renamed, or the colour added at the end if new."""
    wanted = normalize_colour(colour)
    changed = tuple(
        replace(entry, meaning=meaning) if entry.colour == wanted else entry for entry in palette
    )
    if all(entry.colour != wanted for entry in palette):
        changed += (ColourMeaning(wanted, meaning),)
    return changed


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
