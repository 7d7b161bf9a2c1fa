"""The fake Google Forms' ``formResponse``: strict page-by-page POSTs and queued replies.

A browser posts one page at a time (design notes, section 4). Every POST carries ``fvv=1``, the
``fbzx`` of a viewform page the server served, ``pageHistory`` ``0``, ``0,1``, ... up to the page
being sent, and the ``partialResponse`` of the page the server returned last (the first page's
is ``[null,null,"<fbzx>"]``); every POST but the last has ``continue=1``. Anything else is a 400
whose page says what was wrong. Earlier pages' answers travel inside ``partialResponse`` (here
``[[[null,"entry.N",["value"],0], ...],null,"<fbzx>"]``, close to Google's shape), so the last
POST's page plus that list is the whole response.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import ClassVar

from tests.forms.form_spec import FormSpec, page
from tests.forms.response_rules import page_count, page_problem

HIDDEN = ("fvv", "partialResponse", "pageHistory", "fbzx", "submissionTimestamp", "continue")
Fields = list[tuple[str, str]]


@dataclass(frozen=True)
class Reply:
    """How the server answers the next valid last-page POST of a form (``next_submissions``)."""

    kind: str
    retry_after: int | None = None

    RECORDED: ClassVar[Reply]  # the confirmation page (what happens when nothing is queued)
    SERVER_ERROR: ClassVar[Reply]  # 500, nothing recorded
    SHOW_FORM_AGAIN: ClassVar[Reply]  # 200 with the form's last page again, nothing recorded
    DROP_BEFORE_RECORD: ClassVar[Reply]  # the connection cut, nothing recorded
    DROP_AFTER_RECORD: ClassVar[Reply]  # recorded, then the connection cut before any answer
    HOLD_AFTER_RECORD: ClassVar[Reply]  # recorded, the answer held until ``release``

    @staticmethod
    def RATE_LIMITED(retry_after: int) -> Reply:  # noqa: N802 - reads like the other replies
        """429 with ``Retry-After: <seconds>``, nothing recorded."""
        return Reply("rate_limited", retry_after)

    @property
    def records(self) -> bool:
        return self.kind in ("recorded", "drop_after_record", "hold_after_record")


Reply.RECORDED = Reply("recorded")
Reply.SERVER_ERROR = Reply("server_error")
Reply.SHOW_FORM_AGAIN = Reply("show_form_again")
Reply.DROP_BEFORE_RECORD = Reply("drop_before_record")
Reply.DROP_AFTER_RECORD = Reply("drop_after_record")
Reply.HOLD_AFTER_RECORD = Reply("hold_after_record")


@dataclass(frozen=True)
class Verdict:
    """What a POST comes to: a 400 (``problem``), the next page, or the last page's answers."""

    problem: str | None = None
    next_page: str | None = None  # the next page's HTML
    response: Fields | None = None  # the whole response, when the last page came


def partial_response(fields: Fields, fbzx: str) -> str:
    listed = [[None, key, [value], 0] for key, value in fields]
    return json.dumps([listed or None, None, fbzx], separators=(",", ":"))


def judge(spec: FormSpec, posted: Fields, served: set[str], issued: set[str]) -> Verdict:
    """The verdict on ``posted`` for ``spec``; ``served`` fbzx values, ``issued`` partials."""
    hidden = {key: value for key, value in posted if key in HIDDEN}
    answers = [(key, value) for key, value in posted if key not in HIDDEN]
    fbzx = hidden.get("fbzx", "")
    if hidden.get("fvv") != "1":
        return Verdict("fvv=1 is missing")
    if fbzx not in served:
        return Verdict(f"unknown fbzx {fbzx!r}: load the form again")
    pages = page_count(spec)
    history = hidden.get("pageHistory", "")
    current = _page_of(history, pages)
    if current is None:
        return Verdict(f"pageHistory {history!r} does not follow the form's pages")
    earlier = _carried(hidden.get("partialResponse", ""), fbzx, current, issued)
    if earlier is None:
        return Verdict("partialResponse is not the one of the page returned")
    last = current == pages - 1
    if last == ("continue" in hidden) or (not last and hidden["continue"] != "1"):
        return Verdict("continue=1 belongs on every page but the last")
    problem = page_problem(spec, current, answers)
    if problem is not None:
        return Verdict(problem)
    whole = earlier + answers
    if last:
        return Verdict(response=whole)
    carried = partial_response(whole, fbzx)
    issued.add(carried)
    history = ",".join(str(n) for n in range(current + 2))
    hidden_next = {**spec.hidden(), "partialResponse": carried, "pageHistory": history}
    html = page(spec.title or spec.file_name, spec.form_id, hidden_next, spec.script())
    return Verdict(next_page=html)


def confirmation_page(spec: FormSpec) -> str:
    """Google's "recorded" page: the form's data with no items, no ``pageHistory`` input."""
    done = replace(spec, items=())
    hidden = {key: value for key, value in done.hidden().items() if key != "pageHistory"}
    return page(spec.title or spec.file_name, spec.form_id, hidden, done.script())


def error_page(message: str) -> str:
    return page("Error 400 (Bad Request)", "none", {}, "var _F_ = [];").replace(
        '<div role="list" class="o3Dpx"></div>', f"<p>{_escape(message)}</p>"
    )


def _page_of(history: str, pages: int) -> int | None:
    steps = history.split(",")
    expected = [str(n) for n in range(len(steps))]
    return len(steps) - 1 if steps == expected and len(steps) <= pages else None


def _carried(partial: str, fbzx: str, current: int, issued: set[str]) -> Fields | None:
    """The earlier pages' answers inside ``partial``, or None when it is not the right one."""
    if current == 0:
        return [] if partial == partial_response([], fbzx) else None
    if partial not in issued:
        return None
    listed, _, carried_fbzx = json.loads(partial)
    if carried_fbzx != fbzx:
        return None
    return [(key, values[0]) for _, key, values, _ in listed or []]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
