"""A week's review draft and the rules that judge it against a form.

The draft keeps its answers under the keys the form's endpoint takes (``entry.N``,
``emailAddress``) or the template's pseudo keys, the fingerprint of the questions it was written
against, and whatever found no place on the form (never dropped). ``validate`` judges one
answer, ``missing`` lists required questions left open, and ``form_changes`` says what no longer
fits when the form is edited under a draft. Moving a draft onto a form is in ``review_moves``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from app.domain.form import EMAIL_KEY, EmailMode, Question, QuestionKind
from app.domain.review_answers import Answer, Other, describe, is_empty
from app.domain.review_template import QuestionSet, Slot, slot, slots

EMAIL_TITLE = "Email address"  # how the collected address is named in messages and lists


class ReviewStatus(StrEnum):
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    READY = "ready"  # the student marked it done; nothing sent yet
    QUEUED = "queued"  # sent by the student, waiting for the network to post it
    SUBMITTED = "submitted"  # the form took it
    NEEDS_ATTENTION = "needs_attention"  # the form changed under it, or refused it


@dataclass(frozen=True)
class ReviewDraft:
    week: int
    answers: Mapping[str, Answer] = field(default_factory=dict)
    status: ReviewStatus = ReviewStatus.NOT_STARTED
    form_snapshot: str = ""  # form_fingerprint() of the questions the answers were written for
    not_on_form: Mapping[str, Answer] = field(default_factory=dict)  # question title -> answer
    updated_at: datetime | None = None
    revision: int = 1  # a sent review is never changed: "review revise" starts the next one


def validate(questions: QuestionSet, key: str, value: Answer) -> str | None:
    """None when ``value`` can be sent under ``key``, else one line naming question and value.

    No answer at all is not invalid here (``missing`` reports required questions).
    """
    if key == EMAIL_KEY:
        return _email_problem(questions.email, value)
    found = slot(questions, key)
    if found is None:
        return f"{key}: this form has no question answered under that key"
    if is_empty(value):
        return None
    reason = problem(found, value)
    return f"{found.title}: {reason}" if reason else None


def problem(target: Slot, value: Answer) -> str | None:
    """Why ``value`` cannot answer the slot (without the title), or None when it can."""
    question = target.question
    kind = question.kind
    if kind in (QuestionKind.SHORT, QuestionKind.PARAGRAPH):
        return None if isinstance(value, str) else f"takes text, not {describe(value)}"
    if kind is QuestionKind.CHECKBOXES:
        return _checkboxes_problem(target, value)
    if isinstance(value, tuple):
        return f"takes one answer, not the list {describe(value)}"
    if kind in (QuestionKind.CHOICE, QuestionKind.DROPDOWN):
        return _choice_problem(target, value)
    if isinstance(value, Other):
        return f'has no "Other" choice for {describe(value)}'
    if kind is QuestionKind.SCALE:
        return None if value in question.options else f"{describe(value)} is {_scale(target)}"
    if kind is QuestionKind.GRID:
        return None if value in question.options else f"{describe(value)} is not one of its columns"
    if kind is QuestionKind.DATE:
        return None if _is_date(value) else f"{describe(value)} is not a date (YYYY-MM-DD)"
    if kind is QuestionKind.TIME:
        return None if _is_time(value) else f"{describe(value)} is not a time (HH:MM)"
    return f"cannot be answered in the app, so {describe(value)} has no place"


def missing(questions: QuestionSet, answers: Mapping[str, Answer]) -> list[str]:
    """Titles of required questions without an answer, in form order; the address first.

    A required grid needs every row. A required question the app cannot answer (a file
    upload) is not listed: it needs the form in a browser, which the form's sign-in says.
    """
    titles: list[str] = []
    if questions.email is EmailMode.INPUT and _blank(answers.get(EMAIL_KEY)):
        titles.append(EMAIL_TITLE)
    for question, keys in _keys_by_question(questions):
        if question.required and any(_blank(answers.get(key)) for key in keys):
            titles.append(question.title)
    return titles


def form_fingerprint(questions: QuestionSet) -> str:
    """A short string that changes when anything an answer depends on changes.

    Keys, titles, kinds, required flags, options, Other, grid rows and the email mode count;
    help texts, descriptions and items that take no answer do not.
    """
    shape = [
        [s.key, s.title, s.question.kind, s.question.required, s.question.options, s.question.other]
        for s in slots(questions)
    ]
    text = json.dumps({"email": questions.email, "slots": shape}, ensure_ascii=False)
    return "v1:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def form_changes(old: QuestionSet, new: QuestionSet, answers: Mapping[str, Answer]) -> list[str]:
    """What no longer fits when a draft's form changed from ``old`` to ``new``, one line each.

    An answered question that is gone, an answer the new question refuses (an option removed,
    Other removed, a scale shortened, a grid column gone), an answered question of another kind
    now, a question newly required (or new and required) without an answer, the address.
    """
    changes = _email_changes(old.email, new.email, answers)
    before = {s.key: s for s in slots(old)}
    after = {s.key: s for s in slots(new)}
    for key, was in before.items():
        value = answers.get(key)
        if value is None or is_empty(value):
            continue
        now = after.get(key)
        if now is None:
            changes.append(f'"{was.title}" is gone from the form: {describe(value)} has no place')
            continue
        reason = problem(now, value)
        if was.question.kind != now.question.kind:
            kinds = f'"{now.title}" changed from {was.question.kind} to {now.question.kind}'
            changes.append(kinds + (f": {reason}" if reason else ""))
        elif reason:
            changes.append(f"{now.title}: {reason}")
    was_required = {key for key, s in before.items() if s.question.required}
    for question, keys in _keys_by_question(new):
        if not question.required or not any(_blank(answers.get(key)) for key in keys):
            continue
        if not any(key in before for key in keys):
            changes.append(f'"{question.title}" is new on the form and required')
        elif not any(key in was_required for key in keys):
            changes.append(f'"{question.title}" is now required and has no answer')
    return changes


def _email_changes(old: EmailMode, new: EmailMode, answers: Mapping[str, Answer]) -> list[str]:
    asked_before, asked_now = old is EmailMode.INPUT, new is EmailMode.INPUT
    if asked_now and not asked_before and _blank(answers.get(EMAIL_KEY)):
        return ["The form now asks for your email address"]
    if asked_before and not asked_now and not _blank(answers.get(EMAIL_KEY)):
        return ["The form no longer takes a typed email address: yours will not be sent"]
    return []


def _keys_by_question(questions: QuestionSet) -> list[tuple[Question, list[str]]]:
    # A grid is one question with a key per row; everything else has a single key.
    grouped: dict[int, tuple[Question, list[str]]] = {}
    for found in slots(questions):
        grouped.setdefault(id(found.question), (found.question, []))[1].append(found.key)
    return list(grouped.values())


def _blank(value: Answer | None) -> bool:
    return value is None or is_empty(value)


def _checkboxes_problem(target: Slot, value: Answer) -> str | None:
    if not isinstance(value, tuple):
        return f"takes a list of ticked boxes, not {describe(value)}"
    question = target.question
    others = [choice for choice in value if isinstance(choice, Other)]
    if others and not question.other:
        return f'has no "Other" box for {describe(others[0])}'
    if len(others) > 1:
        return f'takes one "Other" answer, not {len(others)}'
    for choice in value:
        if isinstance(choice, str) and choice not in question.options:
            return f"{describe(choice)} is not one of its boxes"
    return None


def _choice_problem(target: Slot, value: str | Other) -> str | None:
    if isinstance(value, Other):
        return None if target.question.other else f'has no "Other" choice for {describe(value)}'
    return None if value in target.question.options else f"{describe(value)} is not an option"


def _scale(target: Slot) -> str:
    options = target.question.options
    return f"not on its scale {options[0]}–{options[-1]}" if options else "not on its scale"


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:  # 2022-02-30 has the shape but is no day
        return False
    return True


def _is_time(text: str) -> bool:
    found = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    return found is not None and int(found[1]) < 24 and int(found[2]) < 60


def _email_problem(mode: EmailMode, value: Answer) -> str | None:
    if is_empty(value):
        return None
    if mode is not EmailMode.INPUT:
        return f"{EMAIL_TITLE}: this form does not take a typed address ({describe(value)})"
    if not isinstance(value, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value.strip()):
        return f"{EMAIL_TITLE}: {describe(value)} is not an email address"
    return None
