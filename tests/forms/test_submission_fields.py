"""Every kind of answer as the form's endpoint takes it, written out by hand.

The expected fields follow section 4 of the design notes (and what a browser posts), not the
code under test: checkboxes repeat the key, Other is ``__other_option__`` plus
``.other_option_response``, dates and times are split, grids answer per row, line breaks are
CRLF.
"""

from __future__ import annotations

import pytest

from app.domain.form import Form, QuestionKind
from app.domain.review_answers import Answer, Other
from app.domain.submission import answer_fields
from tests.forms.form_spec import Choices, Grid, Item, Open, Scale
from tests.forms.review_forms import one_question, week_review

URL = "https://docs.google.com/forms/d/e/1FAIpQLSdZ3xq8Lw6hY0mJ4kT2rB9vN5cP7eG1fH3iK8oU6aS4dQ2wRt/viewform"
E = "entry.1045378231"


def form_of(item: Item, email_mode: int = 1) -> Form:
    return one_question(item, email_mode=email_mode).expected(URL)


CHOICES = ("TVM", "Ansor", "Both")
CASES: list[tuple[Item, Answer, list[tuple[str, str]]]] = [
    (Open(QuestionKind.SHORT, 1, 1045378231, "Name"), "Ada", [(E, "Ada")]),
    (
        Open(QuestionKind.PARAGRAPH, 1, 1045378231, "Summary"),
        "One.\nTwo.\r\nThree.\rFour.",
        [(E, "One.\r\nTwo.\r\nThree.\r\nFour.")],
    ),
    (Choices(QuestionKind.CHOICE, 1, 1045378231, "Paper", CHOICES), "Ansor", [(E, "Ansor")]),
    (
        Choices(QuestionKind.CHOICE, 1, 1045378231, "Paper", CHOICES, other=True),
        Other("Halide\nmostly"),
        [(E, "__other_option__"), (f"{E}.other_option_response", "Halide\r\nmostly")],
    ),
    (Choices(QuestionKind.DROPDOWN, 1, 1045378231, "Section", CHOICES), "Both", [(E, "Both")]),
    (
        Choices(QuestionKind.CHECKBOXES, 1, 1045378231, "Good", CHOICES, other=True),
        ("TVM", Other("its tables"), "Both"),
        [
            (E, "TVM"),
            (E, "__other_option__"),
            (E, "Both"),
            (f"{E}.other_option_response", "its tables"),
        ],
    ),
    (
        Choices(QuestionKind.CHECKBOXES, 1, 1045378231, "Good", CHOICES),
        ("Ansor",),
        [(E, "Ansor")],
    ),
    (Scale(1, 1045378231, "Convincing?", 1, 5, ("Not", "Fully")), "5", [(E, "5")]),
    (
        Grid(1, "Rate", ((1045378240, "Motivation"), (1045378241, "Design")), ("Weak", "Strong")),
        {"entry.1045378240": "Strong", "entry.1045378241": "Weak"},
        [("entry.1045378240", "Strong"), ("entry.1045378241", "Weak")],
    ),
    (
        Open(QuestionKind.DATE, 1, 1045378231, "Read on"),
        "2022-02-03",
        [(f"{E}_year", "2022"), (f"{E}_month", "2"), (f"{E}_day", "3")],
    ),
    (
        Open(QuestionKind.DATE, 1, 1045378231, "Read on"),
        "2021-12-25",
        [(f"{E}_year", "2021"), (f"{E}_month", "12"), (f"{E}_day", "25")],
    ),
    (
        Open(QuestionKind.TIME, 1, 1045378231, "Took"),
        "7:05",
        [(f"{E}_hour", "07"), (f"{E}_minute", "05")],
    ),
    (
        Open(QuestionKind.TIME, 1, 1045378231, "Took"),
        "23:59",
        [(f"{E}_hour", "23"), (f"{E}_minute", "59")],
    ),
]


@pytest.mark.parametrize(("item", "answer", "expected"), CASES)
def test_each_kind_of_answer_is_encoded_as_a_browser_posts_it(
    item: Item, answer: Answer | dict[str, Answer], expected: list[tuple[str, str]]
) -> None:
    answers = answer if isinstance(answer, dict) else {E: answer}

    assert answer_fields(form_of(item), answers) == expected


@pytest.mark.parametrize("blank", ["", "   ", (), Other(" "), ("",)])
def test_a_blank_answer_sends_nothing(blank: Answer) -> None:
    item = Choices(QuestionKind.CHECKBOXES, 1, 1045378231, "Good", CHOICES, other=True)

    assert answer_fields(form_of(item), {E: blank}) == []


def test_a_typed_address_is_sent_only_when_the_form_asks_for_one() -> None:
    item = Open(QuestionKind.SHORT, 1, 1045378231, "Name")
    answers: dict[str, Answer] = {"emailAddress": " ada@berkeley.edu ", E: "Ada"}

    typed = answer_fields(form_of(item, email_mode=3), answers)
    off = answer_fields(form_of(item, email_mode=1), answers)

    assert typed == [("emailAddress", "ada@berkeley.edu"), (E, "Ada")]
    assert off == [(E, "Ada")]


def test_keys_the_form_does_not_have_are_not_sent() -> None:
    item = Open(QuestionKind.SHORT, 1, 1045378231, "Name")
    answers: dict[str, Answer] = {E: "Ada", "entry.9": "stray", "template.summary": "old"}

    assert answer_fields(form_of(item), answers) == [(E, "Ada")]


def test_fields_follow_the_forms_order_and_split_by_page() -> None:
    form = week_review(email_mode=3).expected(URL)
    answers: dict[str, Answer] = {
        "entry.1045378244": "10:30",  # page 1 (0-based), given first
        "entry.1045378238": "Summary",  # page 1, before it on the form
        "entry.1045378231": "Ada",  # page 0
        "emailAddress": "ada@berkeley.edu",
        "entry.1045378246": "an unsupported question's answer",  # page 2, not sent
    }

    assert answer_fields(form, answers, page=0) == [
        ("emailAddress", "ada@berkeley.edu"),
        ("entry.1045378231", "Ada"),
    ]
    assert answer_fields(form, answers, page=1) == [
        ("entry.1045378238", "Summary"),
        ("entry.1045378244_hour", "10"),
        ("entry.1045378244_minute", "30"),
    ]
    assert answer_fields(form, answers, page=2) == []
    assert answer_fields(form, answers) == [
        ("emailAddress", "ada@berkeley.edu"),
        ("entry.1045378231", "Ada"),
        ("entry.1045378238", "Summary"),
        ("entry.1045378244_hour", "10"),
        ("entry.1045378244_minute", "30"),
    ]
