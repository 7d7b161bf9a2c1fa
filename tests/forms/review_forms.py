"""The review forms the tests serve: a week's review with every kind of item, and small ones.

Ids look like Google's (a published form's 56-character id, 9-digit entry ids), so nothing in
the app can lean on short or round numbers.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.form import QuestionKind
from tests.forms.form_spec import (
    FILE_UPLOAD,
    IMAGE,
    TEXT_BLOCK,
    VIDEO,
    Choices,
    FormSpec,
    Grid,
    Item,
    Open,
    PageBreak,
    Scale,
    Shown,
    Unsupported,
)

WEEK_FORM_ID = "1FAIpQLSdZ3xq8Lw6hY0mJ4kT2rB9vN5cP7eG1fH3iK8oU6aS4dQ2wRt"
WEEK_CODE = "kR7pWq2mZx9sB4vN6"  # https://forms.gle/<code>
# Google keeps a description as typed: the ; and ] must not end the data, the quotes, the
# backslash and the markup characters (escaped in the script) must come back as they were.
DESCRIPTION = (
    'Review one paper; submit before 1:00 PM]. Cite as [Chen et al., 2018]; say "why" '
    "in a line or two \\ no more. a < b & c > d"
)
UNKNOWN_TYPE = 42  # a type Google may add one day

WEEK_ITEMS: tuple[Item, ...] = (
    Open(QuestionKind.SHORT, 381920451, 1045378231, "Your name", required=True),
    Open(QuestionKind.SHORT, 381920452, 1045378232, "Student id", help="Digits only; no @"),
    Choices(
        QuestionKind.CHOICE,
        381920453,
        1045378233,
        "Which paper did you review?",
        ("TVM: An Automated End-to-End Optimizing Compiler", "Ansor"),
        other=True,
        required=True,
    ),
    Choices(QuestionKind.DROPDOWN, 381920454, 1045378234, "Section", ("101", "102", "103")),
    Choices(
        QuestionKind.CHECKBOXES,
        381920455,
        1045378235,
        "What did the paper do well?",
        ("The problem", "The evaluation", "The writing"),
        other=True,
    ),
    Shown(TEXT_BLOCK, 381920456, "Before you go on", "The next page is about the paper itself."),
    PageBreak(381920457, "The paper", "Summarise first; then criticise [briefly]."),
    Open(QuestionKind.PARAGRAPH, 381920458, 1045378238, "Summary", "Three sentences.", True),
    Scale(
        381920459, 1045378239, "How convincing was the evaluation?", 1, 5, ("Not", "Fully"), True
    ),
    Grid(
        381920460,
        "Rate each part",
        ((1045378240, "Motivation"), (1045378241, "Design"), (1045378242, "Evaluation")),
        ("Weak", "Fair", "Strong"),
        required=True,
    ),
    Shown(IMAGE, 381920461, "Figure 3 of the paper"),
    Shown(VIDEO, 381920462, "The authors' talk"),
    Open(QuestionKind.DATE, 381920463, 1045378243, "When did you read it?"),
    Open(QuestionKind.TIME, 381920464, 1045378244, "How long did it take?"),
    PageBreak(381920465, "Anything else", ""),
    Unsupported(UNKNOWN_TYPE, 381920466, "A kind of question Google added", 1045378246),
    Unsupported(UNKNOWN_TYPE + 1, 381920467, "A new item with nothing to answer"),
)


def week_review(**changes: object) -> FormSpec:
    """Week 3's review: two page breaks (three pages), every kind of item, email off."""
    spec = FormSpec(
        form_id=WEEK_FORM_ID,
        title="Week 3 review: ML compilers",
        file_name="CS294 SP22 week 3 review (responses)",
        description=DESCRIPTION,
        items=WEEK_ITEMS,
    )
    return replace(spec, **changes)  # type: ignore[arg-type]


def one_question(item: Item, **changes: object) -> FormSpec:
    """A form with only ``item``, to look at one kind at a time."""
    return week_review(items=(item,), **changes)


FILE_UPLOAD_ITEM = Unsupported(FILE_UPLOAD, 381920470, "Upload your notes (PDF)", 1045378250)
