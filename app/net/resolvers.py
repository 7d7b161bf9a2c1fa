"""From a reading's link to the PDF to download, or to a web page to open in the browser.

``resolve`` first tries the URL rules of ``link_rules`` (no network). A link they do not know
costs one GET: a PDF answer is the PDF; an HTML landing page gives its
``<meta name="citation_pdf_url">``, and a page without one is a web reading. Failures raise
``ResolveError`` carrying a ``FetchFailure`` whose message is advice naming the URL.

The HTML is read by ``page_links``; a failed request is put in words by ``http.describe``.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from app.domain.library import FailureKind, FetchFailure, ReadingFetchError, Resolution
from app.net import content_check
from app.net.http import CONNECT_TIMEOUT, READ_TIMEOUT, describe, sentence, status_words
from app.net.link_rules import VIA_DIRECT, VIA_WEB, resolve_by_rule
from app.net.page_links import find_citation_pdf_url, is_web_url
from app.net.retry import unreachable

if TYPE_CHECKING:
    import requests

__all__ = ["ResolveError", "resolve"]

log = logging.getLogger(__name__)

VIA_CITATION = "citation_pdf_url"
# A landing page's <head> is a few kB; past this, a "page" is a file we will not scan.
MAX_PAGE_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024
_ACCEPT = "application/pdf, text/html;q=0.9, application/xhtml+xml;q=0.9, */*;q=0.5"


class ResolveError(ReadingFetchError):
    """A link could not be resolved; ``failure`` says why in words a student can act on."""

    def __init__(self, failure: FetchFailure, *, url: str, status: int | None = None) -> None:
        super().__init__(failure)
        self.url = url  # the URL that failed (after redirects, when the server answered)
        self.status = status  # the HTTP status, when there was one (401 starts the login flow)


def resolve(
    url: str,
    session: requests.Session,
    *,
    timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
) -> Resolution:
    """Where the reading at ``url`` is: a PDF to download, or a page to read in the browser."""
    if (by_rule := resolve_by_rule(url)) is not None:
        return by_rule
    if not is_web_url(url):
        message = f"The link {url} is not a web address; open it yourself or attach the PDF."
        raise ResolveError(FetchFailure(FailureKind.NETWORK, message), url=url)
    return _resolve_by_fetching(url, session, timeout)


def _resolve_by_fetching(
    url: str, session: requests.Session, timeout: tuple[float, float]
) -> Resolution:
    import requests

    try:
        with session.get(
            url, headers={"Accept": _ACCEPT}, timeout=timeout, stream=True
        ) as response:
            _raise_for_status(response)
            return _classify(url, response)
    except requests.exceptions.RequestException as error:
        raise ResolveError(_network_failure(url, error), url=url) from None


def _classify(link: str, response: requests.Response) -> Resolution:
    chunks = response.iter_content(_CHUNK)
    head = _first_bytes(chunks, len(b"%PDF-"))
    content_type = response.headers.get("Content-Type", "").lower()
    if head.startswith(b"%PDF-") or "application/pdf" in content_type:
        # The downloader still checks the bytes; here it is enough that the server says PDF.
        return Resolution(url=response.url, is_pdf=True, via=VIA_DIRECT)
    if "html" in content_type or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        decoder = codecs.getincrementaldecoder(_charset(content_type))(errors="replace")
        read: list[str] = []
        text = _kept((decoder.decode(chunk) for chunk in _capped(head, chunks)), read)
        if pdf_url := find_citation_pdf_url(text, response.url):
            return Resolution(url=pdf_url, is_pdf=True, via=VIA_CITATION)
        # A sign-in page is a login wall, as behind a .pdf link, not a web reading: its form
        # may sit past the <head> the PDF link was looked for in.
        for _piece in text:
            if sum(map(len, read)) >= content_check.HTML_SNIFF_BYTES:
                break
        if content_check.is_login_page("".join(read), response.url):
            failure = content_check.page_failure("".join(read), response.url)
            raise ResolveError(failure, url=response.url)
    log.info("%s is not a PDF and names none; a web reading", link)
    return Resolution(url=link, is_pdf=False, via=VIA_WEB)


def _kept(pieces: Iterator[str], read: list[str]) -> Iterator[str]:
    """The pieces, each also kept in ``read`` (the page's text so far)."""
    for piece in pieces:
        read.append(piece)
        yield piece


def _first_bytes(chunks: Iterator[bytes], size: int) -> bytes:
    """At least ``size`` bytes unless the body is shorter (a chunk may be a single byte)."""
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= size:
            break
    return head


def _capped(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    size = len(head)
    for chunk in chunks:
        if size >= MAX_PAGE_BYTES:
            return
        size += len(chunk)
        yield chunk


def _charset(content_type: str) -> str:
    """The declared charset if Python knows it; else UTF-8 (URLs in a meta tag are ASCII)."""
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip() == "charset":
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                break
    return "utf-8"


def _raise_for_status(response: requests.Response) -> None:
    status = response.status_code
    if status >= 400:
        answered = status_words(response)
        failure = _status_failure(status, answered, response.url)
        raise ResolveError(failure, url=response.url, status=status)


def _status_failure(status: int, answered: str, url: str) -> FetchFailure:
    if status in (401, 403):
        # The service may ask for credentials on a 401 (see ResolveError.status).
        advice = f"The page {url} asks for a sign-in ({answered}); open it in the browser, "
        return FetchFailure(FailureKind.LOGIN_WALL, advice + "or attach the PDF.")
    if status == 429:
        advice = f"The site of {url} is limiting requests ({answered}); try again later."
    elif status >= 500:
        advice = f"The server of {url} answered {answered}; it may be down for a while: "
        advice += "try again later, or attach the PDF."
    else:
        advice = f"The page {url} answered {answered}; the link may be out of date: "
        advice += "open it in the browser or attach the PDF."
    return FetchFailure(FailureKind.HTTP_STATUS, advice)


def _network_failure(url: str, error: Exception) -> FetchFailure:
    words = describe(error, url).advised(
        "check the connection and try again, or attach the PDF",
        "open it in the browser or attach the PDF",
    )
    kind = FailureKind.UNREACHABLE if unreachable(error) else FailureKind.NETWORK
    return FetchFailure(kind, f"{sentence(words)}.")
