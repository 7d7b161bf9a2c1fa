"""Which annotation is under a point of a page: exact shapes, not bounding boxes.

A highlight is hit inside one of its quads (the marked words' lines), never in the white space
its bounding box would span: on a two-column paper a passage marked at the bottom of the left
column and one at the top of the right column share no point, though their boxes may overlap.
A pen stroke is hit within its half width (plus a little slack for the pointer) of its centre
line; notes, text boxes and imported shapes inside their box. Annotations drawn on top (see
``annotation_paint.stacking_order``) are asked first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from app.domain.annotation import TEXT_MARKUP_KINDS, Annotation, AnnotationKind
from app.domain.annotation_geometry import Point, Quad, Rect, Stroke
from app.ui.reader.annotation_paint import stacking_order


def annotation_at(
    annotations: Sequence[Annotation], point: Point, slack: float = 0.0
) -> Annotation | None:
    """The topmost of ``annotations`` (one page's) under ``point``; ``slack`` (points) widens
    thin shapes (pen strokes, boxes), so that a pointer a pixel off still takes them."""
    for annotation in reversed(stacking_order(annotations)):
        if hits(annotation, point, slack):
            return annotation
    return None


def hits(annotation: Annotation, point: Point, slack: float = 0.0) -> bool:
    if annotation.kind in TEXT_MARKUP_KINDS:
        return any(in_quad(quad, point) for quad in annotation.quads)
    if annotation.kind is AnnotationKind.INK:
        return any(near_stroke(stroke, point, slack) for stroke in annotation.strokes)
    if annotation.rect is not None and _in_rect(annotation.rect, point, slack):
        return True
    return any(near_stroke(stroke, point, slack) for stroke in annotation.strokes)


def in_quad(quad: Quad, point: Point) -> bool:
    """Whether ``point`` is inside the quad (any convex quad: rotated text too)."""
    corners = (quad.ul, quad.ur, quad.lr, quad.ll)  # around the edge, in order
    signs = set()
    for a, b in pairwise((*corners, corners[0])):
        cross = (b.x - a.x) * (point.y - a.y) - (b.y - a.y) * (point.x - a.x)
        if abs(cross) > 1e-9:
            signs.add(cross > 0)
    return len(signs) <= 1


def near_stroke(stroke: Stroke, point: Point, slack: float) -> bool:
    reach = stroke.width / 2 + slack
    if len(stroke.points) == 1:
        only = stroke.points[0]
        return math.dist((only.x, only.y), (point.x, point.y)) <= reach
    return any(_segment_distance(a, b, point) <= reach for a, b in pairwise(stroke.points))


def _segment_distance(a: Point, b: Point, point: Point) -> float:
    dx, dy = b.x - a.x, b.y - a.y
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return math.dist((a.x, a.y), (point.x, point.y))
    share = ((point.x - a.x) * dx + (point.y - a.y) * dy) / length_squared
    share = min(max(share, 0.0), 1.0)
    return math.dist((a.x + share * dx, a.y + share * dy), (point.x, point.y))


def _in_rect(rect: Rect, point: Point, slack: float) -> bool:
    return (
        rect.x0 - slack <= point.x <= rect.x1 + slack
        and rect.y0 - slack <= point.y <= rect.y1 + slack
    )
