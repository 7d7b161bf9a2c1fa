"""What on the form fetched right before sending stops a draft from going out.

A required question added, removed, renamed or of another kind, or an option the answers use
gone, stops the send and is named; edits the answers do not depend on (help texts, a new
optional question, an option nobody chose) do not.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.form import Form, QuestionKind
from app.domain.review_answers import Answer, Other
from app.domain.submission import submission_changes
from tests.forms.form_spec import Choices, Item, Open
from tests.forms.review_forms import WEEK_FORM_ID, WEEK_ITEMS, week_review

URL = f"https://docs.google.com/forms/d/e/{WEEK_FORM_ID}/viewform"
NAME = Open(QuestionKind.SHORT, 381920451, 1045378231, "Your name", required=True)
PAPER = Choices(
    QuestionKind.CHOICE,
    381920453,
    1045378233,
    "Which paper did you review?",
    ("TVM: An Automated End-to-End Optimizing Compiler", "Ansor"),
    other=True,
    required=True,
)
ANSWERS: dict[str, Answer] = {
    "entry.1045378231": "Ada",
    "entry.1045378233": "Ansor",
    "entry.1045378234": "102",
    "entry.1045378235": ("The problem", Other("figures")),
}


def form(*items: Item) -> Form:
    return week_review(items=items).expected(URL)


def changed(index: int, item: Item | None) -> Form:
    items = list(WEEK_ITEMS)
    if item is None:
        del items[index]
    else:
        items[index] = item
    return form(*items)


SNAPSHOT = form(*WEEK_ITEMS)


def test_the_same_form_changes_nothing() -> None:
    assert submission_changes(SNAPSHOT, form(*WEEK_ITEMS), ANSWERS) == []


def test_edits_the_answers_do_not_depend_on_stop_nothing() -> None:
    items = list(WEEK_ITEMS)
    items[0] = replace(NAME, help="As on the roster")
    items[3] = Choices(QuestionKind.DROPDOWN, 381920454, 1045378234, "Section", ("102", "104"))
    items.append(Open(QuestionKind.SHORT, 381920490, 1045378290, "Anything else?"))

    assert submission_changes(SNAPSHOT, form(*items), ANSWERS) == []


def test_a_new_required_question_is_named() -> None:
    extra = Open(QuestionKind.SHORT, 381920490, 1045378290, "Discussion section", required=True)

    lines = submission_changes(SNAPSHOT, form(*WEEK_ITEMS, extra), ANSWERS)

    assert len(lines) == 1 and "Discussion section" in lines[0]


def test_a_removed_required_question_is_named_even_unanswered() -> None:
    answers = {k: v for k, v in ANSWERS.items() if k != "entry.1045378238"}
    fresh = changed(WEEK_ITEMS.index(WEEK_ITEMS[7]), None)  # "Summary", required, unanswered

    lines = submission_changes(SNAPSHOT, fresh, answers)

    assert len(lines) == 1 and '"Summary"' in lines[0]


def test_an_answered_question_that_is_gone_is_named() -> None:
    lines = submission_changes(SNAPSHOT, changed(3, None), ANSWERS)  # "Section" gone

    assert len(lines) == 1 and "Section" in lines[0] and '"102"' in lines[0]


def test_a_renamed_required_question_is_named_with_both_titles() -> None:
    lines = submission_changes(SNAPSHOT, changed(0, replace(NAME, title="Full name")), ANSWERS)

    assert lines == ['"Your name" is now called "Full name"']


def test_an_option_the_answers_use_that_is_gone_is_named() -> None:
    fresh = changed(2, replace(PAPER, options=PAPER.options[:1]))  # "Ansor" gone

    lines = submission_changes(SNAPSHOT, fresh, ANSWERS)

    assert len(lines) == 1 and '"Ansor"' in lines[0] and "Which paper" in lines[0]


def test_an_other_choice_that_is_gone_is_named() -> None:
    answers = {**ANSWERS, "entry.1045378233": Other("Halide")}

    lines = submission_changes(SNAPSHOT, changed(2, replace(PAPER, other=False)), answers)

    assert len(lines) == 1 and "Halide" in lines[0]


def test_a_required_question_of_another_kind_is_named() -> None:
    as_text = Open(QuestionKind.PARAGRAPH, 381920453, 1045378233, PAPER.title, required=True)

    lines = submission_changes(SNAPSHOT, changed(2, as_text), ANSWERS)

    assert len(lines) == 1 and "choice" in lines[0] and "paragraph" in lines[0]


def test_a_question_newly_required_and_unanswered_is_named() -> None:
    student_id = Open(QuestionKind.SHORT, 381920452, 1045378232, "Student id", required=True)

    lines = submission_changes(SNAPSHOT, changed(1, student_id), ANSWERS)

    assert len(lines) == 1 and "Student id" in lines[0]


def test_a_form_that_now_asks_for_an_address_is_named() -> None:
    fresh = week_review(email_mode=3).expected(URL)

    lines = submission_changes(SNAPSHOT, fresh, ANSWERS)

    assert len(lines) == 1 and "email" in lines[0]
