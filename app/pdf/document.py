"""An open PDF for the reader: page sizes, pixels, outline, links, words and search.

``open_pdf`` turns every way a file can fail into a ``PdfOpenError`` with a sentence for the
student. A ``PdfDocument`` may be used from any thread: each method holds ``MUPDF_LOCK`` for
its PyMuPDF calls (PyMuPDF is not thread-safe) and hands back plain values from
``app.pdf.content``, never PyMuPDF objects. PyMuPDF is imported on first use, not at start-up.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path
from typing import Any

from app.pdf import MUPDF_LOCK
from app.pdf.content import Box, OutlineEntry, PageSize, PageText, RenderedImage
from app.pdf.errors import (
    DamagedPdfError,
    DocumentClosedError,
    EmptyFileError,
    MissingFileError,
    NotPdfError,
    PageError,
    PasswordRequiredError,
    WrongPasswordError,
)
from app.pdf.mupdf import mupdf
from app.pdf.render import PagePicture, picture, render
from app.pdf.text import outline, page_hits, page_text

log = logging.getLogger(__name__)

_HEAD_BYTES = 1024  # MuPDF accepts junk before "%PDF-" up to about this far into the file
_PICTURES_KEPT = 12  # display lists kept: the visible pages and their neighbours
_FALLBACK_SIZE = PageSize(612.0, 792.0)  # US Letter, for a page whose size cannot be read
SIZES_AT_OPEN = 40  # pages whose sizes are read on opening (see PdfDocument.page_sizes)


def open_pdf(path: Path, password: str | None = None) -> PdfDocument:
    """Open ``path`` for reading, or raise a ``PdfOpenError`` saying why it cannot be.

    An encrypted PDF raises ``PasswordRequiredError`` without a password and
    ``WrongPasswordError`` with a wrong one. A damaged PDF that MuPDF can repair opens with
    ``repaired`` set (pages beyond repair fail one by one, with ``PageError``).
    """
    _check_bytes(path)
    pymupdf = mupdf()
    with MUPDF_LOCK:
        try:
            document = pymupdf.open(path, filetype="pdf")
        except (RuntimeError, ValueError) as error:  # pymupdf.FileDataError is a RuntimeError
            log.info("MuPDF could not open %s: %s", path, error)
            raise DamagedPdfError(
                f"{path.name} is damaged beyond repair: no page of it can be read."
            ) from None
        try:
            if document.needs_pass:
                if password is None:
                    raise PasswordRequiredError(f"{path.name} is protected by a password.")
                if not document.authenticate(password):
                    raise WrongPasswordError(f"That password does not open {path.name}.")
            if document.page_count < 1:
                raise DamagedPdfError(f"{path.name} is damaged: it has no pages that can be read.")
            return PdfDocument(document, path)
        except BaseException:
            document.close()
            raise


def _check_bytes(path: Path) -> None:
    """Tell apart the failures a student can understand before MuPDF gets the file."""
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise MissingFileError(f"{path.name} is no longer on disk: download it again.") from None
    except OSError as error:
        raise MissingFileError(f"{path.name} cannot be read: {error.strerror}.") from None
    if not head:
        raise EmptyFileError(f"{path.name} is empty (0 bytes): download it again.")
    if b"%PDF-" in head:
        return
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise NotPdfError(
            f"{path.name} is a web page, not a PDF (often a sign-in or error page saved"
            " instead of the paper): open the reading's link in the browser."
        )
    raise NotPdfError(f"{path.name} is not a PDF.")


class PdfDocument:
    """A PDF opened by ``open_pdf``. Pages are 0-based; coordinates are points (see content)."""

    def __init__(self, document: Any, path: Path) -> None:
        self._document = document
        self.path = path
        self.repaired = bool(document.is_repaired)
        self.page_count = int(document.page_count)
        self.title = str((document.metadata or {}).get("title") or "").strip()
        self.broken_pages: set[int] = set()
        # Every page's size needs every page loaded: 13 ms for 300 pages. A long document opens
        # with the first pages' sizes and the last one repeated (papers rarely vary), and
        # ``read_page_sizes`` (run after the first page is up) puts in the real ones.
        self.page_sizes = self._read_sizes(min(self.page_count, SIZES_AT_OPEN))
        self.sizes_estimated = self.page_count > SIZES_AT_OPEN
        self.page_sizes += [self.page_sizes[-1]] * (self.page_count - len(self.page_sizes))
        self._pictures: OrderedDict[int, PagePicture] = OrderedDict()
        self._closed = False

    def _read_sizes(self, count: int) -> list[PageSize]:
        """The displayed sizes of the first ``count`` pages; a page that cannot be loaded is
        marked broken and takes its neighbour's size."""
        sizes: list[PageSize] = []
        for number in range(count):
            try:
                rect = self._document.load_page(number).rect
                size = PageSize(float(rect.width), float(rect.height))
                if size.width <= 0 or size.height <= 0:
                    raise ValueError("empty page box")
            except (RuntimeError, ValueError) as error:
                log.info("%s: page %d cannot be loaded: %s", self.path.name, number + 1, error)
                self.broken_pages.add(number)
                size = sizes[-1] if sizes else _FALLBACK_SIZE
            sizes.append(size)
        return sizes

    def read_page_sizes(self) -> list[PageSize]:
        """Every page's real size (see ``sizes_estimated``); also updates ``page_sizes``."""
        with MUPDF_LOCK:
            if self._closed:
                raise DocumentClosedError(f"{self.path.name} is closed.")
            if self.sizes_estimated:
                self.page_sizes = self._read_sizes(self.page_count)
                self.sizes_estimated = False
            return list(self.page_sizes)

    @property
    def damaged(self) -> bool:
        """MuPDF had to repair the file, or some pages could not be loaded at all."""
        return self.repaired or bool(self.broken_pages)

    def _load(self, number: int) -> Any:
        if self._closed:
            raise DocumentClosedError(f"{self.path.name} is closed.")
        if not 0 <= number < self.page_count:
            raise IndexError(f"page {number} of {self.page_count}")
        try:
            return self._document.load_page(number)
        except (RuntimeError, ValueError) as error:
            raise PageError(f"Page {number + 1} is damaged and cannot be shown.") from error

    def _picture(self, number: int) -> PagePicture:
        found = self._pictures.get(number)
        if found is not None:
            self._pictures.move_to_end(number)
            return found
        try:
            made = picture(self._load(number))
        except (RuntimeError, ValueError) as error:
            raise PageError(f"Page {number + 1} is damaged and cannot be shown.") from error
        self._pictures[number] = made
        while len(self._pictures) > _PICTURES_KEPT:
            self._pictures.popitem(last=False)
        return made

    def render(
        self, number: int, scale: float, clip: Box | None = None, *, night: bool = False
    ) -> RenderedImage:
        """Page ``number`` (or ``clip`` of it, in points) at ``scale`` pixels per point, RGB."""
        with MUPDF_LOCK:
            pic = self._picture(number)
            try:
                return render(pic, scale, clip, night=night)
            except (RuntimeError, ValueError) as error:
                raise PageError(f"Page {number + 1} is damaged and cannot be shown.") from error

    def page_text(self, number: int) -> PageText:
        """The page's words in reading order and its links; empty for a damaged page."""
        with MUPDF_LOCK:
            try:
                return page_text(self._load(number), self.page_count)
            except (PageError, RuntimeError, ValueError) as error:
                log.info("%s: no text from page %d: %s", self.path.name, number + 1, error)
                return PageText((), (), ())

    def search(self, number: int, needle: str) -> list[Box]:
        """Boxes of ``needle`` on page ``number``, ignoring case; none on a damaged page."""
        with MUPDF_LOCK:
            try:
                return page_hits(self._load(number), needle)
            except (PageError, RuntimeError, ValueError):
                return []

    def outline(self) -> list[OutlineEntry]:
        """The table of contents (empty when the PDF has none or it cannot be read)."""
        with MUPDF_LOCK:
            if self._closed:
                raise DocumentClosedError(f"{self.path.name} is closed.")
            try:
                toc = self._document.get_toc(simple=False)
            except (RuntimeError, ValueError) as error:
                log.info("%s: outline unreadable: %s", self.path.name, error)
                return []
        return outline(toc, self.page_count)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Release MuPDF's objects; later calls raise ``DocumentClosedError``."""
        with MUPDF_LOCK:
            if self._closed:
                return
            self._closed = True
            self._pictures.clear()
            self._document.close()
