"""A reading's link to a file on disk: resolve the link, then download what it points at.

The two halves share the downloader's per-thread sessions. A link that answers 401 while
being resolved goes to the downloader anyway, which runs the login flow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from app.domain.library import Resolution
from app.net.cancel_watch import watched
from app.net.downloader import Downloader, DownloadResult
from app.net.resolvers import ResolveError, resolve

VIA_LOGIN = "login"


class ReadingFetcher:
    def __init__(self, downloader: Downloader) -> None:
        self._downloader = downloader

    def resolve(self, url: str, cancel: threading.Event | None = None) -> Resolution:
        try:
            with watched(cancel):  # a landing page that never answers stops on Cancel too
                return resolve(url, self._downloader.session())
        except ResolveError as error:
            if error.status == 401:  # Basic auth: the downloader asks for the login once
                return Resolution(url, is_pdf=True, via=VIA_LOGIN)
            raise

    def download(
        self,
        url: str,
        dest: Path,
        *,
        progress: Callable[[int, int | None], None],
        cancel: threading.Event,
        credentials: Callable[[str], tuple[str, str] | None],
        retrying: Callable[[float, int, int, str], None] | None = None,
    ) -> DownloadResult:
        return self._downloader.download(
            url,
            dest,
            progress=progress,
            cancel=cancel,
            credentials=credentials,
            retrying=retrying,
        )

    def close(self) -> None:
        self._downloader.close()
