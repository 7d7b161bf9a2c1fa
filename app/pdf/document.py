"""An open PDF for the reader: page sizes, pixels, outline, links, words and search.

``open_pdf`` turns every way a file can fail into a ``PdfOpenError`` with a sentence for the
student. A ``PdfDocument`` may be used from any thread: each method holds ``MUPDF_LOCK`` for
its PyMuPDF calls (PyMuPDF is not thread-safe) and hands back plain values from
``app.pdf.content``, never PyMuPDF objects. PyMuPDF is imported on first use, not at start-up.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
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
    PdfOpenError,
    WrongPasswordError,
)
from app.pdf.mupdf import mupdf
from app.pdf.render import PagePicture, picture, render
from app.pdf.render_process import RemotePageError, RenderProcess, RenderProcessError
from app.pdf.text import outline, page_hits, page_text

log = logging.getLogger(__name__)

_HEAD_BYTES = 1024  # MuPDF accepts junk before "%PDF-" up to about this far into the file
_PICTURES_KEPT = 12  # display lists kept: the visible pages and their neighbours
_FALLBACK_SIZE = PageSize(612.0, 792.0)  # US Letter, for a page whose size cannot be read
SIZES_AT_OPEN = 40  # pages whose sizes are read on opening (see PdfDocument.page_sizes)


def open_pdf(
    path: Path,
    password: str | None = None,
    renderer: RenderProcess | None = None,
    *,
    sizes_at_open: int = SIZES_AT_OPEN,
) -> PdfDocument:
    """Open ``path`` for reading, or raise a ``PdfOpenError`` saying why it cannot be.

    An encrypted PDF raises ``PasswordRequiredError`` without a password and
    ``WrongPasswordError`` with a wrong one. A damaged PDF that MuPDF can repair opens with
    ``repaired`` set (pages beyond repair fail one by one, with ``PageError``).

    With a ``renderer`` that is ready, the file is opened there and its description (pages,
    sizes, title) comes back from it: this process opens its own copy (for words, search,
    the outline) only when first asked, after the first page is up. Opening a long PDF holds
    the GIL for its whole length (14 ms for 300 pages), time the window needs to build itself.
    While the renderer starts, the file opens here and there both.
    """
    _check_bytes(path)
    if renderer is not None and renderer.ready:
        number = renderer.new_document_id()
        try:
            described, instance = renderer.open(number, str(path), password, SIZES_AT_OPEN)
        except RenderProcessError:
            pass  # it stopped: open here, as while it starts
        else:
            if "error" in described:
                raise _open_error(described)
            document = PdfDocument(path, _description(described), password=password)
            document.render_in(renderer, (number, instance))
            return document
    with MUPDF_LOCK:
        opened = _open_here(path, password)
        document = PdfDocument(path, _describe(path, opened, sizes_at_open), opened, password)
    if renderer is not None:
        document.render_in(renderer, _open_remote(renderer, path, password))
    return document


def _open_remote(renderer: RenderProcess, path: Path, password: str | None) -> tuple[int, int]:
    """(id, process instance) of ``path`` opened in ``renderer`` without waiting for it;
    instance -1 if it stopped (opened again in the next one)."""
    number = renderer.new_document_id()
    try:
        return number, renderer.open_later(number, str(path), password)
    except RenderProcessError:
        return number, -1


def _open_here(path: Path, password: str | None) -> Any:
    """Under MUPDF_LOCK: a PyMuPDF document, authenticated, with pages."""
    pymupdf = mupdf()
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
    except BaseException:
        document.close()
        raise
    return document


@dataclass
class Description:
    """What the window needs of a document to lay it out: pages, their sizes, title, damage."""

    page_count: int
    title: str
    repaired: bool
    # Every page's size needs every page loaded: 13 ms for 300 pages. A long document opens
    # with the first pages' sizes and the last one repeated (papers rarely vary), and
    # ``read_page_sizes`` (run after the first page is up) puts in the real ones.
    page_sizes: list[PageSize]
    sizes_estimated: bool
    broken_pages: set[int]

    def as_json(self) -> dict[str, Any]:
        return {
            "pages": self.page_count,
            "title": self.title,
            "repaired": self.repaired,
            "sizes": [[size.width, size.height] for size in self.page_sizes],
            "estimated": self.sizes_estimated,
            "broken": sorted(self.broken_pages),
        }


def _description(values: dict[str, Any]) -> Description:
    return Description(
        page_count=int(values["pages"]),
        title=str(values["title"]),
        repaired=bool(values["repaired"]),
        page_sizes=[PageSize(float(width), float(height)) for width, height in values["sizes"]],
        sizes_estimated=bool(values["estimated"]),
        broken_pages={int(page) for page in values["broken"]},
    )


def _describe(path: Path, document: Any, sizes_at_open: int) -> Description:
    """Under MUPDF_LOCK."""
    count = int(document.page_count)
    broken: set[int] = set()
    sizes = _read_sizes(path, document, min(count, max(sizes_at_open, 1)), broken)
    estimated = count > len(sizes)
    sizes += [sizes[-1]] * (count - len(sizes))
    title = str((document.metadata or {}).get("title") or "").strip()
    return Description(count, title, bool(document.is_repaired), sizes, estimated, broken)


def _read_sizes(path: Path, document: Any, count: int, broken: set[int]) -> list[PageSize]:
    """The displayed sizes of the first ``count`` pages; a page that cannot be loaded is
    added to ``broken`` and takes its neighbour's size."""
    sizes: list[PageSize] = []
    for number in range(count):
        try:
            rect = document.load_page(number).rect
            size = PageSize(float(rect.width), float(rect.height))
            if size.width <= 0 or size.height <= 0:
                raise ValueError("empty page box")
        except (RuntimeError, ValueError) as error:
            log.info("%s: page %d cannot be loaded: %s", path.name, number + 1, error)
            broken.add(number)
            size = sizes[-1] if sizes else _FALLBACK_SIZE
        sizes.append(size)
    return sizes


_OPEN_ERRORS: dict[str, type[PdfOpenError]] = {
    kind.__name__: kind
    for kind in (
        DamagedPdfError,
        EmptyFileError,
        MissingFileError,
        NotPdfError,
        PasswordRequiredError,
        WrongPasswordError,
    )
}


def _open_error(reply: dict[str, Any]) -> PdfOpenError:
    """The render process's failure to open, as the same exception raised here."""
    return _OPEN_ERRORS.get(str(reply.get("kind")), PdfOpenError)(str(reply["error"]))


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

    def __init__(
        self,
        path: Path,
        description: Description,
        document: Any = None,
        password: str | None = None,
    ) -> None:
        self.path = path
        self._document = document  # this process's copy; None until first needed
        self._password = password
        self.page_count = description.page_count
        self.title = description.title
        self.repaired = description.repaired
        self.page_sizes = description.page_sizes
        self.sizes_estimated = description.sizes_estimated
        self.broken_pages = description.broken_pages
        self._pictures: OrderedDict[int, PagePicture] = OrderedDict()
        self._closed = False
        self._renderer: RenderProcess | None = None
        self._remote: tuple[int, int] | None = None  # (id there, the process's instance)

    @property
    def description(self) -> Description:
        return Description(
            self.page_count,
            self.title,
            self.repaired,
            list(self.page_sizes),
            self.sizes_estimated,
            set(self.broken_pages),
        )

    def render_in(self, renderer: RenderProcess, remote: tuple[int, int]) -> None:
        """Draw pages in ``renderer``'s process, where this file is open as ``remote`` (id,
        process instance); in this process while it starts."""
        self._renderer, self._remote = renderer, remote

    def _here(self) -> Any:
        """Under MUPDF_LOCK: this process's copy of the file, opened when first needed."""
        if self._closed:
            raise DocumentClosedError(f"{self.path.name} is closed.")
        if self._document is None:
            self._document = _open_here(self.path, self._password)
        return self._document

    def read_page_sizes(self) -> list[PageSize]:
        """Every page's real size (see ``sizes_estimated``); also updates ``page_sizes``."""
        with MUPDF_LOCK:
            document = self._here()
            if self.sizes_estimated:
                self.page_sizes = _read_sizes(
                    self.path, document, self.page_count, self.broken_pages
                )
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
            return self._here().load_page(number)
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

    def prepare(self, number: int) -> None:
        """Interpret page ``number`` now (fonts, the display list) so that its first render
        only draws; for the render process, which does it while the window is being built."""
        with MUPDF_LOCK:
            try:
                self._picture(number)
            except PageError as error:
                log.info("%s: %s", self.path.name, error)

    def render(
        self,
        number: int,
        scale: float,
        clip: Box | None = None,
        *,
        night: bool = False,
        natural_figures: bool = False,
    ) -> RenderedImage:
        """Page ``number`` (or ``clip`` of it, in points) at ``scale`` pixels per point, RGB;
        in night colours with ``night`` (vector figures too, unless ``natural_figures``)."""
        if self._renderer is not None:
            remote = self._render_remote(
                self._renderer, number, scale, clip, (night, natural_figures)
            )
            if remote is not None:
                return remote
        with MUPDF_LOCK:
            pic = self._picture(number)
            try:
                return render(pic, scale, clip, night=night, natural_figures=natural_figures)
            except (RuntimeError, ValueError) as error:
                raise PageError(f"Page {number + 1} is damaged and cannot be shown.") from error

    def _render_remote(
        self,
        renderer: RenderProcess,
        number: int,
        scale: float,
        clip: Box | None,
        colours: tuple[bool, bool],
    ) -> RenderedImage | None:
        """The page from the render process; None while it is not ready (drawn here then)."""
        if self._closed:
            raise DocumentClosedError(f"{self.path.name} is closed.")
        if not 0 <= number < self.page_count:
            raise IndexError(f"page {number} of {self.page_count}")
        if not renderer.ready:
            renderer.start()
            return None
        assert self._remote is not None
        remote_id, instance = self._remote
        try:
            if instance != renderer.instance:  # the process was restarted: open it there again
                self._remote = _open_remote(renderer, self.path, self._password)
                remote_id = self._remote[0]
            return renderer.render(remote_id, number, scale, clip, *colours)
        except RemotePageError as error:
            raise PageError(str(error)) from None
        except RenderProcessError:
            raise PageError(
                f"Page {number + 1} could not be drawn: the page renderer stopped."
                " It starts again for the next pages."
            ) from None

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

    def search_hits(self, number: int, needle: str) -> list[tuple[Box, ...]]:
        """Each hit of ``needle`` on page ``number`` as its boxes, one per line it spans: a
        phrase broken across two lines is one hit (MuPDF marks which quads make a hit)."""
        with MUPDF_LOCK:
            try:
                boxes = page_hits(self._load(number), needle)
                found = mupdf().mupdf.fz_search_page2(
                    self._here().this, number, needle, len(boxes) + 1
                )
                marks = [hit.mark for hit in found]
            except (PageError, RuntimeError, ValueError):
                return []
        if len(marks) != len(boxes):  # the two searches disagree: each box its own hit
            marks = list(range(len(boxes)))
        hits: list[list[Box]] = []
        for index, box in enumerate(boxes):
            if index and marks[index] == marks[index - 1]:
                hits[-1].append(box)
            else:
                hits.append([box])
        return [tuple(hit) for hit in hits]

    def outline(self) -> list[OutlineEntry]:
        """The table of contents (empty when the PDF has none or it cannot be read)."""
        with MUPDF_LOCK:
            document = self._here()
            try:
                toc = document.get_toc(simple=False)
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
            if self._document is not None:
                self._document.close()
        if self._renderer is not None and self._remote is not None:
            self._renderer.close_document(*self._remote)
