"""What the desktop is told when a queued review goes out, or needs the student, in the
background: a summary naming the week, a body saying what happened and what to do, and a default
action whose click opens the Outbox on that entry (its id is the action's payload).

Only sends nobody was watching are told (the sender's own flushes: at start, each minute, the
network back); a send the student started from the editor or the Outbox is said there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.outbox import OutboxReason, OutboxState
from app.notify import DefaultAction, Notification, Urgency

if TYPE_CHECKING:
    from app.services.outbox import SubmitReport

OPEN_OUTBOX = "Open the outbox"
SENT_WORDS = "The form recorded your answers. Its receipt is in the outbox."
NEEDS_YOU_WORDS = {
    OutboxReason.AMBIGUOUS: (
        "It went out but no answer came back, so it may not have arrived. Check the form's "
        "responses, then choose It arrived or Send again in the outbox."
    ),
    OutboxReason.SIGNIN_REQUIRED: (
        "The form needs a Google sign-in. Open it pre-filled in your browser from the outbox, "
        "submit it there, then say so."
    ),
    OutboxReason.CLOSED: (
        "The form no longer accepts responses. The outbox shows what it said; ask the course "
        "staff how to hand the review in."
    ),
    OutboxReason.GONE: (
        "The form was deleted. The outbox keeps your answers; ask the course staff where the "
        "review goes now."
    ),
    OutboxReason.REJECTED: (
        "The form refused the answers. The outbox says why: change the review, then submit "
        "it again."
    ),
    OutboxReason.FORM_CHANGED: (
        "The form changed since you wrote the review, so nothing was sent. Change the review "
        "to fit it, then submit it again."
    ),
}


def notification_for(report: SubmitReport) -> Notification | None:
    """The notification for what a background send came to; None for one still queued."""
    action = DefaultAction(OPEN_OUTBOX, payload=str(report.outbox_id))
    if report.outcome == OutboxState.SENT:
        return Notification(f"Week {report.week} review sent", SENT_WORDS, action=action)
    if report.outcome != OutboxState.NEEDS_ATTENTION:
        return None
    reason = OutboxReason(report.reason) if report.reason else None
    body = NEEDS_YOU_WORDS.get(reason) if reason else None
    return Notification(
        f"Week {report.week} review needs you",
        body or "It could not be sent as it is: the outbox says why and what to do.",
        urgency=Urgency.CRITICAL,  # stays on screen: only the student moves it on
        action=action,
    )
