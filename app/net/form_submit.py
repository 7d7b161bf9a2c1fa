"""Sending a review to its Google Form, as a browser does, and saying what became of it.

``submit`` fetches the form again right before sending (a new ``fbzx``, and the questions as
they are now: if they no longer match the snapshot the draft was written against, nothing is
sent), then posts page by page: every page but the last with ``continue=1``, each carrying the
hidden inputs of the page the previous POST returned (``pageHistory`` grows ``0``, ``0,1``, ...;
``partialResponse`` holds the earlier pages' answers). Only the last POST records a response.

Success is read from the page's structure (design notes, section 4): a 200 whose page has no
``pageHistory`` input and a form with no items. A 200 that shows the form again is not
recorded. Never the page's words or class names: they change with language and redesigns.

Whether a failure may be retried depends on whether the last POST went out: an error before it
was sent (connection refused, proxy, DNS, TLS handshake) or on an earlier page recorded nothing
(``RETRY``); once the last POST was sent, no answer means nobody knows (``AMBIGUOUS``), and only
the student, looking at the form, can say whether to send it again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from app.domain.form import Form
from app.domain.review_answers import Answer
from app.domain.submission import answer_fields, submission_changes
from app.net.form_page import FormFailure, FormFetchError, is_closed_url, is_signin_url
from app.net.form_reply import (
    Reply,
    may_have_arrived,
    read_reply,
    server_message,
    shows_confirmation,
)
from app.net.forms import fetch_form
from app.net.http import CONNECT_TIMEOUT, READ_TIMEOUT, describe, host_of, sentence

if TYPE_CHECKING:
    import requests

Fields = tuple[tuple[str, str], ...]
MAX_REDIRECTS = 5


class SubmitOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # nothing recorded for sure: try again later (5xx, 429, not connected)
    AMBIGUOUS = "ambiguous"  # the last POST went out and no answer came: ask the student
    SIGNIN_REQUIRED = "signin_required"
    CLOSED = "closed"
    GONE = "gone"
    REJECTED = "rejected"
    FORM_CHANGED = "form_changed"


@dataclass(frozen=True)
class SubmitResult:
    outcome: SubmitOutcome
    message: str  # one line: what happened and what to do
    status: int | None  # HTTP status of the last request (None: no answer)
    url: str  # final URL of the last request (after redirects)
    fields: Fields  # every field posted in this attempt, in order, repeated keys kept
    retry_after: float | None = None  # seconds, from Retry-After
    changes: tuple[str, ...] = ()  # for FORM_CHANGED: submission_changes' lines


def submit(
    session: requests.Session,
    snapshot: Form,
    answers: Mapping[str, Answer],
    *,
    before_final_post: Callable[[], None] = lambda: None,
    timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
) -> SubmitResult:
    """Fresh GET, compare, page-by-page POSTs. ``before_final_post`` is called right before the
    POST that records the response (the outbox commits "the final POST went out" there, so a
    crash after it is ambiguous, before it is not); if it raises, the exception propagates and
    the last POST is not made. Never raises for network trouble: every
    failure is a SubmitResult. Connection errors raised before the final request was sent ->
    RETRY; the final request sent and no answer (read timeout, reset, dropped connection) ->
    AMBIGUOUS. ``timeout`` is (connect, read) seconds for each request."""
    link = snapshot.url
    try:
        fetched = fetch_form(link, session, timeout=timeout)
    except FormFetchError as error:
        return _unfetched(error, link)
    form = fetched.form
    if form.requires_signin:
        return _result(SubmitOutcome.SIGNIN_REQUIRED, _signin_words(link), None, link, ())
    changes = submission_changes(snapshot, form, answers)
    if changes:
        words = f"The form changed since this review was written ({'; '.join(changes)}); "
        words += "nothing was sent: update the review, then submit it again."
        return SubmitResult(SubmitOutcome.FORM_CHANGED, words, 200, form.url, (), None, (*changes,))
    if fetched.fbzx is None:
        words = f"The form page {link} has no answer token (fbzx); nothing was sent: "
        return _result(SubmitOutcome.REJECTED, words + "open it in the browser.", 200, link, ())
    sending = _Sending(session, form, answers, before_final_post, timeout)
    return sending.run(dict(fetched.hidden))


class _Sending:
    """One attempt's POSTs, page by page, and every field they carried."""

    def __init__(
        self,
        session: requests.Session,
        form: Form,
        answers: Mapping[str, Answer],
        before_final_post: Callable[[], None],
        timeout: tuple[float, float],
    ) -> None:
        self.session, self.form, self.answers = session, form, answers
        self.timeout = timeout
        self.before_final_post = before_final_post
        self.sent: list[tuple[str, str]] = []

    def run(self, hidden: dict[str, str]) -> SubmitResult:
        last = len(self.form.pages) - 1
        for page in range(last + 1):
            fields = answer_fields(self.form, self.answers, page) + list(hidden.items())
            final = page == last
            if not final:
                fields.append(("continue", "1"))
            self.sent.extend(fields)
            if final:
                self.before_final_post()
                _fresh_connection(self.session, self.form.response_url)
            try:
                reply = self._post(fields)
            except Exception as error:  # requests' exceptions, classified below
                return self._unanswered(error, final)
            if final:
                return self._judge_final(reply)
            expected = ",".join(str(n) for n in range(page + 2))
            if reply.status != 200 or reply.hidden.get("pageHistory") != expected:
                return self._refused(reply, final=False)
            hidden = dict(reply.hidden)
        raise AssertionError("a form has at least one page")  # pragma: no cover

    def _post(self, fields: list[tuple[str, str]]) -> Reply:
        """The POST, then its redirects one hop at a time (GET), stopping at a wall."""
        url = self.form.response_url
        timeout = self.timeout
        response = self.session.post(
            url, data=fields, timeout=timeout, allow_redirects=False, stream=True
        )
        for _hop in range(MAX_REDIRECTS):
            location = response.headers.get("Location") if response.is_redirect else None
            if location is None:
                break
            url = urljoin(response.url, location)
            if is_signin_url(url) or is_closed_url(url):
                response.close()
                return Reply(response.status_code, url, {}, "", None)
            response.close()
            response = self.session.get(url, timeout=timeout, allow_redirects=False, stream=True)
        return read_reply(response)

    def _judge_final(self, reply: Reply) -> SubmitResult:
        if reply.status == 200 and shows_confirmation(reply):
            words = "The review was sent: the form recorded it."
            return self._done(SubmitOutcome.SENT, words, reply)
        return self._refused(reply, final=True)

    def _refused(self, reply: Reply, *, final: bool) -> SubmitResult:
        link, status = self.form.url, reply.status
        if is_signin_url(reply.url) or status == 401:
            return self._done(SubmitOutcome.SIGNIN_REQUIRED, _signin_words(link), reply)
        if is_closed_url(reply.url):
            words = f"The form {link} is closed and takes no more answers; ask the course staff."
            return self._done(SubmitOutcome.CLOSED, words, reply)
        if status in (404, 410):
            words = f"The form {link} is gone ({status}); check the course page for a new link."
            return self._done(SubmitOutcome.GONE, words, reply)
        if status == 429 or status >= 500:
            words = f"{host_of(reply.url)} answered {status}; nothing was recorded, "
            later = "the review will be sent again later."
            return self._done(SubmitOutcome.RETRY, words + later, reply, reply.retry_after)
        if status == 200:
            where = "the review's last page" if final else "the next page"
            words = f"The form came back instead of {where}, so nothing was recorded; "
            words += "check the answers against the form in the browser."
            return self._done(SubmitOutcome.REJECTED, words, reply)
        said = server_message(reply) or "no reason given"
        words = f"The form refused the review ({status}: {said}); fix the answer and submit again."
        return self._done(SubmitOutcome.REJECTED, words, reply)

    def _unanswered(self, error: Exception, final: bool) -> SubmitResult:
        url = self.form.response_url
        trouble = describe(error, url).words
        if not final or not may_have_arrived(error):
            words = f"{sentence(trouble)}; nothing was recorded, the review will be sent later."
            return _result(SubmitOutcome.RETRY, words, None, url, self.sent)
        words = f"The review was sent but no answer came back ({trouble}): check the form "
        words += "in the browser, then confirm it arrived or send it again."
        return _result(SubmitOutcome.AMBIGUOUS, words, None, url, self.sent)

    def _done(
        self, outcome: SubmitOutcome, words: str, reply: Reply, retry_after: float | None = None
    ) -> SubmitResult:
        return SubmitResult(outcome, words, reply.status, reply.url, tuple(self.sent), retry_after)


def _unfetched(error: FormFetchError, link: str) -> SubmitResult:
    """The fresh GET failed: nothing was posted."""
    outcome = {
        FormFailure.SIGNIN: SubmitOutcome.SIGNIN_REQUIRED,
        FormFailure.CLOSED: SubmitOutcome.CLOSED,
        FormFailure.NOT_FOUND: SubmitOutcome.GONE,
        FormFailure.NETWORK: SubmitOutcome.RETRY,
    }.get(error.kind, SubmitOutcome.RETRY if error.transient else SubmitOutcome.REJECTED)
    return _result(outcome, str(error), None, link, ())


def _result(
    outcome: SubmitOutcome,
    words: str,
    status: int | None,
    url: str,
    sent: Sequence[tuple[str, str]],
) -> SubmitResult:
    return SubmitResult(outcome, words, status, url, tuple(sent))


def _signin_words(link: str) -> str:
    return f"The form {link} needs a Google sign-in; open it pre-filled in the browser."


def _fresh_connection(session: requests.Session, url: str) -> None:
    """Drop idle pooled connections, so the last POST goes on a new one: a kept-alive
    connection the server already closed would fail it as if it had gone out."""
    session.get_adapter(url).close()
