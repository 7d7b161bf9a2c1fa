"""Where an annotation sits on its page: points, boxes, quads and pen strokes.

Coordinates are PDF points (1/72 inch) on the page as it is shown: the origin at the top left
corner of the visible page (its CropBox, with ``/Rotate`` applied), x to the right, y downwards.
That is the space of the reader's words and search hits (``app.pdf.content``), so the reader
draws an annotation exactly where the text it marks is drawn. ``app.pdf`` converts to and from
the PDF's own bottom-up coordinates.

Every type here turns into plain lists and dicts of floats and back (``to_json`` /
``from_json``), for a database column or a JSON export.

Smoothing free-hand ink: a mouse or a trackpad gives jagged strokes, a pen draws curves.
Chaikin's corner cutting replaces every segment by points at a quarter and three quarters along
it, which rounds the corners; a few passes converge on a smooth curve (a quadratic B-spline)
inside the original polygon. The first and last points are kept, so a stroke still starts and
ends where the pen touched down and lifted. Points closer together than a minimum spacing are
dropped first: a slow hand gives many near-duplicates that would keep small zigzags alive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float

    def to_json(self) -> list[float]:
        return [self.x, self.y]

    @classmethod
    def from_json(cls, values: Sequence[float]) -> Point:
        if len(values) != 2:
            raise ValueError(f"a point needs 2 numbers, got {len(values)}")
        return cls(float(values[0]), float(values[1]))


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned box; ``x0 <= x1`` and ``y0 <= y1`` (``normalized`` makes it so)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def top_left(self) -> Point:
        return Point(self.x0, self.y0)

    @property
    def centre(self) -> Point:
        return Point((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def normalized(self) -> Rect:
        return Rect(
            min(self.x0, self.x1),
            min(self.y0, self.y1),
            max(self.x0, self.x1),
            max(self.y0, self.y1),
        )

    def contains(self, point: Point) -> bool:
        return self.x0 <= point.x <= self.x1 and self.y0 <= point.y <= self.y1

    def united(self, other: Rect) -> Rect:
        return Rect(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def to_json(self) -> list[float]:
        return [self.x0, self.y0, self.x1, self.y1]

    @classmethod
    def from_json(cls, values: Sequence[float]) -> Rect:
        if len(values) != 4:
            raise ValueError(f"a rect needs 4 numbers, got {len(values)}")
        return cls(*(float(value) for value in values))

    @classmethod
    def around(cls, points: Iterable[Point]) -> Rect:
        """The smallest box holding every point; ValueError when there are none."""
        xs: list[float] = []
        ys: list[float] = []
        for point in points:
            xs.append(point.x)
            ys.append(point.y)
        if not xs:
            raise ValueError("no points to bound")
        return cls(min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True, slots=True)
class Quad:
    """Four corners of a piece of marked text, named as the text reads: upper left, upper right,
    lower left, lower right. On a rotated page the text's "upper left" is not the page's, which
    is why a quad is kept rather than a box: an underline is drawn along the lower edge."""

    ul: Point
    ur: Point
    ll: Point
    lr: Point

    @property
    def corners(self) -> tuple[Point, Point, Point, Point]:
        """In the order of a PDF's /QuadPoints as viewers write them (ul, ur, ll, lr)."""
        return (self.ul, self.ur, self.ll, self.lr)

    @property
    def rect(self) -> Rect:
        return Rect.around(self.corners)

    @classmethod
    def from_rect(cls, rect: Rect) -> Quad:
        """The quad of upright text filling ``rect``."""
        return cls(
            Point(rect.x0, rect.y0),
            Point(rect.x1, rect.y0),
            Point(rect.x0, rect.y1),
            Point(rect.x1, rect.y1),
        )

    def to_json(self) -> list[float]:
        return [value for corner in self.corners for value in (corner.x, corner.y)]

    @classmethod
    def from_json(cls, values: Sequence[float]) -> Quad:
        if len(values) != 8:
            raise ValueError(f"a quad needs 8 numbers, got {len(values)}")
        numbers = [float(value) for value in values]
        return cls(*(Point(numbers[i], numbers[i + 1]) for i in range(0, 8, 2)))


@dataclass(frozen=True, slots=True)
class Stroke:
    """One pen stroke of free-hand ink: the points the pen went through, and the pen's width
    in points. Also the path of a line, polygon or polyline imported from another tool."""

    points: tuple[Point, ...]
    width: float = 1.0

    @property
    def rect(self) -> Rect:
        """The box the stroke's centre line stays in (ValueError for a stroke of no points)."""
        return Rect.around(self.points)

    def to_json(self) -> dict[str, Any]:
        return {"width": self.width, "points": [point.to_json() for point in self.points]}

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Stroke:
        points = tuple(Point.from_json(point) for point in value["points"])
        return cls(points, float(value.get("width", 1.0)))


def bounding_rect(quads: Iterable[Quad]) -> Rect:
    """The box around all the quads (a marked passage over several lines); ValueError if none."""
    return Rect.around(corner for quad in quads for corner in quad.corners)


def rects(quads: Iterable[Quad]) -> list[list[float]]:
    """Each quad's box as ``[x0, y0, x1, y1]``: what a JSON consumer (or a drawing loop that
    only fills boxes) wants."""
    return [quad.rect.to_json() for quad in quads]


def strokes_rect(strokes: Iterable[Stroke]) -> Rect:
    """The box around the centre lines of all strokes; ValueError when there are no points."""
    return Rect.around(point for stroke in strokes for point in stroke.points)


# Ink smoothing (see the module's docstring).
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
