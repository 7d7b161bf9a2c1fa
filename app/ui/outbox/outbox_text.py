"""How outbox entries and their receipts read on screen: a word and a colour per state, the
reason line in the window's terms (the stored message names command-line steps), local times.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QColor, QPalette

from app.domain.outbox import OutboxEntry, OutboxReason, OutboxState, ReceiptOutcome
from app.ui import time_text
from app.ui.theme import colours

STATE_WORDS = {
    OutboxState.QUEUED: "Queued",
    OutboxState.SENDING: "Sending",
    OutboxState.SENT: "Sent",
    OutboxState.NEEDS_ATTENTION: "Needs attention",
}
# Colour-blind safe enough beside the word, which always goes with it: the theme's colour
# (a ``Colours`` field) of each state.
STATE_COLOURS = {
    OutboxState.QUEUED: "warning",
    OutboxState.SENDING: "link",
    OutboxState.SENT: "success",
    OutboxState.NEEDS_ATTENTION: "error",
}


def state_colour(state: OutboxState, palette: QPalette) -> QColor:
    """The state's colour, legible on ``palette`` (light or dark)."""
    return colours(palette).q(STATE_COLOURS[state])


OUTCOME_WORDS = {
    ReceiptOutcome.SENT: "Recorded by the form",
    ReceiptOutcome.RETRY: "Not recorded; tried again later",
    ReceiptOutcome.AMBIGUOUS: "No answer back",
    ReceiptOutcome.SIGNIN_REQUIRED: "Needs a Google sign-in",
    ReceiptOutcome.CLOSED: "Form closed",
    ReceiptOutcome.GONE: "Form gone",
    ReceiptOutcome.REJECTED: "Refused by the form",
    ReceiptOutcome.FORM_CHANGED: "Form changed; not sent",
    ReceiptOutcome.CONFIRMED: "You confirmed it arrived",
    ReceiptOutcome.SUBMITTED_ELSEWHERE: "You submitted it in the browser",
}
AMBIGUOUS_WORDS = (
    "It went out but no answer came back, so it may or may not have arrived. Check the "
    "form's responses (or your email receipt), then choose It arrived or Send again."
)


def reason_line(entry: OutboxEntry) -> str:
    """What happened and what to do, in one or two sentences with the window's buttons."""
    if entry.reason is OutboxReason.AMBIGUOUS:
        return AMBIGUOUS_WORDS
    if entry.state is OutboxState.SENDING:
        return "Being sent now."
    if entry.state is OutboxState.QUEUED:
        waiting = "Queued: it goes out by itself when the network is there"
        if entry.next_try_at is not None and entry.receipts:
            waiting += f" (next try {time_text.clock_time(time_text.local(entry.next_try_at))})"
        return f"{waiting}."  # why the last try failed is in its receipt
    last = entry.receipts[-1].message if entry.receipts else ""
    if entry.reason is OutboxReason.SIGNIN_REQUIRED:
        return (
            "The form needs a Google sign-in, so it cannot be sent from here: open it "
            "pre-filled in the browser, submit it there, then say so."
        )
    return last or entry.message


def moment_text(moment: datetime | None) -> str:
    """``Mar 10, 9:00 AM`` in the student's zone (the list is narrow); an em dash for none."""
    if moment is None:
        return "—"
    local = time_text.local(moment)
    day = QLocale().toString(QDate(local.year, local.month, local.day), "MMM d")
    return f"{day}, {time_text.clock_time(local)}"


def waiting_count(entries: list[OutboxEntry]) -> int:
    return sum(e.state in (OutboxState.QUEUED, OutboxState.SENDING) for e in entries)


def attention_count(entries: list[OutboxEntry]) -> int:
    return sum(e.state is OutboxState.NEEDS_ATTENTION for e in entries)
