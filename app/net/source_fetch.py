"""Fetching the course's ``index.md`` with conditional requests, from http(s) or a local path.

An unchanged source costs one round trip: the stored ETag / Last-Modified go out as
If-None-Match / If-Modified-Since and a 304 comes back with no body. A failed request is put in
words by ``http.describe``: one line, the same words the downloads use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.domain.errors import UserFacingError
from app.net.http import CONNECT_TIMEOUT, READ_TIMEOUT, describe, host_of, status_words

if TYPE_CHECKING:
    import requests

MAX_SOURCE_BYTES = 5 * 1024 * 1024  # a syllabus is a few tens of kB; more is not a syllabus


class FetchError(UserFacingError):
    """The source could not be fetched; the message is one line a user can act on."""


@dataclass(frozen=True)
class Fetched:
    changed: bool
    text: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    is_local: bool = False


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def fetch_source(
    source: str,
    session_factory: Callable[[], requests.Session],
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    known_sha256: str | None = None,
) -> Fetched:
    if is_url(source):
        with session_factory() as session:  # closed: no connection left open to a proxy
            return _fetch_http(source, session, etag, last_modified, known_sha256)
    return _read_local(source, known_sha256)


def _read_local(source: str, known_sha256: str | None) -> Fetched:
    path = Path(source.removeprefix("file://")).expanduser()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FetchError(f"no such file: {path}") from None
    except OSError as error:
        raise FetchError(f"cannot read {path}: {error.strerror or error}") from None
    return _decoded(data, None, None, known_sha256, is_local=True)


def _fetch_http(
    url: str,
    session: requests.Session,
    etag: str | None,
    last_modified: str | None,
    known_sha256: str | None,
) -> Fetched:
    import requests

    headers = {"Accept": "text/markdown, text/plain;q=0.9, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    host = host_of(url)
    try:
        with session.get(
            url, headers=headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), stream=True
        ) as response:
            if response.status_code == 304:
                return Fetched(changed=False, etag=etag, last_modified=last_modified)
            if response.status_code != 200:
                raise FetchError(f"{host} answered {status_words(response)} for {url}")
            data = _read_capped(response)
            new_etag = response.headers.get("ETag")
            new_modified = response.headers.get("Last-Modified")
    except requests.exceptions.RequestException as error:
        raise FetchError(describe(error, url).words) from None
    return _decoded(data, new_etag, new_modified, known_sha256, is_local=False)


def _read_capped(response: requests.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_SOURCE_BYTES:
            raise FetchError(f"{response.url} is larger than {MAX_SOURCE_BYTES // 2**20} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded(
    data: bytes,
    etag: str | None,
    last_modified: str | None,
    known_sha256: str | None,
    *,
    is_local: bool,
) -> Fetched:
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError("the syllabus source is not UTF-8 text") from None
    return Fetched(
        changed=digest != known_sha256,
        text=text,
        etag=etag,
        last_modified=last_modified,
        sha256=digest,
        is_local=is_local,
    )
