"""The outbox: reviews the student sent, waiting for (or done with) the form's endpoint.

One entry per review revision (week, revision): the answers and the form as they were when the
student pressed Submit, a state, and every attempt's receipt, kept for good. The rules here are
pure: how long to wait after a failure that recorded nothing, and what each state means.

States: ``queued`` (waits for its time and the network), ``sending`` (a sender has claimed it),
``sent`` (the form took it, or the student confirmed it arrived), ``needs_attention`` (refused,
or sent with no answer back: only the student moves it on).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.domain.form import Form
from app.domain.review_answers import Answer

FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(minutes=30)  # a queued review is tried at least this often
LONGEST_SERVER_WAIT = timedelta(hours=6)  # a Retry-After longer than this is not believed


class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    NEEDS_ATTENTION = "needs_attention"


class OutboxReason(StrEnum):
    """Why an entry needs the student (the values are those of the command line's contract)."""

    AMBIGUOUS = "ambiguous"  # sent, no answer came back: it may have arrived
    SIGNIN_REQUIRED = "signin_required"
    CLOSED = "closed"
    GONE = "gone"
    REJECTED = "rejected"
    FORM_CHANGED = "form_changed"


class ReceiptOutcome(StrEnum):
    """What one attempt came to; the first values are the sender's, the last two the student's."""

    SENT = "sent"
    RETRY = "retry"
    AMBIGUOUS = "ambiguous"
    SIGNIN_REQUIRED = "signin_required"
    CLOSED = "closed"
    GONE = "gone"
    REJECTED = "rejected"
    FORM_CHANGED = "form_changed"
    CONFIRMED = "confirmed"  # "it arrived": the student checked the form's responses
    SUBMITTED_ELSEWHERE = "submitted_elsewhere"  # "I submitted it in the browser"


@dataclass(frozen=True)
class Receipt:
    time: datetime
    outcome: ReceiptOutcome
    status: int | None  # HTTP status of the last request; None: no answer (or no request)
    url: str  # the final URL of the last request
    fields: tuple[tuple[str, str], ...]  # every field posted, in order, repeated keys kept
    message: str = ""


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    week: int
    revision: int
    state: OutboxState
    reason: OutboxReason | None
    message: str  # what happened and what to do, in words
    link: str  # the course page's link to the form
    form: Form  # the form the answers were written against
    answers: Mapping[str, Answer]
    created: datetime
    sent_at: datetime | None = None
    next_try_at: datetime | None = None  # a queued entry waits until then
    failures: int = 0  # attempts in a row that recorded nothing (for the backoff)
    changes: tuple[str, ...] = ()  # for a changed form: what stops the send, per question
    receipts: tuple[Receipt, ...] = ()

    def due(self, now: datetime) -> bool:
        """Whether a sender may take it now."""
        if self.state is not OutboxState.QUEUED:
            return False
        return self.next_try_at is None or self.next_try_at <= now


def retry_delay(failures: int, retry_after: float | None = None) -> timedelta:
    """The wait before the next try after ``failures`` failed attempts in a row (1 or more).

    The server's Retry-After when it gave one (believed up to six hours), else 30 s doubling
    with each failure up to 30 minutes.
    """
    if retry_after is not None and retry_after >= 0:
        return min(timedelta(seconds=retry_after), LONGEST_SERVER_WAIT)
    doubled = FIRST_RETRY * (1 << min(max(failures, 1) - 1, 16))
    return min(doubled, LONGEST_RETRY)


def ambiguous_message(entry_id: int) -> str:
    return (
        "The review went out but no answer came back, so it may or may not have arrived. "
        f"Check the form's responses (or your email receipt), then run `outbox confirm {entry_id}` "
        f"if it arrived or `outbox resend {entry_id}` to send it again."
    )


def entry_json(entry: OutboxEntry) -> dict[str, object]:
    """The entry as `outbox --json` prints it (and Export receipts… writes): a contract."""
    return {
        "id": entry.id,
        "week": entry.week,
        "revision": entry.revision,
        "state": entry.state.value,
        "reason": entry.reason.value if entry.reason else None,
        "message": entry_message(entry),
        "changes": list(entry.changes),
        "created": entry.created.isoformat(),
        "sent_at": entry.sent_at.isoformat() if entry.sent_at else None,
        "next_try_at": entry.next_try_at.isoformat() if entry.next_try_at else None,
        "attempts": [
            {
                "time": receipt.time.isoformat(),
                "status": receipt.status,
                "url": receipt.url,
                "outcome": receipt.outcome.value,
                "fields": [[key, value] for key, value in receipt.fields],
                "message": receipt.message,
            }
            for receipt in entry.receipts
        ],
    }


def entry_message(entry: OutboxEntry) -> str:
    """What happened to the entry, in words; for one still on its way, what happens next."""
    if entry.message:
        return entry.message
    if entry.state is OutboxState.SENDING:
        return "Being sent now."
    if entry.state is OutboxState.QUEUED:
        return "Queued: it will be sent when the network is there."
    return ""
