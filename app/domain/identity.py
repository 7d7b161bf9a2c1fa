"""The student's identity (name, email, student id) and the form questions that ask for it.

Entered once in the settings and filled into a new draft's matching questions: short-answer
questions whose title, in any case and punctuation, is one of the usual ways of asking (``Name``,
``Full name``, ``E-mail address``, ``Student ID``, ``SID``...), and the form's own typed address
(``emailAddress``) when it collects one. Only blank answers are filled; nothing is guessed from
words inside a longer title ("Name one weakness" asks for no name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.form import EMAIL_KEY, EmailMode, QuestionKind
from app.domain.review_answers import Answer, is_empty
from app.domain.review_template import QuestionSet, slots

_NAME_TITLES = {
    "name",
    "full name",
    "your name",
    "your full name",
    "student name",
    "first and last name",
}
_EMAIL_TITLES = {"email", "email address", "your email", "your email address", "student email"}
_SID_TITLES = {
    "student id",
    "sid",
    "student id number",
    "sid number",
    "your student id",
    "student number",
}


@dataclass(frozen=True)
class Identity:
    name: str = ""
    email: str = ""
    student_id: str = ""


def identity_answers(
    questions: QuestionSet, identity: Identity, answers: Mapping[str, Answer]
) -> dict[str, Answer]:
    """``answers`` with the identity filled into blank questions that ask for it."""
    filled = dict(answers)

    def fill(key: str, value: str) -> None:
        current = filled.get(key)
        if value and (current is None or is_empty(current)):
            filled[key] = value

    if questions.email is EmailMode.INPUT:
        fill(EMAIL_KEY, identity.email)
    for found in slots(questions):
        if found.question.kind is not QuestionKind.SHORT:
            continue
        title = _plain(found.title)
        if title in _NAME_TITLES:
            fill(found.key, identity.name)
        elif title in _EMAIL_TITLES:
            fill(found.key, identity.email)
        elif title in _SID_TITLES:
            fill(found.key, identity.student_id)
    return filled


def _plain(title: str) -> str:
    """Lower case, words only: "E-mail address:" -> "email address", "SID #" -> "sid"."""
    words = re.sub(r"[^\w]+", " ", title.casefold().replace("e-mail", "email")).split()
    return " ".join(words)
