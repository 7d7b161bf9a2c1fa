"""Finding a week's review form: from the course's link to the form's questions and ``fbzx``.

A course links ``forms.gle/CODE``, which redirects to ``docs.google.com/forms/d/e/<id>/viewform``;
that page holds the form (read by ``form_page``). The redirects are followed one at a time so
that where they lead decides, before anything is fetched from there: Google's sign-in
(``accounts.google.com``) means the form needs an account, ``…/closedform`` that it is closed.
Neither is told from the page's words, which are in the student's language.

Every failure is a ``FormFetchError`` whose str() is one line naming the link, saying why and
what to do; its ``kind`` lets the caller tell them apart. A failed request is put in words by
``http.describe``, as the syllabus fetch and the downloads do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from app.net.body_io import pieces
from app.net.form_page import (
    FetchedForm,
    FormFailure,
    FormFetchError,
    closed_error,
    is_closed_url,
    is_signin_url,
    parse_form_page,
    signin_error,
)
from app.net.http import CONNECT_TIMEOUT, READ_TIMEOUT, describe, host_of, status_words

if TYPE_CHECKING:
    import requests

__all__ = ["FetchedForm", "FormFailure", "FormFetchError", "fetch_form", "parse_form_page"]

MAX_REDIRECTS = 10  # forms.gle takes one; Google's own hops a few more
# A viewform page is a few hundred kB; past this it is no form page.
MAX_FORM_PAGE_BYTES = 5 * 1024 * 1024
_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


def fetch_form(
    url: str,
    session: requests.Session,
    *,
    timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
) -> FetchedForm:
    """The form ``url`` leads to (a forms.gle link or a viewform URL), with its ``fbzx``.

    Raises FormFetchError: network, signin, closed, not_found, not_a_form, http_status.
    """
    import requests

    if _scheme(url) not in ("http", "https"):
        message = f"The review link {url} is not a web address; check it on the course page."
        raise FormFetchError(FormFailure.NOT_A_FORM, message, url=url)
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            if is_signin_url(current):
                raise signin_error(url)
            if is_closed_url(current):
                raise closed_error(url)
            with session.get(
                current,
                headers={"Accept": _ACCEPT},
                timeout=timeout,
                allow_redirects=False,
                stream=True,
            ) as response:
                location = response.headers.get("Location") if response.is_redirect else None
                if location is None:
                    _check_status(response, url)
                    html = _read_page(response, url)
            if location is None:
                return parse_form_page(html, current, link=url)
            current = urljoin(current, location)
    except requests.exceptions.RequestException as error:
        raise _network_error(error, url, current) from None
    message = f"The review link {url} redirects in a loop; open it in the browser."
    raise FormFetchError(FormFailure.NETWORK, message, url=url)


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return ""


def _check_status(response: requests.Response, link: str) -> None:
    status = response.status_code
    if status < 400:
        return
    if status == 401:
        raise signin_error(link)
    answered = status_words(response)
    if status in (404, 410):
        message = f"There is no form at {link} ({answered}); the link may be wrong or the form "
        message += "deleted: check the course page."
        raise FormFetchError(FormFailure.NOT_FOUND, message, url=link)
    host = host_of(response.url)
    transient = status == 429 or status >= 500
    advice = "try again later" if transient else "open it in the browser"
    message = f"{host} answered {answered} for the review form {link}; {advice}."
    raise FormFetchError(FormFailure.HTTP_STATUS, message, url=link, transient=transient)


def _read_page(response: requests.Response, link: str) -> str:
    chunks: list[bytes] = []
    size = 0
    for chunk in pieces(response, 64 * 1024):
        size += len(chunk)
        if size > MAX_FORM_PAGE_BYTES:
            message = f"{link} led to more than {MAX_FORM_PAGE_BYTES // 2**20} MB, not a form "
            message += "page; open it in the browser."
            raise FormFetchError(FormFailure.NOT_A_FORM, message, url=link)
        chunks.append(chunk)
    # requests guesses ISO-8859-1 for text without a charset; Google's pages are UTF-8.
    declared = "charset" in response.headers.get("Content-Type", "").lower()
    encoding = (response.encoding if declared else None) or "utf-8"
    try:
        return b"".join(chunks).decode(encoding, errors="replace")
    except LookupError:  # a charset Python does not know
        return b"".join(chunks).decode("utf-8", errors="replace")


def _network_error(error: Exception, link: str, hop: str) -> FormFetchError:
    trouble = describe(error, hop)  # names the URL that failed: the link, or where it led
    words = trouble.advised("check the connection and try again", "open it in the browser")
    message = f"The review form {link} could not be fetched: {words}."
    return FormFetchError(FormFailure.NETWORK, message, url=link, transient=trouble.transient)
