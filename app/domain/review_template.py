"""What a draft is written against: the week's real form, or the default template before it.

A student can start a review before the week's form is online (or while offline, before it was
ever fetched). The default template asks what paper reviews usually ask; its questions have
pseudo keys (``template.summary``) instead of form entries, and ``move_onto_form`` carries the
answers over by title once the real form is known.

Both kinds of question set are walked the same way, as answer slots: one per answer key (a grid
has one per row), each with its question and the title used to match and to report it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.form import EmailMode, Form, GridRow, Question, QuestionKind

TEMPLATE_PREFIX = "template."


@dataclass(frozen=True)
class TemplateQuestion:
    """A template question under its pseudo key.

    ``question.keys`` is empty (a template question has no form entry): its key is ``key``.
    """

    key: str
    question: Question


@dataclass(frozen=True)
class Template:
    title: str
    entries: tuple[TemplateQuestion, ...]
    email: EmailMode = EmailMode.OFF  # no address is asked before the real form says so

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(entry.question for entry in self.entries)

    def question(self, key: str) -> Question | None:
        """The question answered under ``key`` (``template.…``), or None."""
        return next((e.question for e in self.entries if e.key == key), None)


QuestionSet = Form | Template


@dataclass(frozen=True)
class Slot:
    """One answer key of a question set, with its question (and the row, for a grid)."""

    key: str
    question: Question
    row: GridRow | None = None

    @property
    def title(self) -> str:
        # A grid row is named as Google's response sheets name it: "Question [Row]".
        return f"{self.question.title} [{self.row.title}]" if self.row else self.question.title


def slots(questions: QuestionSet) -> list[Slot]:
    """Every answer key of a form or template, in the order the student sees them.

    Items that take no answer here (unsupported kinds, questions without an entry) have none.
    """
    if isinstance(questions, Template):
        return [Slot(entry.key, entry.question) for entry in questions.entries]
    found: list[Slot] = []
    for question in questions.questions:
        if question.kind is QuestionKind.UNSUPPORTED:
            continue
        if question.rows:
            found.extend(Slot(f"entry.{row.entry_id}", question, row) for row in question.rows)
        elif question.entry_id is not None:
            found.append(Slot(f"entry.{question.entry_id}", question))
    return found


def slot(questions: QuestionSet, key: str) -> Slot | None:
    """The slot answered under ``key``, or None when the set has no such key."""
    return next((s for s in slots(questions) if s.key == key), None)


SCALE_1_TO_5 = ("1", "2", "3", "4", "5")

# (pseudo key suffix, title, kind, required, help), in the order the template shows them.
_TEMPLATE_TEXT = (
    ("summary", "Summary", QuestionKind.PARAGRAPH, True, "What the paper does, in your words."),
    ("strengths", "Strengths", QuestionKind.PARAGRAPH, True, "What the paper does well."),
    ("weaknesses", "Weaknesses", QuestionKind.PARAGRAPH, True, "Limits, gaps, doubtful claims."),
    ("questions", "Questions for the authors", QuestionKind.PARAGRAPH, False, ""),
)
# (pseudo key suffix, title, help, the words at the low and high end): both required, 1-5.
_TEMPLATE_SCALES = (
    ("rating", "Rating", "Overall, how good is the paper?", ("Poor", "Excellent")),
    ("confidence", "Confidence", "How sure are you of your review?", ("Guessing", "Certain")),
)


def default_template(papers: Sequence[str] = ()) -> Template:
    """The questions a review is drafted against before the week's form is known.

    Paper is a dropdown of ``papers`` (the week's readings) when there are any, else short
    text; the written parts are paragraphs; Rating and Confidence are 1-5 scales.
    """
    entries = [_paper_question(papers)]
    for number, (name, title, kind, required, help_text) in enumerate(_TEMPLATE_TEXT, start=2):
        question = Question(number, None, title, kind, 0, help=help_text, required=required)
        entries.append(TemplateQuestion(TEMPLATE_PREFIX + name, question))
    for number, (name, title, help_text, words) in enumerate(_TEMPLATE_SCALES, start=6):
        question = Question(
            number,
            None,
            title,
            QuestionKind.SCALE,
            0,
            help=help_text,
            required=True,
            options=SCALE_1_TO_5,
            scale_labels=words,
        )
        entries.append(TemplateQuestion(TEMPLATE_PREFIX + name, question))
    return Template("Paper review", tuple(entries))


def _paper_question(papers: Sequence[str]) -> TemplateQuestion:
    # A dropdown offers only titles as the syllabus spells them; without any, the student types.
    options = tuple(dict.fromkeys(title.strip() for title in papers if title.strip()))
    kind = QuestionKind.DROPDOWN if options else QuestionKind.SHORT
    question = Question(
        1, None, "Paper", kind, 0, help="The paper you review.", required=True, options=options
    )
    return TemplateQuestion(TEMPLATE_PREFIX + "paper", question)
