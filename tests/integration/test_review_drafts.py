"""A week's review draft through the command line: begun offline, moved onto the form, checked.

The term's week 8 links a form on the fake Google Forms (review_term.py); the student drafts
with ``review set`` before that form was ever fetched (on the default template), the form
arrives, changes, and the review is marked ready and submitted. Every expectation is written
out here: the answers the student gave, where a student would look for them on the form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.domain.form import QuestionKind
from tests.forms.form_spec import Choices
from tests.forms.google_forms_server import GoogleFormsServer
from tests.integration.review_term import (
    BEFORE_WEEK_8_DUE,
    CODE_8,
    LEARNED_INDEX,
    PAPER,
    PLACEMENT,
    QUESTIONS,
    RATING,
    SECTION,
    SUMMARY,
    WEAKNESSES,
    WEEK,
    WEEK_8_ITEMS,
    WELL,
    Student,
    key,
    linked_term,
    one_line,
    succeeded,
    week_8_review,
)
from tests.integration.store_rows import table_rows

SUMMARY_TEXT = "Learned models can replace the B-tree of a database index."
STRENGTHS_TEXT = "A simple idea with large gains."
QUESTION_TEXT = "Does it handle inserts?"
WEAKNESSES_TEXT = "Updates and worst cases are left open."
RECOMMEND = "Would you recommend it?"
WELL_TITLE = "What did the paper do well?"


@pytest.fixture
def student(fresh_data: Path, course_index_text: str, tmp_path: Path) -> Student:
    """The command line on a term whose week 8 links week 8's review (not fetched yet)."""
    return Student(linked_term(fresh_data, course_index_text, tmp_path))


def words(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)


def draft_on_the_template(student: Student) -> None:
    """Offline, before the form was ever fetched: template keys and titles, as a student may."""
    begun = student.set_answers(
        {
            "template.paper": LEARNED_INDEX,
            "Summary": SUMMARY_TEXT,
            "Strengths": STRENGTHS_TEXT,
            "Questions for the authors": QUESTION_TEXT,
            "Rating": "4",
            "template.confidence": "3",
        }
    )
    assert begun.returncode == 0, begun.stderr


def fetch_form(student: Student, google: GoogleFormsServer, **changes: Any) -> None:
    """Week 8's form published and fetched, ``form 8`` online (edited by ``changes``: refreshed)."""
    google.publish(week_8_review(**changes), CODE_8)
    fetched = student.online("form", str(WEEK), *(["--refresh"] if changes else []))
    assert fetched.returncode == 0, fetched.stderr


def test_a_draft_begun_offline_on_the_template_moves_onto_the_form_by_title(
    google: GoogleFormsServer, student: Student
) -> None:
    draft_on_the_template(student)
    on_template = student.draft()
    fetch_form(student, google)
    before = table_rows(student.data_dir)

    on_form = student.draft()

    assert on_template["on_template"] is True and on_template["status"] == "drafting"
    assert on_template["answers"] == {
        "template.paper": LEARNED_INDEX,
        "template.summary": SUMMARY_TEXT,
        "template.strengths": STRENGTHS_TEXT,
        "template.questions": QUESTION_TEXT,
        "template.rating": "4",
        "template.confidence": "3",
    }
    assert on_template["missing"] == ["Weaknesses"]
    assert on_template["words"] == words(
        LEARNED_INDEX, SUMMARY_TEXT, STRENGTHS_TEXT, QUESTION_TEXT, "4", "3"
    )
    # On the form: same titles, "Questions for the authors?" by its words; the form asks
    # nothing about strengths or confidence, so those answers are kept aside, not lost.
    assert on_form["on_template"] is False
    assert on_form["answers"] == {
        key(PAPER): LEARNED_INDEX,
        key(SUMMARY): SUMMARY_TEXT,
        key(QUESTIONS): QUESTION_TEXT,
        key(RATING): "4",
    }
    assert on_form["not_on_form"] == {"Strengths": STRENGTHS_TEXT, "Confidence": "3"}
    assert on_form["status"] == "needs_attention"
    assert on_form["missing"] == ["Weaknesses"]
    assert on_form["form_changed"] == []
    assert on_form["words"] == words(LEARNED_INDEX, SUMMARY_TEXT, QUESTION_TEXT, "4")
    # Looking is only looking: the same again, and nothing written.
    assert student.draft() == on_form
    assert table_rows(student.data_dir) == before


def test_a_form_that_changes_under_a_draft_lists_what_no_longer_fits(
    google: GoogleFormsServer, student: Student
) -> None:
    fetch_form(student, google)
    written = student.set_answers(
        {
            key(PAPER): PLACEMENT,
            "Section": "103",
            WELL_TITLE: ["The evaluation", {"other": "Clear figures"}],
            "Summary": SUMMARY_TEXT,
            key(WEAKNESSES): WEAKNESSES_TEXT,
            "Questions for the authors?": QUESTION_TEXT,
            "Rating": "5",
        }
    )
    assert written.returncode == 0, written.stderr
    assert (student.draft()["status"], student.draft()["form_changed"]) == ("drafting", [])
    # The staff drop section 103 and the question for the authors, and add a required one.
    sections = Choices(QuestionKind.DROPDOWN, 584019202, SECTION, "Section", ("101", "102"))
    recommend = Choices(
        QuestionKind.CHOICE, 584019209, 1203948579, RECOMMEND, ("Yes", "No"), required=True
    )
    kept = [item for item in WEEK_8_ITEMS if item.title != "Questions for the authors?"]
    edited = (*(sections if item.title == "Section" else item for item in kept), recommend)
    fetch_form(student, google, items=edited)

    changed = student.draft()

    assert changed["form_changed"] == [
        'Section: "103" is not an option',
        f'"Questions for the authors?" is gone from the form: "{QUESTION_TEXT}" has no place',
        f'"{RECOMMEND}" is new on the form and required',
    ]
    assert changed["status"] == "needs_attention"
    assert changed["missing"] == [RECOMMEND]
    assert changed["not_on_form"] == {"Section": "103", "Questions for the authors?": QUESTION_TEXT}
    assert changed["answers"] == {
        key(PAPER): PLACEMENT,
        key(WELL): ["The evaluation", {"other": "Clear figures"}],
        key(SUMMARY): SUMMARY_TEXT,
        key(WEAKNESSES): WEAKNESSES_TEXT,
        key(RATING): "5",
    }
    assert student.draft() == changed  # still listed until the student sees to it
    answered = student.set_answers({RECOMMEND: "Yes"})
    assert answered.returncode == 0, answered.stderr
    after = student.draft()
    assert (after["status"], after["form_changed"], after["missing"]) == ("drafting", [], [])
    assert after["not_on_form"] == changed["not_on_form"]


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({"Section": "104"}, ("Section", '"104"')),
        ({"Section": {"other": "Online"}}, ("Section", "Online")),
        (
            {"What did the paper do well?": ["The speed"]},
            ("What did the paper do well?", "The speed"),
        ),
        ({"Rating": "6"}, ("Rating", '"6"')),
        ({"Summary": "Fine.", "Paper": {"other": "Another paper"}}, ("Paper", "Another paper")),
    ],
    ids=["not-an-option", "no-other-choice", "not-a-box", "off-the-scale", "one-bad-of-two"],
)
def test_review_set_refuses_what_the_form_does_not_take_and_changes_nothing(
    google: GoogleFormsServer, student: Student, answers: dict[str, Any], named: tuple[str, str]
) -> None:
    draft_on_the_template(student)
    fetch_form(student, google)  # the draft is yet to be moved onto it
    before = table_rows(student.data_dir)

    line = one_line(student.set_answers(answers))

    assert all(part in line for part in named), line
    assert line.endswith("nothing was changed")
    assert table_rows(student.data_dir) == before
    assert student.draft()["answers"][key(SUMMARY)] == SUMMARY_TEXT  # as drafted


def test_ready_names_what_is_missing_and_submitted_ends_reminders_and_changes(
    google: GoogleFormsServer, student: Student
) -> None:
    fetch_form(student, google, email_mode=3)
    assert student.set_answers({"Paper": LEARNED_INDEX, "Summary": SUMMARY_TEXT}).returncode == 0

    refused = one_line(student.offline("review", "ready", str(WEEK)))

    assert refused.endswith("Email address, Weaknesses, Rating are still to answer")
    assert student.draft()["status"] == "drafting"
    rest = {"emailAddress": "ada@berkeley.edu", "Weaknesses": WEAKNESSES_TEXT, "Rating": "4"}
    assert student.set_answers(rest).returncode == 0
    assert student.offline("review", "ready", str(WEEK)).returncode == 0
    assert student.draft()["status"] == "ready"

    submitted = student.offline("review", "submitted", str(WEEK))
    due = succeeded(student.offline("due", "--json", "--now", BEFORE_WEEK_8_DUE))

    assert submitted.returncode == 0, submitted.stderr
    reviews = {item["week"]: item["review"] for item in due}
    assert reviews[WEEK] == "submitted"
    assert {status for week, status in reviews.items() if week != WEEK} == {"not_started"}
    before = table_rows(student.data_dir)
    assert "submitted" in one_line(student.set_answers({"Rating": "5"}))
    assert table_rows(student.data_dir) == before
    assert student.draft()["answers"][key(RATING)] == "4"


def test_a_review_submitted_in_the_browser_stays_submitted_when_marked_ready(
    google: GoogleFormsServer, student: Student
) -> None:
    fetch_form(student, google)
    assert student.offline("review", "submitted", str(WEEK)).returncode == 0  # nothing drafted

    ready = student.offline("review", "ready", str(WEEK))

    assert ready.returncode == 0, ready.stderr
    assert (student.draft()["status"], student.draft()["missing"]) == (
        "submitted",
        ["Paper", "Summary", "Weaknesses", "Rating"],
    )
