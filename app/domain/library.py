"""The reading library: where each reading's file stands, and why a fetch failed, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.errors import UserFacingError


class FetchState(StrEnum):
    NOT_FETCHED = "not_fetched"
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    READY = "ready"
    FAILED = "failed"
    WEB = "web"  # not a PDF: read it in the browser, or attach a local copy
    ATTACHED = "attached"  # a PDF the student chose from disk
    DAMAGED = "damaged"  # a file that opens only repaired, or with pages that cannot be read


class FailureKind(StrEnum):
    NETWORK = "network"  # reset, timed out, cut short
    UNREACHABLE = "unreachable"  # no connection to the host at all: offline, no DNS, refused
    OFFLINE = "offline"  # a run in which no host could be reached: said once, not per reading
    HTTP_STATUS = "http_status"  # 404, 500 after retries, ...
    LOGIN_WALL = "login_wall"  # HTML with a sign-in form, or 401/403 without credentials
    LANDING_PAGE = "landing_page"  # HTML where a PDF was expected
    NOT_PDF = "not_pdf"  # bytes that are not a PDF PyMuPDF can open
    TOO_LARGE = "too_large"
    CANCELLED = "cancelled"
    DAMAGED = "damaged"  # the file arrived whole but is broken: kept, to open anyway


class DamagedPdfError(Exception):
    """A PDF that opens, but only repaired or with pages that fail: what is wrong, in words.

    Raised by the PDF check (app.pdf.validate) and caught by the downloader, which keeps such a
    file (the student may still read most of it) instead of calling it ready.
    """

    def __init__(self, pages: int, problem: str) -> None:
        super().__init__(problem)
        self.pages = pages
        self.problem = problem


@dataclass(frozen=True)
class FetchFailure:
    kind: FailureKind
    message: str  # advice a student can act on, naming the URL where it helps

    def __str__(self) -> str:
        return self.message


class ReadingFetchError(UserFacingError):
    """Resolving or downloading a reading failed; ``failure`` is what the library records."""

    def __init__(self, failure: FetchFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@dataclass(frozen=True)
class Resolution:
    """Where a reading's PDF is, or that the reading is a web page."""

    url: str  # the PDF to download, or the page to open in a browser
    is_pdf: bool
    via: str  # which rule found it, e.g. "arxiv", "citation_pdf_url", "direct"


OFFLINE_MESSAGE = "You are offline: no site could be reached. Check the connection, then retry"


@dataclass(frozen=True)
class RetryWait:
    """A download waiting to try again after a transient failure (never stored)."""

    seconds: float
    attempt: int  # the attempt to come: 2 for the first retry
    attempts: int  # tries in all
    reason: str  # what went wrong, in words


@dataclass(frozen=True)
class LibraryEntry:
    reading_id: str
    state: FetchState
    path: str | None = None
    bytes: int | None = None  # received so far while downloading; the file size once ready
    total_bytes: int | None = None
    pages: int | None = None
    sha256: str | None = None
    fetched_at: datetime | None = None
    error: str | None = None
    error_kind: FailureKind | None = None
    source_url: str | None = None  # the URL the file came from (after resolution)
    link: str | None = None  # the reading's link when it was fetched: a new link means refetch
    retrying: RetryWait | None = None  # while a download waits to try again

    @property
    def percent(self) -> int | None:
        if self.bytes is None or not self.total_bytes:
            return None
        return min(100, self.bytes * 100 // self.total_bytes)
