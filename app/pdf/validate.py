"""Is a file on disk a PDF a student can read? Opens it with PyMuPDF and counts its pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.library import DamagedPdfError
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
    damage: str | None = None  # what is wrong with a file that opens only in part


def count_pages(path: Path) -> int:
    """The page count of the PDF at ``path``; raises InvalidPdfError when it is not one.

    A PDF that opens only repaired, or with pages that fail to load, raises DamagedPdfError
    (with its page count and what is wrong): a student may still read most of it, but it is
    not a good copy. The type is forced to PDF because callers check files whose names do not
    end in ``.pdf`` (a download's ``.part``), and because an EPUB or XPS that MuPDF could open
    is still not what a reading link promised.
    """
    pymupdf = mupdf()  # with MuPDF's messages kept off stdout
    with MUPDF_LOCK:
        try:
            with pymupdf.open(path, filetype="pdf") as document:
                pages = int(document.page_count)
                damage = None
                if pages >= 1 and not document.needs_pass:
                    damage = _damage(pymupdf, document, pages)
        except (RuntimeError, ValueError) as error:  # pymupdf.FileDataError is a RuntimeError
            raise InvalidPdfError(f"{path.name}: {error}") from None
    if pages < 1:
        raise InvalidPdfError(f"{path.name} has no pages")
    if damage is not None:
        raise DamagedPdfError(pages, damage)
    return pages


def _damage(pymupdf: Any, document: Any, pages: int) -> str | None:
    """What is wrong with an opened document, or None: every page is interpreted once.

    MuPDF repairs a broken cross-reference table on open (a file cut short, or corrupted), and
    a page whose objects are gone may fail to load or only warn that its content is missing;
    the warnings are MuPDF's own store, read per page under the lock.
    """
    pymupdf.TOOLS.mupdf_warnings(reset=True)
    unreadable = []
    for number in range(pages):
        try:
            document.load_page(number).get_displaylist()
        except (RuntimeError, ValueError):
            unreadable.append(number + 1)
            continue
        if _content_trouble(pymupdf.TOOLS.mupdf_warnings(reset=True)):
            unreadable.append(number + 1)
    if unreadable:
        if len(unreadable) == pages:
            return "no page can be read"
        return f"{page_ranges(unreadable)} cannot be read"
    if document.is_repaired:
        return "the file is broken (cut short or corrupted) and opened only after repair"
    return None


def _content_trouble(warnings: str) -> bool:
    """Whether MuPDF's warnings say a page's own content is missing.

    An annotation MuPDF cannot draw (another tool's 3D or unknown subtype, with no appearance
    stream) warns "cannot create appearance stream": the paper itself is whole.
    """
    return any(
        "cannot" in line and "appearance stream" not in line for line in warnings.splitlines()
    )


def page_ranges(numbers: list[int]) -> str:
    """ "page 3", "pages 5-12", "pages 2, 5-12": ascending page numbers in words."""
    spans: list[tuple[int, int]] = []
    for number in numbers:
        if spans and spans[-1][1] == number - 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)
    return f"page {text}" if len(numbers) == 1 else f"pages {text}"


def inspect_pdf(path: Path) -> PdfInfo:
    """Pages, sha256 and size of a PDF from disk (an attached file); InvalidPdfError if not one.

    A damaged PDF is inspected all the same, with ``damage`` saying what is wrong.
    """
    damage = None
    try:
        pages = count_pages(path)
    except DamagedPdfError as damaged:
        pages, damage = damaged.pages, damaged.problem
    hasher = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while block := file.read(_HASH_BLOCK):
            hasher.update(block)
            size += len(block)
    return PdfInfo(pages=pages, sha256=hasher.hexdigest(), bytes=size, damage=damage)
