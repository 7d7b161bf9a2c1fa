"""A week's review form through the command line: found from the course page, cached, offline.

The term is the real course page, synced from a local copy whose week links a form on the fake
Google Forms (forms.gle -> docs.google.com over TLS, behind a proxy: review_term.py). Each test
runs ``python -m app`` as a student would and reads what it prints; what a form must look like
comes from the description the test published, never from our parser.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.forms.google_forms_server import DOCS_HOST, SHORT_HOST, GoogleFormsServer, Wall
from tests.forms.review_forms import WEEK_CODE, WEEK_FORM_ID, week_review
from tests.integration import course_versions as cv
from tests.integration.review_term import (
    WEEK,
    Student,
    cached_forms,
    form_json,
    linked_term,
    one_line,
    succeeded,
    week_8_review,
    without_moment,
)

WEEK_LINK = f"https://{SHORT_HOST}/{WEEK_CODE}"
WEEK_13_CODE = "Bn13qW7eRt5yUi9oP"
WEEK_13_LINK = f"https://{SHORT_HOST}/{WEEK_13_CODE}"


@pytest.fixture
def student(fresh_data: Path, course_index_text: str, tmp_path: Path) -> Student:
    """The command line on a term whose week 8 links the every-kind form (forms.gle)."""
    return Student(linked_term(fresh_data, course_index_text, tmp_path, WEEK_LINK))


# -- discovery --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email_mode", "signin", "email", "requires_signin"),
    [(3, False, "input", False), (2, False, "verified", True), (1, True, "off", True)],
    ids=["typed-address", "verified-address", "signin-flag"],
)
def test_form_json_is_the_form_the_course_links_with_every_kind_and_page(
    google: GoogleFormsServer,
    student: Student,
    email_mode: int,
    signin: bool,
    email: str,
    requires_signin: bool,
) -> None:
    spec = week_review(email_mode=email_mode, signin=signin)
    google.publish(spec, WEEK_CODE)
    before = datetime.now().astimezone()

    shown = succeeded(student.online("form", str(WEEK), "--json"))

    assert without_moment(shown) == form_json(spec, WEEK_LINK)
    assert (shown["email"], shown["requires_signin"]) == (email, requires_signin)
    assert shown["cached"] is False
    assert before <= datetime.fromisoformat(shown["fetched_at"]) <= datetime.now().astimezone()
    # Written out: three pages, the type Google may add one day kept (read-only), not dropped.
    assert [page["title"] for page in shown["pages"]] == ["", "The paper", "Anything else"]
    assert {q["kind"] for q in shown["questions"]} == {
        *("short", "choice", "dropdown", "checkboxes", "paragraph", "scale", "grid"),
        *("date", "time", "unsupported"),
    }
    unknown = [(q["title"], q["page"]) for q in shown["questions"] if q["kind"] == "unsupported"]
    assert unknown == [
        ("A kind of question Google added", 2),
        ("A new item with nothing to answer", 2),
    ]
    scale = next(q for q in shown["questions"] if q["kind"] == "scale")
    assert scale["options"] == ["1", "2", "3", "4", "5"]
    choice = next(q for q in shown["questions"] if q["kind"] == "choice")
    assert choice["other"] is True and "" not in choice["options"]  # Other is no option
    path = f"/forms/d/e/{WEEK_FORM_ID}/viewform"
    assert google.visited() == [(SHORT_HOST, f"/{WEEK_CODE}"), (DOCS_HOST, path)]


def test_the_cached_form_answers_offline_and_a_refresh_offline_says_why(
    google: GoogleFormsServer, student: Student
) -> None:
    spec = week_review(email_mode=3)
    google.publish(spec, WEEK_CODE)
    fetched = succeeded(student.online("form", str(WEEK), "--json"))
    asked = len(google.requests)

    offline = student.offline("form", str(WEEK), "--json")
    refresh = student.offline("form", str(WEEK), "--json", "--refresh")

    assert offline.stderr == ""
    assert succeeded(offline) == fetched | {"cached": True}
    # The refresh could not reach the network: said in one line, the copy still shown.
    assert succeeded(refresh) == fetched | {"cached": True}
    [why] = refresh.stderr.splitlines()
    assert why.startswith("study-companion: ") and WEEK_LINK in why
    assert "proxy" in why and "fetched before" in why
    assert len(google.requests) == asked  # neither reached the server


def test_a_refresh_online_brings_the_form_as_it_is_now(
    google: GoogleFormsServer, student: Student
) -> None:
    google.publish(week_review(), WEEK_CODE)
    succeeded(student.online("form", str(WEEK), "--json"))
    edited = week_review(title="Week 3 review (corrected)", email_mode=3)
    google.publish(edited, WEEK_CODE)

    cached = succeeded(student.online("form", str(WEEK), "--json"))
    refreshed = succeeded(student.online("form", str(WEEK), "--json", "--refresh"))

    assert without_moment(cached) == form_json(week_review(), WEEK_LINK)
    assert without_moment(refreshed) == form_json(edited, WEEK_LINK)
    assert refreshed["cached"] is False


def test_a_week_without_a_form_says_so_in_one_line(student: Student) -> None:
    # Week 7 (project proposals) has no review; there is no week 17.
    assert one_line(student.offline("form", "7")).endswith(
        "week 7 has no review form on the course page"
    )
    assert one_line(student.offline("form", "17", "--json")).endswith("there is no week 17")


@pytest.mark.parametrize(
    ("wall", "why"),
    [
        (Wall.SIGNIN, "needs a Google sign-in"),
        (Wall.CLOSED, "is closed"),
        (Wall.NOT_FOUND, "404 Not Found"),
        (Wall.NOT_A_FORM, "no Google Form in it"),
        (Wall.SERVER_ERROR, "500 Internal Server Error"),
    ],
)
def test_a_form_out_of_reach_is_one_line_naming_why_and_nothing_is_cached(
    google: GoogleFormsServer, student: Student, wall: Wall, why: str
) -> None:
    google.publish(week_review(), WEEK_CODE, wall)

    line = one_line(student.online("form", str(WEEK), "--json"))

    assert WEEK_LINK in line and why in line
    assert cached_forms(student.data_dir) == [None]  # the failure is noted, no form kept
    assert "could not be fetched" in one_line(student.offline("form", str(WEEK)))


# -- a sync that links a form fetches it ------------------------------------------------------


def week_13_linked(course_index_text: str, folder: Path) -> Path:
    """A copy of the course page on which week 13 (no review so far) links a form."""
    page = folder / "index-13.md"
    page.write_text(cv.add_review_link(course_index_text, 13, WEEK_13_LINK), encoding="utf-8")
    return page


def test_a_sync_that_links_a_form_caches_it_for_drafting_offline(
    google: GoogleFormsServer, fresh_data: Path, course_index_text: str, tmp_path: Path
) -> None:
    spec = week_8_review()
    google.publish(spec, WEEK_13_CODE)
    page = week_13_linked(course_index_text, tmp_path)
    student = Student(fresh_data)

    synced = student.online("sync", "--source", str(page), "--json")
    asked = google.visited()
    again = student.online("sync", "--source", str(page), "--json")

    assert succeeded(synced)["changes"] == [
        {"change": "added", "item": "review_form", "week": 13, "detail": WEEK_13_LINK}
    ]
    forms = [line for line in synced.stderr.splitlines() if "review form" in line]
    assert forms == [f'study-companion: week 13: review form fetched: "{spec.title}"']
    # Only the form the sync brought: not the ones the term linked already.
    assert asked == [(SHORT_HOST, f"/{WEEK_13_CODE}"), (DOCS_HOST, spec.path)]
    unchanged = succeeded(again)
    assert (unchanged["status"], unchanged["changes"]) == ("unchanged", [])
    assert "review form" not in again.stderr and google.visited() == asked
    offline = succeeded(student.offline("form", "13", "--json"))
    assert without_moment(offline) == form_json(spec, WEEK_13_LINK, week=13)
    assert offline["cached"] is True


def test_a_form_the_sync_cannot_fetch_is_said_and_the_sync_stands(
    google: GoogleFormsServer, fresh_data: Path, course_index_text: str, tmp_path: Path
) -> None:
    google.publish(week_8_review(), WEEK_13_CODE, Wall.CLOSED)
    page = week_13_linked(course_index_text, tmp_path)
    student = Student(fresh_data)

    synced = student.online("sync", "--source", str(page), "--json")

    assert succeeded(synced)["status"] == "updated"  # the sync's changes were kept
    [line] = [line for line in synced.stderr.splitlines() if "review form" in line]
    assert line.startswith("study-companion: week 13: review form not fetched: ")
    assert WEEK_13_LINK in line and "is closed" in line
    assert cached_forms(fresh_data) == [None]
    assert "could not be fetched" in one_line(student.offline("form", "13"))
