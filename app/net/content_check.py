"""What a link actually returned: a PDF, a login page, Google Drive's warning, or another page.

Only the first bytes are needed for the PDF check; the HTML checks look at a bounded prefix of
the page and at the URL it ended on (sign-in portals often answer 200 with a form after a chain
of redirects, so the address is as telling as the page).

Google Drive answers a large file's download link with a "can't scan for viruses" page instead
of the file; the downloader follows its "Download anyway" button (``page_links``) once, and
says so in words when a Drive page has no way on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from app.domain.library import FailureKind, FetchFailure

PDF_MAGIC = b"%PDF-"
# Some servers put a newline, spaces or a UTF-8 byte order mark before "%PDF-"; readers accept
# that, so do we. More leading junk than this is not a PDF served sloppily but something else.
MAX_LEADING_JUNK = 16
_JUNK_BYTES = b" \t\r\n\x0c\x00"
_BOM = b"\xef\xbb\xbf"

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<title)", re.I)
_PASSWORD_FIELD = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password\b", re.I)
_FORM = re.compile(r"<form\b(.*?)(?:</form>|$)", re.I | re.S)
_SIGN_IN_WORDS = re.compile(
    r"\b(?:sign[\s_-]?in|log[\s_-]?in|logon|single[\s_-]sign[\s_-]on|authenticate)\b", re.I
)
# Path segments and host labels that name a sign-in step (institutional SSO included).
_LOGIN_SEGMENTS = frozenset(
    {"login", "signin", "sign-in", "sign_in", "logon", "sso", "saml", "saml2", "shibboleth"}
    | {"shibboleth.sso", "idp", "cas", "oauth", "oauth2", "authorize", "authenticate"}
    | {"servicelogin", "accounts", "auth"}
)
_LOGIN_HOST_LABELS = frozenset({"login", "signin", "sso", "idp", "auth", "accounts", "shibboleth"})
HTML_SNIFF_BYTES = 256 * 1024  # enough of a page to find its sign-in form
# The hosts of Drive's download links and of the "Download anyway" button's target.
_DRIVE_HOSTS = frozenset({"drive.google.com", "docs.google.com", "drive.usercontent.google.com"})


def read_head(chunks: Iterator[bytes]) -> bytes:
    """Take chunks until the first bytes decide whether this is a PDF (or the body ends)."""
    head = b""
    for chunk in chunks:
        head += chunk
        if not could_still_be_pdf(head):
            break
    return head


def not_a_pdf(
    head: bytes, rest: Iterator[bytes], content_type: str | None, url: str
) -> FetchFailure:
    """Why a body that does not start like a PDF is not one: a login page, a web page, or bytes.

    ``url`` is where the answer came from (after redirects): the page the student should open.
    """
    if not looks_like_html(head, content_type):
        return FetchFailure(FailureKind.NOT_PDF, f"The file from {url} is damaged or not a PDF")
    return page_failure(read_page(head, rest, content_type), url)


def read_page(head: bytes, rest: Iterator[bytes], content_type: str | None) -> str:
    """The start of an HTML answer as text: enough to find a sign-in form or a button."""
    for chunk in rest:
        if len(head) >= HTML_SNIFF_BYTES:
            break
        head += chunk
    return decode_html(head[:HTML_SNIFF_BYTES], content_type)


def page_failure(page: str, url: str) -> FetchFailure:
    """A web page where a PDF was expected: a login wall, or a landing page, at ``url``."""
    if is_login_page(page, url):
        return FetchFailure(
            FailureKind.LOGIN_WALL,
            f"This link leads to a login page at {url}; open it in the browser or attach the PDF",
        )
    return FetchFailure(
        FailureKind.LANDING_PAGE,
        f"This link leads to a web page, not a PDF, at {url}; "
        "open it in the browser or attach the PDF",
    )


def is_drive_url(url: str) -> bool:
    """An address of Google Drive's, where a page instead of the file may be its warning."""
    return (urlsplit(url).hostname or "").lower() in _DRIVE_HOSTS


def drive_dead_end(link: str, *, after_warning: bool) -> FetchFailure:
    """Google Drive sent a page and no file for ``link``, with no (further) way on to it."""
    if after_warning:
        text = (
            f"Google Drive sent another web page instead of the file {link} after its "
            "virus-scan warning; open the link in the browser or attach the PDF"
        )
    else:
        text = (
            f"Google Drive sent a web page with no download button instead of the file {link} "
            "(it may not be shared, or was downloaded too often today); "
            "open the link in the browser or attach the PDF"
        )
    return FetchFailure(FailureKind.LANDING_PAGE, text)


def pdf_start(head: bytes) -> bool:
    """Whether the first bytes of a body start a PDF (after a little tolerated junk)."""
    start = head[len(_BOM) :] if head.startswith(_BOM) else head
    stripped = start.lstrip(_JUNK_BYTES)
    if len(head) - len(stripped) > MAX_LEADING_JUNK:
        return False
    return stripped.startswith(PDF_MAGIC)


def could_still_be_pdf(head: bytes) -> bool:
    """True while ``head`` is too short to decide (only junk so far, or a prefix of the magic)."""
    start = head[len(_BOM) :] if head.startswith(_BOM) else head
    stripped = start.lstrip(_JUNK_BYTES)
    if len(head) - len(stripped) > MAX_LEADING_JUNK:
        return False
    return len(stripped) < len(PDF_MAGIC) and PDF_MAGIC.startswith(stripped)


def looks_like_html(head: bytes, content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return True
    return bool(_HTML_START.match(head.lstrip(_BOM)))


def is_login_page(html: str, url: str) -> bool:
    """A page asking the student to sign in, by its form or by the address it ended on.

    A "Sign in" link in a publisher's header does not count: landing pages all have one. Only a
    password field, or a form whose own text or action is about signing in, does.
    """
    if _PASSWORD_FIELD.search(html):
        return True
    if any(_SIGN_IN_WORDS.search(form) for form in _FORM.findall(html)):
        return True
    return is_login_url(url)


def is_login_url(url: str) -> bool:
    parts = urlsplit(url)
    labels = (parts.hostname or "").split(".")
    if len(labels) > 2 and labels[0] in _LOGIN_HOST_LABELS:
        return True
    segments = [segment.lower() for segment in parts.path.split("/") if segment]
    return any(_segment_names_login(segment) for segment in segments)


def _segment_names_login(segment: str) -> bool:
    stem = (
        segment.rsplit(".", 1)[0] if segment.endswith((".php", ".jsp", ".aspx", ".do")) else segment
    )
    return segment in _LOGIN_SEGMENTS or stem in _LOGIN_SEGMENTS


def decode_html(data: bytes, content_type: str | None) -> str:
    match = re.search(r"charset=([\w.-]+)", content_type or "", re.I)
    try:
        return data.decode(match.group(1) if match else "utf-8", errors="replace")
    except LookupError:  # an unknown charset name from the server
        return data.decode("utf-8", errors="replace")
