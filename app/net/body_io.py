"""A response body as it arrives, and onto the disk as it comes.

The downloader reads what each network read brought (not fixed-size chunks), so progress and
cancel keep up on a slow link, and has the kernel write the file while the rest arrives.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import requests


def pieces(response: requests.Response, size: int) -> Iterator[bytes]:
    """The body as it arrives: each piece is what one read brought, at most ``size`` bytes.

    ``iter_content`` waits until a whole chunk is in, so on a slow link progress and cancel
    would lag by one chunk (over ten seconds for 256 kB at 20 kB/s), while on a fast one large
    reads cost less per byte. ``read1`` gives both. Its errors are urllib3's; they are turned
    into requests' exceptions the way ``iter_content`` does, for the caller to classify.
    """
    import requests
    from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

    read1 = getattr(response.raw, "read1", None)
    if read1 is None:  # urllib3 before 2.3
        yield from response.iter_content(size)
        return
    try:
        while piece := read1(size, decode_content=True):
            yield piece
    except ProtocolError as error:  # a body cut short
        raise requests.exceptions.ChunkedEncodingError(error) from error
    except ReadTimeoutError as error:  # a stall mid-body: "Read timed out"
        raise requests.exceptions.ConnectionError(error) from error
    except SSLError as error:
        raise requests.exceptions.SSLError(error) from error
    except DecodeError as error:
        raise requests.exceptions.ContentDecodingError(error) from error


def start_writeback(out: BinaryIO, start: int, length: int) -> None:
    """Have the kernel start writing these bytes to disk now, without waiting for it.

    Otherwise they all wait in the page cache for the final fsync, and a large file on a fast
    link spends as long in that fsync as in the download; this way the disk writes while the
    network sends. On Linux, POSIX_FADV_DONTNEED starts writeback of the range's dirty pages
    (and drops those already written from the cache); where there is no fadvise, nothing.
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    out.flush()
    with contextlib.suppress(OSError):  # advice only: a file system may not take it
        advise(out.fileno(), start, length, os.POSIX_FADV_DONTNEED)


def prepend(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from chunks
