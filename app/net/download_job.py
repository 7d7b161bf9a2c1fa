"""One download, step by step: ask, check the answer, stream into the .part, validate, promote.

Bytes stream into ``NAME.part`` (see part_file.py); an interrupted download resumes with
``Range``/``If-Range``. Transient failures (5xx, 429, 408, dropped or stalled connections) are
retried with backoff (retry.py); everything else fails at once with a ``FetchFailure`` whose
message tells the student what to do. The file replaces ``dest`` only after it opened as a PDF
with pages, so a bad download never costs a good file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.domain.library import DamagedPdfError, FailureKind, FetchFailure, ReadingFetchError
from app.net import content_check
from app.net.basic_auth import HostBoundAuth
from app.net.body_io import pieces, prepend, start_writeback
from app.net.cancel_watch import watched
from app.net.http import CONNECT_TIMEOUT, READ_TIMEOUT, describe, sentence, status_words
from app.net.page_links import drive_confirm_url
from app.net.part_file import PartFile, PartState
from app.net.ranges import range_start, range_total, total_size, validator_changed
from app.net.retry import RETRY_STATUSES, RetryPolicy, unreachable

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]  # (bytes so far, total or None when unknown)
Credentials = Callable[[str], tuple[str, str] | None]  # host -> (user, password), or None
# Before a wait to try again: (seconds, the attempt to come, attempts in all, the reason).
Retrying = Callable[[float, int, int, str], None]
# Page count of a PDF; raises ValueError when not a PDF, DamagedPdfError when broken in part.
PageCounter = Callable[[Path], int]

MB = 1024 * 1024
MAX_REPEATS = 4  # immediate re-requests (start over, credentials, Drive) before giving up
WRITEBACK_EVERY = 8 * MB  # let the disk start on the bytes so far (see body_io.start_writeback)


@dataclass(frozen=True)
class DownloadSettings:
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT  # longest silence between two reads of the body
    max_redirects: int = 10
    max_bytes: int = 200 * MB
    chunk_size: int = MB  # the most one read returns; a slow link gives what has arrived
    progress_interval: float = 0.05  # at most 20 progress calls a second
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    bytes: int
    sha256: str
    pages: int
    final_url: str
    damage: str | None = None  # a file kept although broken: what is wrong with it


class DownloadError(ReadingFetchError):
    """A download that failed; ``failure`` says what kind, its message what to do."""

    @property
    def kind(self) -> FailureKind:
        return self.failure.kind


class _Retry(Exception):  # noqa: N818 - control flow, not an error type
    """A transient failure: wait, then try again (from the .part) unless attempts ran out."""

    def __init__(self, failure: FetchFailure, retry_after: str | None = None) -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.retry_after = retry_after


class _Again(Exception):  # noqa: N818 - control flow, not an error type
    """Ask again at once: credentials came, Drive's warning was passed, or a range made no sense."""

    def __init__(self, reason: str, *, discard_part: bool) -> None:
        super().__init__(reason)
        self.discard_part = discard_part


class DownloadJob:
    """One call of Downloader.download: its part file, attempts, credentials and progress."""

    def __init__(
        self,
        settings: DownloadSettings,
        session: requests.Session,
        count_pages: PageCounter,
        url: str,
        dest: Path,
        *,
        progress: Progress | None,
        cancel: threading.Event | None,
        credentials: Credentials | None,
        retrying: Retrying | None = None,
    ) -> None:
        self.settings = settings
        self.retrying = retrying
        self.session = session
        self.count_pages = count_pages
        self.url = url
        self.host = urlsplit(url).hostname or url
        self.dest = dest
        self.part = PartFile(dest)
        self.progress = progress
        self.cancel = cancel
        self.credentials = credentials
        self.asked_credentials = False
        self.auth: HostBoundAuth | None = None
        # Then the URL that asked for a login (never re-sent from the start), or where Drive's
        # "Download anyway" leads; the .part still belongs to ``url``.
        self.target = url
        self.drive_confirmed = False
        self.resumed = False  # the file is spliced from two answers: a damaged one starts over
        self.last_report = float("-inf")

    def run(self) -> DownloadResult:
        failures = repeats = 0
        best = self.part.size()
        while True:
            self._check_cancel()
            try:
                return self._attempt()
            except _Again as again:
                repeats += 1
                log.info("downloading %s again at once: %s", self.url, again)
                if again.discard_part:
                    self.part.discard()
                if repeats > MAX_REPEATS:
                    raise _failure(
                        FailureKind.HTTP_STATUS,
                        f"{self.host} answered in a way that cannot be downloaded ({again}) "
                        f"for {self.url}; open it in the browser or attach the PDF",
                    ) from None
            except _Retry as retry:
                size = self.part.size()
                if size > best:  # progress was made: a flaky server gets a fresh streak
                    best, failures = size, 0
                failures += 1
                if failures >= self.settings.retry.attempts:
                    raise DownloadError(retry.failure) from None
                delay = self.settings.retry.delay(failures, retry.retry_after)
                log.info("retrying %s in %.1f s: %s", self.url, delay, retry.failure)
                if self.retrying is not None:
                    attempts = self.settings.retry.attempts
                    self.retrying(delay, failures + 1, attempts, retry.failure.message)
                self._wait(delay)

    def _attempt(self) -> DownloadResult:
        import requests

        offset, state = self.part.resume_offset(self.url)
        headers = {
            "Accept": "application/pdf, */*;q=0.5",
            # Range offsets count bytes as sent; a compressed body would make them meaningless.
            "Accept-Encoding": "identity",
        }
        if offset and state is not None:
            headers["Range"] = f"bytes={offset}-"
            if state.if_range:
                headers["If-Range"] = state.if_range
        try:
            # Cancel shuts the connection whatever the request waits for: the connect, a
            # server that accepted and says nothing, or the next bytes of the body.
            with (
                watched(self.cancel),
                self.session.get(
                    self.target,
                    headers=headers,
                    auth=self.auth,
                    stream=True,
                    timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                ) as response,
            ):
                return self._receive(response, offset, state)
        except requests.exceptions.RequestException as error:
            raise self._trouble(error) from None

    def _receive(
        self, response: requests.Response, offset: int, state: PartState | None
    ) -> DownloadResult:
        status = response.status_code
        if status == 401:
            self._challenge(response)
        if status == 403:
            raise _failure(
                FailureKind.LOGIN_WALL,
                f"{response.url} refused access (403 Forbidden): it may need a login or a "
                "subscription; open it in the browser or attach the PDF",
            )
        if status == 416:
            whole = offset and state and state.if_range and range_total(response.headers) == offset
            if whole:
                # The .part is already the whole (unchanged) file: a crash hit after the last
                # byte but before the rename.
                self._report(offset, offset, force=True)
                self.resumed = True
                return self._finish(self.part.hash_existing(), offset, response.url)
            raise _Again("416 Range Not Satisfiable", discard_part=True)
        if status in RETRY_STATUSES:
            raise _Retry(_status_failure(response, self.url), response.headers.get("Retry-After"))
        if status not in (200, 206):
            raise DownloadError(_status_failure(response, self.url))
        if status == 206:
            start = range_start(response.headers)
            if start != offset or validator_changed(
                state.etag if state else None, response.headers
            ):
                raise _Again(f"range from {start} when {offset} was asked", discard_part=True)
            known = state.total if state else None
            if known is not None and range_total(response.headers) not in (None, known):
                raise _Again("the file's size changed since the last attempt", discard_part=True)
            self.resumed = self.resumed or offset > 0
        else:
            # The server ignored Range, or If-Range saw a changed file: start over, and forget
            # the old validators with the old bytes.
            offset, state = 0, None
        total = total_size(status, response.headers, offset)
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        self._check_size(total, response.url)
        chunks = pieces(response, self.settings.chunk_size)
        head = b"" if offset else self._check_head(chunks, response)
        self.part.save_state(
            PartState(
                url=self.url,
                etag=response.headers.get("ETag") or (state.etag if state else None),
                last_modified=response.headers.get("Last-Modified")
                or (state.last_modified if state else None),
                total=total,
                resumable=not encoded,
            )
        )
        hasher, received = self._stream(head, chunks, offset, total)
        return self._finish(hasher, received, response.url)

    def _challenge(self, response: requests.Response) -> None:
        challenge = response.headers.get("WWW-Authenticate", "")
        host = urlsplit(response.url).hostname or self.host
        if self.asked_credentials:
            raise _failure(
                FailureKind.LOGIN_WALL,
                f"{host} did not accept the user name and password for {response.url}; "
                "check them, or open it in the browser and attach the PDF",
            )
        answer = None
        if self.credentials is not None and "basic" in challenge.lower():
            self.asked_credentials = True
            answer = self.credentials(host)
        if answer is None:
            raise _failure(
                FailureKind.LOGIN_WALL,
                f"{response.url} needs a login; open it in the browser or attach the PDF",
            )
        self.auth = HostBoundAuth(*answer, challenge_url=response.url)
        self.target = response.url  # the credentials are for this address only
        raise _Again("credentials for the login", discard_part=False)

    def _check_size(self, total: int | None, url: str) -> None:
        if total is not None and total > self.settings.max_bytes:
            self.part.discard()
            raise _too_large(url, self.settings.max_bytes, total)

    def _check_head(self, chunks: Iterator[bytes], response: requests.Response) -> bytes:
        """The body's first bytes, once they show a PDF; a web page or other bytes fail here."""
        head = content_check.read_head(chunks)
        if content_check.pdf_start(head):
            return head
        content_type = response.headers.get("Content-Type")
        if content_check.is_drive_url(response.url) and content_check.looks_like_html(
            head, content_type
        ):
            page = content_check.read_page(head, chunks, content_type)
            failure = self._past_drive_warning(page, response.url)
        else:
            failure = content_check.not_a_pdf(head, chunks, content_type, response.url)
        self.part.discard()
        raise DownloadError(failure)

    def _past_drive_warning(self, page: str, url: str) -> FetchFailure:
        """Press Drive's "Download anyway" once (raises _Again), else say why there is no file.

        The .part is kept for the button's URL: on a resume Drive shows the warning again, and
        the rest of the file comes from where the button leads.
        """
        if content_check.is_login_page(page, url):
            return content_check.page_failure(page, url)
        onward = None if self.drive_confirmed else drive_confirm_url(page, url)
        if onward is None:
            return content_check.drive_dead_end(self.url, after_warning=self.drive_confirmed)
        self.drive_confirmed = True
        self.target = onward
        raise _Again("past Google Drive's virus-scan warning", discard_part=False)

    def _stream(
        self, head: bytes, chunks: Iterator[bytes], offset: int, total: int | None
    ) -> tuple[hashlib._Hash, int]:
        hasher = self.part.hash_existing() if offset else hashlib.sha256()
        received = written_back = offset
        self._report(received, total)
        with self.part.path.open("ab" if offset else "wb") as out:
            for chunk in self._until_cancelled(prepend(head, chunks)):
                if self.cancel is not None and self.cancel.is_set():
                    self._report(received, total, force=True)  # where the pause is
                    raise self._cancelled()  # the with block flushes: the bytes so far stay
                received += len(chunk)
                if received > self.settings.max_bytes:
                    out.close()
                    self.part.discard()
                    raise _too_large(self.url, self.settings.max_bytes, None)
                out.write(chunk)
                out.flush()  # every byte that came is in the .part, even while a server stalls
                hasher.update(chunk)
                if received - written_back >= WRITEBACK_EVERY:
                    start_writeback(out, written_back, received - written_back)
                    written_back = received
                self._report(received, total)
            out.flush()
            os.fsync(out.fileno())
        if self.cancel is not None and self.cancel.is_set():  # the watcher ended the read
            self._report(received, total, force=True)
            raise self._cancelled()
        if total is not None and received < total:  # urllib3 catches this; belt and braces
            raise self._network(
                f"{self.host} closed the connection before all of {self.url} arrived"
            )
        if total is not None and received > total:  # a size that disagrees is no file to keep
            self.part.discard()
            raise self._network(
                f"{self.host} sent more of {self.url} than it announced ({received} bytes "
                f"of {total})"
            )
        self._report(received, total, force=True)
        return hasher, received

    def _until_cancelled(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """The chunks, ending quietly when a cancel's watcher cut the read short."""
        try:
            yield from chunks
        except Exception:
            if self.cancel is not None and self.cancel.is_set():
                return
            raise

    def _finish(self, hasher: hashlib._Hash, size: int, final_url: str) -> DownloadResult:
        damage = None
        try:
            pages = self.count_pages(self.part.path)
        except DamagedPdfError as damaged:
            if self.resumed:  # two answers spliced may be the damage: fetch it whole once
                self.resumed = False
                raise _Again(
                    f"a resumed file is damaged ({damaged.problem})", discard_part=True
                ) from None
            if self.dest.exists():  # a failed download never replaces a file the student has
                self.part.discard()
                raise _failure(
                    FailureKind.DAMAGED,
                    f"The new copy from {final_url} is damaged ({damaged.problem}); "
                    "the copy you have is kept",
                ) from None
            pages, damage = damaged.pages, damaged.problem
        except ValueError:
            if self.resumed:  # the same for a spliced file that does not open at all
                self.resumed = False
                raise _Again("a resumed file is not a PDF", discard_part=True) from None
            self.part.discard()
            raise _failure(
                FailureKind.NOT_PDF, f"The file from {final_url} is damaged or not a PDF"
            ) from None
        self.part.promote(self.dest)
        return DownloadResult(self.dest, size, hasher.hexdigest(), pages, final_url, damage)

    def _report(self, done: int, total: int | None, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if force or now - self.last_report >= self.settings.progress_interval:
            self.last_report = now
            self.progress(done, total)

    def _wait(self, seconds: float) -> None:
        if self.cancel is None:
            time.sleep(seconds)
        elif self.cancel.wait(seconds):
            raise self._cancelled()

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise self._cancelled()

    def _cancelled(self) -> DownloadError:
        return _failure(
            FailureKind.CANCELLED,
            f"The download of {self.url} was cancelled; it continues where it stopped next time",
        )

    def _network(self, message: str) -> _Retry:
        return _Retry(FetchFailure(FailureKind.NETWORK, message))

    def _trouble(self, error: Exception) -> Exception:
        """A failed request: retried later when that may help, else a failure with advice."""
        import requests

        trouble = describe(error, self.url)
        words = sentence(trouble.words)
        if trouble.transient:
            retry = self._network(words)
            if unreachable(error):
                retry.failure = FetchFailure(FailureKind.UNREACHABLE, words)
            return retry
        loop = isinstance(error, requests.exceptions.TooManyRedirects)
        kind = FailureKind.HTTP_STATUS if loop else FailureKind.NETWORK
        return _failure(kind, f"{words}; open it in the browser or attach the PDF")


def _failure(kind: FailureKind, message: str) -> DownloadError:
    return DownloadError(FetchFailure(kind, message))


def _too_large(url: str, cap: int, size: int | None) -> DownloadError:
    of_size = f" ({size / MB:.0f} MB)" if size is not None else ""
    return _failure(
        FailureKind.TOO_LARGE,
        f"The file at {url}{of_size} is larger than the {cap / MB:.0f} MB limit; "
        "open it in the browser or attach the PDF",
    )


def _status_failure(response: requests.Response, url: str) -> FetchFailure:
    status = response.status_code
    host = urlsplit(response.url).hostname or url
    if status in (404, 410):
        advice = "the link may have moved; open it in the browser or attach the PDF"
    elif status == 429:
        advice = "it is limiting requests; try again later"
    elif status >= 500:
        advice = "the server is having trouble; try again later"
    else:
        advice = "open it in the browser or attach the PDF"
    return FetchFailure(
        FailureKind.HTTP_STATUS, f"{host} answered {status_words(response)} for {url}; {advice}"
    )
