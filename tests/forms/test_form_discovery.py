"""From a course's review link to the form: forms.gle, then docs.google.com, over TLS.

The fake Google Forms (google_forms_server.py) answers for the real host names behind a
CONNECT proxy, so the app follows the same links a student's machine would. Each way a form can
be out of reach must come back as one line that names the link, with the right kind.
"""

from __future__ import annotations

import pytest
import requests

from app.net.forms import FormFailure, FormFetchError, fetch_form
from tests.forms.google_forms_server import (
    DOCS_HOST,
    SHORT_HOST,
    SIGNIN_HOST,
    GoogleFormsServer,
    Wall,
    viewform_url,
)
from tests.forms.review_forms import WEEK_CODE, WEEK_FORM_ID, week_review
from tests.integration.local_network import closed_port

VIEWFORM_PATH = f"/forms/d/e/{WEEK_FORM_ID}/viewform"


def fetch_failure(link: str, session: requests.Session) -> FormFetchError:
    """The error fetching ``link`` raises; its message must be one line naming the link."""
    with pytest.raises(FormFetchError) as raised:
        fetch_form(link, session)
    message = str(raised.value)
    assert "\n" not in message
    assert link in message
    assert raised.value.url == link
    return raised.value


def test_a_forms_gle_link_leads_to_the_form_on_docs_google_com(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    spec = week_review()
    link = google.publish(spec, WEEK_CODE)

    fetched = fetch_form(link, session)

    assert link == f"https://forms.gle/{WEEK_CODE}"
    assert fetched.form == spec.expected(viewform_url(WEEK_FORM_ID))
    assert fetched.url == f"https://{DOCS_HOST}{VIEWFORM_PATH}"
    assert fetched.fbzx == spec.fbzx
    assert google.visited() == [(SHORT_HOST, f"/{WEEK_CODE}"), (DOCS_HOST, VIEWFORM_PATH)]


def test_a_viewform_link_is_read_in_one_request(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    spec = week_review(email_mode=3)
    link = google.publish(spec)

    fetched = fetch_form(link, session)

    assert fetched.form == spec.expected(link)
    assert google.visited() == [(DOCS_HOST, VIEWFORM_PATH)]


def test_each_fetch_brings_the_fbzx_the_page_has_now(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    link = google.publish(week_review(fbzx="-1111"), WEEK_CODE)
    first = fetch_form(link, session).fbzx
    google.publish(week_review(fbzx="2222"), WEEK_CODE)

    assert (first, fetch_form(link, session).fbzx) == ("-1111", "2222")


@pytest.mark.parametrize(
    ("wall", "kind", "why"),
    [
        (Wall.SIGNIN, FormFailure.SIGNIN, "needs a Google sign-in"),
        (Wall.UNAUTHORIZED, FormFailure.SIGNIN, "needs a Google sign-in"),
        (Wall.CLOSED, FormFailure.CLOSED, "is closed"),
        (Wall.NOT_FOUND, FormFailure.NOT_FOUND, "404 Not Found"),
        (Wall.NOT_A_FORM, FormFailure.NOT_A_FORM, "no Google Form in it"),
        (Wall.SERVER_ERROR, FormFailure.HTTP_STATUS, "500 Internal Server Error"),
        (Wall.DROPPED, FormFailure.NETWORK, DOCS_HOST),
    ],
)
def test_a_form_out_of_reach_is_said_in_one_line_naming_the_link(
    google: GoogleFormsServer,
    session: requests.Session,
    wall: Wall,
    kind: FormFailure,
    why: str,
) -> None:
    link = google.publish(week_review(), WEEK_CODE, wall)

    error = fetch_failure(link, session)

    assert error.kind is kind
    assert why in str(error)
    # Only a server in trouble or a cut connection may work if tried again as it is.
    assert error.transient is (wall in (Wall.SERVER_ERROR, Wall.DROPPED))


def test_a_sign_in_wall_is_not_walked_into(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    link = google.publish(week_review(), WEEK_CODE, Wall.SIGNIN)

    fetch_failure(link, session)

    assert SIGNIN_HOST not in {host for host, _path in google.visited()}


def test_a_forms_gle_code_google_does_not_know_is_not_found(
    google: GoogleFormsServer, session: requests.Session
) -> None:
    google.publish(week_review(), WEEK_CODE)

    error = fetch_failure(f"https://{SHORT_HOST}/{WEEK_CODE}x", session)

    assert error.kind is FormFailure.NOT_FOUND
    assert google.visited() == [(SHORT_HOST, f"/{WEEK_CODE}x")]


def test_offline_the_refused_connection_is_said_and_may_be_tried_again(
    session: requests.Session,
) -> None:
    link = f"http://127.0.0.1:{closed_port()}{VIEWFORM_PATH}"

    error = fetch_failure(link, session)

    assert (error.kind, error.transient) == (FormFailure.NETWORK, True)
    assert "cannot reach 127.0.0.1" in str(error).lower()


def test_a_proxy_that_is_down_is_said(
    session: requests.Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")
    link = f"https://{SHORT_HOST}/{WEEK_CODE}"

    error = fetch_failure(link, session)

    assert error.kind is FormFailure.NETWORK
    assert "proxy" in str(error)


def test_a_certificate_the_machine_does_not_trust_is_refused_not_worked_around(
    google: GoogleFormsServer, session: requests.Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    link = google.publish(week_review(), WEEK_CODE)

    error = fetch_failure(link, session)

    assert (error.kind, error.transient) == (FormFailure.NETWORK, False)
    assert f"TLS certificate of {SHORT_HOST}" in str(error)
    assert google.visited() == []


def test_a_link_that_is_no_web_address_is_not_a_form(session: requests.Session) -> None:
    assert fetch_failure("forms.gle/" + WEEK_CODE, session).kind is FormFailure.NOT_A_FORM
