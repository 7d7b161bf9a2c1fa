"""The annotation values of the domain: geometry helpers, colours and their meanings, the rules
an Annotation enforces, and how an imported annotation is adopted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.domain.annotation import (
    DEFAULT_PALETTE,
    Annotation,
    AnnotationKind,
    ColourMeaning,
    colour_for_meaning,
    is_editable,
    kind_for_subtype,
    meaning_for_colour,
    normalize_colour,
    renamed,
    subtype_of,
)
from app.domain.annotation_geometry import Point, Quad, Rect, Stroke, bounding_rect, rects
from app.domain.annotation_transfer import ImportedAnnotation, adopted
from tests.annotations.documents import make_annotation

NOW = datetime(2022, 4, 1, 9, 0, tzinfo=UTC)


def _quad(x0: float, y0: float, x1: float, y1: float) -> Quad:
    return Quad(Point(x0, y0), Point(x1, y0), Point(x0, y1), Point(x1, y1))


def test_bounding_rect_spans_every_line_of_a_passage() -> None:
    passage = [_quad(300, 700, 540, 712), _quad(72, 714, 540, 726), _quad(72, 728, 150, 740)]
    assert bounding_rect(passage) == Rect(72, 700, 540, 740)


def test_rects_are_plain_json_boxes_one_per_quad() -> None:
    passage = [_quad(300, 700, 540, 712), _quad(72, 714, 150, 726)]
    boxes = rects(passage)
    assert boxes == [[300, 700, 540, 712], [72, 714, 150, 726]]
    assert json.loads(json.dumps(boxes)) == boxes


def test_a_rotated_quad_keeps_its_corner_names_and_bounds_its_corners() -> None:
    # Text running downwards (a page turned by 90 degrees): its upper left is at the right.
    quad = Quad(Point(540, 100), Point(540, 200), Point(528, 100), Point(528, 200))
    assert quad.rect == Rect(528, 100, 540, 200)
    assert Quad.from_json(quad.to_json()) == quad


def test_geometry_survives_a_json_round_trip() -> None:
    stroke = Stroke((Point(1.5, 2), Point(3, 4.25)), width=2.5)
    assert Stroke.from_json(json.loads(json.dumps(stroke.to_json()))) == stroke
    assert Rect.from_json(json.loads(json.dumps(Rect(1, 2, 3, 4).to_json()))) == Rect(1, 2, 3, 4)
    with pytest.raises(ValueError, match="8 numbers"):
        Quad.from_json([1, 2, 3])


def test_nothing_to_bound_is_an_error_not_an_empty_box() -> None:
    with pytest.raises(ValueError, match="no points"):
        bounding_rect([])


@pytest.mark.parametrize(
    ("given", "wanted"),
    [("#FFD400", "#ffd400"), ("ffd400", "#ffd400"), ("#fd0", "#ffdd00"), (" #2EA8E5 ", "#2ea8e5")],
)
def test_colours_are_kept_as_lower_case_rrggbb(given: str, wanted: str) -> None:
    assert normalize_colour(given) == wanted


@pytest.mark.parametrize("junk", ["yellow", "#ffd40", "#gggggg", ""])
def test_a_colour_that_is_not_one_is_refused(junk: str) -> None:
    with pytest.raises(ValueError, match="not a colour"):
        normalize_colour(junk)


def test_the_default_palette_has_the_five_meanings_of_the_seminar() -> None:
    assert [entry.meaning for entry in DEFAULT_PALETTE] == [
        "key idea",
        "strength",
        "weakness",
        "question",
        "method",
    ]
    assert len({entry.colour for entry in DEFAULT_PALETTE}) == 5


def test_a_colour_means_what_the_palette_says_and_near_shades_too() -> None:
    assert meaning_for_colour("#2EA8E5") == "question"
    # Acrobat's and PyMuPDF's pure yellow is the palette's yellow to a student.
    assert meaning_for_colour("#ffff00") == "key idea"
    # Black or a pure blue means nothing the student chose.
    assert meaning_for_colour("#000000") == ""
    assert meaning_for_colour("#0000ff") == ""


def test_renaming_a_meaning_changes_only_that_colour() -> None:
    palette = renamed(DEFAULT_PALETTE, "#FF6666", "flaw")
    assert meaning_for_colour("#ff6666", palette) == "flaw"
    assert colour_for_meaning("Flaw ", palette) == "#ff6666"
    assert [e.meaning for e in palette if e.colour != "#ff6666"] == [
        e.meaning for e in DEFAULT_PALETTE if e.colour != "#ff6666"
    ]
    extended = renamed(palette, "#000000", "typo")
    assert extended[-1] == ColourMeaning("#000000", "typo")
    assert len(extended) == len(DEFAULT_PALETTE) + 1
    with pytest.raises(KeyError):
        colour_for_meaning("typo", DEFAULT_PALETTE)


@pytest.mark.parametrize(
    ("subtype", "kind"),
    [
        ("Highlight", AnnotationKind.HIGHLIGHT),
        ("StrikeOut", AnnotationKind.STRIKEOUT),
        ("strikeout", AnnotationKind.STRIKEOUT),
        ("Squiggly", AnnotationKind.SQUIGGLY),
        ("Text", AnnotationKind.NOTE),
        ("Ink", AnnotationKind.INK),
        ("FreeText", AnnotationKind.FREETEXT),
        ("Caret", AnnotationKind.OTHER),
        ("Square", AnnotationKind.OTHER),
        ("3D", AnnotationKind.OTHER),
    ],
)
def test_pdf_subtypes_map_to_kinds(subtype: str, kind: AnnotationKind) -> None:
    assert kind_for_subtype(subtype) is kind
    assert is_editable(kind) == (kind is not AnnotationKind.OTHER)


def test_an_other_kind_writes_the_subtype_it_came_with() -> None:
    assert subtype_of(AnnotationKind.OTHER, "Square") == "Square"
    assert subtype_of(AnnotationKind.NOTE, None) == "Text"
    with pytest.raises(ValueError, match="PDF subtype"):
        subtype_of(AnnotationKind.OTHER, None)


def _annotation(**fields: object) -> Annotation:
    """A note on page 5 unless ``fields`` say otherwise."""
    defaults: dict[str, object] = {
        "kind": AnnotationKind.NOTE,
        "page": 4,
        "colour": "#A28AE5",
        "rect": Rect(100, 200, 120, 220),
    }
    values = {**defaults, **fields}
    kind = values.pop("kind")
    assert isinstance(kind, AnnotationKind)
    return make_annotation(kind, **values)


def test_an_annotation_normalizes_its_colour_and_shows_pages_from_one() -> None:
    note = _annotation()
    assert note.colour == "#a28ae5"
    assert note.page_label == "p. 5"
    assert note.point == Point(100, 200)
    assert note.bounds == Rect(100, 200, 120, 220)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"created": datetime(2022, 4, 1, 9, 0)}, "aware"),
        ({"modified": datetime(2022, 4, 1, 9, 0)}, "aware"),
        ({"page": -1}, "page"),
        ({"kind": AnnotationKind.OTHER}, "PDF subtype"),
        ({"colour": "red"}, "not a colour"),
    ],
)
def test_an_annotation_refuses_what_the_store_could_not_keep(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _annotation(**fields)


def test_ink_bounds_come_from_its_strokes() -> None:
    ink = _annotation(
        kind=AnnotationKind.INK,
        rect=None,
        strokes=(Stroke((Point(10, 20), Point(30, 5))), Stroke((Point(40, 50), Point(45, 55)))),
    )
    assert ink.bounds == Rect(10, 5, 45, 55)


def test_an_imported_annotation_is_adopted_with_the_meaning_of_its_colour() -> None:
    zone = timezone(timedelta(hours=-8))
    imported = ImportedAnnotation(
        page=2,
        kind=AnnotationKind.HIGHLIGHT,
        pdf_subtype="Highlight",
        import_key="nm-abc",
        quads=(_quad(72, 100, 200, 112),),
        colour="#ffff00",
        quote="a claim",
        comment="why",
        author="Ada",
        modified=datetime(2022, 3, 1, 9, 30, tzinfo=zone),
    )
    made = adopted(imported, annotation_id="id-1", reading_id="r1", pdf_sha256="f" * 64, now=NOW)
    assert (made.id, made.reading_id, made.pdf_sha256, made.page) == ("id-1", "r1", "f" * 64, 2)
    assert made.meaning == "key idea"
    assert made.import_key == "nm-abc"
    assert made.pdf_subtype == "Highlight"
    # No creation date: the modification date stands in for it.
    assert made.created == made.modified == datetime(2022, 3, 1, 17, 30, tzinfo=UTC)
    assert (made.quote, made.comment, made.author) == ("a claim", "why", "Ada")


def test_an_imported_annotation_without_colour_or_dates_gets_no_meaning_and_now() -> None:
    imported = ImportedAnnotation(
        page=0,
        kind=AnnotationKind.OTHER,
        pdf_subtype="Stamp",
        import_key="content-1",
        rect=Rect(1, 2, 3, 4),
    )
    made = adopted(imported, annotation_id="i", reading_id="r", pdf_sha256="0" * 64, now=NOW)
    assert made.meaning == ""
    assert made.colour == DEFAULT_PALETTE[0].colour
    assert made.created == made.modified == NOW
    assert not made.editable
