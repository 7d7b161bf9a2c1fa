"""Exported annotations as other programs see them: pypdf (not the library that wrote them)
finds standard annotations with the geometry, colour, comment, author, dates and appearance
asked for, on upright and on rotated, cropped pages; PyMuPDF draws them; and our own reader
reads back what was written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from pypdf import PdfReader

from app.domain.annotation import DEFAULT_PALETTE, Annotation, AnnotationKind, colour_channels
from app.domain.annotation_geometry import Point, Rect, Stroke
from app.domain.annotation_transfer import adopted
from app.pdf.annotations import export_annotated_copy, read_annotations
from tests.annotations.documents import (
    CREATED,
    MODIFIED,
    PAGE_SIZE,
    annotation,
    close,
    phrase_quad_points,
    phrase_quads,
    shown_rect,
)

MARKUP = {  # kind -> (phrase on page 1, palette entry)
    AnnotationKind.HIGHLIGHT: ("measure throughput and latency", 0),
    AnnotationKind.UNDERLINE: ("overlaps communication", 3),
    AnnotationKind.STRIKEOUT: ("memory pressure", 2),
    AnnotationKind.SQUIGGLY: ("threefold speedup", 4),
}
TWO_LINES = "batch sizes Future work"  # the end of one line and the start of the next
ROTATED = "partition models across"
SUBTYPES = {
    AnnotationKind.HIGHLIGHT: "/Highlight",
    AnnotationKind.UNDERLINE: "/Underline",
    AnnotationKind.STRIKEOUT: "/StrikeOut",
    AnnotationKind.SQUIGGLY: "/Squiggly",
    AnnotationKind.NOTE: "/Text",
    AnnotationKind.INK: "/Ink",
    AnnotationKind.FREETEXT: "/FreeText",
}


def _marked(source: Path) -> list[Annotation]:
    """One annotation of every kind the app edits (and two shapes), on both pages."""
    made: list[Annotation] = []
    for number, (kind, (phrase, entry)) in enumerate(MARKUP.items(), start=1):
        palette = DEFAULT_PALETTE[entry]
        made.append(
            annotation(
                source,
                kind,
                number,
                quads=phrase_quads(source, 0, phrase),
                quote=phrase,
                colour=palette.colour,
                meaning=palette.meaning,
                comment=f"Comment on {phrase} — with an accent: é",
            )
        )
    made += [
        annotation(
            source,
            AnnotationKind.HIGHLIGHT,
            5,
            quads=phrase_quads(source, 0, TWO_LINES),
            quote=TWO_LINES,
            comment="Two lines",
        ),
        annotation(
            source,
            AnnotationKind.HIGHLIGHT,
            6,
            page=1,
            quote=ROTATED,
            quads=phrase_quads(source, 1, ROTATED),
            comment="On the turned page",
        ),
        annotation(
            source,
            AnnotationKind.NOTE,
            7,
            rect=Rect(450, 90, 470, 110),
            comment="Compare with Orca",
            colour="#2ea8e5",
            meaning="question",
        ),
        annotation(
            source,
            AnnotationKind.NOTE,
            8,
            page=1,
            rect=Rect(300, 60, 320, 80),
            comment="A note on the turned page",
        ),
        annotation(
            source,
            AnnotationKind.INK,
            9,
            strokes=(
                Stroke((Point(100, 400), Point(140, 430), Point(180, 410)), width=2.5),
                Stroke((Point(200, 400), Point(230, 450)), width=2.5),
            ),
            colour="#5fb236",
            meaning="strength",
            comment="circled",
        ),
        annotation(
            source,
            AnnotationKind.FREETEXT,
            10,
            rect=Rect(300, 400, 520, 440),
            text="Read section 4 again",
            comment="for the review",
        ),
        annotation(
            source,
            AnnotationKind.OTHER,
            11,
            pdf_subtype="Square",
            rect=Rect(80, 500, 200, 560),
            colour="#ff6666",
            meaning="weakness",
        ),
        annotation(
            source,
            AnnotationKind.OTHER,
            12,
            pdf_subtype="Line",
            strokes=(Stroke((Point(80, 600), Point(300, 620)), width=2.0),),
            colour="#ff6666",
            meaning="weakness",
        ),
    ]
    return made


@pytest.fixture
def exported(tmp_path: Path, text_pdf: Path) -> tuple[list[Annotation], Path]:
    annotations = _marked(text_pdf)
    assert len(annotations) == 12
    dest = tmp_path / "annotated.pdf"
    report = export_annotated_copy(text_pdf, annotations, dest)
    assert report.exported == tuple(a.id for a in annotations)
    assert report.skipped == ()
    return annotations, dest


def _by_name(path: Path) -> dict[str, tuple[int, Any]]:
    """pypdf's view: each annotation with a /NM, as (page index, dictionary)."""
    found: dict[str, tuple[int, Any]] = {}
    for index, page in enumerate(PdfReader(path).pages):
        for reference in page.get("/Annots") or []:
            dictionary = reference.get_object()
            if "/NM" in dictionary:
                found[str(dictionary["/NM"])] = (index, dictionary)
    return found


def _floats(values: Any) -> list[float]:
    return [float(value) for value in values]


def _pdf_rect(rect: Rect) -> list[float]:
    """A rectangle of page 1 (upright, MediaBox at the origin) in the PDF's bottom-up space."""
    return [rect.x0, PAGE_SIZE[1] - rect.y1, rect.x1, PAGE_SIZE[1] - rect.y0]


def test_pypdf_finds_standard_annotations_with_what_was_asked(
    exported: tuple[list[Annotation], Path], text_pdf: Path
) -> None:
    annotations, dest = exported
    found = _by_name(dest)
    assert set(found) == {a.id for a in annotations}
    for wanted in annotations:
        page, dictionary = found[wanted.id]
        assert page == wanted.page, wanted.id
        subtype = SUBTYPES.get(wanted.kind, f"/{wanted.pdf_subtype}")
        assert dictionary["/Subtype"] == subtype
        assert str(dictionary["/T"]) == wanted.author
        channels = [channel / 255 for channel in colour_channels(wanted.colour)]
        assert close(_floats(dictionary["/C"]), channels, tolerance=0.002), wanted.id
        assert str(dictionary["/CreationDate"]) == CREATED.strftime("D:%Y%m%d%H%M%SZ")
        assert str(dictionary["/M"]) == MODIFIED.strftime("D:%Y%m%d%H%M%SZ")
        assert "/N" in dictionary["/AP"], f"{wanted.id} has no appearance stream"
        contents = str(dictionary.get("/Contents", ""))  # no comment, no key
        if wanted.kind is AnnotationKind.FREETEXT:
            assert contents == wanted.text  # what the box shows
        else:
            assert contents == wanted.comment


def test_quad_points_are_where_the_words_are_in_pdf_space(
    exported: tuple[list[Annotation], Path], text_pdf: Path
) -> None:
    annotations, dest = exported
    found = _by_name(dest)
    marked = {a.quote: a for a in annotations if a.quads}
    assert set(marked) == {*(phrase for phrase, _ in MARKUP.values()), TWO_LINES, ROTATED}
    for phrase, wanted in marked.items():
        _page, dictionary = found[wanted.id]
        expected = phrase_quad_points(text_pdf, wanted.page, phrase)
        assert close(_floats(dictionary["/QuadPoints"]), expected), phrase
    two_lines = found[marked[TWO_LINES].id][1]
    assert len(two_lines["/QuadPoints"]) == 16


def test_notes_ink_and_boxes_land_where_they_were_put(
    exported: tuple[list[Annotation], Path], text_pdf: Path
) -> None:
    annotations, dest = exported
    found = _by_name(dest)
    by_id = {a.id: a for a in annotations}
    note = by_id["ann-note-7"]
    assert note.rect is not None
    assert close(_floats(found[note.id][1]["/Rect"]), _pdf_rect(note.rect))
    # The note on the rotated, cropped page: its box as shown is where it was put.
    turned = by_id["ann-note-8"]
    assert turned.rect is not None
    shown = shown_rect(text_pdf, 1, _floats(found[turned.id][1]["/Rect"]))
    assert close(shown, turned.rect.to_json())
    ink = found["ann-ink-9"][1]
    strokes = by_id["ann-ink-9"].strokes
    assert len(ink["/InkList"]) == len(strokes) == 2
    for path, stroke in zip(ink["/InkList"], strokes, strict=True):
        wanted = [v for point in stroke.points for v in (point.x, PAGE_SIZE[1] - point.y)]
        assert close(_floats(path), wanted, tolerance=0.01)
    assert float(ink["/BS"]["/W"]) == 2.5
    box = by_id["ann-freetext-10"]
    assert box.rect is not None
    assert close(_floats(found[box.id][1]["/Rect"]), _pdf_rect(box.rect))
    line = found["ann-other-12"][1]
    assert close(_floats(line["/L"]), [80, PAGE_SIZE[1] - 600, 300, PAGE_SIZE[1] - 620])


def test_highlights_are_see_through_and_drawn_in_their_colour(
    exported: tuple[list[Annotation], Path], text_pdf: Path
) -> None:
    annotations, dest = exported
    highlight = next(a for a in annotations if a.kind is AnnotationKind.HIGHLIGHT)
    assert float(_by_name(dest)[highlight.id][1]["/CA"]) == pytest.approx(0.5)
    rect = phrase_quads(text_pdf, 0, MARKUP[AnnotationKind.HIGHLIGHT][0])[0].rect

    def paper_colour(path: Path) -> tuple[int, int, int]:
        """The most common colour in the phrase's box: the paper around the letters."""
        document: Any = pymupdf.open(path)  # type: ignore[no-untyped-call]
        clip = pymupdf.Rect(rect.x0, rect.y0, rect.x1, rect.y1)
        pixmap = document[0].get_pixmap(clip=clip, alpha=False)
        document.close()
        samples = pixmap.samples
        pixels = [tuple(samples[i : i + 3]) for i in range(0, len(samples), 3)]
        return max(set(pixels), key=pixels.count)  # type: ignore[return-value]

    assert paper_colour(text_pdf) == (255, 255, 255)
    red, green, blue = paper_colour(dest)
    wanted = colour_channels(highlight.colour)  # yellow: strong red and green, little blue
    assert red > 240 and green > 200 and blue < 200
    assert blue > wanted[2], "half-transparent: some white shows through"


def test_our_reader_reads_back_what_was_exported(
    exported: tuple[list[Annotation], Path],
) -> None:
    annotations, dest = exported
    read = read_annotations(dest)
    assert len(read) == len(annotations) == 12
    assert sorted(r.pdf_id or "" for r in read) == sorted(a.id for a in annotations)
    for imported in read:
        assert imported.pdf_id is not None
        original = next(a for a in annotations if a.id == imported.pdf_id)
        back = adopted(
            imported,
            annotation_id=imported.pdf_id,
            reading_id=original.reading_id,
            pdf_sha256=original.pdf_sha256,
            now=CREATED,
        )
        geometry = {"quads": (), "strokes": (), "rect": None}
        assert replace(back, import_key=None, pdf_subtype=original.pdf_subtype, **geometry) == (
            replace(original, **geometry)
        )
        assert len(back.quads) == len(original.quads)
        for got, sent in zip(back.quads, original.quads, strict=True):
            assert close(got.to_json(), sent.to_json(), tolerance=0.01)
        assert len(back.strokes) == len(original.strokes)
        for got_stroke, sent_stroke in zip(back.strokes, original.strokes, strict=True):
            assert got_stroke.width == sent_stroke.width
            assert close(
                [v for p in got_stroke.points for v in p.to_json()],
                [v for p in sent_stroke.points for v in p.to_json()],
                tolerance=0.01,
            )
        if original.rect is not None:
            assert back.rect is not None
            assert close(back.rect.to_json(), original.rect.to_json(), tolerance=0.01)
        elif original.kind is not AnnotationKind.OTHER:  # a Line's /Rect is only its bounds
            assert back.rect is None
