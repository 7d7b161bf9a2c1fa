"""The outbox's service and store in this process, on a clock the test moves: the backoff
after failures that recorded nothing, Retry-After, senders that vanished, identity in drafts.

The network is the fake Google Forms behind the ``google`` fixture's proxy; offline is a proxy
on a closed port. Expected waits are the rules written out here (30 s doubling, Retry-After
as given), not read from the code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.form import QuestionKind
from app.domain.outbox import OutboxReason, OutboxState, Receipt, ReceiptOutcome
from app.domain.review_answers import answers_from_json
from app.services.app_services import AppServices, open_services
from app.store.outbox_store import OutboxStore, is_alive, process_token
from tests.forms.form_response import Reply
from tests.forms.form_spec import FormSpec, Open
from tests.forms.google_forms_server import GoogleFormsServer
from tests.integration.local_network import closed_port
from tests.integration.review_term import CODE_8, WEEK, linked_term, week_8_review
from tests.integration.submit_term import ANSWERS, FORM_ID, RECORDED, recorded

T0 = datetime(2022, 3, 10, 9, 0, tzinfo=UTC)


class MovingClock:
    def __init__(self) -> None:
        self.moment = T0

    def now(self) -> datetime:
        return self.moment

    def forward(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def moving() -> MovingClock:
    return MovingClock()


@pytest.fixture
def app(
    fresh_data: Path, course_index_text: str, tmp_path: Path, moving: MovingClock
) -> Iterator[AppServices]:
    opened = open_services(linked_term(fresh_data, course_index_text, tmp_path), clock=moving)
    yield opened
    opened.close()


@pytest.fixture
def network(google: GoogleFormsServer, monkeypatch: pytest.MonkeyPatch) -> Network:
    return Network(monkeypatch)


class Network:
    """The google fixture's proxy, switched off (a closed port) and on again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self._proxy = os.environ["HTTPS_PROXY"]

    def off(self) -> None:
        nowhere = f"http://127.0.0.1:{closed_port()}"
        self._monkeypatch.setenv("HTTPS_PROXY", nowhere)
        self._monkeypatch.setenv("HTTP_PROXY", nowhere)

    def on(self) -> None:
        self._monkeypatch.setenv("HTTPS_PROXY", self._proxy)
        self._monkeypatch.setenv("HTTP_PROXY", self._proxy)


def ready(app: AppServices, google: GoogleFormsServer) -> None:
    google.publish(week_8_review(), CODE_8)
    app.reviews.form(WEEK)
    app.reviews.set_answers(WEEK, answers_from_json(ANSWERS))
    app.reviews.mark_ready(WEEK)


def test_failures_that_recorded_nothing_wait_longer_each_time_then_the_review_goes_out(
    app: AppServices, google: GoogleFormsServer, network: Network, moving: MovingClock
) -> None:
    ready(app, google)
    network.off()

    first = app.outbox.submit(WEEK)
    [entry] = app.outbox.entries()
    assert first.outcome == "queued" and entry.next_try_at == T0 + timedelta(seconds=30)
    moving.forward(29)
    assert app.outbox.flush() == []  # not yet its time
    moving.forward(1)
    assert [r.outcome for r in app.outbox.flush()] == ["queued"]  # still offline
    assert app.outbox.entries()[0].next_try_at == moving.moment + timedelta(seconds=60)
    network.on()
    google.next_submissions(FORM_ID, Reply.RATE_LIMITED(retry_after=7))
    moving.forward(60)
    assert [r.outcome for r in app.outbox.flush()] == ["queued"]  # 429: as long as it asks
    assert app.outbox.entries()[0].next_try_at == moving.moment + timedelta(seconds=7)
    moving.forward(7)

    sent = app.outbox.flush()

    assert [r.outcome for r in sent] == ["sent"]
    [done] = app.outbox.entries()
    assert (done.state, done.sent_at, done.failures) == (OutboxState.SENT, moving.moment, 0)
    assert [(r.outcome, r.status) for r in done.receipts] == [
        (ReceiptOutcome.RETRY, None),
        (ReceiptOutcome.RETRY, None),
        (ReceiptOutcome.RETRY, 429),
        (ReceiptOutcome.SENT, 200),
    ]
    assert recorded(google) == [Counter(RECORDED)]


def test_a_sender_that_vanished_before_its_final_post_leaves_the_entry_to_be_sent(
    app: AppServices, google: GoogleFormsServer, network: Network
) -> None:
    ready(app, google)
    network.off()
    entry_id = app.outbox.submit(WEEK).outbox_id
    store = OutboxStore(app.database)
    gone = token_of_a_finished_process()
    assert store.claim(gone, T0 + timedelta(hours=1), entry_id) is not None
    assert app.outbox.entries()[0].state is OutboxState.QUEUED  # recovered on looking
    network.on()

    assert [r.outcome for r in app.outbox.flush(waiting_too=True)] == ["sent"]
    assert recorded(google) == [Counter(RECORDED)]


def test_a_sender_that_vanished_after_its_final_post_makes_the_entry_ambiguous(
    app: AppServices, google: GoogleFormsServer, network: Network
) -> None:
    ready(app, google)
    network.off()
    entry_id = app.outbox.submit(WEEK).outbox_id
    store = OutboxStore(app.database)
    gone = token_of_a_finished_process()
    store.claim(gone, T0 + timedelta(hours=1), entry_id)
    store.final_post_started(entry_id, gone, T0 + timedelta(hours=1))
    network.on()

    flushed = app.outbox.flush(waiting_too=True)

    assert flushed == [] and recorded(google) == []
    [entry] = app.outbox.entries()
    assert (entry.state, entry.reason) == (OutboxState.NEEDS_ATTENTION, OutboxReason.AMBIGUOUS)
    assert entry.receipts[-1].outcome is ReceiptOutcome.AMBIGUOUS
    assert app.reviews.draft(WEEK).draft.status.value == "needs_attention"


def test_a_live_sender_keeps_its_claim(app: AppServices, google: GoogleFormsServer) -> None:
    ready(app, google)
    entry_id = OutboxStore(app.database).enqueue(
        WEEK, 1, "https://forms.gle/x", app.reviews.form(WEEK).form, {}, T0
    )
    store = OutboxStore(app.database)
    assert store.claim(process_token(), T0, entry_id) is not None

    assert app.outbox.recover() == []
    assert store.claim(process_token(), T0, entry_id) is None  # nobody takes it twice
    assert app.outbox.entries()[0].state is OutboxState.SENDING
    assert is_alive(process_token()) and not is_alive(token_of_a_finished_process())


def test_a_manual_receipt_is_kept_for_a_review_never_sent_from_the_app(
    app: AppServices, google: GoogleFormsServer
) -> None:
    ready(app, google)

    app.reviews.mark_submitted(WEEK)

    [entry] = app.outbox.entries()
    assert (entry.state, entry.revision, entry.sent_at) == (OutboxState.SENT, 1, T0)
    assert entry.receipts == (
        Receipt(
            T0,
            ReceiptOutcome.SUBMITTED_ELSEWHERE,
            None,
            entry.form.url,
            (),
            "You submitted it in the browser.",
        ),
    )


NAME, MAIL, SID, THOUGHTS = 501, 502, 503, 504


def test_the_students_identity_fills_a_new_drafts_matching_questions_only(
    app: AppServices, google: GoogleFormsServer
) -> None:
    app.config.set("identity.name", "Ada Lovelace")
    app.config.set("identity.email", "ada@berkeley.edu")
    app.config.set("identity.student_id", "3034567890")
    spec = FormSpec(
        form_id="1FAIpQLSeIdentityForm0000000000000000000000000000000000",
        title="Week 8 review",
        email_mode=3,
        items=(
            Open(QuestionKind.SHORT, 1, 10000 + NAME, "Full name:", required=True),
            Open(QuestionKind.SHORT, 2, 10000 + MAIL, "E-mail", required=True),
            Open(QuestionKind.SHORT, 3, 10000 + SID, "SID #"),
            Open(QuestionKind.SHORT, 4, 10000 + THOUGHTS, "Name one weakness"),
        ),
    )
    google.publish(spec, CODE_8)
    app.reviews.form(WEEK)

    draft = app.reviews.draft(WEEK).draft

    assert dict(draft.answers) == {
        "emailAddress": "ada@berkeley.edu",
        f"entry.{10000 + NAME}": "Ada Lovelace",
        f"entry.{10000 + MAIL}": "ada@berkeley.edu",
        f"entry.{10000 + SID}": "3034567890",
    }
    # Stored with the student's first change; later settings do not rewrite it.
    app.reviews.set_answers(WEEK, {f"entry.{10000 + THOUGHTS}": "Inserts"})
    app.config.set("identity.name", "Augusta King")
    assert app.reviews.draft(WEEK).draft.answers[f"entry.{10000 + NAME}"] == "Ada Lovelace"


def token_of_a_finished_process() -> str:
    """The claim token a process that has ended wrote (its pid is not running any more)."""
    code = "from app.store.outbox_store import process_token; print(process_token())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    token: str = done.stdout.strip()
    json.loads(token)
    return token
