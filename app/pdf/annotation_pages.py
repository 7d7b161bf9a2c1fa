"""Pages as the annotation code sees them: an open document, three coordinate spaces, words.

A PDF stores annotation geometry in its own space: points with the origin at the bottom left
of the MediaBox, y upwards, before ``/Rotate``. PyMuPDF works in an "unrotated" space: the
origin at the top left corner of the CropBox, y downwards, rotation not applied. That is the
space of its annotation API (``Annot.rect``, ``Annot.vertices``, ``add_highlight_annot``) and
of ``get_text("words")``, as checked by the tests on pages with a rotation and a CropBox
offset. The app keeps geometry in the space of the page as shown (rotation applied, see
``app.domain.annotation_geometry``), like the reader's words.

``PageSpace`` converts between the three. PDF -> shown is MuPDF's own page transform
(``pdf_page_transform``: CropBox offset, flip and rotation in one matrix; PyMuPDF's
``Page.transformation_matrix`` drops the CropBox offset on rotated pages), shown -> unrotated is
``Page.derotation_matrix``. Callers hold ``MUPDF_LOCK``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.domain.annotation_geometry import Point, Quad, Rect
from app.pdf import MUPDF_LOCK
from app.pdf.content import Box, Word
from app.pdf.document import open_pdf
from app.pdf.errors import NoSuchPageError
from app.pdf.mupdf import mupdf
from app.pdf.text import WORD_FLAGS

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in PDF


@contextmanager
def mupdf_document(path: Path, password: str | None = None) -> Iterator[Any]:
    """The PyMuPDF document of ``path``, opened as the reader opens it (so every failure is
    the same ``PdfOpenError`` with the same sentence), and closed after. Holds the lock."""
    with MUPDF_LOCK:
        pdf = open_pdf(path, password)
        try:
            # The PyMuPDF object behind the reader's PdfDocument: annotations need the PDF's
            # objects themselves, which PdfDocument (made for display) does not hand out.
            yield pdf._document
        finally:
            pdf.close()


def load_page(document: Any, number: int, path: Path) -> Any:
    """Page ``number`` (0-based), or ``NoSuchPageError`` naming the file and its length."""
    count = int(document.page_count)
    if not 0 <= number < count:
        raise NoSuchPageError(
            f"{path.name} has {count} page{'s' if count != 1 else ''}: there is no page"
            f" {number + 1}."
        )
    return document.load_page(number)


def _apply(matrix: Matrix, x: float, y: float) -> Point:
    a, b, c, d, e, f = matrix
    return Point(a * x + c * y + e, b * x + d * y + f)


def _matrix(value: Any) -> Matrix:
    return (
        float(value.a),
        float(value.b),
        float(value.c),
        float(value.d),
        float(value.e),
        float(value.f),
    )


class PageSpace:
    """Coordinate conversions for one loaded page (see the module's docstring)."""

    def __init__(self, page: Any) -> None:
        low = mupdf().mupdf  # MuPDF's C API, as PyMuPDF exposes it
        transform, mediabox = low.FzMatrix(), low.FzRect(low.FzRect.Fixed_UNIT)
        low.pdf_page_transform(low.pdf_page_from_fz_page(page.this), mediabox, transform)
        self._pdf_to_shown = _matrix(transform)
        self._unrotated_to_shown = _matrix(page.rotation_matrix)
        self._shown_to_unrotated = _matrix(page.derotation_matrix)

    # PDF space (raw dictionary values) -> the page as shown

    def shown(self, x: float, y: float) -> Point:
        return _apply(self._pdf_to_shown, x, y)

    def shown_rect(self, values: Sequence[float]) -> Rect:
        x0, y0, x1, y1 = values
        return Rect.around((self.shown(x0, y0), self.shown(x1, y1)))

    def shown_points(self, values: Sequence[float]) -> tuple[Point, ...]:
        """Pairs of numbers (/Vertices, a stroke of /InkList, /L) as points."""
        return tuple(self.shown(values[i], values[i + 1]) for i in range(0, len(values) - 1, 2))

    def shown_quads(self, values: Sequence[float]) -> tuple[Quad, ...]:
        """/QuadPoints (8 numbers a quad, in the ul, ur, ll, lr order viewers write) as quads."""
        points = self.shown_points(values[: len(values) - len(values) % 8])
        return tuple(Quad(*points[i : i + 4]) for i in range(0, len(points), 4))

    # the page as shown <-> PyMuPDF's unrotated space

    def unrotated(self, point: Point) -> Point:
        return _apply(self._shown_to_unrotated, point.x, point.y)

    def unrotated_rect(self, rect: Rect) -> Rect:
        return Rect.around((self.unrotated(rect.top_left), self.unrotated(Point(rect.x1, rect.y1))))

    def unrotated_quad(self, quad: Quad) -> Quad:
        return Quad(*(self.unrotated(corner) for corner in quad.corners))

    def shown_from_unrotated(self, point: Point) -> Point:
        return _apply(self._unrotated_to_shown, point.x, point.y)


def page_words(page: Any) -> list[Word]:
    """The page's words in reading order, in PyMuPDF's unrotated space (where a line of text
    runs along x, so one box per line makes a quad whose corners follow the text)."""
    return [
        Word(Box(float(x0), float(y0), float(x1), float(y1)), str(text), int(block), int(line))
        for x0, y0, x1, y1, text, block, line, _number in page.get_text("words", flags=WORD_FLAGS)
    ]
