"""Sending a review to the fake Google Forms, page by page, as a browser does.

The fake server (google_forms_server.py) is strict: it answers 400 to a POST that a browser
would not make, so a SENT here means every POST followed section 4 of the design notes. What
the form recorded is compared with fields written out by hand.
"""

from __future__ import annotations

import pytest
import requests

from app.domain.form import Form, QuestionKind
from app.domain.review_answers import Answer, Other
from app.net.form_submit import SubmitOutcome, submit
from app.net.forms import fetch_form
from tests.forms.form_response import Reply
from tests.forms.form_spec import Choices, Open
from tests.forms.google_forms_server import (
    DOCS_HOST,
    SIGNIN_HOST,
    GoogleFormsServer,
    Seen,
    Wall,
)
from tests.forms.review_forms import WEEK_CODE, WEEK_FORM_ID, WEEK_ITEMS, one_question, week_review
from tests.integration.local_network import closed_port

RESPONSE_PATH = f"/forms/d/e/{WEEK_FORM_ID}/formResponse"
FBZX = "-4215632710884927456"  # week_review's

# Week 3's review answered in full: every kind the app answers.
WEEK_ANSWERS: dict[str, Answer] = {
    "entry.1045378231": "Ada Lovelace",
    "entry.1045378232": "3031234567",
    "entry.1045378233": Other("Both, compared"),
    "entry.1045378234": "102",
    "entry.1045378235": ("The problem", "The writing", Other("the figures")),
    "entry.1045378238": "TVM compiles models.\nIt searches schedules.",
    "entry.1045378239": "4",
    "entry.1045378240": "Strong",
    "entry.1045378241": "Fair",
    "entry.1045378242": "Strong",
    "entry.1045378243": "2022-02-03",
    "entry.1045378244": "7:05",
}
PAGE_1 = [
    ("entry.1045378231", "Ada Lovelace"),
    ("entry.1045378232", "3031234567"),
    ("entry.1045378233", "__other_option__"),
    ("entry.1045378233.other_option_response", "Both, compared"),
    ("entry.1045378234", "102"),
    ("entry.1045378235", "The problem"),
    ("entry.1045378235", "The writing"),
    ("entry.1045378235", "__other_option__"),
    ("entry.1045378235.other_option_response", "the figures"),
]
PAGE_2 = [
    ("entry.1045378238", "TVM compiles models.\r\nIt searches schedules."),
    ("entry.1045378239", "4"),
    ("entry.1045378240", "Strong"),
    ("entry.1045378241", "Fair"),
    ("entry.1045378242", "Strong"),
    ("entry.1045378243_year", "2022"),
    ("entry.1045378243_month", "2"),
    ("entry.1045378243_day", "3"),
    ("entry.1045378244_hour", "07"),
    ("entry.1045378244_minute", "05"),
]


def snapshot(google: GoogleFormsServer, session: requests.Session) -> Form:
    """The form as the student drafted against it."""
    return fetch_form(google.publish(week_review(), WEEK_CODE), session).form


def test_a_three_page_review_is_recorded_with_every_answer(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)

    result = submit(session, form, WEEK_ANSWERS)

    assert result.outcome is SubmitOutcome.SENT, result.message
    assert result.status == 200
    assert result.url == f"https://{DOCS_HOST}{RESPONSE_PATH}"
    assert google.responses(WEEK_FORM_ID) == [PAGE_1 + PAGE_2]
    posted = posts(google)
    assert [dict(seen.fields)["pageHistory"] for seen in posted] == ["0", "0,1", "0,1,2"]
    assert [dict(seen.fields).get("continue") for seen in posted] == ["1", "1", None]
    assert all(seen.path == RESPONSE_PATH for seen in posted)
    assert list(result.fields) == [field for seen in posted for field in seen.fields]


def posts(google: GoogleFormsServer) -> list[Seen]:
    return [seen for seen in google.requests if seen.method == "POST"]


def test_a_one_page_form_is_one_post_without_continue(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    spec = one_question(Open(QuestionKind.SHORT, 381920451, 1045378231, "Your name", required=True))
    form = fetch_form(google.publish(spec), session).form

    result = submit(session, form, {"entry.1045378231": "Ada"})

    assert result.outcome is SubmitOutcome.SENT, result.message
    assert [seen.fields for seen in posts(google)] == [
        [
            ("entry.1045378231", "Ada"),
            ("fvv", "1"),
            ("partialResponse", f'[null,null,"{FBZX}"]'),
            ("pageHistory", "0"),
            ("fbzx", FBZX),
            ("submissionTimestamp", "-1"),
        ]
    ]
    assert google.responses(WEEK_FORM_ID) == [[("entry.1045378231", "Ada")]]


def test_a_typed_email_address_goes_with_the_first_page(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    spec = one_question(Open(QuestionKind.SHORT, 381920451, 1045378231, "Your name"), email_mode=3)
    form = fetch_form(google.publish(spec), session).form

    result = submit(session, form, {"emailAddress": "ada@berkeley.edu", "entry.1045378231": "A"})

    assert result.outcome is SubmitOutcome.SENT, result.message
    expected = [("emailAddress", "ada@berkeley.edu"), ("entry.1045378231", "A")]
    assert google.responses(WEEK_FORM_ID) == [expected]


def test_each_send_uses_the_fbzx_of_a_fresh_page(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    google.publish(week_review(fbzx="777"), WEEK_CODE)  # the page's token now

    result = submit(session, form, WEEK_ANSWERS)

    assert result.outcome is SubmitOutcome.SENT, result.message
    assert {dict(seen.fields)["fbzx"] for seen in posts(google)} == {"777"}
    assert google.visited()[-4] == (DOCS_HOST, f"/forms/d/e/{WEEK_FORM_ID}/viewform")


def test_the_hook_runs_once_right_before_the_last_post(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    seen_at_hook: list[tuple[int, int]] = []

    def hook() -> None:
        seen_at_hook.append((len(posts(google)), len(google.responses(WEEK_FORM_ID))))

    submit(session, form, WEEK_ANSWERS, before_final_post=hook)

    assert seen_at_hook == [(2, 0)]  # the two page POSTs went, the recording one not yet


@pytest.mark.parametrize(
    ("wall", "outcome", "words"),
    [
        (Wall.SIGNIN, SubmitOutcome.SIGNIN_REQUIRED, "needs a Google sign-in"),
        (Wall.UNAUTHORIZED, SubmitOutcome.SIGNIN_REQUIRED, "needs a Google sign-in"),
        (Wall.CLOSED, SubmitOutcome.CLOSED, "is closed"),
        (Wall.NOT_FOUND, SubmitOutcome.GONE, "check the course page"),
        (Wall.GONE, SubmitOutcome.GONE, "check the course page"),
        (Wall.SERVER_ERROR, SubmitOutcome.RETRY, "try again later"),
        (Wall.DROPPED, SubmitOutcome.RETRY, "could not be fetched"),
    ],
)
def test_a_form_out_of_reach_before_sending_gets_nothing_posted(
    google: GoogleFormsServer,
    session: requests.Session,
    wall: Wall,
    outcome: SubmitOutcome,
    words: str,
) -> None:
    form = snapshot(google, session)
    google.publish(week_review(), WEEK_CODE, wall)

    result = submit(session, form, WEEK_ANSWERS)

    assert (result.outcome, result.fields) == (outcome, ())
    assert words in result.message and "\n" not in result.message
    assert posts(google) == []


def test_a_form_that_now_asks_for_a_sign_in_gets_nothing_posted(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    google.publish(week_review(signin=True), WEEK_CODE)

    result = submit(session, form, WEEK_ANSWERS)

    assert result.outcome is SubmitOutcome.SIGNIN_REQUIRED
    assert "pre-filled" in result.message
    assert posts(google) == []


@pytest.mark.parametrize(
    ("wall", "outcome", "status"),
    [
        (Wall.SIGNIN, SubmitOutcome.SIGNIN_REQUIRED, 302),
        (Wall.UNAUTHORIZED, SubmitOutcome.SIGNIN_REQUIRED, 401),
        (Wall.CLOSED, SubmitOutcome.CLOSED, 302),
        (Wall.NOT_FOUND, SubmitOutcome.GONE, 404),
        (Wall.GONE, SubmitOutcome.GONE, 410),
        (Wall.SERVER_ERROR, SubmitOutcome.RETRY, 500),
    ],
)
def test_a_wall_that_rises_before_the_last_post_is_said_and_nothing_recorded(
    google: GoogleFormsServer,
    session: requests.Session,
    wall: Wall,
    outcome: SubmitOutcome,
    status: int,
) -> None:
    form = snapshot(google, session)

    def close_the_form() -> None:
        google.publish(week_review(), WEEK_CODE, wall)

    result = submit(session, form, WEEK_ANSWERS, before_final_post=close_the_form)

    assert (result.outcome, result.status) == (outcome, status)
    assert google.responses(WEEK_FORM_ID) == []
    assert SIGNIN_HOST not in {host for host, _path in google.visited()}  # never walked into


def test_a_form_changed_since_drafting_is_not_sent_and_the_changes_are_named(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    items = list(WEEK_ITEMS)
    items[3] = Choices(QuestionKind.DROPDOWN, 381920454, 1045378234, "Section", ("101", "103"))
    items.insert(1, Open(QuestionKind.SHORT, 381920499, 1045378299, "Your SID", required=True))
    google.publish(week_review(items=tuple(items)), WEEK_CODE)

    result = submit(session, form, WEEK_ANSWERS)

    assert result.outcome is SubmitOutcome.FORM_CHANGED
    assert len(result.changes) == 2
    assert any('"102"' in line and "Section" in line for line in result.changes)
    assert any("Your SID" in line for line in result.changes)
    assert all(line in result.message for line in result.changes)
    assert posts(google) == []


def test_an_answer_the_server_refuses_is_rejected_with_the_servers_message(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    answers = {k: v for k, v in WEEK_ANSWERS.items() if k != "entry.1045378238"}  # no Summary

    result = submit(session, form, answers)

    assert (result.outcome, result.status) == (SubmitOutcome.REJECTED, 400)
    assert "Summary: this question is required" in result.message
    assert google.responses(WEEK_FORM_ID) == []


def test_too_many_requests_is_retried_after_the_time_the_server_asks(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    google.next_submissions(WEEK_FORM_ID, Reply.RATE_LIMITED(retry_after=7))

    result = submit(session, form, WEEK_ANSWERS)

    assert (result.outcome, result.status, result.retry_after) == (SubmitOutcome.RETRY, 429, 7)
    assert google.responses(WEEK_FORM_ID) == []
    assert submit(session, form, WEEK_ANSWERS).outcome is SubmitOutcome.SENT
    assert len(google.responses(WEEK_FORM_ID)) == 1


def test_a_server_error_on_the_last_post_is_retried(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    google.next_submissions(WEEK_FORM_ID, Reply.SERVER_ERROR)

    result = submit(session, form, WEEK_ANSWERS)

    assert (result.outcome, result.status, result.retry_after) == (SubmitOutcome.RETRY, 500, None)
    assert google.responses(WEEK_FORM_ID) == []


def test_a_200_that_shows_the_form_again_is_not_sent(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    google.next_submissions(WEEK_FORM_ID, Reply.SHOW_FORM_AGAIN)

    result = submit(session, form, WEEK_ANSWERS)

    assert (result.outcome, result.status) == (SubmitOutcome.REJECTED, 200)
    assert google.responses(WEEK_FORM_ID) == []


@pytest.mark.parametrize("reply", [Reply.DROP_BEFORE_RECORD, Reply.DROP_AFTER_RECORD])
def test_no_answer_to_the_last_post_is_ambiguous_whether_or_not_it_was_recorded(
    google: GoogleFormsServer, session: requests.Session, reply: Reply
) -> None:
    form = snapshot(google, session)
    google.next_submissions(WEEK_FORM_ID, reply)

    result = submit(session, form, WEEK_ANSWERS)

    assert (result.outcome, result.status) == (SubmitOutcome.AMBIGUOUS, None)
    assert "confirm it arrived or send it again" in result.message
    assert len(google.responses(WEEK_FORM_ID)) == (1 if reply.records else 0)
    assert [k for k, _v in result.fields].count("pageHistory") == 3  # every POST kept


def test_a_connection_dropped_on_an_earlier_page_is_retried(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    google.next_page_posts(WEEK_FORM_ID, Reply.RECORDED, Reply.DROP_BEFORE_RECORD)

    result = submit(session, form, WEEK_ANSWERS)

    assert (result.outcome, result.status) == (SubmitOutcome.RETRY, None)
    assert len(posts(google)) == 2
    assert google.responses(WEEK_FORM_ID) == []


def test_no_connection_for_the_last_post_is_retried_not_ambiguous(
    google: GoogleFormsServer, session: requests.Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = snapshot(google, session)
    dead_end = f"http://127.0.0.1:{closed_port()}"

    def go_offline() -> None:  # requests reads the proxy from the environment on each request
        monkeypatch.setenv("HTTPS_PROXY", dead_end)

    result = submit(session, form, WEEK_ANSWERS, before_final_post=go_offline)

    assert (result.outcome, result.status) == (SubmitOutcome.RETRY, None)
    assert "nothing was recorded" in result.message
    assert len(posts(google)) == 2 and google.responses(WEEK_FORM_ID) == []


def test_an_answer_that_never_comes_after_the_last_post_is_ambiguous(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    form = snapshot(google, session)
    google.next_submissions(WEEK_FORM_ID, Reply.HOLD_AFTER_RECORD)

    # The server holds its answer until released, so the read timeout always runs out.
    result = submit(session, form, WEEK_ANSWERS, timeout=(10.0, 0.5))
    google.release()

    assert (result.outcome, result.status) == (SubmitOutcome.AMBIGUOUS, None)
    assert "took too long" in result.message
    assert len(google.responses(WEEK_FORM_ID)) == 1
