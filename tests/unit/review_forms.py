"""A week's review form with a question of every kind, and small edits of it, for review tests.

Written out by hand as a Google Form would list it (entry ids, options without Other, grid rows),
so the tests' expectations do not come from the code that reads real forms.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.domain.form import EmailMode, Form, GridRow, Question, QuestionKind

TVM = "TVM: An Automated End-to-End Optimizing Compiler for Deep Learning"
ANSOR = "Ansor: Generating High-Performance Tensor Programs for Deep Learning"

PAPER = "entry.1001"
SUMMARY = "entry.1002"
STRENGTHS = "entry.1003"
WEAKNESSES = "entry.1004"
QUESTIONS = "entry.1005"
RATING = "entry.1006"
CONFIDENCE = "entry.1007"
TOPICS = "entry.1008"
CLARITY_WRITING = "entry.2001"
CLARITY_FIGURES = "entry.2002"
DATE_READ = "entry.1010"
TIME_SPENT = "entry.1011"

_QUESTIONS = (
    Question(
        1, 1001, "Which paper?", QuestionKind.CHOICE, 0, required=True, options=(TVM, ANSOR),
        other=True,
    ),
    Question(2, 1002, "Paper summary", QuestionKind.PARAGRAPH, 0, required=True),
    Question(3, 1003, "Main strengths", QuestionKind.SHORT, 0),
    Question(4, 1004, "WEAKNESSES?", QuestionKind.PARAGRAPH, 0),
    Question(5, 1005, "Questions to the authors", QuestionKind.PARAGRAPH, 0),
    Question(
        6, 1006, "Rating", QuestionKind.SCALE, 1, required=True,
        options=tuple(str(n) for n in range(1, 11)), scale_labels=("Reject", "Accept"),
    ),
    Question(
        7, 1007, "Confidence", QuestionKind.DROPDOWN, 1, options=("Low", "Medium", "High")
    ),
    Question(
        8, 1008, "Topics", QuestionKind.CHECKBOXES, 1,
        options=("Compilers", "Hardware", "Scheduling"), other=True,
    ),
    Question(
        9, None, "Clarity", QuestionKind.GRID, 1, required=True, options=("Poor", "Fair", "Good"),
        rows=(GridRow(2001, "Writing"), GridRow(2002, "Figures")),
    ),
    Question(10, 1010, "Date read", QuestionKind.DATE, 1),
    Question(11, 1011, "Time spent", QuestionKind.TIME, 1),
    Question(12, None, "Upload your notes", QuestionKind.UNSUPPORTED, 1, google_type=13),
)  # fmt: skip


def week_form(email: EmailMode = EmailMode.INPUT) -> Form:
    """Week 8's review form: every kind of question, the address typed by the student."""
    return Form(
        form_id="1FAIpQLSe-week-8",
        url="https://docs.google.com/forms/d/e/1FAIpQLSe-week-8/viewform",
        title="Week 8 review: ML for systems",
        email=email,
        questions=_QUESTIONS,
    )


def edited(form: Form, titled: str, **changes: Any) -> Form:
    """``form`` with the question titled ``titled`` changed as a form's owner would edit it."""
    assert any(q.title == titled for q in form.questions), f"no question titled {titled!r}"
    questions = tuple(replace(q, **changes) if q.title == titled else q for q in form.questions)
    return replace(form, questions=questions)


def without(form: Form, titled: str) -> Form:
    """``form`` with the question titled ``titled`` deleted."""
    assert any(q.title == titled for q in form.questions), f"no question titled {titled!r}"
    return replace(form, questions=tuple(q for q in form.questions if q.title != titled))
