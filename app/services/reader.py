"""The reader's use case: open a reading's PDF for display.

The user interface reaches PDFs only through this module (the layers run ui -> services ->
adapters): ``ReaderService.open`` returns an ``app.pdf`` document, and the values and errors
the reader works with are re-exported here, so ``app.ui`` never imports ``app.pdf`` itself.
Opening touches the disk and MuPDF: call it off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.reading_position import MAX_ZOOM, MIN_ZOOM, FitMode, ReadingPosition
from app.pdf import render_process
from app.pdf.content import Box, OutlineEntry, PageLink, PageSize, PageText, RenderedImage, Word
from app.pdf.document import PdfDocument, open_pdf
from app.pdf.errors import (
    DamagedPdfError,
    DocumentClosedError,
    EmptyFileError,
    MissingFileError,
    NotPdfError,
    PageError,
    PasswordRequiredError,
    PdfOpenError,
    WrongPasswordError,
)
from app.pdf.text import selected_text

__all__ = [
    "MAX_ZOOM",
    "MIN_ZOOM",
    "Box",
    "DamagedPdfError",
    "DocumentClosedError",
    "EmptyFileError",
    "FitMode",
    "MissingFileError",
    "NotPdfError",
    "OutlineEntry",
    "PageError",
    "PageLink",
    "PageSize",
    "PageText",
    "PasswordRequiredError",
    "PdfDocument",
    "PdfOpenError",
    "ReaderService",
    "ReadingPosition",
    "RenderedImage",
    "Word",
    "WrongPasswordError",
    "selected_text",
]


class ReaderService:
    """Opens PDFs for the reader. Pages are drawn in the app's render process (started with
    the first document opened here; ``separate_process=False`` draws them in this process)."""

    def __init__(self, *, separate_process: bool = True) -> None:
        self._separate_process = separate_process

    def open(self, path: Path, password: str | None = None) -> PdfDocument:
        """The document at ``path``; raises a ``PdfOpenError`` (a UserFacingError) if it is not
        readable, ``PasswordRequiredError`` / ``WrongPasswordError`` for encrypted files."""
        renderer = render_process.shared() if self._separate_process else None
        return open_pdf(path, password, renderer)
