"""Downloading one reading's PDF: resumable, bounded, checked, and honest about what went wrong.

Bytes stream into ``NAME.part`` (see part_file.py); an interrupted download resumes with
``Range``/``If-Range``. Transient failures (5xx, 429, 408, dropped or stalled connections) are
retried with backoff (retry.py); everything else fails at once with a ``FetchFailure`` whose
message tells the student what to do. The file replaces ``dest`` only after it opened as a PDF
with pages, so a bad download never costs a good file.

One ``Downloader`` serves many threads at once: each call keeps its state in a ``_Job`` and each
thread gets its own ``requests.Session`` (sessions are not thread-safe).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.domain.errors import UserFacingError
from app.domain.library import FailureKind, FetchFailure
from app.net import content_check
from app.net.http import CONNECT_TIMEOUT, READ_TIMEOUT, make_session
from app.net.part_file import PartFile, PartState
from app.net.retry import RETRY_STATUSES, RetryPolicy

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]  # (bytes so far, total or None when unknown)
Credentials = Callable[[str], tuple[str, str] | None]  # host -> (user, password), or None
PageCounter = Callable[[Path], int]  # page count of a PDF; raises ValueError when not a PDF

MB = 1024 * 1024
HTML_SNIFF_BYTES = 256 * 1024  # enough of a page to find its sign-in form
MAX_REPEATS = 4  # immediate re-requests (start over, send credentials) before giving up


@dataclass(frozen=True)
class DownloadSettings:
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT  # longest silence between two reads of the body
    max_redirects: int = 10
    max_bytes: int = 200 * MB
    chunk_size: int = 256 * 1024
    progress_interval: float = 0.05  # at most 20 progress calls a second
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    bytes: int
    sha256: str
    pages: int
    final_url: str


class DownloadError(UserFacingError):
    """A download that failed; ``failure`` says what kind, its message what to do."""

    def __init__(self, failure: FetchFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure

    @property
    def kind(self) -> FailureKind:
        return self.failure.kind


class Downloader:
    """Fetches PDFs into place; safe to call from several threads at once.

    ``count_pages`` is passed in (app.pdf.validate.count_pages in the app) because the network
    adapter may not import the PDF adapter; both sit in the same layer.
    """

    def __init__(
        self,
        count_pages: PageCounter,
        *,
        settings: DownloadSettings | None = None,
        session_factory: Callable[[], requests.Session] = make_session,
    ) -> None:
        self.count_pages = count_pages
        self.settings = settings or DownloadSettings()
        self._session_factory = session_factory
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._active: set[Path] = set()

    def download(
        self,
        url: str,
        dest: Path,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        credentials: Credentials | None = None,
    ) -> DownloadResult:
        """Fetch ``url`` into ``dest``; raises DownloadError (with a FetchFailure) on failure.

        Disk errors (a full disk, a read-only folder) are not the link's fault and propagate as
        OSError.
        """
        dest.parent.mkdir(parents=True, exist_ok=True)
        with self._claim(dest):
            job = _Job(self, url, dest, progress, cancel, credentials)
            return job.run()

    def session(self) -> requests.Session:
        """This thread's session, made on first use."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._session_factory()
            session.max_redirects = self.settings.max_redirects
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        """Close every thread's session; call once no download is running."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    @contextmanager
    def _claim(self, dest: Path) -> Iterator[None]:
        # Two downloads into one .part would interleave their bytes; the caller should never
        # start them, so this is a programming error, not a user-facing one.
        key = dest.absolute()
        with self._lock:
            if key in self._active:
                raise RuntimeError(f"already downloading into {dest}")
            self._active.add(key)
        try:
            yield
        finally:
            with self._lock:
                self._active.discard(key)


class _Retry(Exception):  # noqa: N818 - control flow, not an error type
    """A transient failure: wait, then try again (from the .part) unless attempts ran out."""

    def __init__(self, failure: FetchFailure, retry_after: str | None = None) -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.retry_after = retry_after


class _Again(Exception):  # noqa: N818 - control flow, not an error type
    """Ask again at once: credentials arrived, or the server's range answer made no sense."""

    def __init__(self, reason: str, *, discard_part: bool) -> None:
        super().__init__(reason)
        self.discard_part = discard_part


class HostBoundAuth:
    """Basic credentials for the one origin that asked for them.

    requests applies this only to the first request of a call and strips the header itself on
    redirects to another host or scheme; the check here covers the first request too, so the
    password goes nowhere but the host that challenged for it (https to that host is also fine).
    """

    def __init__(self, user: str, password: str, challenge_url: str) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._header = f"Basic {token}"
        self._origin = urlsplit(challenge_url)

    def allows(self, url: str) -> bool:
        target = urlsplit(url)
        if target.hostname != self._origin.hostname:
            return False
        same_origin = target.scheme == self._origin.scheme and target.port == self._origin.port
        return same_origin or target.scheme == "https"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if request.url and self.allows(request.url):
            request.headers["Authorization"] = self._header
        return request


class _Job:
    """One call of Downloader.download: its part file, attempts, credentials and progress."""

    def __init__(
        self,
        downloader: Downloader,
        url: str,
        dest: Path,
        progress: Progress | None,
        cancel: threading.Event | None,
        credentials: Credentials | None,
    ) -> None:
        self.settings = downloader.settings
        self.downloader = downloader
        self.url = url
        self.host = urlsplit(url).hostname or url
        self.dest = dest
        self.part = PartFile(dest)
        self.progress = progress
        self.cancel = cancel
        self.credentials = credentials
        self.asked_credentials = False
        self.auth: HostBoundAuth | None = None
        self.target = url  # after a 401, the URL that challenged (never re-send from the start)
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
            with self.downloader.session().get(
                self.target,
                headers=headers,
                auth=self.auth,
                stream=True,
                timeout=(self.settings.connect_timeout, self.settings.read_timeout),
            ) as response:
                return self._receive(response, offset, state)
        except requests.exceptions.SSLError:
            raise _failure(
                FailureKind.NETWORK, f"The TLS certificate of {self.host} could not be verified"
            ) from None
        except requests.exceptions.TooManyRedirects:
            raise _failure(
                FailureKind.HTTP_STATUS,
                f"{self.url} redirects in a loop (more than {self.settings.max_redirects} "
                "redirects); open it in the browser or attach the PDF",
            ) from None
        except requests.exceptions.ConnectTimeout:
            raise self._network(f"{self.host} did not answer in time (offline?)") from None
        except requests.exceptions.ReadTimeout:
            raise self._network(f"{self.host} stopped sending {self.url} (timed out)") from None
        except requests.exceptions.ConnectionError as error:
            if "timed out" in str(error):  # a stall mid-body comes wrapped as ConnectionError
                raise self._network(f"{self.host} stopped sending {self.url} (timed out)") from None
            raise self._network(
                f"Cannot reach {self.host} (offline, or the server is down)"
            ) from None
        except requests.exceptions.ChunkedEncodingError:  # a body cut short, chunked or not
            raise self._network(
                f"{self.host} kept closing the connection before all of {self.url} arrived"
            ) from None
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
        ):
            raise _failure(FailureKind.NETWORK, f"{self.url} is not a web address") from None
        except requests.exceptions.RequestException as error:
            raise _failure(
                FailureKind.NETWORK, f"Fetching {self.url} failed ({error.__class__.__name__})"
            ) from None

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
            if offset and state is not None and _range_total(response) == offset and state.if_range:
                # The .part is already the whole (unchanged) file: a crash hit after the last
                # byte but before the rename.
                self._report(offset, offset, force=True)
                return self._finish(self.part.hash_existing(), offset, response.url)
            raise _Again("416 Range Not Satisfiable", discard_part=True)
        if status in RETRY_STATUSES:
            raise _Retry(_status_failure(response, self.url), response.headers.get("Retry-After"))
        if status not in (200, 206):
            raise DownloadError(_status_failure(response, self.url))
        if status == 206:
            start = _range_start(response)
            if start != offset or _etag_changed(state, response):
                raise _Again(f"range from {start} when {offset} was asked", discard_part=True)
        else:
            # The server ignored Range, or If-Range saw a changed file: start over, and forget
            # the old validators with the old bytes.
            offset, state = 0, None
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        total = _total_size(response, offset, encoded)
        self._check_size(total, response.url)
        chunks = response.iter_content(self.settings.chunk_size)
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
        head = b""
        for chunk in chunks:
            head += chunk
            if not content_check.could_still_be_pdf(head):
                break
        if content_check.pdf_start(head):
            return head
        self.part.discard()
        content_type = response.headers.get("Content-Type")
        if not content_check.looks_like_html(head, content_type):
            raise _failure(
                FailureKind.NOT_PDF, f"The file from {response.url} is damaged or not a PDF"
            )
        for chunk in chunks:
            if len(head) >= HTML_SNIFF_BYTES:
                break
            head += chunk
        html = content_check.decode_html(head[:HTML_SNIFF_BYTES], content_type)
        if content_check.is_login_page(html, response.url):
            raise _failure(
                FailureKind.LOGIN_WALL,
                f"This link leads to a login page at {response.url}; "
                "open it in the browser or attach the PDF",
            )
        raise _failure(
            FailureKind.LANDING_PAGE,
            f"This link leads to a web page, not a PDF, at {response.url}; "
            "open it in the browser or attach the PDF",
        )

    def _stream(
        self, head: bytes, chunks: Iterator[bytes], offset: int, total: int | None
    ) -> tuple[hashlib._Hash, int]:
        hasher = self.part.hash_existing() if offset else hashlib.sha256()
        received = offset
        self._report(received, total)
        with self.part.path.open("ab" if offset else "wb") as out:
            for chunk in _prepend(head, chunks):
                if self.cancel is not None and self.cancel.is_set():
                    raise self._cancelled()  # the with block flushes: the bytes so far stay
                received += len(chunk)
                if received > self.settings.max_bytes:
                    out.close()
                    self.part.discard()
                    raise _too_large(self.url, self.settings.max_bytes, None)
                out.write(chunk)
                hasher.update(chunk)
                self._report(received, total)
            out.flush()
            os.fsync(out.fileno())
        if total is not None and received < total:  # urllib3 catches this; belt and braces
            raise self._network(
                f"{self.host} closed the connection before all of {self.url} arrived"
            )
        self._report(received, total, force=True)
        return hasher, received

    def _finish(self, hasher: hashlib._Hash, size: int, final_url: str) -> DownloadResult:
        try:
            pages = self.downloader.count_pages(self.part.path)
        except ValueError:
            self.part.discard()
            raise _failure(
                FailureKind.NOT_PDF, f"The file from {final_url} is damaged or not a PDF"
            ) from None
        self.part.promote(self.dest)
        return DownloadResult(self.dest, size, hasher.hexdigest(), pages, final_url)

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
    reason = response.reason or "error"
    if status in (404, 410):
        advice = "the link may have moved; open it in the browser or attach the PDF"
    elif status == 429:
        advice = "it is limiting requests; try again later"
    elif status >= 500:
        advice = "the server is having trouble; try again later"
    else:
        advice = "open it in the browser or attach the PDF"
    return FetchFailure(
        FailureKind.HTTP_STATUS, f"{host} answered {status} {reason} for {url}; {advice}"
    )


_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-\d+|\*)/(\d+|\*)", re.I)


def _range_start(response: requests.Response) -> int | None:
    match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
    return int(match.group(1)) if match and match.group(1) else None


def _range_total(response: requests.Response) -> int | None:
    match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
    return int(match.group(2)) if match and match.group(2) != "*" else None


def _total_size(response: requests.Response, offset: int, encoded: bool) -> int | None:
    if encoded:
        return None  # Content-Length counts compressed bytes; the file's size is unknown
    if response.status_code == 206:
        total = _range_total(response)
        if total is not None:
            return total
    length = response.headers.get("Content-Length", "")
    return offset + int(length) if length.isdigit() else None


def _etag_changed(state: PartState | None, response: requests.Response) -> bool:
    # A server that ignores If-Range but sends a new ETag with its 206 would splice two files.
    new = response.headers.get("ETag")
    return bool(state and state.etag and new and new != state.etag)


def _prepend(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from chunks
