"""Reading the answer to a ``Range`` request: where it starts, how big the whole file is, and
whether it is still the file the ``.part`` began with."""

from __future__ import annotations

import re
from collections.abc import Mapping

_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-\d+|\*)/(\d+|\*)", re.I)


def range_start(headers: Mapping[str, str]) -> int | None:
    """The first byte a 206 carries (``Content-Range: bytes START-END/TOTAL``)."""
    match = _CONTENT_RANGE.match(headers.get("Content-Range", ""))
    return int(match.group(1)) if match and match.group(1) else None


def range_total(headers: Mapping[str, str]) -> int | None:
    """The whole file's size from Content-Range (a 206, or a 416's ``bytes */TOTAL``)."""
    match = _CONTENT_RANGE.match(headers.get("Content-Range", ""))
    return int(match.group(2)) if match and match.group(2) != "*" else None


def total_size(status: int, headers: Mapping[str, str], offset: int) -> int | None:
    """The whole file's size, when the answer tells it; ``offset`` bytes are already on disk."""
    if headers.get("Content-Encoding", "identity").lower() != "identity":
        return None  # Content-Length counts compressed bytes; the file's size is unknown
    if status == 206:
        total = range_total(headers)
        if total is not None:
            return total
    length = headers.get("Content-Length", "")
    return offset + int(length) if length.isdigit() else None


def validator_changed(old_etag: str | None, headers: Mapping[str, str]) -> bool:
    """A server that ignored If-Range but sent a new ETag with its 206 would splice two files."""
    new = headers.get("ETag")
    return bool(old_etag and new and new != old_etag)
