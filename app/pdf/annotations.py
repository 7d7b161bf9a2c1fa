"""Annotations in PDF files: the one import for the services that store, import and export them.

- ``read_annotations(path, password=None) -> list[ImportedAnnotation]``: every reader's
  annotation in a PDF (``annotation_import``).
- ``export_annotated_copy(source, annotations, dest, *, password=None) -> ExportReport``: a copy
  of the PDF with the annotations written in (``annotation_export``).
- ``find_quote(path, quote, page_hint=0, *, password=None) -> list[QuoteMatch]`` and
  ``quads_for_quote_on_page(path, page, quote, *, password=None) -> tuple[Quad, ...]``: where a
  quote is, for re-anchoring and for adding a highlight by its text (``annotation_quotes``).

Pages are 0-based; geometry is in points on the page as shown, top-left origin
(``app.domain.annotation_geometry``); all PyMuPDF work holds ``app.pdf.MUPDF_LOCK``.
"""

from __future__ import annotations

from app.pdf.annotation_export import export_annotated_copy
from app.pdf.annotation_import import read_annotations
from app.pdf.annotation_quotes import find_quote, quads_for_quote_on_page

__all__ = [
    "export_annotated_copy",
    "find_quote",
    "quads_for_quote_on_page",
    "read_annotations",
]
