"""Downloading readings' PDFs: the ``Downloader`` callers hold, shared by their threads.

A ``Downloader`` keeps one ``requests.Session`` per thread (sessions are not thread-safe) and
runs each call as a ``DownloadJob`` (download_job.py), which holds all of that call's state;
so several downloads can run at once, each into its own destination.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.net.cancel_watch import mount_watched_adapters
from app.net.download_job import (
    Credentials,
    DownloadError,
    DownloadJob,
    DownloadResult,
    DownloadSettings,
    PageCounter,
    Progress,
    Retrying,
)
from app.net.http import make_session

if TYPE_CHECKING:
    import requests

__all__ = [
    "Credentials",
    "DownloadError",
    "DownloadResult",
    "DownloadSettings",
    "Downloader",
    "PageCounter",
    "Progress",
    "Retrying",
]


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
        retrying: Retrying | None = None,
    ) -> DownloadResult:
        """Fetch ``url`` into ``dest``; raises DownloadError (with a FetchFailure) on failure.

        Disk errors (a full disk, a read-only folder) are not the link's fault and propagate as
        OSError.
        """
        dest.parent.mkdir(parents=True, exist_ok=True)
        with self._claim(dest):
            job = DownloadJob(
                self.settings,
                self.session(),
                self.count_pages,
                url,
                dest,
                progress=progress,
                cancel=cancel,
                credentials=credentials,
                retrying=retrying,
            )
            return job.run()

    def session(self) -> requests.Session:
        """This thread's session, made on first use."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._session_factory()
            mount_watched_adapters(session)  # so that Cancel reaches a request still waiting
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
