"""The reader's worker: opens the document, renders pages, reads their text, searches.

One worker thread per reading, on a private ``QThreadPool`` (the global pool belongs to the
downloads): PyMuPDF serialises everything behind ``MUPDF_LOCK`` anyway, so a second thread
would only wait. The work sits in lanes, served in priority order each time the worker picks
its next job: opening, then the page view's renders (visible bands first, then neighbours, in
the order the view asked), then page text, then thumbnails, then search, one page at a time.
A lane is *replaced* each time its client asks again, so work that went stale (scrolled away,
zoom changed) is dropped without being waited for; a render already running finishes, and its
result carries its generation so the view can drop it too.

Results come back only through Qt signals (queued to the GUI thread). Pixels become a
``QImage`` here, on the worker (QImage, unlike QPixmap, is safe off the GUI thread), already
converted to RGB32 so that painting is a plain copy.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from app.services.reader import (
    Box,
    DocumentClosedError,
    PageError,
    PdfDocument,
    PdfOpenError,
    ReaderService,
    RenderedImage,
)
from app.ui.reader.page_cache import TileKey

log = logging.getLogger(__name__)

VIEW = "view"
GIL_PAUSE_SECONDS = 0.002  # see _drain
BUSY_SECONDS = 0.001  # a job that kept this thread on the CPU this long held the GIL
# How long a thread that wants the GIL waits before asking its holder to let go (Python's
# default is 5 ms). The worker needs the GIL only briefly between waits on the render process
# (a request, a reply, a QImage), and the GUI thread only between events: 1 ms brings the
# first page up sooner (opening: 1.45-1.9x raw PyMuPDF, 1.65-2.15x at 5 ms) and bounds a
# wait for the GIL to a fraction of a frame. Process-wide; set when the first tab opens.
GIL_SWITCH_SECONDS = 0.001
THUMBNAILS = "thumbnails"


@dataclass(frozen=True, slots=True)
class RenderRequest:
    key: TileKey
    scale: float  # device pixels per point
    clip: Box | None
    generation: int
    client: str = VIEW


def to_qimage(rendered: RenderedImage, dpr: float) -> QImage:
    """Packed RGB bytes as an RGB32 QImage that owns its pixels, tagged with ``dpr``."""
    wrapped = QImage(
        rendered.samples,
        rendered.width,
        rendered.height,
        rendered.stride,
        QImage.Format.Format_RGB888,
    )
    # convertToFormat copies, so the image no longer points into ``samples``.
    image = wrapped.convertToFormat(QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(dpr)
    return image


class _Job(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        self._work()


class RenderQueue(QObject):
    opened = Signal(object)  # PdfDocument
    open_failed = Signal(object)  # PdfOpenError (PasswordRequiredError asks for a password)
    rendered = Signal(object, object)  # RenderRequest, QImage
    render_failed = Signal(object, str)  # RenderRequest, message
    text_ready = Signal(int, object)  # page, PageText
    search_hits = Signal(int, int, object)  # search id, page, list[tuple[Box, ...]]: a hit's parts
    search_finished = Signal(int)  # search id
    outline_ready = Signal(object)  # list[OutlineEntry], read after the first renders
    sizes_ready = Signal(object)  # list[PageSize]: every page's real size, when estimated

    def __init__(self, service: ReaderService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        self._service = service
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()  # guards the lanes and flags below
        self._running = False
        self._closed = False
        self._document: PdfDocument | None = None
        self._active: TileKey | None = None  # the render in progress, not to be asked again
        self._open_request: tuple[Path, str | None] | None = None
        self._renders: dict[str, deque[RenderRequest]] = {VIEW: deque(), THUMBNAILS: deque()}
        self._texts: deque[int] = deque()
        self._outline_due = False
        self._search: tuple[int, str, deque[int]] | None = None
        self._search_id = 0

    # -- requests, from the GUI thread -------------------------------------------------------

    def open(self, path: Path, password: str | None = None) -> None:
        self._submit(lambda: setattr(self, "_open_request", (path, password)))

    def schedule(self, client: str, requests: Sequence[RenderRequest]) -> None:
        """Replace ``client``'s pending renders with ``requests``, in this order."""
        lane = self._renders[client]

        def replace() -> None:
            lane.clear()
            lane.extend(request for request in requests if request.key != self._active)

        self._submit(replace)

    def request_text(self, pages: Sequence[int]) -> None:
        """Replace the pending text reads with ``pages``."""

        def replace() -> None:
            self._texts.clear()
            self._texts.extend(pages)

        self._submit(replace)

    def request_details(self) -> None:
        """Read the outline and, if they were estimated, all page sizes (after the first page
        is up: for a long document both take a while)."""
        self._submit(lambda: setattr(self, "_outline_due", True))

    def start_search(self, needle: str, pages: Sequence[int]) -> int:
        """Search ``pages`` in that order for ``needle``; returns the id its signals carry.
        Starting a search cancels the one before."""
        self._search_id += 1
        search_id = self._search_id
        self._submit(lambda: setattr(self, "_search", (search_id, needle, deque(pages))))
        return search_id

    def cancel_search(self) -> None:
        self._submit(lambda: setattr(self, "_search", None))

    def pending(self, client: str) -> list[RenderRequest]:
        with self._lock:
            return list(self._renders[client])

    @property
    def active(self) -> TileKey | None:
        """The key being rendered right now, if any."""
        with self._lock:
            return self._active

    @property
    def active_threads(self) -> int:
        return int(self._pool.activeThreadCount())

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    def close(self) -> None:
        """Drop all pending work, wait for the job in progress, close the document."""
        with self._lock:
            self._closed = True
            self._open_request = None
            for lane in self._renders.values():
                lane.clear()
            self._texts.clear()
            self._search = None
        self._pool.waitForDone()
        if self._document is not None:
            self._document.close()
            self._document = None

    def _submit(self, change: Callable[[], None]) -> None:
        with self._lock:
            if self._closed:
                return
            change()
            if self._running:
                return
            self._running = True
        self._pool.start(_Job(self._drain))

    # -- the worker ------------------------------------------------------------------------------

    def _drain(self) -> None:
        """Run jobs until every lane is empty (on the worker thread)."""
        busy = 0.0  # CPU time of the last job on this thread
        while True:
            if busy > BUSY_SECONDS:
                # Leave the GIL to the GUI thread for a moment after a job that held it
                # (PyMuPDF in this process: text, search, a render while the render process
                # starts). Back-to-back jobs would leave the GUI thread waiting out the
                # interpreter's switch interval and then a whole job, several times a frame
                # (measured: 15-30 ms stalls while scrolling; 13-15 ms with the pause). A
                # render by the render process is spent waiting on its pipe: no pause.
                time.sleep(GIL_PAUSE_SECONDS)
            with self._lock:
                self._active = None
                job = None if self._closed else self._next_job()
                if job is None:
                    self._running = False
                    return
            started = time.thread_time()
            try:
                job()
            except DocumentClosedError:
                with self._lock:  # close() is under way: nothing more to do
                    self._running = False
                    self._active = None
                return
            except Exception:  # a bug must not kill the worker silently; log and go on
                log.exception("reader job failed")
            busy = time.thread_time() - started

    def _next_job(self) -> Callable[[], None] | None:
        if self._open_request is not None:
            path, password = self._open_request
            self._open_request = None
            return lambda: self._open(path, password)
        if self._document is None:
            return None
        document = self._document
        if self._renders[VIEW]:
            request = self._renders[VIEW].popleft()
            self._active = request.key
            return lambda: self._render(document, request)
        if self._outline_due:
            self._outline_due = False
            return lambda: self._read_details(document)
        if self._texts:
            page = self._texts.popleft()
            return lambda: self.text_ready.emit(page, document.page_text(page))
        if self._renders[THUMBNAILS]:
            request = self._renders[THUMBNAILS].popleft()
            return lambda: self._render(document, request)
        if self._search is not None:
            search_id, needle, pages = self._search
            if not pages:
                self._search = None
                return lambda: self.search_finished.emit(search_id)
            page = pages.popleft()
            return lambda: self.search_hits.emit(
                search_id, page, document.search_hits(page, needle)
            )
        return None

    def _open(self, path: Path, password: str | None) -> None:
        try:
            document = self._service.open(path, password)
        except PdfOpenError as error:
            self.open_failed.emit(error)
            return
        with self._lock:
            if self._closed:
                document.close()
                return
            if self._document is not None:
                self._document.close()
            self._document = document
        self.opened.emit(document)

    def _read_details(self, document: PdfDocument) -> None:
        if document.sizes_estimated:
            self.sizes_ready.emit(document.read_page_sizes())
        self.outline_ready.emit(document.outline())

    def _render(self, document: PdfDocument, request: RenderRequest) -> None:
        try:
            rendered = document.render(
                request.key.page,
                request.scale,
                request.clip,
                night=request.key.dark,
                natural_figures=request.key.natural_figures,
            )
        except PageError as error:
            self.render_failed.emit(request, str(error))
            return
        image = to_qimage(rendered, request.key.dpr)
        image.setOffset(QPoint(rendered.x, rendered.y))  # where the band sits in the page
        self.rendered.emit(request, image)
