"""Sending a review to the fake Google Forms, page by page, as a browser does.

The fake server (google_forms_server.py) is strict: it answers 400 to a POST that a browser
would not make, so a SENT here means every POST followed section 4 of the design notes. What
the form recorded is compared with fields written out by hand.
"""

from __future__ import annotations

import requests

from app.domain.form import Form
from app.domain.review_answers import Answer, Other
from app.net.form_submit import SubmitOutcome, submit
from app.net.forms import fetch_form
from tests.forms.google_forms_server import DOCS_HOST, GoogleFormsServer
from tests.forms.review_forms import WEEK_CODE, WEEK_FORM_ID, week_review

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
    posts = [seen for seen in google.requests if seen.method == "POST"]
    assert [dict(seen.fields)["pageHistory"] for seen in posts] == ["0", "0,1", "0,1,2"]
    assert [dict(seen.fields).get("continue") for seen in posts] == ["1", "1", None]
    assert all(seen.path == RESPONSE_PATH for seen in posts)
    assert list(result.fields) == [field for seen in posts for field in seen.fields]
