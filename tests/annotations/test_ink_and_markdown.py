"""Ink smoothing (the pen starts and ends where it did, the jagged path gets rounder) and the
Markdown summary (grouped by meaning, pages as people count them)."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from app.domain.annotation import DEFAULT_PALETTE, Annotation, AnnotationKind, renamed
from app.domain.annotation_geometry import Point, Quad, Rect, Stroke, smooth_points, smooth_stroke
from app.domain.annotation_markdown import NO_MEANING_HEADING, annotations_markdown
from tests.annotations.documents import make_annotation

coordinates = st.floats(min_value=0, max_value=800, allow_nan=False)
points = st.builds(Point, coordinates, coordinates)


@given(st.lists(points, min_size=2, max_size=40))
def test_smoothing_keeps_where_the_pen_touched_down_and_lifted(path: list[Point]) -> None:
    smoothed = smooth_points(path)
    assert smoothed[0] == path[0]
    assert smoothed[-1] == path[-1]


@given(st.lists(points, min_size=3, max_size=40))
def test_smoothing_stays_within_the_box_of_the_drawn_path(path: list[Point]) -> None:
    # Corner cutting only takes points between existing ones: the curve never leaves the box.
    box = Rect.around(path)
    smoothed = Rect.around(smooth_points(path))
    assert box.x0 - 1e-9 <= smoothed.x0 and smoothed.x1 <= box.x1 + 1e-9
    assert box.y0 - 1e-9 <= smoothed.y0 and smoothed.y1 <= box.y1 + 1e-9


def _turning(path: tuple[Point, ...]) -> float:
    """The sharpest change of direction along the path, in radians."""
    sharpest = 0.0
    for a, b, c in zip(path, path[1:], path[2:], strict=False):
        first = math.atan2(b.y - a.y, b.x - a.x)
        second = math.atan2(c.y - b.y, c.x - b.x)
        turn = abs((second - first + math.pi) % (2 * math.pi) - math.pi)
        sharpest = max(sharpest, turn)
    return sharpest


def test_a_zigzag_gets_gentler_corners_and_keeps_its_pen() -> None:
    zigzag = tuple(Point(10.0 * i, 0.0 if i % 2 == 0 else 10.0) for i in range(8))
    smoothed = smooth_stroke(Stroke(zigzag, width=2.5))
    assert smoothed.width == 2.5
    assert len(smoothed.points) > len(zigzag)
    # A zigzag turns by 90 degrees at each corner; two passes of corner cutting halve that.
    assert _turning(zigzag) > math.radians(89)
    assert _turning(smoothed.points) < math.radians(50)


def test_hand_tremor_is_dropped_but_a_short_stroke_is_left_alone() -> None:
    shaky = (Point(0, 0), Point(0.1, 0.1), Point(0.2, 0.0), Point(20, 0), Point(20.1, 0))
    smoothed = smooth_points(shaky, passes=0)
    assert smoothed == (Point(0, 0), Point(20.1, 0))
    assert smooth_points((Point(1, 2), Point(3, 4))) == (Point(1, 2), Point(3, 4))


def _quoted(
    number: int, page: int, top: float, meaning: str, quote: str, comment: str = ""
) -> Annotation:
    return make_annotation(
        AnnotationKind.HIGHLIGHT,
        number,
        page=page,
        meaning=meaning,
        quads=(Quad.from_rect(Rect(72, top, 300, top + 12)),),
        quote=quote,
        comment=comment,
    )


def test_markdown_groups_by_meaning_in_palette_order_and_follows_the_paper() -> None:
    annotations = [
        _quoted(1, 6, 300, "question", "Why eight GPUs?", "Ask in class"),
        _quoted(2, 4, 500, "key idea", "Pipelining hides latency"),
        _quoted(3, 0, 100, "weakness", "Only one model"),
        _quoted(4, 4, 120, "key idea", "A new scheduler", "The main claim\nsee Fig. 3"),
        _quoted(5, 2, 100, "", "No colour meaning"),
        _quoted(6, 1, 100, "zeitgeist", "A meaning no longer in the palette"),
    ]
    text = annotations_markdown("Attention Is All You Need", annotations)
    assert text.startswith("# Attention Is All You Need\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Key idea",
        "## Weakness",
        "## Question",
        "## Zeitgeist",
        f"## {NO_MEANING_HEADING}",
    ]
    key_ideas = text.split("## Key idea")[1].split("## Weakness")[0]
    # Same page 5 (0-based 4): top to bottom.
    assert key_ideas.index("A new scheduler") < key_ideas.index("Pipelining hides latency")
    assert "- “A new scheduler” (p. 5)\n  The main claim\n  see Fig. 3" in text
    assert "- “Why eight GPUs?” (p. 7)\n  Ask in class" in text
    assert "- “Only one model” (p. 1)" in text


def test_markdown_follows_a_renamed_meaning_and_names_quoteless_annotations() -> None:
    palette = renamed(DEFAULT_PALETTE, "#ff6666", "flaw")
    note = replace(
        _quoted(1, 2, 100, "flaw", ""),
        kind=AnnotationKind.NOTE,
        quads=(),
        rect=Rect(10, 10, 30, 30),
        comment="No ablation",
    )
    lost = replace(_quoted(2, 3, 100, "flaw", "Text that left"), anchored=False)
    text = annotations_markdown("Paper", [note, lost], palette)
    assert "## Flaw" in text
    assert "- (note, p. 3)\n  No ablation" in text
    assert "- “Text that left” (p. 4, not found in this version)" in text


def test_markdown_of_no_annotations_says_so() -> None:
    assert annotations_markdown("Paper", []) == "# Paper\n\nNo annotations yet.\n"
