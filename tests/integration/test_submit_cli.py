"""Submitting a review from the command line, against the fake Google Forms through its proxy.

Each command is a new process (``python -m app``), so every test is also a restart with what
the outbox held. The form records answers only from a strict page-by-page browser conversation
(tests/forms/google_forms_server.py); what it recorded is compared with ``RECORDED``, written
out from the encoding rules in submit_term.py.
"""

from __future__ import annotations

import json
import os
import signal
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.domain.form import QuestionKind
from tests.forms.form_response import Reply
from tests.forms.form_spec import Open
from tests.forms.google_forms_server import GoogleFormsServer, Wall
from tests.integration.cli_process import json_of, start
from tests.integration.review_term import (
    CODE_8,
    WEEK,
    WEEK_8_ITEMS,
    Student,
    linked_term,
    one_line,
    succeeded,
    week_8_review,
)
from tests.integration.submit_term import (
    ANSWERS,
    FORM_ID,
    RECORDED,
    final_posts,
    outbox,
    ready_review,
    recorded,
)

W = str(WEEK)


@pytest.fixture
def student(fresh_data: Path, course_index_text: str, tmp_path: Path) -> Student:
    return Student(linked_term(fresh_data, course_index_text, tmp_path))


def test_a_ready_review_is_sent_once_with_every_answer_and_kept_with_its_receipt(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)

    sent = succeeded(student.online("submit", W, "--json"))

    assert sent | {"message": ""} == {
        "week": WEEK,
        "outbox_id": sent["outbox_id"],
        "outcome": "sent",
        "reason": None,
        "message": "",
    }
    assert recorded(google) == [Counter(RECORDED)]
    [entry] = outbox(student)
    assert (entry["id"], entry["week"], entry["state"], entry["reason"]) == (
        sent["outbox_id"],
        WEEK,
        "sent",
        None,
    )
    assert entry["sent_at"] and entry["created"] <= entry["sent_at"]
    [attempt] = entry["attempts"]
    assert (attempt["status"], attempt["outcome"]) == (200, "sent")
    assert urlsplit(attempt["url"]).path == f"/forms/d/e/{FORM_ID}/formResponse"
    posted = Counter(tuple(pair) for pair in attempt["fields"])
    assert Counter(RECORDED) <= posted  # every answer, besides the form's hidden fields
    assert {key for key, _ in posted} >= {"fbzx", "pageHistory", "partialResponse"}
    # Submitted is final: the draft is read-only and a second submit posts nothing.
    assert student.draft()["status"] == "submitted"
    posts = final_posts(google)
    assert "submitted already" in one_line(student.online("submit", W))
    assert "cannot be changed" in one_line(student.set_answers({"Rating": "5"}))
    assert final_posts(google) == posts and len(recorded(google)) == 1


def test_offline_the_review_waits_in_the_outbox_and_goes_out_after_a_restart_online(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)

    queued = succeeded(student.offline("submit", W, "--json"))
    waiting = outbox(student)
    flushed = succeeded(student.online("outbox", "flush", "--json"))

    assert (queued["outcome"], queued["reason"]) == ("queued", None)
    assert queued["message"]
    [entry] = waiting
    assert entry["state"] == "queued" and entry["sent_at"] is None
    assert [(a["status"], a["outcome"]) for a in entry["attempts"]] == [(None, "retry")]
    assert [(f["outbox_id"], f["outcome"]) for f in flushed] == [(queued["outbox_id"], "sent")]
    assert recorded(google) == [Counter(RECORDED)]
    assert student.draft()["status"] == "submitted"
    [after] = outbox(student)
    assert [a["outcome"] for a in after["attempts"]] == ["retry", "sent"]
    assert succeeded(student.online("outbox", "flush", "--json")) == []  # nothing left


def test_a_busy_server_gets_the_review_again_later_and_records_it_once(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)
    google.next_submissions(FORM_ID, Reply.SERVER_ERROR, Reply.RATE_LIMITED(retry_after=7))

    first = succeeded(student.online("submit", W, "--json"))
    waiting = outbox(student)[0]
    second = succeeded(student.online("outbox", "flush", "--json"))
    third = succeeded(student.online("outbox", "flush", "--json"))

    assert first["outcome"] == "queued" and "500" in first["message"]
    assert waiting["state"] == "queued" and waiting["next_try_at"] > waiting["created"]
    assert [r["outcome"] for r in second] == ["queued"] and "429" in second[0]["message"]
    assert [r["outcome"] for r in third] == ["sent"]
    assert recorded(google) == [Counter(RECORDED)]
    [entry] = outbox(student)
    assert [(a["status"], a["outcome"]) for a in entry["attempts"]] == [
        (500, "retry"),
        (429, "retry"),
        (200, "sent"),
    ]


def test_two_senders_at_once_send_the_review_once(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)
    assert succeeded(student.offline("submit", W, "--json"))["outcome"] == "queued"
    google.next_submissions(FORM_ID, Reply.HOLD_AFTER_RECORD)
    proxies = {name: os.environ[name] for name in ("HTTPS_PROXY", "HTTP_PROXY")}

    first = start(student.data_dir, "outbox", "flush", "--json", env=proxies)
    try:
        assert google.wait_held(), first.stderr.read() if first.stderr else ""
        second = succeeded(student.online("outbox", "flush", "--json"))
        listed_meanwhile = outbox(student)
    finally:
        google.release()
        out, err = first.communicate(timeout=60)

    assert second == []  # the entry was taken: the second sender leaves it alone
    assert listed_meanwhile[0]["state"] == "sending"
    assert first.returncode == 0, err
    assert [r["outcome"] for r in json_of_text(out)] == ["sent"]
    assert recorded(google) == [Counter(RECORDED)]
    assert final_posts(google) == 1


def test_a_sender_killed_after_the_final_post_leaves_the_review_to_the_student(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)
    google.next_submissions(FORM_ID, Reply.HOLD_AFTER_RECORD)
    proxies = {name: os.environ[name] for name in ("HTTPS_PROXY", "HTTP_PROXY")}

    sender = start(student.data_dir, "submit", W, "--json", env=proxies)
    try:
        assert google.wait_held()
        sender.send_signal(signal.SIGKILL)
        sender.communicate(timeout=30)
    finally:
        sender.kill()
        google.release()
    assert sender.returncode == -signal.SIGKILL

    [entry] = outbox(student)
    flushed = succeeded(student.online("outbox", "flush", "--json"))
    again = one_line(student.online("submit", W))
    locked = one_line(student.set_answers({"Rating": "5"}))

    assert (entry["state"], entry["reason"]) == ("needs_attention", "ambiguous")
    assert f"outbox confirm {entry['id']}" in entry["message"]
    assert f"outbox resend {entry['id']}" in entry["message"]
    assert [(a["status"], a["outcome"]) for a in entry["attempts"]] == [(None, "ambiguous")]
    assert flushed == [] and f"outbox confirm {entry['id']}" in again
    assert "cannot be changed" in locked
    assert student.draft()["status"] == "needs_attention"
    assert final_posts(google) == 1 and recorded(google) == [Counter(RECORDED)]
    # The student looked at the form's responses: it arrived.
    confirmed = student.offline("outbox", "confirm", str(entry["id"]))
    assert confirmed.returncode == 0, confirmed.stderr
    [after] = outbox(student)
    assert (after["state"], after["sent_at"] is not None) == ("sent", True)
    assert [a["outcome"] for a in after["attempts"]] == ["ambiguous", "confirmed"]
    assert student.draft()["status"] == "submitted"


def test_a_connection_dropped_after_the_form_recorded_it_waits_and_resend_is_on_purpose(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)
    google.next_submissions(FORM_ID, Reply.DROP_AFTER_RECORD)

    dropped = student.online("submit", W, "--json")
    report = json_of(dropped)
    flushed = succeeded(student.online("outbox", "flush", "--json"))

    assert dropped.returncode == 1
    assert (report["outcome"], report["reason"]) == ("needs_attention", "ambiguous")
    assert f"outbox resend {report['outbox_id']}" in report["message"]
    assert flushed == [] and len(recorded(google)) == 1
    resent = succeeded(student.online("outbox", "resend", str(report["outbox_id"]), "--json"))
    assert resent["outcome"] == "sent"
    assert recorded(google) == [Counter(RECORDED)] * 2  # the student chose to send it again


@pytest.mark.parametrize(
    ("wall", "reason"),
    [
        (Wall.SIGNIN, "signin_required"),
        (Wall.UNAUTHORIZED, "signin_required"),
        (Wall.CLOSED, "closed"),
        (Wall.NOT_FOUND, "gone"),
        (Wall.GONE, "gone"),
    ],
)
def test_a_form_that_refuses_keeps_the_draft_and_says_why(
    google: GoogleFormsServer, student: Student, wall: Wall, reason: str
) -> None:
    ready_review(student, google)
    drafted = student.draft()["answers"]
    google.publish(week_8_review(), CODE_8, wall=wall)

    refused = student.online("submit", W, "--json")
    report = json_of(refused)

    assert refused.returncode == 1
    assert (report["outcome"], report["reason"]) == ("needs_attention", reason)
    assert report["message"]
    [entry] = outbox(student)
    assert (entry["state"], entry["reason"], entry["message"]) == (
        "needs_attention",
        reason,
        report["message"],
    )
    draft = student.draft()
    assert (draft["status"], draft["answers"]) == ("needs_attention", drafted)
    assert recorded(google) == []
    if reason == "signin_required":
        assert f"review prefill-link {WEEK}" in report["message"]


def test_a_form_changed_since_drafting_is_not_sent_and_the_questions_are_named(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)
    added = Open(QuestionKind.SHORT, 584019299, 1203948599, "Student ID", required=True)
    google.publish(week_8_review(items=(*WEEK_8_ITEMS, added)), CODE_8)

    changed = json_of(student.online("submit", W, "--json"))

    assert (changed["outcome"], changed["reason"]) == ("needs_attention", "form_changed")
    assert "Student ID" in changed["message"]
    [entry] = outbox(student)
    assert entry["reason"] == "form_changed" and any("Student ID" in c for c in entry["changes"])
    assert student.draft()["answers"] == ANSWERS  # the draft is kept as written
    assert recorded(google) == []


def test_a_review_not_ready_is_refused_and_nothing_is_posted(
    google: GoogleFormsServer, student: Student
) -> None:
    google.publish(week_8_review(), CODE_8)
    assert student.online("form", W).returncode == 0
    assert student.set_answers({"Summary": "Half a thought."}).returncode == 0

    refused = one_line(student.online("submit", W))

    assert "not ready" in refused and "Weaknesses" in refused
    assert outbox(student) == [] and final_posts(google) == 0


def test_the_prefilled_link_carries_every_answer(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)

    link = student.offline("review", "prefill-link", W)

    assert link.returncode == 0, link.stderr
    parts = urlsplit(link.stdout.strip())
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "docs.google.com",
        f"/forms/d/e/{FORM_ID}/viewform",
    )
    carried = Counter((name, value.replace("\r\n", "\n")) for name, value in parse_qsl(parts.query))
    expected = Counter((name, value.replace("\r\n", "\n")) for name, value in RECORDED)
    assert carried == expected + Counter({("usp", "pp_url"): 1})


def test_submitted_in_the_browser_keeps_a_receipt_and_a_new_revision_is_sent_on_purpose(
    google: GoogleFormsServer, student: Student
) -> None:
    ready_review(student, google)
    google.publish(week_8_review(), CODE_8, wall=Wall.SIGNIN)
    assert json_of(student.online("submit", W, "--json"))["reason"] == "signin_required"

    elsewhere = student.offline("review", "submitted", W)
    revised = student.offline("review", "revise", W)

    assert elsewhere.returncode == 0, elsewhere.stderr
    assert revised.returncode == 0 and "revision 2" in revised.stdout, revised.stderr
    draft = student.draft()
    assert (draft["status"], draft["revision"]) == ("drafting", 2)
    [first] = outbox(student)
    assert (first["state"], first["revision"]) == ("sent", 1)
    assert [a["outcome"] for a in first["attempts"]] == ["signin_required", "submitted_elsewhere"]
    # The new revision goes out once it is ready, as a second entry.
    google.publish(week_8_review(), CODE_8)
    assert student.set_answers({"Rating": "5"}).returncode == 0
    assert student.offline("review", "ready", W).returncode == 0
    sent = succeeded(student.online("submit", W, "--json"))
    assert sent["outcome"] == "sent" and sent["outbox_id"] != first["id"]
    changed = Counter({**dict.fromkeys(RECORDED, 1)})
    changed[("entry.1203948577", "4")] -= 1
    changed[("entry.1203948577", "5")] += 1
    assert recorded(google) == [+changed]
    assert [(e["revision"], e["state"]) for e in outbox(student)] == [(2, "sent"), (1, "sent")]


def json_of_text(text: str) -> Any:
    return json.loads(text)
