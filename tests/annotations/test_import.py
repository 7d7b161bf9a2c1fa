"""Importing PDFs annotated by other tools: every reader's annotation comes back with the text
under it, its comment (also from a Popup), author, dates and colour whatever the colour space;
other kinds are kept, links and form fields are not listed; a second import finds the same
keys; geometry lands on the page as shown, also on a rotated, cropped page."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.annotation import AnnotationKind, kind_for_subtype
from app.domain.annotation_transfer import ImportedAnnotation
from app.pdf.annotations import read_annotations
from tests.annotations.conftest import Annotated
from tests.annotations.documents import close, phrase_quads, shown_rect
from tests.annotations.other_tools import (
    ACROBAT_PHRASE,
    OKULAR_PHRASE,
    PREVIEW_PHRASE,
    ROTATED_PHRASE,
    SQUIGGLY_PHRASE,
    Written,
    annotate_with_pypdf,
    write_twin_notes,
)


def _hex(components: tuple[float, ...]) -> str:
    """The colour a test expects: grey, RGB or naive CMYK, each channel rounded to 0..255."""
    if len(components) == 1:
        rgb = components * 3
    elif len(components) == 4:
        c, m, y, k = components
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        rgb = components
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)


@pytest.fixture(scope="module")
def imported(viewers_pdf: Annotated) -> list[ImportedAnnotation]:
    return read_annotations(viewers_pdf.path)


def _find(found: list[ImportedAnnotation], page: int, subtype: str) -> ImportedAnnotation:
    matching = [a for a in found if a.page == page and a.pdf_subtype == subtype]
    assert len(matching) == 1, f"{len(matching)} {subtype} annotations on page {page + 1}"
    return matching[0]


def test_every_readers_annotation_comes_back_and_nothing_else(
    viewers_pdf: Annotated, imported: list[ImportedAnnotation]
) -> None:
    written = Counter((w.page, w.subtype) for w in viewers_pdf.written)
    assert sum(written.values()) == 14
    assert Counter((a.page, a.pdf_subtype) for a in imported) == written
    assert not {"Popup", "Link", "Widget"} & {a.pdf_subtype for a in imported}
    for annotation in imported:
        assert annotation.kind is kind_for_subtype(annotation.pdf_subtype)
    others = {a.pdf_subtype for a in imported if a.kind is AnnotationKind.OTHER}
    assert others == {"Caret", "Square", "Stamp", "Redact", "3D"}


def test_markup_quotes_comments_authors_and_colours(
    viewers_pdf: Annotated, imported: list[ImportedAnnotation]
) -> None:
    markup = [w for w in viewers_pdf.written if w.phrase]
    assert {w.phrase for w in markup} == {
        ACROBAT_PHRASE,
        PREVIEW_PHRASE,
        OKULAR_PHRASE,
        SQUIGGLY_PHRASE,
        ROTATED_PHRASE,
    }
    for wanted in markup:
        found = _find(imported, wanted.page, wanted.subtype)
        assert found.quote == wanted.phrase
        assert found.comment == wanted.comment  # Preview's is only in its Popup
        assert found.author == wanted.author
        assert found.pdf_id == wanted.name
        assert found.colour == _hex(wanted.extra["C"])
        expected = phrase_quads(viewers_pdf.path, wanted.page, wanted.phrase)
        assert len(found.quads) == len(expected) == 1
        assert close(found.quads[0].to_json(), expected[0].to_json())


def test_dates_with_and_without_zones(imported: list[ImportedAnnotation]) -> None:
    acrobat = _find(imported, 0, "Highlight")
    assert acrobat.created is not None and acrobat.modified is not None
    assert acrobat.created.isoformat() == "2022-03-01T17:30:00+00:00"  # 09:30 at -08:00
    assert acrobat.modified.isoformat() == "2022-03-01T17:45:00+00:00"
    # Preview's zone-less 10:15 is Berkeley time (tests/conftest.py pins the zone): PST, -8.
    preview = _find(imported, 0, "Underline")
    assert preview.created is not None
    assert preview.created.isoformat() == "2022-03-02T18:15:00+00:00"
    okular = _find(imported, 0, "StrikeOut")
    assert okular.created is None  # Okular wrote only /M
    assert okular.modified == datetime(2022, 3, 3, 12, 0, tzinfo=UTC)
    rotated = _find(imported, 1, "Highlight")
    assert rotated.created is not None
    assert rotated.created.isoformat() == "2022-03-06T11:30:00+00:00"  # 17:00 at +05:30


def test_ink_free_text_notes_and_shapes(
    viewers_pdf: Annotated, imported: list[ImportedAnnotation]
) -> None:
    path = viewers_pdf.path
    by_subtype = {(w.page, w.subtype): w for w in viewers_pdf.written}
    ink, written_ink = _find(imported, 0, "Ink"), by_subtype[(0, "Ink")]
    assert [stroke.width for stroke in ink.strokes] == [3.0, 3.0]
    assert ink.colour == "#0000ff"
    for stroke, values in zip(ink.strokes, written_ink.extra["InkList"], strict=True):
        assert len(stroke.points) * 2 == len(values)
        for point, index in zip(stroke.points, range(0, len(values), 2), strict=True):
            corner = shown_rect(path, 0, [values[index], values[index + 1]] * 2)
            assert close(point.to_json(), corner[:2])
    free = _find(imported, 0, "FreeText")
    assert (free.text, free.comment, free.colour) == ("Check the proof", "", "#ff0000")
    for page, subtype in (
        (0, "FreeText"),
        (0, "Text"),
        (0, "Square"),
        (0, "Stamp"),
        (0, "3D"),
        (1, "Text"),
    ):
        wanted: Written = by_subtype[(page, subtype)]
        found = _find(imported, page, subtype)
        assert wanted.rect is not None and found.rect is not None
        assert close(found.rect.to_json(), shown_rect(path, page, wanted.rect)), subtype
        assert found.comment == wanted.comment
    caret = _find(imported, 0, "Caret")
    assert (caret.comment, caret.colour) == ("cite here", _hex((0, 0.2, 1, 0)))
    grey_note = _find(imported, 0, "Text")
    assert grey_note.colour == _hex((0.75,))


def test_the_note_on_the_rotated_page_is_where_the_page_shows_it(
    imported: list[ImportedAnnotation],
) -> None:
    # Raw /Rect [100 500 120 520] on a page cropped to x 30.., y 40.. (top-left, of a 792 pt
    # MediaBox) and turned by 90 degrees: unrotated it is x 70..90, y 232..252; turning moves
    # x to (712 - y) and y to x, 712 being the cropped page's height.
    note = _find(imported, 1, "Text")
    assert note.rect is not None
    assert close(note.rect.to_json(), [460, 70, 480, 90])


def test_importing_the_same_file_twice_gives_the_same_keys(
    viewers_pdf: Annotated, imported: list[ImportedAnnotation], tmp_path: Path
) -> None:
    again = read_annotations(viewers_pdf.path)
    assert [a.import_key for a in again] == [a.import_key for a in imported]
    assert len({a.import_key for a in imported}) == len(imported)
    # A byte-for-byte copy elsewhere is the same file to the import.
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(viewers_pdf.path.read_bytes())
    assert [a.import_key for a in read_annotations(copy)] == [a.import_key for a in imported]


def test_pypdf_annotations_without_appearance_streams(tmp_path: Path, text_pdf: Path) -> None:
    dest = tmp_path / "pypdf.pdf"
    written = annotate_with_pypdf(text_pdf, dest, ACROBAT_PHRASE)
    found = read_annotations(dest)
    assert Counter(a.pdf_subtype for a in found) == Counter(w.subtype for w in written)
    highlight = _find(found, 0, "Highlight")
    assert (highlight.quote, highlight.colour) == (ACROBAT_PHRASE, "#ff0000")
    note = _find(found, 0, "Text")
    assert note.comment == "A pypdf note"
    boxed = _find(found, 0, "FreeText")
    assert boxed.text == "Boxed words"
    line = _find(found, 0, "Line")
    (stroke,) = line.strokes
    ends = [
        corner for x, y in ((80, 300), (200, 340)) for corner in shown_rect(dest, 0, [x, y] * 2)[:2]
    ]
    assert close([v for p in stroke.points for v in p.to_json()], ends)
    polygon = _find(found, 0, "Polygon")
    assert len(polygon.strokes) == 1 and len(polygon.strokes[0].points) == 3
    for subtype in ("Square", "Circle"):
        wanted = next(w for w in written if w.subtype == subtype)
        shape = _find(found, 0, subtype)
        assert wanted.rect is not None and shape.rect is not None
        assert close(shape.rect.to_json(), shown_rect(dest, 0, wanted.rect))


def test_identical_annotations_stay_two(tmp_path: Path, text_pdf: Path) -> None:
    dest = write_twin_notes(text_pdf, tmp_path / "twice.pdf")
    keys = [a.import_key for a in read_annotations(dest)]
    assert len(keys) == 2 and keys[0] != keys[1]
    assert keys == [a.import_key for a in read_annotations(dest)]
