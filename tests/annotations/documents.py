"""PDFs of known lines of text for the annotation tests, made with PyMuPDF; what PyMuPDF itself
says about them (where a phrase's words are, on the page as shown and in the PDF's own
bottom-up space); and annotations on them with test defaults. The expectations come from
PyMuPDF's word list and plain arithmetic, never from ``app.pdf``.

Lines are written one per baseline in Helvetica, so a phrase taken from one line is one quad.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymupdf

from app.domain.annotation import Annotation, AnnotationKind
from app.domain.annotation_geometry import Point, Quad
from tests.reader.expected import RawWord, words

PAGE_SIZE = (612.0, 792.0)
LEFT = 72.0
FIRST_BASELINE = 100.0
LINE_GAP = 22.0
FONT_SIZE = 12.0

# The text of the documents the tests annotate: each phrase a test marks is on one line only.
PAGE_ONE = (
    "Attention is all you need for sequence transduction",
    "We measure throughput and latency on eight accelerators",
    "The scheduler overlaps communication with computation",
    "Our results show a threefold speedup over the baseline",
    "Limitations include memory pressure at large batch sizes",
    "Future work will study sparse models",
)
PAGE_TWO = (
    "Related systems partition models across devices",
    "Pipelines keep every device busy with micro batches",
    "Each stage holds a slice of the layers",
)


def write_text_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    rotations: Mapping[int, int] | None = None,
    cropboxes: Mapping[int, tuple[float, float, float, float]] | None = None,
) -> Path:
    """A PDF whose page ``n`` shows the lines ``pages[n]``; some pages rotated (``/Rotate``)
    or cropped (a CropBox given in PyMuPDF's top-left coordinates of the MediaBox)."""
    document: Any = pymupdf.open()  # type: ignore[no-untyped-call]
    try:
        for number, lines in enumerate(pages):
            page = document.new_page(width=PAGE_SIZE[0], height=PAGE_SIZE[1])
            for index, line in enumerate(lines):
                baseline = FIRST_BASELINE + index * LINE_GAP
                page.insert_text((LEFT, baseline), line, fontname="helv", fontsize=FONT_SIZE)
            if cropboxes and number in cropboxes:
                page.set_cropbox(pymupdf.Rect(*cropboxes[number]))
            if rotations and number in rotations:
                page.set_rotation(rotations[number])
        document.save(path)
    finally:
        document.close()
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class PagePlacement:
    """How PyMuPDF places a page: its rotation matrix (unrotated -> shown), its CropBox in
    top-left coordinates and its MediaBox height (for the PDF's bottom-up space)."""

    rotation: Any
    crop_x0: float
    crop_y0: float
    media_height: float


def placement(path: Path, page: int) -> PagePlacement:
    document: Any = pymupdf.open(path)  # type: ignore[no-untyped-call]
    try:
        loaded = document[page]
        return PagePlacement(
            loaded.rotation_matrix,
            float(loaded.cropbox.x0),
            float(loaded.cropbox.y0),
            float(loaded.mediabox.height),
        )
    finally:
        document.close()


def phrase_lines(path: Path, page: int, phrase: str) -> list[list[RawWord]]:
    """The words of the first run of ``phrase`` on the page, line by line (PyMuPDF's unrotated
    word boxes). Fails the test when the phrase is not there: a test must aim at real text."""
    found = words(path, page)
    wanted = phrase.split()
    assert wanted, "an empty phrase marks nothing"
    for start in range(len(found) - len(wanted) + 1):
        run = found[start : start + len(wanted)]
        if [word.text for word in run] == wanted:
            lines: list[list[RawWord]] = []
            for word in run:
                if lines and (lines[-1][-1].block, lines[-1][-1].line) == (word.block, word.line):
                    lines[-1].append(word)
                else:
                    lines.append([word])
            return lines
    raise AssertionError(f"{phrase!r} is not on page {page + 1} of {path.name}")


def _line_box(line: Sequence[RawWord]) -> tuple[float, float, float, float]:
    return (
        min(word.x0 for word in line),
        min(word.y0 for word in line),
        max(word.x1 for word in line),
        max(word.y1 for word in line),
    )


def phrase_quads(path: Path, page: int, phrase: str) -> tuple[Quad, ...]:
    """One quad per line of ``phrase`` on the page as shown, its corners named as the text
    reads (the unrotated box's corners, each turned by PyMuPDF's rotation matrix)."""
    where = placement(path, page)
    quads = []
    for line in phrase_lines(path, page, phrase):
        x0, y0, x1, y1 = _line_box(line)
        corners = [
            pymupdf.Point(x, y) * where.rotation
            for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))
        ]
        quads.append(Quad(*(Point(corner.x, corner.y) for corner in corners)))
    return tuple(quads)


def phrase_quad_points(path: Path, page: int, phrase: str) -> list[float]:
    """The /QuadPoints a viewer writes for ``phrase``: per line, the corners upper left, upper
    right, lower left, lower right, in the PDF's space (origin at the MediaBox's bottom left,
    y up; rotation is not part of it)."""
    where = placement(path, page)
    values: list[float] = []
    for line in phrase_lines(path, page, phrase):
        x0, y0, x1, y1 = _line_box(line)
        for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            values += [x + where.crop_x0, where.media_height - (y + where.crop_y0)]
    return values


def shown_rect(path: Path, page: int, pdf_rect: Sequence[float]) -> tuple[float, ...]:
    """A rectangle of the PDF's space as it appears on the page as shown (via PyMuPDF)."""
    where = placement(path, page)
    x0, y0, x1, y1 = pdf_rect
    top_left_based = pymupdf.Rect(
        x0 - where.crop_x0,
        where.media_height - y1 - where.crop_y0,
        x1 - where.crop_x0,
        where.media_height - y0 - where.crop_y0,
    )
    shown = top_left_based * where.rotation
    return (shown.x0, shown.y0, shown.x1, shown.y1)


def close(a: Sequence[float], b: Sequence[float], tolerance: float = 0.5) -> bool:
    """Same length and every number within ``tolerance`` (points)."""
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


CREATED = datetime(2022, 3, 1, 12, 0, 5, tzinfo=UTC)  # whole seconds: PDF dates have no less
MODIFIED = datetime(2022, 3, 2, 8, 30, 0, tzinfo=UTC)


def make_annotation(kind: AnnotationKind, number: int = 1, **fields: Any) -> Annotation:
    """An annotation of ``kind`` with test defaults for what ``fields`` does not say (a PDF
    sha256 of zeros: for rules that need no file); ``number`` makes the id."""
    values: dict[str, Any] = {
        "id": f"ann-{kind.value}-{number}",
        "reading_id": "0123456789ab",
        "pdf_sha256": "0" * 64,
        "page": 0,
        "kind": kind,
        "colour": "#ffd400",
        "meaning": "key idea",
        "created": CREATED,
        "modified": MODIFIED,
        "author": "Student Name",
    }
    values.update(fields)
    return Annotation(**values)


def annotation(path: Path, kind: AnnotationKind, number: int = 1, **fields: Any) -> Annotation:
    """``make_annotation`` on the PDF at ``path`` (its sha256)."""
    return make_annotation(kind, number, **{"pdf_sha256": sha256_of(path), **fields})
