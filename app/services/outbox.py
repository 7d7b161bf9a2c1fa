"""Submitting reviews: the outbox's use cases. Offline-first, each review revision sent once.

``submit`` puts a ready review in the outbox (store/outbox_store.py) and tries it at once;
``flush`` works through the queued entries whose time has come. Each send claims its entry
inside one write transaction, so two processes never send the same one, and commits "the final
POST went out" right before that POST (``before_final_post``): a sender killed after it leaves
an ambiguous entry, which waits for the student (``confirm``: it arrived; ``resend``: send it
again, on purpose). A failure that recorded nothing for sure (5xx, 429, not connected) queues
the entry again with backoff (``domain.outbox.retry_delay``; Retry-After honoured).

The network work runs in the caller's thread: the window calls this on a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.errors import UserFacingError
from app.domain.form import Form
from app.domain.outbox import (
    OutboxEntry,
    OutboxReason,
    OutboxState,
    Receipt,
    ReceiptOutcome,
    ambiguous_message,
    retry_delay,
)
from app.domain.review import ReviewStatus
from app.domain.submission import answer_fields, prefill_link
from app.services.clock import Clock
from app.services.reviews import ReviewError, ReviewService
from app.store.outbox_store import OutboxConflictError, OutboxStore, is_alive, process_token

if TYPE_CHECKING:
    import requests

    from app.net.form_submit import SubmitResult

PROBE_URL = "https://docs.google.com/"
PROBE_TIMEOUT = (3.0, 3.0)


class OutboxError(UserFacingError):
    """A review cannot go into (or move in) the outbox; ``str()`` says why in one line."""


@dataclass(frozen=True)
class SubmitReport:
    """What one send came to, in the command line's terms."""

    week: int
    outbox_id: int
    outcome: str  # sent, queued or needs_attention
    reason: str | None  # for needs_attention: ambiguous, signin_required, closed, gone, ...
    message: str


class OutboxService:
    def __init__(
        self,
        store: OutboxStore,
        reviews: ReviewService,
        session_factory: Callable[[str], requests.Session],
        clock: Clock,
    ) -> None:
        """``session_factory(url)`` makes the session for sending to the form at ``url`` (with
        the student's cookie for that form's host, if any)."""
        self._store = store
        self._reviews = reviews
        self._session_factory = session_factory
        self._clock = clock

    # -- sending ---------------------------------------------------------------------------------

    def submit(self, week: int) -> SubmitReport:
        """Put the week's ready review in the outbox and try to send it now.

        Refused (nothing posted) when the review is not ready, was submitted, or waits already.
        """
        self.recover()
        view = self._reviews.draft(week)
        draft = view.draft
        if draft.status is ReviewStatus.SUBMITTED:
            raise OutboxError(
                f"the review of week {week} was submitted already; "
                f"to send a changed one, run: review revise {week}"
            )
        held = self._store.entry_for(week, draft.revision)
        if held is not None and held.reason is OutboxReason.AMBIGUOUS:
            raise OutboxError(
                f"the review of week {week} went out with no answer back: check the form, then "
                f"run outbox confirm {held.id} (it arrived) or outbox resend {held.id}"
            )
        if draft.status is ReviewStatus.QUEUED:
            raise OutboxError(f"the review of week {week} is in the outbox already (see: outbox)")
        if draft.status is not ReviewStatus.READY or view.missing:
            missing = f" ({', '.join(view.missing)} still to answer)" if view.missing else ""
            raise OutboxError(
                f"the review of week {week} is not ready{missing}: "
                f"finish it and mark it ready (review ready {week}); nothing was sent"
            )
        if not isinstance(view.questions, Form):
            raise OutboxError(
                f"the form of week {week} was never fetched, so the review cannot be sent: "
                f"fetch it (form {week}) and check the review"
            )
        if view.form_changed:
            raise OutboxError(
                f"the form of week {week} changed since the review was written "
                f"({'; '.join(view.form_changed)}): update the review; nothing was sent"
            )
        link = self._reviews.form_link(week)
        try:
            entry_id = self._store.enqueue(
                week, draft.revision, link, view.questions, draft.answers, self._clock.now()
            )
        except OutboxConflictError as error:
            raise OutboxError(str(error)) from None
        return self._send(entry_id) or self._report(entry_id)

    def flush(
        self, *, waiting_too: bool = False, unreached_too: bool = False
    ) -> list[SubmitReport]:
        """Send every queued entry whose time has come, one after another; what each came to.

        ``waiting_too``: every queued entry (only when the student asks). ``unreached_too``:
        also those whose last try reached no server (the network is back): their wait was for
        the network, while a server's Retry-After or a 5xx backoff is still waited out.
        A failure that recorded nothing leaves the rest for later, when the network is back.
        """
        self.recover()

        def may_skip_wait(entry: OutboxEntry) -> bool:
            return waiting_too or (unreached_too and _reached_nobody(entry))

        reports: list[SubmitReport] = []
        tried: set[int] = set()
        while True:
            report = self._send(None, skip=tried, may_skip_wait=may_skip_wait)
            if report is None:
                return reports
            tried.add(report.outbox_id)
            reports.append(report)
            if report.outcome == OutboxState.QUEUED:  # not connected, or the server is busy
                return reports

    def resend(self, entry_id: int) -> SubmitReport:
        """Send an entry that needs attention again, on purpose (the student checked the form)."""
        self.recover()
        try:
            self._store.requeue(entry_id, self._clock.now())
        except OutboxConflictError as error:
            raise OutboxError(str(error)) from None
        return self._send(entry_id) or self._report(entry_id)

    def confirm(self, entry_id: int) -> OutboxEntry:
        """ "It arrived": the entry is sent, the review submitted, the student's word kept."""
        self.recover()
        found = self._entry(entry_id)
        words = "You checked the form: the review arrived."
        receipt = Receipt(
            self._clock.now(), ReceiptOutcome.CONFIRMED, None, found.form.url, (), words
        )
        try:
            return self._store.confirm(entry_id, receipt)
        except OutboxConflictError as error:
            raise OutboxError(str(error)) from None

    def recover(self) -> list[int]:
        """Entries a vanished process was sending: queued again, or (its final POST had gone
        out) left to the student as ambiguous. The ids made ambiguous."""
        now = self._clock.now()

        def receipt_for(entry: OutboxEntry) -> Receipt:
            words = "The app stopped while sending; no answer was read."
            fields = tuple(answer_fields(entry.form, entry.answers))
            return Receipt(
                now, ReceiptOutcome.AMBIGUOUS, None, entry.form.response_url, fields, words
            )

        return self._store.recover(is_alive, receipt_for, ambiguous_message)

    # -- looking ---------------------------------------------------------------------------------

    def entries(self) -> list[OutboxEntry]:
        """Every entry, newest first, each with its receipts (after ``recover``)."""
        self.recover()
        return self._store.entries()

    def prefill_link(self, week: int) -> str:
        """The form's viewform link pre-filled with every answer of the week's review, for a
        form that needs the browser (sign-in)."""
        view = self._reviews.draft(week)
        if not isinstance(view.questions, Form):
            raise OutboxError(
                f"the form of week {week} was never fetched: fetch it first (form {week})"
            )
        return prefill_link(view.questions, view.draft.answers)

    def probe(self) -> bool:
        """Whether the forms' host answers at all (any HTTP status): for the network state."""
        import requests

        try:
            with self._session_factory(PROBE_URL) as session:
                session.head(PROBE_URL, timeout=PROBE_TIMEOUT, allow_redirects=False).close()
        except requests.RequestException:
            return False
        return True

    # -- the student's cookie for a form host ------------------------------------------------

    def keep_cookie(self, host: str, cookie: str) -> None:
        """Keep ``NAME=value; ...`` for ``host`` in the keyring (only there), sent to it only."""
        from app.secrets import FormCookies, cookie_pairs

        if not cookie_pairs(cookie):
            raise OutboxError(f"no cookie was given for {host} (NAME=value; NAME2=value2)")
        FormCookies().save(host, cookie.strip())

    def forget_cookie(self, host: str) -> bool:
        """True when a cookie was kept for ``host``."""
        from app.secrets import FormCookies

        return FormCookies().forget(host)

    # -- one send --------------------------------------------------------------------------------

    def _send(
        self,
        entry_id: int | None,
        skip: set[int] | None = None,
        *,
        may_skip_wait: Callable[[OutboxEntry], bool] = lambda entry: False,
    ) -> SubmitReport | None:
        """Claim (entry ``entry_id``, or the first due) and send it; None when none was claimed."""
        from app.net.form_submit import submit

        token = process_token()
        entry = self._claim(token, entry_id, skip or set(), may_skip_wait)
        if entry is None:
            return None
        with self._session_factory(entry.form.url) as session:
            result = submit(
                session,
                entry.form,
                entry.answers,
                before_final_post=lambda: self._store.final_post_started(
                    entry.id, token, self._clock.now()
                ),
            )
        self._record(entry, token, result)
        return self._report(entry.id)

    def _claim(
        self,
        token: str,
        entry_id: int | None,
        skip: set[int],
        may_skip_wait: Callable[[OutboxEntry], bool],
    ) -> OutboxEntry | None:
        now = self._clock.now()
        if entry_id is not None:
            return self._store.claim(token, now, entry_id)
        for entry in reversed(self._store.entries()):  # oldest first
            waits = entry.state is OutboxState.QUEUED and may_skip_wait(entry)
            if entry.id not in skip and (entry.due(now) or waits):
                claimed = self._store.claim(token, now, entry.id, waiting_too=waits)
                if claimed is not None:
                    return claimed
        return None

    def _record(self, entry: OutboxEntry, token: str, result: SubmitResult) -> None:
        from app.net.form_submit import SubmitOutcome

        now = self._clock.now()
        receipt = Receipt(
            now,
            ReceiptOutcome(result.outcome.value),
            result.status,
            result.url,
            result.fields,
            result.message,
        )
        if result.outcome is SubmitOutcome.SENT:
            self._store.finish(entry.id, token, receipt, OutboxState.SENT, None, result.message)
        elif result.outcome is SubmitOutcome.RETRY:
            next_try = now + retry_delay(entry.failures + 1, result.retry_after)
            at = next_try.astimezone().strftime("%H:%M")
            message = (
                f"{result.message} It stays queued and goes out by itself (next try at {at}), "
                "or now with `outbox flush`."
            )
            self._store.finish(
                entry.id, token, receipt, OutboxState.QUEUED, None, message, next_try_at=next_try
            )
        else:
            reason = OutboxReason(result.outcome.value)
            message = result.message
            if reason is OutboxReason.AMBIGUOUS:
                message = ambiguous_message(entry.id)
            elif reason is OutboxReason.SIGNIN_REQUIRED:
                week = entry.week
                message += f" Run: review prefill-link {week}, then review submitted {week}."
            self._store.finish(
                entry.id,
                token,
                receipt,
                OutboxState.NEEDS_ATTENTION,
                reason,
                message,
                changes=result.changes,
            )

    def _report(self, entry_id: int) -> SubmitReport:
        entry = self._entry(entry_id)
        outcome = OutboxState.QUEUED if entry.state is OutboxState.SENDING else entry.state
        return SubmitReport(
            week=entry.week,
            outbox_id=entry.id,
            outcome=outcome.value,
            reason=entry.reason.value if entry.reason else None,
            message=entry.message or _state_words(entry),
        )

    def _entry(self, entry_id: int) -> OutboxEntry:
        found = self._store.entry(entry_id)
        if found is None:
            raise OutboxError(f"there is no outbox entry {entry_id} (see: outbox)")
        return found


def _reached_nobody(entry: OutboxEntry) -> bool:
    """Whether the entry's last try got no HTTP answer (not connected, or cut)."""
    return bool(entry.receipts) and entry.receipts[-1].status is None


def _state_words(entry: OutboxEntry) -> str:
    if entry.state is OutboxState.SENDING:
        return "Another window or command is sending it now."
    if entry.state is OutboxState.QUEUED:
        return "Queued: it will be sent when the network is there."
    return ""


__all__ = ["OutboxError", "OutboxService", "ReviewError", "SubmitReport"]
