"""One answer judged against its question, and the required questions a draft leaves open."""

from __future__ import annotations

import pytest

from app.domain.form import EMAIL_KEY, EmailMode
from app.domain.review import EMAIL_TITLE, missing, validate
from app.domain.review_answers import Answer, Other
from app.domain.review_template import default_template
from tests.unit.review_forms import (
    CLARITY_FIGURES,
    CLARITY_WRITING,
    CONFIDENCE,
    DATE_READ,
    PAPER,
    RATING,
    STRENGTHS,
    SUMMARY,
    TIME_SPENT,
    TOPICS,
    TVM,
    week_form,
)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (PAPER, TVM),
        (PAPER, Other("FlexFlow")),  # the paper question has an Other choice
        (SUMMARY, "Line one.\n\nLine two."),
        (RATING, "10"),
        (CONFIDENCE, "Medium"),
        (TOPICS, ("Compilers", "Scheduling", Other("autotuning"))),
        (TOPICS, ()),
        (CLARITY_FIGURES, "Good"),
        (DATE_READ, "2022-03-12"),
        (TIME_SPENT, "9:05"),
        (TIME_SPENT, "23:59"),
        (EMAIL_KEY, "student@berkeley.edu"),
        (RATING, ""),  # no answer is not a wrong answer: missing() speaks of it
    ],
)
def test_answers_the_form_takes_pass(key: str, value: Answer) -> None:
    assert validate(week_form(), key, value) is None


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        (PAPER, "Halide", 'Which paper?: "Halide" is not an option'),
        (PAPER, (TVM,), f'Which paper?: takes one answer, not the list ["{TVM[:39]}…"]'),
        (CONFIDENCE, Other("So-so"), 'Confidence: has no "Other" choice for Other: "So-so"'),
        (CONFIDENCE, "medium", 'Confidence: "medium" is not an option'),
        (RATING, "11", 'Rating: "11" is not on its scale 1–10'),
        (RATING, "0", 'Rating: "0" is not on its scale 1–10'),
        (RATING, "great", 'Rating: "great" is not on its scale 1–10'),
        (TOPICS, ("Compilers", "Networking"), 'Topics: "Networking" is not one of its boxes'),
        (TOPICS, (Other("a"), Other("b")), 'Topics: takes one "Other" answer, not 2'),
        (TOPICS, "Compilers", 'Topics: takes a list of ticked boxes, not "Compilers"'),
        (CLARITY_WRITING, "Great", 'Clarity [Writing]: "Great" is not one of its columns'),
        (DATE_READ, "12/03/2022", 'Date read: "12/03/2022" is not a date (YYYY-MM-DD)'),
        (DATE_READ, "2022-02-30", 'Date read: "2022-02-30" is not a date (YYYY-MM-DD)'),
        (TIME_SPENT, "24:00", 'Time spent: "24:00" is not a time (HH:MM)'),
        (TIME_SPENT, "9h", 'Time spent: "9h" is not a time (HH:MM)'),
        (SUMMARY, ("a",), 'Paper summary: takes text, not ["a"]'),
        (EMAIL_KEY, "student at berkeley", f'{EMAIL_TITLE}: "student at berkeley" is not an email'),
        ("entry.999", "x", "entry.999: this form has no question answered under that key"),
    ],
)
def test_answers_the_form_refuses_say_why_in_one_line(key: str, value: Answer, reason: str) -> None:
    said = validate(week_form(), key, value)
    assert said is not None
    assert said.startswith(reason)
    assert "\n" not in said


def test_a_typed_address_on_a_form_that_takes_none_is_refused() -> None:
    said = validate(week_form(EmailMode.VERIFIED), EMAIL_KEY, "student@berkeley.edu")
    assert (
        said == f'{EMAIL_TITLE}: this form does not take a typed address ("student@berkeley.edu")'
    )


def test_a_long_answer_is_named_shortened_on_one_line() -> None:
    said = validate(week_form(), RATING, "I would say\nsomewhere between seven and eight of ten")
    assert said == 'Rating: "I would say somewhere between seven and…" is not on its scale 1–10'


def test_template_answers_are_judged_by_the_template() -> None:
    template = default_template()
    assert validate(template, "template.rating", "5") is None
    assert validate(template, "template.rating", "6") == 'Rating: "6" is not on its scale 1–5'


def test_missing_lists_required_questions_in_form_order_address_first() -> None:
    expected = [EMAIL_TITLE, "Which paper?", "Paper summary", "Rating", "Clarity"]
    assert missing(week_form(), {}) == expected


def test_blank_answers_count_as_missing_and_a_grid_needs_every_row() -> None:
    answers: dict[str, Answer] = {
        EMAIL_KEY: "student@berkeley.edu",
        PAPER: Other("  "),
        SUMMARY: "Compiles tensor programs.",
        RATING: "7",
        CLARITY_WRITING: "Good",  # Figures left open
        STRENGTHS: "",  # not required: never listed
    }
    assert missing(week_form(), answers) == ["Which paper?", "Clarity"]


def test_nothing_is_missing_from_a_complete_draft() -> None:
    answers: dict[str, Answer] = {
        EMAIL_KEY: "student@berkeley.edu",
        PAPER: TVM,
        SUMMARY: "Compiles tensor programs.",
        RATING: "7",
        CLARITY_WRITING: "Good",
        CLARITY_FIGURES: "Fair",
    }
    assert missing(week_form(), answers) == []


def test_no_address_is_missing_when_google_records_the_account() -> None:
    assert EMAIL_TITLE not in missing(week_form(EmailMode.VERIFIED), {})
    assert missing(week_form(EmailMode.VERIFIED), {})[0] == "Which paper?"


def test_the_templates_required_questions() -> None:
    assert missing(default_template(), {"template.summary": "A compiler."}) == [
        "Paper",
        "Strengths",
        "Weaknesses",
        "Rating",
        "Confidence",
    ]
