"""Is a file on disk a PDF a student can read? Opens it with PyMuPDF and counts its pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.pdf import MUPDF_LOCK
from app.pdf.mupdf import mupdf

_HASH_BLOCK = 1024 * 1024


class InvalidPdfError(ValueError):
    """The file is not a PDF PyMuPDF can open, or it has no pages."""


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    sha256: str
    bytes: int


def count_pages(path: Path) -> int:
    """The page count of the PDF at ``path``; raises InvalidPdfError when it is not one.

    The type is forced to PDF because callers check files whose names do not end in ``.pdf``
    (a download's ``.part``), and because an EPUB or XPS that MuPDF could open is still not
    what a reading link promised.
    """
    pymupdf = mupdf()  # with MuPDF's messages kept off stdout
    with MUPDF_LOCK:
        try:
            with pymupdf.open(path, filetype="pdf") as document:
                pages = int(document.page_count)
                if pages >= 1 and not document.needs_pass:
                    # MuPDF repairs broken cross-reference tables on open; loading the first
                    # page catches files whose objects are garbage beyond repair.
                    document.load_page(0)
        except (RuntimeError, ValueError) as error:  # pymupdf.FileDataError is a RuntimeError
            raise InvalidPdfError(f"{path.name}: {error}") from None
    if pages < 1:
        raise InvalidPdfError(f"{path.name} has no pages")
    return pages


def inspect_pdf(path: Path) -> PdfInfo:
    """Pages, sha256 and size of a PDF from disk (an attached file); InvalidPdfError if not one."""
    pages = count_pages(path)
    hasher = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while block := file.read(_HASH_BLOCK):
            hasher.update(block)
            size += len(block)
    return PdfInfo(pages=pages, sha256=hasher.hexdigest(), bytes=size)
