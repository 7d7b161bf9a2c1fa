"""Moving annotations onto a new version of their PDF (a camera-ready paper replacing a preprint).

Text markup follows its quote: ``app.pdf`` finds where the quote is in the new version, and
the match nearest the annotation's old place wins (the same page first, then the nearest page,
the earlier one on a tie; on one page, the match nearest the old position). When the quote is
nowhere, the annotation keeps its old geometry and is marked not anchored: the student sees it
listed, and nothing is drawn over text it no longer belongs to.

Notes, ink, free text and other kinds have no quote: they stay where they were when that page
still exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from app.domain.annotation import TEXT_MARKUP_KINDS, Annotation
from app.domain.annotation_geometry import Quad, bounding_rect


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
