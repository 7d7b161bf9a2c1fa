"""From a reading's link to the PDF to download, or to a web page to open in the browser.

``resolve`` first tries the URL rules of ``link_rules`` (no network). A link they do not know
costs one GET: a PDF answer is the PDF; an HTML landing page gives its
``<meta name="citation_pdf_url">``, and a page without one is a web reading. Failures raise
``ResolveError`` carrying a ``FetchFailure`` whose message is advice naming the URL.

``drive_confirm_url`` reads Google Drive's large-file "can't scan for viruses" page, for the
downloader that meets it where a PDF was expected.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from html.parser import HTMLParser
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from app.domain.library import FailureKind, FetchFailure, ReadingFetchError, Resolution
from app.net.http import CONNECT_TIMEOUT, READ_TIMEOUT
from app.net.link_rules import VIA_DIRECT, VIA_WEB, resolve_by_rule

if TYPE_CHECKING:
    import requests

__all__ = ["ResolveError", "drive_confirm_url", "find_citation_pdf_url", "resolve"]

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
    if not _is_web_url(url):
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
        text = (decoder.decode(chunk) for chunk in _capped(head, chunks))
        if pdf_url := find_citation_pdf_url(text, response.url):
            return Resolution(url=pdf_url, is_pdf=True, via=VIA_CITATION)
    log.info("%s is not a PDF and names none; a web reading", link)
    return Resolution(url=link, is_pdf=False, via=VIA_WEB)


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
        answered = f"{status} {_phrase(status, response.reason)}"
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


def _phrase(status: int, reason: str | None) -> str:
    """The standard phrase ("Not Found"), not the server's spelling ("NOT FOUND", or none)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return reason or "error"


def _network_failure(url: str, error: Exception) -> FetchFailure:
    import requests.exceptions as rx

    host = _host_or_url(url)
    retry = "check the connection and try again, or attach the PDF."
    if isinstance(error, rx.SSLError):
        text = f"The TLS certificate of {host} could not be verified, so {url} was not fetched"
        text += "; a network that intercepts traffic? Try another network, or attach the PDF."
    elif isinstance(error, rx.ProxyError):
        text = f"The proxy refused or failed the request for {url}; check the proxy settings."
    elif isinstance(error, rx.ConnectTimeout):
        text = f"{host} did not answer in time for {url} (offline?); {retry}"
    elif isinstance(error, rx.ConnectionError) and "Read timed out" not in str(error):
        text = f"Cannot reach {host} for {url} (offline, or the server is down); {retry}"
    elif isinstance(error, rx.Timeout | rx.ConnectionError):
        text = f"{host} was too slow to answer for {url} (timed out); {retry}"
    elif isinstance(error, rx.TooManyRedirects):
        text = f"The link {url} redirects in a loop; open it in the browser or attach the PDF."
    elif isinstance(error, rx.ChunkedEncodingError):
        # requests' name for a body cut short (IncompleteRead), chunked or not
        text = f"{host} closed the connection while sending {url}; {retry}"
    elif isinstance(error, rx.InvalidURL | rx.InvalidSchema | rx.MissingSchema):
        text = f"The link {url} is not a valid web address; open it yourself or attach the PDF."
    else:
        text = f"Fetching {url} failed ({error.__class__.__name__}); {retry}"
    return FetchFailure(FailureKind.NETWORK, text)


def find_citation_pdf_url(html: str | Iterator[str], page_url: str) -> str | None:
    """The page's ``<meta name="citation_pdf_url">`` as an absolute http(s) URL, or None.

    ``html`` may come in pieces; reading stops at the first piece that completes the tag.
    """
    finder = _CitationPdfFinder()
    for piece in [html] if isinstance(html, str) else html:
        if not _fed(finder, piece) or finder.content is not None:
            break
    else:
        _fed(finder, None)
    if not finder.content:
        return None
    return _absolute_web_url(page_url, finder.base or "", finder.content)


class _CitationPdfFinder(HTMLParser):
    """Remembers the first citation_pdf_url meta tag (Highwire Press tags) and <base href>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # so &amp; in a query string becomes &
        self.content: str | None = None
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}  # names arrive lower-cased
        if tag == "base" and self.base is None and found.get("href"):
            self.base = found["href"]
        meta_name = (found.get("name") or found.get("property") or "").strip().lower()
        if tag == "meta" and meta_name == "citation_pdf_url" and self.content is None:
            self.content = found.get("content", "").strip() or None


def drive_confirm_url(html: str, page_url: str) -> str | None:
    """The URL that continues past Drive's "can't scan for viruses" page, or None.

    Current pages hold ``<form id="download-form" action=...>`` with hidden inputs (id, export,
    confirm, uuid): submitting it is a GET of the action with those inputs as the query, which
    replaces any query the action had (HTML form submission rules). Older pages had a link
    whose href carries ``confirm=XXXX``.
    """
    parser = _DriveConfirmParser()
    if _fed(parser, html):
        _fed(parser, None)
    if parser.action is not None:
        action = _absolute_web_url(page_url, parser.action)
        if action is None:
            return None
        scheme, netloc, path = urlsplit(action)[:3]
        return urlunsplit((scheme, netloc, path, urlencode(parser.fields), ""))
    if parser.confirm_href is not None:
        return _absolute_web_url(page_url, parser.confirm_href)
    return None


class _DriveConfirmParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.confirm_href: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("id") == "download-form" and self.action is None:
            self.action, self._in_form = found.get("action", ""), True
        elif tag == "input" and self._in_form and found.get("name"):
            # Only what a browser would send: hidden and text fields, not the submit button.
            if found.get("type", "text").lower() in ("hidden", "text"):
                self.fields.append((found["name"], found.get("value", "")))
        elif tag == "a" and self.confirm_href is None and "confirm=" in found.get("href", ""):
            self.confirm_href = found["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def _fed(parser: HTMLParser, text: str | None) -> bool:
    """Feed ``text`` (None: end of input); False if the parser gave up on broken markup.

    CPython's ``_markupbase`` raises AssertionError on some malformed declarations (such as
    ``<![foo``); what was parsed before still counts.
    """
    try:
        if text is None:
            parser.close()
        else:
            parser.feed(text)
    except AssertionError:
        return False
    return True


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _host_or_url(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _absolute_web_url(page_url: str, *references: str) -> str | None:
    """The references resolved in turn against the page; None unless that is http(s).

    Only http(s) leaves a page: a javascript: or data: link is never followed.
    """
    url = page_url
    try:
        for reference in references:
            url = urljoin(url, reference)
    except ValueError:  # a malformed host such as "http://[x"
        return None
    return url if _is_web_url(url) else None
