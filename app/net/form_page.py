"""A Google Form's viewform page read into a ``Form``: its ``FB_PUBLIC_LOAD_DATA_`` and ``fbzx``.

The page carries the whole form as ``var FB_PUBLIC_LOAD_DATA_ = [...];``, valid JSON whose
strings may hold ``;`` and ``]``, so the array is cut out by a bracket count that skips JSON
strings (with their escapes), then given to ``json``. Its items become the domain's questions,
text items and pages (``form_items``). The hidden ``fbzx`` input is kept beside the form: every
answer posted needs the one of a fresh page.

Where things sit (the team's notes from public captures): ``d[1][8]`` title (else ``d[3]``, the
file name), ``d[1][0]`` description, ``d[1][1]`` items, ``d[1][10][6]`` email mode (1 off,
2 verified, 3 typed), ``d[18]`` 1 when the form needs a sign-in.

Failures are ``FormFetchError``s: one line a student can act on, naming the link, with a
``kind`` the caller can branch on. The URL decides "closed" and "sign-in", never the page's words
(they are in the student's language).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from app.domain.errors import UserFacingError
from app.domain.form import EmailMode, Form
from app.net.form_items import FILE_UPLOAD, FormDataError, at, number, read_items, text

__all__ = [
    "FetchedForm",
    "FormFailure",
    "FormFetchError",
    "form_id_of",
    "hidden_inputs",
    "is_closed_url",
    "is_signin_url",
    "item_count",
    "parse_form_page",
]

SIGNIN_HOST = "accounts.google.com"
_ASSIGNMENT = re.compile(r"\bFB_PUBLIC_LOAD_DATA_\s*=\s*\[")
# A JSON string (escapes included) or a bracket; everything else inside the array is skipped.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]]', re.DOTALL)
_FORM_ID = re.compile(r"/forms/(?:[^?#]*/)?d/(?:e/)?([A-Za-z0-9_-]+)(?:/|$)")
_FBZX = re.compile(r"-?\d+")
_EMAIL_MODES = {1: EmailMode.OFF, 2: EmailMode.VERIFIED, 3: EmailMode.INPUT}


class FormFailure(StrEnum):
    NETWORK = "network"  # offline, refused, timed out, cut short, TLS
    SIGNIN = "signin"  # a Google sign-in wall (redirect to accounts.google.com, 401)
    CLOSED = "closed"  # the form takes no more answers
    NOT_FOUND = "not_found"  # 404 / 410: a wrong link or a deleted form
    NOT_A_FORM = "not_a_form"  # the page holds no form data (or data we cannot read)
    HTTP_STATUS = "http_status"  # any other error status


class FormFetchError(UserFacingError):
    """The review form could not be read; str() is one line saying why and what to do."""

    def __init__(
        self, kind: FormFailure, message: str, *, url: str, transient: bool = False
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url  # the link the student has (the forms.gle link, when it was one)
        self.transient = transient  # the same request may work in a while


@dataclass(frozen=True)
class FetchedForm:
    form: Form
    fbzx: str | None  # the page's one-time token, sent back with the answers; None if absent
    # The page's hidden inputs (fvv, partialResponse, pageHistory, fbzx, ...), posted back as
    # a browser posts them; not compared: two fetches of one form differ only in these.
    hidden: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def url(self) -> str:
        """The viewform URL the link led to."""
        return self.form.url


def parse_form_page(html: str, url: str, *, link: str | None = None) -> FetchedForm:
    """The form on the viewform page ``html`` that came from ``url``.

    ``link`` is what the student followed (a forms.gle link), named in error messages; it
    defaults to ``url``. Raises FormFetchError (closed, sign-in, not a form).
    """
    named = link or url
    if is_closed_url(url):
        raise closed_error(named)
    if is_signin_url(url):
        raise signin_error(named)
    form_id = form_id_of(url)
    if form_id is None:
        message = f"{named} is not a Google Form address; check the review link on the course page."
        raise FormFetchError(FormFailure.NOT_A_FORM, message, url=named)
    source = _load_data_source(html)
    if source is None:
        message = f"{named} led to a page with no Google Form in it; open it in the browser."
        raise FormFetchError(FormFailure.NOT_A_FORM, message, url=named)
    try:
        form = _form_from_data(json.loads(source), form_id, _page_url(url))
    except ValueError:  # json's errors, and FormDataError
        message = f"The form data of {named} is not in a shape the app can read; "
        message += "open it in the browser."
        raise FormFetchError(FormFailure.NOT_A_FORM, message, url=named) from None
    hidden = hidden_inputs(html)
    return FetchedForm(form, _fbzx(hidden), hidden)


def closed_error(link: str) -> FormFetchError:
    message = f"The review form {link} is closed and takes no more answers; ask the course staff."
    return FormFetchError(FormFailure.CLOSED, message, url=link)


def signin_error(link: str) -> FormFetchError:
    message = f"The review form {link} needs a Google sign-in; open it in the browser."
    return FormFetchError(FormFailure.SIGNIN, message, url=link)


def is_closed_url(url: str) -> bool:
    """Google sends a closed form's visitors to ``…/closedform``, whatever the language."""
    return _path(url).rstrip("/").endswith("closedform")


def is_signin_url(url: str) -> bool:
    """A redirect to Google's sign-in (ServiceLogin, the v3 sign-in pages)."""
    try:
        return (urlsplit(url).hostname or "").lower() == SIGNIN_HOST
    except ValueError:
        return False


def form_id_of(url: str) -> str | None:
    """The id in ``/forms/d/e/<id>/viewform`` (also ``/forms/u/0/…`` and ``/a/<domain>/…``)."""
    match = _FORM_ID.search(_path(url))
    return match.group(1) if match else None


def _path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def _page_url(url: str) -> str:
    """Without query or fragment: ``Form.response_url`` replaces the last path segment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _load_data_source(html: str) -> str | None:
    """The JSON text of ``FB_PUBLIC_LOAD_DATA_``: from its ``[`` to the bracket closing it."""
    assignment = _ASSIGNMENT.search(html)
    if assignment is None:
        return None
    opening = assignment.end() - 1
    depth = 0
    for token in _TOKEN.finditer(html, opening):
        if token.group() == "[":
            depth += 1
        elif token.group() == "]":
            depth -= 1
            if depth == 0:
                return html[opening : token.end()]
    return None  # never closed: a page cut short


def _form_from_data(data: object, form_id: str, url: str) -> Form:
    body = at(data, 1)
    if not isinstance(body, list):
        raise FormDataError("no form body at d[1]")
    items = at(body, 1)
    pages, questions, others = read_items(items if items is not None else [])
    email = _EMAIL_MODES.get(number(at(body, 10, 6)) or 0, EmailMode.OFF)
    wants_signin = at(data, 18) == 1 or email is EmailMode.VERIFIED
    # Google asks for a sign-in before a file can be uploaded.
    uploads = any(question.google_type == FILE_UPLOAD for question in questions)
    return Form(
        form_id=form_id,
        url=url,
        title=text(at(body, 8)) or text(at(data, 3)),
        description=text(at(body, 0)),
        email=email,
        requires_signin=wants_signin or uploads,
        pages=pages,
        questions=questions,
        items=others,
    )


class _HiddenInputs(HTMLParser):
    """The ``name`` -> ``value`` of the page's ``<input type="hidden">`` (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "input":
            return
        fields = dict(attrs)
        name = fields.get("name")
        if (fields.get("type") or "").lower() == "hidden" and name:
            self.values.setdefault(name, fields.get("value") or "")


def hidden_inputs(html: str) -> dict[str, str]:
    """The page's hidden inputs, name -> value, in page order (the first of a repeated name)."""
    reader = _HiddenInputs()
    reader.feed(html)  # the form data sits in a <script>, which the parser does not look into
    reader.close()
    return reader.values


def item_count(html: str) -> int | None:
    """How many items the page's form data lists; None when the page holds no form data."""
    source = _load_data_source(html)
    if source is None:
        return None
    try:
        items = at(json.loads(source), 1, 1)
    except ValueError:
        return None
    return len(items) if isinstance(items, list) else 0


def _fbzx(hidden: Mapping[str, str]) -> str | None:
    """The hidden ``fbzx`` input, a (possibly negative) number; None when there is none."""
    value = hidden.get("fbzx", "").strip()
    return value if _FBZX.fullmatch(value) else None
