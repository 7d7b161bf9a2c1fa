"""The form edited under a draft: its fingerprint notices, form_changes says what no longer fits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from app.domain.form import EMAIL_KEY, EmailMode, Question, QuestionKind
from app.domain.review import form_changes, form_fingerprint
from app.domain.review_answers import Answer, Other
from app.domain.review_template import default_template
from tests.unit.review_forms import (
    CLARITY_WRITING,
    CONFIDENCE,
    PAPER,
    RATING,
    STRENGTHS,
    SUMMARY,
    TOPICS,
    edited,
    week_form,
    without,
)

ANSWERED: dict[str, Answer] = {
    EMAIL_KEY: "student@berkeley.edu",
    PAPER: Other("FlexFlow"),
    SUMMARY: "Searches parallelization strategies.",
    STRENGTHS: "Fast.",
    RATING: "9",
    CONFIDENCE: "Medium",
    TOPICS: ("Compilers", "Hardware"),
    CLARITY_WRITING: "Good",
}


def test_the_same_form_fetched_again_has_the_same_fingerprint() -> None:
    assert form_fingerprint(week_form()) == form_fingerprint(week_form())
    assert form_fingerprint(default_template()) != form_fingerprint(week_form())


@pytest.mark.parametrize(
    ("titled", "change"),
    [
        ("Rating", {"title": "Overall rating"}),
        ("Confidence", {"options": ("Low", "Medium", "High", "Expert")}),
        ("Topics", {"other": False}),
        ("Date read", {"required": True}),
        ("Paper summary", {"kind": QuestionKind.SHORT}),
    ],
)
def test_an_edit_an_answer_depends_on_changes_the_fingerprint(
    titled: str, change: dict[str, Any]
) -> None:
    assert form_fingerprint(edited(week_form(), titled, **change)) != form_fingerprint(week_form())


def test_the_address_mode_changes_the_fingerprint() -> None:
    assert form_fingerprint(week_form(EmailMode.OFF)) != form_fingerprint(week_form())


def test_a_new_help_text_leaves_the_fingerprint_alone() -> None:
    form = edited(week_form(), "Rating", help="1 is a clear reject.")
    assert form_fingerprint(form) == form_fingerprint(week_form())


def test_an_unchanged_form_changes_nothing() -> None:
    assert form_changes(week_form(), week_form(), ANSWERED) == []


def test_every_answer_the_edited_form_no_longer_takes_is_named() -> None:
    new = edited(week_form(), "Which paper?", other=False)
    new = edited(new, "Paper summary", kind=QuestionKind.SHORT)  # the text still fits
    new = without(new, "Main strengths")
    new = edited(new, "Rating", options=("1", "2", "3", "4", "5"))
    new = edited(new, "Confidence", options=("Low", "High"))
    new = edited(new, "Topics", options=("Compilers", "Scheduling"))
    new = edited(new, "Clarity", options=("Bad", "Good"))  # "Good" is still a column
    new = edited(new, "Date read", required=True)
    added = Question(13, 1020, "Reproducibility", QuestionKind.PARAGRAPH, 1, required=True)
    new = replace(new, questions=(*new.questions, added))
    assert form_changes(week_form(), new, ANSWERED) == [
        'Which paper?: has no "Other" choice for Other: "FlexFlow"',
        '"Paper summary" changed from paragraph to short',
        '"Main strengths" is gone from the form: "Fast." has no place',
        'Rating: "9" is not on its scale 1–5',
        'Confidence: "Medium" is not an option',
        'Topics: "Hardware" is not one of its boxes',
        '"Date read" is now required and has no answer',
        '"Reproducibility" is new on the form and required',
    ]


def test_a_kind_change_the_answer_does_not_survive_says_both() -> None:
    new = edited(week_form(), "Rating", kind=QuestionKind.CHOICE, options=("Accept", "Reject"))
    assert form_changes(week_form(), new, {RATING: "9"}) == [
        '"Rating" changed from scale to choice: "9" is not an option'
    ]


def test_unanswered_questions_that_went_away_are_no_news() -> None:
    assert form_changes(week_form(), without(week_form(), "Main strengths"), {}) == []


def test_a_form_that_starts_asking_for_the_address() -> None:
    changes = form_changes(week_form(EmailMode.VERIFIED), week_form(EmailMode.INPUT), {})
    assert changes == ["The form now asks for your email address"]


def test_a_form_that_stops_taking_the_typed_address() -> None:
    old, new = week_form(EmailMode.INPUT), week_form(EmailMode.OFF)
    assert form_changes(old, new, {EMAIL_KEY: "student@berkeley.edu"}) == [
        "The form no longer takes a typed email address: yours will not be sent"
    ]
