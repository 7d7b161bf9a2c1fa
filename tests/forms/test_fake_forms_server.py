"""The fake Google Forms is as strict as the protocol: POSTs a browser would not make get a 400.

Other tests trust a SENT because this server refuses anything else; here hand-written POSTs
(no app code builds them) show that it does: an unknown ``fbzx``, a ``pageHistory`` out of step,
a ``partialResponse`` not from the page returned, ``continue`` misplaced, a required answer
missing, an option the form does not have. Walls apply to POSTs too.
"""

from __future__ import annotations

import pytest
import requests

from app.domain.form import QuestionKind
from tests.forms.form_spec import Choices, FormSpec, Open, PageBreak
from tests.forms.google_forms_server import DOCS_HOST, GoogleFormsServer, Wall
from tests.forms.review_forms import WEEK_FORM_ID, week_review

VIEWFORM = f"https://{DOCS_HOST}/forms/d/e/{WEEK_FORM_ID}/viewform"
RESPONSE = f"https://{DOCS_HOST}/forms/d/e/{WEEK_FORM_ID}/formResponse"
FBZX = "-4215632710884927456"
FIRST_PARTIAL = f'[null,null,"{FBZX}"]'
TWO_PAGES = week_review(
    items=(
        Open(QuestionKind.SHORT, 381920451, 1045378231, "Your name", required=True),
        PageBreak(381920457, "The paper"),
        Choices(QuestionKind.CHOICE, 381920453, 1045378233, "Paper", ("TVM", "Ansor"), other=True),
    )
)


def hidden(partial: str = FIRST_PARTIAL, history: str = "0", fbzx: str = FBZX) -> list[tuple]:
    return [
        ("fvv", "1"),
        ("partialResponse", partial),
        ("pageHistory", history),
        ("fbzx", fbzx),
        ("submissionTimestamp", "-1"),
    ]


def publish_and_load(google: GoogleFormsServer, session: requests.Session, spec: FormSpec) -> None:
    google.publish(spec)
    assert session.get(VIEWFORM, timeout=10).status_code == 200  # the fbzx is served


def post(session: requests.Session, fields: list[tuple]) -> requests.Response:
    return session.post(RESPONSE, data=fields, timeout=10, allow_redirects=False)


def first_page(session: requests.Session) -> str:
    """POST page 1 of TWO_PAGES; the partialResponse of the page that comes back."""
    reply = post(session, [("entry.1045378231", "Ada"), *hidden(), ("continue", "1")])
    assert reply.status_code == 200, reply.text
    marker = 'name="partialResponse" value="'
    start = reply.text.index(marker) + len(marker)
    assert 'name="pageHistory" value="0,1"' in reply.text
    return reply.text[start : reply.text.index('"', start)].replace("&quot;", '"')


def test_a_browsers_two_posts_are_recorded_as_one_response(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    publish_and_load(google, session, TWO_PAGES)
    partial = first_page(session)

    last = [
        ("entry.1045378233", "__other_option__"),
        ("entry.1045378233.other_option_response", "Halide"),
        *hidden(partial, "0,1"),
    ]
    reply = post(session, last)

    assert reply.status_code == 200
    assert 'name="pageHistory"' not in reply.text
    assert google.responses(WEEK_FORM_ID) == [
        [
            ("entry.1045378231", "Ada"),
            ("entry.1045378233", "__other_option__"),
            ("entry.1045378233.other_option_response", "Halide"),
        ]
    ]


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ([("entry.1045378231", "Ada"), *hidden(fbzx="123"), ("continue", "1")], "fbzx"),
        ([("entry.1045378231", "Ada"), *hidden(history="1"), ("continue", "1")], "pageHistory"),
        ([("entry.1045378231", "Ada"), *hidden(history="0,2"), ("continue", "1")], "pageHistory"),
        ([("entry.1045378231", "Ada"), *hidden(partial="[]"), ("continue", "1")], "partial"),
        ([("entry.1045378231", "Ada"), *hidden()], "continue"),
        ([*hidden(), ("continue", "1")], "Your name: this question is required"),
        (
            [("entry.1045378231", "A"), ("entry.1045378233", "TVM"), *hidden(), ("continue", "1")],
            "entry.1045378233 is not a question of page 1",
        ),
        ([("entry.1045378231", "A"), *hidden()[1:], ("continue", "1")], "fvv"),
    ],
)
def test_a_first_page_a_browser_would_not_post_is_refused(
    google: GoogleFormsServer, session: requests.Session, fields: list[tuple], said: str
) -> None:
    publish_and_load(google, session, TWO_PAGES)

    reply = post(session, fields)

    assert reply.status_code == 400
    assert said in reply.text
    assert google.responses(WEEK_FORM_ID) == []


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ([("entry.1045378233", "Halide")], "'Halide' is not one of its options"),
        ([("entry.1045378233", "__other_option__")], "the Other choice needs its text"),
        ([("entry.1045378233", "TVM"), ("entry.1045378233", "Ansor")], "one answer expected"),
    ],
)
def test_a_last_page_with_answers_the_form_cannot_take_is_refused(
    google: GoogleFormsServer, session: requests.Session, answers: list[tuple], said: str
) -> None:
    publish_and_load(google, session, TWO_PAGES)
    partial = first_page(session)

    reply = post(session, [*answers, *hidden(partial, "0,1")])

    assert (reply.status_code, google.responses(WEEK_FORM_ID)) == (400, [])
    assert said in reply.text


def test_the_last_page_needs_the_partial_response_the_server_returned(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    publish_and_load(google, session, TWO_PAGES)
    first_page(session)
    forged = f'[[[null,"entry.1045378231",["Eve"],0]],null,"{FBZX}"]'

    reply = post(session, [("entry.1045378233", "TVM"), *hidden(forged, "0,1")])

    assert (reply.status_code, google.responses(WEEK_FORM_ID)) == (400, [])


def test_an_fbzx_is_unknown_until_a_page_carried_it(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    google.publish(week_review(items=TWO_PAGES.items[:1]))

    reply = post(session, [("entry.1045378231", "Ada"), *hidden()])

    assert reply.status_code == 400 and "fbzx" in reply.text


@pytest.mark.parametrize(
    ("wall", "status", "location"),
    [
        (Wall.SIGNIN, 302, "https://accounts.google.com/ServiceLogin?continue="),
        (Wall.CLOSED, 302, VIEWFORM.replace("viewform", "closedform")),
        (Wall.UNAUTHORIZED, 401, None),
        (Wall.NOT_FOUND, 404, None),
        (Wall.GONE, 410, None),
        (Wall.SERVER_ERROR, 500, None),
    ],
)
def test_walls_stand_before_posts_too(
    google: GoogleFormsServer,
    session: requests.Session,
    wall: Wall,
    status: int,
    location: str | None,
) -> None:
    one_page = week_review(items=TWO_PAGES.items[:1])
    publish_and_load(google, session, one_page)
    google.publish(one_page, wall=wall)

    reply = post(session, [("entry.1045378231", "Ada"), *hidden()])

    assert reply.status_code == status
    assert (reply.headers.get("Location") or "").startswith(location or "")
    assert google.responses(WEEK_FORM_ID) == []
