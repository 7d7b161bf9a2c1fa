"""Smoothing free-hand ink: a mouse or a trackpad gives jagged strokes, a pen draws curves.

Chaikin's corner cutting: each pass replaces every segment by points at a quarter and three
quarters along it, which rounds the corners; a few passes converge on a smooth curve (a
quadratic B-spline) inside the original polygon. The first and last points are kept, so a
stroke still starts and ends where the pen touched down and lifted. Points closer together than
a minimum spacing are dropped first: a slow hand gives many near-duplicates that would otherwise
keep small zigzags alive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from app.domain.annotation_geometry import Point, Stroke

DEFAULT_PASSES = 2
MIN_SPACING = 0.5  # points (1/144 inch): closer samples carry only hand tremor


def _thinned(points: Sequence[Point], spacing: float) -> list[Point]:
    """The points without those within ``spacing`` of the last kept one (the end is kept)."""
    if len(points) <= 2:
        return list(points)
    kept = [points[0]]
    for point in points[1:-1]:
        if math.dist((point.x, point.y), (kept[-1].x, kept[-1].y)) >= spacing:
            kept.append(point)
    last = points[-1]
    if len(kept) > 1 and math.dist((last.x, last.y), (kept[-1].x, kept[-1].y)) < spacing:
        kept.pop()  # the end point wins over a near neighbour: it is where the pen lifted
    kept.append(last)
    return kept


def _chaikin_pass(points: Sequence[Point]) -> list[Point]:
    smoothed = [points[0]]
    for a, b in pairwise(points):
        smoothed.append(Point(0.75 * a.x + 0.25 * b.x, 0.75 * a.y + 0.25 * b.y))
        smoothed.append(Point(0.25 * a.x + 0.75 * b.x, 0.25 * a.y + 0.75 * b.y))
    smoothed.append(points[-1])
    return smoothed


def smooth_points(
    points: Sequence[Point], passes: int = DEFAULT_PASSES, spacing: float = MIN_SPACING
) -> tuple[Point, ...]:
    """``points`` smoothed by ``passes`` rounds of corner cutting, endpoints kept.

    Fewer than three points have no corner to cut and come back as they are (after thinning).
    """
    if passes < 0:
        raise ValueError(f"passes must be 0 or more, got {passes}")
    current = _thinned(points, spacing)
    if len(current) < 3:
        return tuple(current)
    for _ in range(passes):
        current = _chaikin_pass(current)
    return tuple(current)


def smooth_stroke(stroke: Stroke, passes: int = DEFAULT_PASSES) -> Stroke:
    """The stroke with its points smoothed; the pen width is unchanged."""
    return Stroke(smooth_points(stroke.points, passes), stroke.width)
