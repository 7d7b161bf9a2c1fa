"""Links read out of HTML pages: a landing page's PDF, and the way past Google Drive's warning.

``find_citation_pdf_url`` reads the ``<meta name="citation_pdf_url">`` that publishers and
repositories put in a paper's landing page (Highwire Press tags). ``drive_confirm_url`` reads
the "Download anyway" button of Drive's large-file "can't scan for viruses" page. Both give an
absolute http(s) URL or None: nothing else (javascript:, data:) ever leaves a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["absolute_web_url", "drive_confirm_url", "find_citation_pdf_url", "is_web_url"]


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
    return absolute_web_url(page_url, finder.base or "", finder.content)


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
        action = absolute_web_url(page_url, parser.action)
        if action is None:
            return None
        scheme, netloc, path = urlsplit(action)[:3]
        return urlunsplit((scheme, netloc, path, urlencode(parser.fields), ""))
    if parser.confirm_href is not None:
        return absolute_web_url(page_url, parser.confirm_href)
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


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def absolute_web_url(page_url: str, *references: str) -> str | None:
    """The references resolved in turn against the page; None unless that is http(s).

    Only http(s) leaves a page: a javascript: or data: link is never followed.
    """
    url = page_url
    try:
        for reference in references:
            url = urljoin(url, reference)
    except ValueError:  # a malformed host such as "http://[x"
        return None
    return url if is_web_url(url) else None
