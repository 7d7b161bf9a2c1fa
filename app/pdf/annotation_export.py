"""Writing a student's annotations into a copy of the PDF, as standard PDF annotations.

Each annotation becomes the annotation any viewer knows: Highlight, Underline, StrikeOut,
Squiggly (with /QuadPoints), Text (a sticky note), Ink, FreeText, and for imported kinds the
shapes PyMuPDF can draw (Square, Circle, Line, Polygon, PolyLine). Each carries /NM (our id, so
a later import of the copy recognises it), /T (author), /Contents (comment), /C (colour),
/CreationDate and /M, and an appearance stream made by MuPDF: viewers that do not draw
annotations themselves (Preview, Firefox's pdf.js for some kinds, printers) show the stream.

The source is never written: the copy goes to a temporary file beside ``dest``, is synced to
disk and renamed over ``dest``, so a crash leaves either the old ``dest`` or the new one.
Annotations of the source that the database holds its own versions of (same import key, or
/NM equal to one of our ids: a copy exported earlier) are replaced, not doubled; the source's
other annotations are kept as they are.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.domain.annotation import TEXT_MARKUP_KINDS, Annotation, AnnotationKind, colour_channels
from app.domain.annotation_geometry import Point
from app.domain.annotation_transfer import ExportReport, SkippedAnnotation, SkipReason
from app.pdf.annotation_dictionary import COMMENT_KEY
from app.pdf.annotation_import import scan
from app.pdf.annotation_pages import PageSpace, mupdf_document
from app.pdf.annotation_values import format_pdf_date
from app.pdf.errors import AnnotationExportError, PageError
from app.pdf.mupdf import mupdf

# Highlights are drawn with the Multiply blend mode; viewers that ignore it still show the text
# through a half-transparent colour.
HIGHLIGHT_OPACITY = 0.5
FREE_TEXT_SIZE = 11.0
SHAPES = ("square", "circle", "line", "polygon", "polyline")  # "other" kinds PyMuPDF can make
_HASH_BLOCK = 1024 * 1024


def export_annotated_copy(
    source: Path,
    annotations: Sequence[Annotation],
    dest: Path,
    *,
    password: str | None = None,
) -> ExportReport:
    """Write ``source`` with ``annotations`` added to ``dest`` and say what went in.

    Left out, with a reason in the report: annotations not anchored, made on another version
    of the PDF (another sha256), on a page the PDF does not have, without a position, or of an
    imported kind PyMuPDF cannot create. Raises the ``PdfOpenError`` family when ``source``
    cannot be opened, ``PageError`` when a page to write on is damaged beyond MuPDF's repair,
    and ``AnnotationExportError`` when ``dest`` cannot be written; ``dest`` is then untouched.
    """
    _check_destination(source, dest)
    digest = _sha256(source)
    with mupdf_document(source, password) as document:
        page_count = int(document.page_count)
        chosen: list[Annotation] = []
        skipped: list[SkippedAnnotation] = []
        for annotation in annotations:
            reason, detail = _reason_to_skip(annotation, digest, page_count)
            if reason is None:
                chosen.append(annotation)
            else:
                skipped.append(SkippedAnnotation(annotation.id, reason, detail))
        replaced = _remove_replaced(document, chosen, source)
        for number in sorted({annotation.page for annotation in chosen}):
            page = _load(document, number, source)
            space = PageSpace(page)  # before any writing: PyMuPDF unrotates the page meanwhile
            for annotation in chosen:
                if annotation.page == number:
                    _write(document, page, space, annotation)
        _save_atomically(document, dest)
    return ExportReport(
        path=dest,
        exported=tuple(annotation.id for annotation in chosen),
        skipped=tuple(skipped),
        replaced=replaced,
    )


def _check_destination(source: Path, dest: Path) -> None:
    if dest.resolve() == source.resolve() or (dest.exists() and dest.samefile(source)):
        raise AnnotationExportError(
            f"The annotated copy cannot replace the original {source.name}: choose another name."
        )
    if not dest.parent.is_dir():
        raise AnnotationExportError(f"The folder {dest.parent} does not exist.")


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while block := file.read(_HASH_BLOCK):
                hasher.update(block)
    except OSError:
        return ""  # opening it next gives the student the sentence for what is wrong
    return hasher.hexdigest()


def _has_geometry(annotation: Annotation) -> bool:
    if annotation.kind in TEXT_MARKUP_KINDS:
        return bool(annotation.quads)
    if annotation.kind is AnnotationKind.INK:
        return any(stroke.points for stroke in annotation.strokes)
    if annotation.kind is AnnotationKind.OTHER and _subtype(annotation) in SHAPES[2:]:
        return any(len(stroke.points) >= 2 for stroke in annotation.strokes)
    return annotation.rect is not None


def _subtype(annotation: Annotation) -> str:
    return (annotation.pdf_subtype or "").casefold()


def _reason_to_skip(
    annotation: Annotation, digest: str, page_count: int
) -> tuple[SkipReason | None, str]:
    if not annotation.anchored:
        return SkipReason.NOT_ANCHORED, ""
    if annotation.pdf_sha256.lower() != digest:
        return SkipReason.OTHER_VERSION, ""
    if annotation.page >= page_count:
        return SkipReason.NO_SUCH_PAGE, f"page {annotation.page + 1} of {page_count}"
    if annotation.kind is AnnotationKind.OTHER and _subtype(annotation) not in SHAPES:
        return SkipReason.UNSUPPORTED_KIND, annotation.pdf_subtype or ""
    if not _has_geometry(annotation):
        return SkipReason.NO_GEOMETRY, ""
    return None, ""


def _load(document: Any, number: int, source: Path) -> Any:
    try:
        return document.load_page(number)
    except (RuntimeError, ValueError) as error:
        raise PageError(
            f"Page {number + 1} of {source.name} is damaged: no annotated copy was written."
        ) from error


def _remove_replaced(document: Any, chosen: Sequence[Annotation], source: Path) -> int:
    """Delete the source's annotations that ``chosen`` holds newer versions of; how many."""
    keys = {annotation.import_key for annotation in chosen if annotation.import_key}
    ids = {annotation.id for annotation in chosen}
    removed = 0
    for found in scan(document):
        doomed = [raw.xref for raw, key in found.keyed if key in keys or raw.name in ids]
        if not doomed:
            continue
        page = _load(document, found.number, source)
        for xref in doomed:
            annot = page.load_annot(xref)
            if annot:  # MuPDF cannot load kinds it does not know; those are never re-created
                page.delete_annot(annot)  # its Popup goes with it
                removed += 1
    return removed


def _rgb(colour: str) -> tuple[float, float, float]:
    red, green, blue = colour_channels(colour)
    return red / 255, green / 255, blue / 255


def _write(document: Any, page: Any, space: PageSpace, annotation: Annotation) -> None:
    pymupdf = mupdf()
    kind = annotation.kind
    colour = _rgb(annotation.colour)
    # PyMuPDF's annotation API works in the unrotated page (it sets /Rotate to 0 meanwhile).
    if kind in TEXT_MARKUP_KINDS:
        quads = [
            pymupdf.Quad(*((c.x, c.y) for c in space.unrotated_quad(quad).corners))
            for quad in annotation.quads
        ]
        add = {
            AnnotationKind.HIGHLIGHT: page.add_highlight_annot,
            AnnotationKind.UNDERLINE: page.add_underline_annot,
            AnnotationKind.STRIKEOUT: page.add_strikeout_annot,
            AnnotationKind.SQUIGGLY: page.add_squiggly_annot,
        }[kind]
        annot = add(quads=quads)
        if kind is AnnotationKind.HIGHLIGHT:
            annot.set_opacity(HIGHLIGHT_OPACITY)
    elif kind is AnnotationKind.NOTE:
        box = _unrotated_box(space, annotation)
        annot = page.add_text_annot(box.tl, annotation.comment, icon="Note")
        annot.set_rect(box)
    elif kind is AnnotationKind.INK:
        paths = [
            [_unrotated_point(space, point) for point in stroke.points]
            for stroke in annotation.strokes
            if stroke.points
        ]
        annot = page.add_ink_annot(paths)
        # One pen per PDF ink annotation: the widest of the strokes.
        annot.set_border(width=max(stroke.width for stroke in annotation.strokes))
    elif kind is AnnotationKind.FREETEXT:
        annot = page.add_freetext_annot(
            _unrotated_box(space, annotation),
            annotation.text,
            fontsize=FREE_TEXT_SIZE,
            text_color=(0, 0, 0),
            fill_color=colour,
            rotate=page.rotation,  # upright for the reader of the rotated page
        )
    else:
        annot = _shape(page, space, annotation)
    if kind is not AnnotationKind.FREETEXT:  # its /C is the fill given above
        annot.set_colors(stroke=colour)
    info: dict[str, str] = {"title": annotation.author}
    if kind is not AnnotationKind.FREETEXT:  # a free text's /Contents is its visible text
        info["content"] = annotation.comment
    annot.set_info(**info)
    annot.update()
    # Keys MuPDF's update leaves alone, set last so that nothing regenerates over them.
    xref = annot.xref
    document.xref_set_key(xref, "NM", pymupdf.get_pdf_str(annotation.id))
    document.xref_set_key(
        xref, "CreationDate", pymupdf.get_pdf_str(format_pdf_date(annotation.created))
    )
    document.xref_set_key(xref, "M", pymupdf.get_pdf_str(format_pdf_date(annotation.modified)))
    if kind is AnnotationKind.FREETEXT and annotation.comment:
        document.xref_set_key(xref, COMMENT_KEY, pymupdf.get_pdf_str(annotation.comment))


def _unrotated_point(space: PageSpace, point: Point) -> tuple[float, float]:
    unrotated = space.unrotated(point)
    return (unrotated.x, unrotated.y)


def _unrotated_box(space: PageSpace, annotation: Annotation) -> Any:
    if annotation.rect is None:  # _has_geometry let it through: a bug, not the student's
        raise ValueError(f"annotation {annotation.id} has no box")
    box = space.unrotated_rect(annotation.rect)
    return mupdf().Rect(box.x0, box.y0, box.x1, box.y1)


def _shape(page: Any, space: PageSpace, annotation: Annotation) -> Any:
    """Re-create an imported Square, Circle, Line, Polygon or PolyLine."""
    subtype = _subtype(annotation)
    if subtype == "square":
        annot = page.add_rect_annot(_unrotated_box(space, annotation))
    elif subtype == "circle":
        annot = page.add_circle_annot(_unrotated_box(space, annotation))
    else:
        points = [_unrotated_point(space, point) for point in annotation.strokes[0].points]
        if subtype == "line":
            annot = page.add_line_annot(points[0], points[-1])
        elif subtype == "polygon":
            annot = page.add_polygon_annot(points)
        else:
            annot = page.add_polyline_annot(points)
    if annotation.strokes:
        annot.set_border(width=annotation.strokes[0].width)
    return annot


def _save_atomically(document: Any, dest: Path) -> None:
    """Save to a temporary file beside ``dest``, sync it, rename it over ``dest``, sync the
    folder (so the new name survives a power cut)."""
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{dest.name}.", suffix=".part", dir=dest.parent
    )
    os.close(descriptor)
    part = Path(temporary)
    try:
        # garbage=1 drops the objects of replaced annotations. PyMuPDF decrypts a copy unless
        # told otherwise: a protected paper stays protected, with the same passwords.
        document.save(part, garbage=1, deflate=True, encryption=mupdf().PDF_ENCRYPT_KEEP)
        with part.open("rb+") as file:
            os.fsync(file.fileno())
        part.replace(dest)
    except (OSError, RuntimeError, ValueError) as error:
        with contextlib.suppress(OSError):
            part.unlink()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise AnnotationExportError(
            f"The annotated copy {dest.name} could not be written: {reason}."
        ) from None
    if os.name == "posix":
        folder = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
