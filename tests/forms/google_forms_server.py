"""A fake Google Forms on one local TLS server: forms.gle, docs.google.com, accounts.google.com.

The test's TLS server (tests/integration/tls_server.py) answers for all three host names behind
a CONNECT proxy (tests/integration/connect_proxy.py), so the app asks for the real URLs; this
class routes each request by its Host header and path, the way Google does:

- ``https://forms.gle/<code>`` -> 302 to ``https://docs.google.com/forms/d/e/<id>/viewform``
  (with Google's ``?usp=send_form``); an unknown code is a 404.
- ``…/viewform`` -> the page ``FormSpec.page_html`` writes, or what the form's ``Wall`` says:
  a sign-in wall (302 to ``accounts.google.com/ServiceLogin?continue=…``), a 401, closed (302
  to ``…/closedform``, whose page holds the form's data without its items), a 404, a page that
  is no form, a 500, or a connection dropped before any answer.
- ``…/formResponse`` (POST), strictly as section 4 of the design notes has it
  (``form_response.py``): the same walls first, then a known ``fbzx``, a ``pageHistory`` that
  follows the pages, the ``partialResponse`` of the page the server returned, ``continue=1`` on
  every POST but the last, and each page's answers (``response_rules.py``); otherwise a 400
  with a message. A page POST returns the next page; the last records the response and returns
  the confirmation, unless a ``Reply`` queued with ``next_submissions`` says otherwise.

Every request is kept in ``requests``, with the posted fields in order (repeated keys too);
``responses(form_id)`` lists each recorded response's answer fields, all pages together.
"""

from __future__ import annotations

import re
import socket
import threading
from collections import deque
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import parse_qsl, quote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.forms.form_response import Reply, confirmation_page, error_page, judge
from tests.forms.form_spec import FormSpec, page

SHORT_HOST = "forms.gle"
DOCS_HOST = "docs.google.com"
SIGNIN_HOST = "accounts.google.com"
HOSTS = (SHORT_HOST, DOCS_HOST, SIGNIN_HOST)
_FORM_PATH = re.compile(r"/forms/d/e/(?P<id>[A-Za-z0-9_-]+)/(?P<page>[A-Za-z]+)$")
HTML = "text/html; charset=utf-8"


class Wall(StrEnum):
    """How docs.google.com answers a form's viewform URL."""

    OPEN = "open"
    SIGNIN = "signin"  # 302 to accounts.google.com/ServiceLogin
    UNAUTHORIZED = "unauthorized"  # 401
    CLOSED = "closed"  # 302 to …/closedform
    NOT_FOUND = "not_found"  # 404
    GONE = "gone"  # 410: the form was deleted
    NOT_A_FORM = "not_a_form"  # 200, an HTML page without FB_PUBLIC_LOAD_DATA_
    SERVER_ERROR = "server_error"  # 500
    DROPPED = "dropped"  # the connection is cut before the status line


@dataclass(frozen=True)
class Seen:
    """A request as the server received it."""

    method: str
    host: str
    path: str
    query: list[tuple[str, str]]
    fields: list[tuple[str, str]]  # a POST's urlencoded body, in order, repeated keys kept
    content_type: str


class GoogleFormsServer:
    def __init__(self, site: HTTPServer) -> None:
        self._forms: dict[str, tuple[FormSpec, Wall]] = {}  # by form id
        self._codes: dict[str, str] = {}  # forms.gle code -> form id
        self._seen: list[Seen] = []
        self._served: dict[str, set[str]] = {}  # form id -> every fbzx a viewform page carried
        self._issued: set[str] = set()  # every partialResponse a page POST returned
        self._responses: dict[str, list[list[tuple[str, str]]]] = {}
        self._replies: dict[str, deque[Reply]] = {}
        self._page_replies: dict[str, deque[Reply]] = {}
        self._lock = threading.Lock()
        self._held = threading.Event()  # a last POST is waiting on ``release``
        self._release = threading.Event()
        site.expect_request(re.compile(".*")).respond_with_handler(self._answer)

    def publish(self, spec: FormSpec, code: str | None = None, wall: Wall = Wall.OPEN) -> str:
        """Serve ``spec``; the link a course page would carry (forms.gle with a ``code``)."""
        with self._lock:
            self._forms[spec.form_id] = (spec, wall)
            if code is not None:
                self._codes[code] = spec.form_id
        return f"https://{SHORT_HOST}/{code}" if code else viewform_url(spec.form_id)

    def responses(self, form_id: str) -> list[list[tuple[str, str]]]:
        """Each recorded response's answer fields (all pages, in the order posted)."""
        with self._lock:
            return [list(fields) for fields in self._responses.get(form_id, [])]

    def next_submissions(self, form_id: str, *replies: Reply) -> None:
        """How the next valid last-page POSTs of the form are answered, one reply each."""
        with self._lock:
            self._replies.setdefault(form_id, deque()).extend(replies)

    def next_page_posts(self, form_id: str, *replies: Reply) -> None:
        """How the next valid page POSTs (``continue=1``) are answered: a 500, 429 or a drop
        instead of the next page (nothing is recorded either way)."""
        with self._lock:
            self._page_replies.setdefault(form_id, deque()).extend(replies)

    def wait_held(self, timeout: float = 10.0) -> bool:
        """Until a ``Reply.HOLD_AFTER_RECORD`` POST is recorded and waiting (False: timed out)."""
        return self._held.wait(timeout)

    def release(self) -> None:
        """Let held POSTs be answered (also when the test ends: see ``close``)."""
        self._release.set()

    def close(self) -> None:
        self._release.set()

    @property
    def requests(self) -> list[Seen]:
        with self._lock:
            return list(self._seen)

    def visited(self) -> list[tuple[str, str]]:
        """(host, path) of every request, in order."""
        return [(seen.host, seen.path) for seen in self.requests]

    def _answer(self, request: Request) -> Response:
        host = request.host.rsplit(":", 1)[0].lower()
        body = request.get_data(as_text=True)
        is_form = request.mimetype == "application/x-www-form-urlencoded"
        seen = Seen(
            request.method,
            host,
            request.path,
            parse_qsl(request.query_string.decode(), keep_blank_values=True),
            parse_qsl(body, keep_blank_values=True) if is_form else [],
            request.headers.get("Content-Type", ""),
        )
        with self._lock:
            self._seen.append(seen)
            codes, forms = dict(self._codes), dict(self._forms)
        if host == SHORT_HOST and request.path.lstrip("/") in codes:
            target = viewform_url(codes[request.path.lstrip("/")]) + "?usp=send_form"
            return Response(status=302, headers={"Location": target})
        if host == SIGNIN_HOST and request.path == "/ServiceLogin":
            return Response(_plain_page("Sign in - Google Accounts"), 200, content_type=HTML)
        match = _FORM_PATH.fullmatch(request.path) if host == DOCS_HOST else None
        if match is None or match["id"] not in forms:
            return Response("Not Found", 404, content_type="text/plain")
        spec, wall = forms[match["id"]]
        if match["page"] == "viewform" and request.method == "GET":
            return self._viewform(request, spec, wall)
        if match["page"] == "closedform" and wall is Wall.CLOSED:
            closed = replace(spec, items=())  # Google's closed page: the form, no questions
            return Response(closed.page_html(), 200, content_type=HTML)
        if match["page"] == "formResponse" and request.method == "POST":
            return self._form_response(request, seen, spec, wall)
        return Response("Not Found", 404, content_type="text/plain")

    def _form_response(self, request: Request, seen: Seen, spec: FormSpec, wall: Wall) -> Response:
        if wall is not Wall.OPEN:
            return self._wall(request, spec, wall)
        with self._lock:
            served = set(self._served.get(spec.form_id, ()))
            verdict = judge(spec, seen.fields, served, self._issued)
        if verdict.problem is not None:
            return Response(error_page(verdict.problem), 400, content_type=HTML)
        if verdict.next_page is not None:
            with self._lock:
                queued = self._page_replies.get(spec.form_id)
                reply = queued.popleft() if queued else None
            if reply is None or reply.records:
                return Response(verdict.next_page, 200, content_type=HTML)
            return self._reply(request, spec, reply, seen)
        assert verdict.response is not None
        with self._lock:
            queued = self._replies.get(spec.form_id)
            reply = queued.popleft() if queued else Reply.RECORDED
            if reply.records:
                self._responses.setdefault(spec.form_id, []).append(verdict.response)
        return self._reply(request, spec, reply, seen)

    def _reply(self, request: Request, spec: FormSpec, reply: Reply, seen: Seen) -> Response:
        if reply.kind == "server_error":
            return Response(_plain_page("Server Error"), 500, content_type=HTML)
        if reply.kind == "rate_limited":
            headers = {"Retry-After": str(reply.retry_after)}
            return Response(_plain_page("Too Many Requests"), 429, headers, content_type=HTML)
        if reply.kind == "show_form_again":  # the last page again, as after a failed check
            history = dict(seen.fields).get("pageHistory", "0")
            hidden = {**spec.hidden(), "pageHistory": history}
            html = page(spec.title or spec.file_name, spec.form_id, hidden, spec.script())
            return Response(html, 200, content_type=HTML)
        if reply.kind in ("drop_before_record", "drop_after_record"):
            _drop(request)
            return Response(status=500)  # never arrives
        if reply.kind == "hold_after_record":
            self._held.set()
            self._release.wait(30)
        return Response(confirmation_page(spec), 200, content_type=HTML)

    def _viewform(self, request: Request, spec: FormSpec, wall: Wall) -> Response:
        if wall is Wall.OPEN:
            with self._lock:
                self._served.setdefault(spec.form_id, set()).add(spec.fbzx)
            return Response(spec.page_html(), 200, content_type=HTML)
        return self._wall(request, spec, wall)

    def _wall(self, request: Request, spec: FormSpec, wall: Wall) -> Response:
        """What a form behind ``wall`` answers, to a viewform GET and a formResponse POST."""
        here = viewform_url(spec.form_id)
        if wall is Wall.SIGNIN:
            target = f"https://{SIGNIN_HOST}/ServiceLogin?continue={quote(here, safe='')}"
            return Response(status=302, headers={"Location": target})
        if wall is Wall.UNAUTHORIZED:
            return Response(_plain_page("Unauthorized"), 401, content_type=HTML)
        if wall is Wall.CLOSED:
            return Response(
                status=302, headers={"Location": here.replace("viewform", "closedform")}
            )
        if wall is Wall.NOT_FOUND:
            return Response(_plain_page("Not Found"), 404, content_type=HTML)
        if wall is Wall.GONE:
            return Response(_plain_page("Gone"), 410, content_type=HTML)
        if wall is Wall.NOT_A_FORM:
            return Response(_plain_page("Google Docs"), 200, content_type=HTML)
        if wall is Wall.SERVER_ERROR:
            return Response(_plain_page("Server Error"), 500, content_type=HTML)
        _drop(request)
        return Response(status=500)  # never arrives: the connection is gone


def viewform_url(form_id: str) -> str:
    return f"https://{DOCS_HOST}/forms/d/e/{form_id}/viewform"


def _plain_page(title: str) -> str:
    """A Google page that is no form: scripts and hidden inputs, no FB_PUBLIC_LOAD_DATA_."""
    return page(title, "none", {"continue": "https://docs.google.com/"}, "var _F_ = [];")


def _drop(request: Request) -> None:
    """Close the request's connection before any answer: the client gets nothing back."""
    connection: socket.socket = request.environ["werkzeug.socket"]
    connection.shutdown(socket.SHUT_RDWR)
