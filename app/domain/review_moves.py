"""Moving a draft onto the week's real form: answers find their question by title.

A review drafted against the default template (or an older version of the form) meets the real
form. Answers keep their key when the form still has it (Google keeps entry ids when a question
is edited); the others look for a question by title: exactly, then normalized (case, punctuation
and spacing ignored), then close matches by difflib, best pair first. Each question takes at
most one answer. A value is converted where the kind allows (paragraph text into a short
question, a scale number into a scale with that value, a typed paper title into a dropdown that
lists it); what has no place, or does not fit where its title led, is kept in ``not_on_form``
under its title, so nothing the student wrote is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from app.domain.form import EMAIL_KEY, EmailMode, QuestionKind
from app.domain.review import (
    EMAIL_TITLE,
    ReviewDraft,
    ReviewStatus,
    form_fingerprint,
    missing,
    problem,
)
from app.domain.review_answers import Answer, Choice, Other, is_empty
from app.domain.review_template import QuestionSet, Slot, default_template, slot, slots

# difflib ratio from which two normalized titles are the same question: "Summary" and "Paper
# summary" are 0.70, "Main strengths" 0.78; "Summary" and "Strengths" 0.25, "Rating" and
# "Overall rating" 0.60. Lower, and short titles of different questions start to pair.
CLOSE_TITLE_RATIO = 0.7


@dataclass
class _Unplaced:
    """An answer that left its key and looks for a question by title."""

    title: str
    value: Answer


def move_onto_form(
    draft: ReviewDraft, form: QuestionSet, written_against: QuestionSet | None = None
) -> ReviewDraft:
    """The draft with its answers on ``form``'s questions and the rest in ``not_on_form``.

    ``written_against`` names the draft's keys; the default template when not given (its titles
    do not depend on the papers). Earlier ``not_on_form`` answers try again. The status turns to
    needs attention when an answer found no place, or a ready or queued draft now misses a
    required answer; a submitted draft keeps its status. ``updated_at`` is kept: the student did
    not edit anything.
    """
    source = written_against if written_against is not None else default_template()
    placed: dict[str, Answer] = {}
    aside: list[_Unplaced] = []
    loose: list[_Unplaced] = []
    for key, value in draft.answers.items():
        if is_empty(value):
            continue
        if key == EMAIL_KEY:
            if form.email is EmailMode.INPUT:
                placed[key] = value
            else:
                aside.append(_Unplaced(EMAIL_TITLE, value))
            continue
        same_key = slot(form, key)
        origin = slot(source, key)
        title = origin.title if origin else same_key.title if same_key else key
        if same_key is None:
            loose.append(_Unplaced(title, value))
            continue
        fitted = fit(same_key, value)
        if fitted is None:
            aside.append(_Unplaced(title, value))
        else:
            placed[key] = fitted
    loose.extend(_Unplaced(t, v) for t, v in draft.not_on_form.items() if not is_empty(v))
    free = [s for s in slots(form) if s.key not in placed]
    aside.extend(_place_by_title(loose, free, placed))
    return replace(
        draft,
        answers=placed,
        not_on_form=_by_title(aside),
        form_snapshot=form_fingerprint(form),
        status=_status_after_move(draft.status, bool(aside), bool(missing(form, placed))),
    )


def fit(target: Slot, value: Answer) -> Answer | None:
    """``value`` converted to answer ``target``, or None when it cannot answer it."""
    converted = _convert(target, value)
    if converted is None or problem(target, converted) is not None:
        return None
    return converted


def normalized(text: str) -> str:
    """Case, punctuation and spacing ignored: "Questions for the authors?" -> words only."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


_TITLE_MATCHES: tuple[Callable[[str, str], bool], ...] = (
    lambda a, b: a == b,
    lambda a, b: normalized(a) == normalized(b),
)


def _place_by_title(
    loose: list[_Unplaced], free: list[Slot], placed: dict[str, Answer]
) -> list[_Unplaced]:
    """Places what it can into ``placed`` (taking slots out of ``free``); returns the rest."""
    aside: list[_Unplaced] = []
    waiting = list(loose)

    def settle(answer: _Unplaced, target: Slot) -> None:
        # Decided once its title led somewhere: a value that does not fit there is kept aside
        # rather than tried on questions of other titles.
        waiting.remove(answer)
        fitted = fit(target, answer.value)
        if fitted is None:
            aside.append(answer)
            return
        placed[target.key] = fitted
        free.remove(target)

    for same in _TITLE_MATCHES:
        for answer in list(waiting):
            target = next((s for s in free if same(answer.title, s.title)), None)
            if target is not None:
                settle(answer, target)
    pairs = sorted(
        (
            (-SequenceMatcher(None, normalized(a.title), normalized(s.title)).ratio(), i, j)
            for i, a in enumerate(waiting)
            for j, s in enumerate(free)
        ),
    )
    answers, targets = list(waiting), list(free)
    taken_answers: set[int] = set()
    taken_targets: set[int] = set()
    for negative_ratio, i, j in pairs:
        if -negative_ratio < CLOSE_TITLE_RATIO:
            break
        if i in taken_answers or j in taken_targets:
            continue
        taken_answers.add(i)
        taken_targets.add(j)
        settle(answers[i], targets[j])
    return aside + waiting


def _convert(target: Slot, value: Answer) -> Answer | None:
    kind = target.question.kind
    if kind is QuestionKind.PARAGRAPH:
        return _text(value)
    if kind is QuestionKind.SHORT:
        text = _text(value)
        # A short answer is one line: the lines of a paragraph are joined with spaces.
        return None if text is None else " ".join(text.split())
    if kind is QuestionKind.CHECKBOXES:
        choices = value if isinstance(value, tuple) else (value,)
        ticked = [_choice(target, choice) for choice in choices]
        return None if None in ticked else tuple(c for c in ticked if c is not None)
    single = value[0] if isinstance(value, tuple) and len(value) == 1 else value
    if isinstance(single, tuple):
        return None
    if kind in (QuestionKind.CHOICE, QuestionKind.DROPDOWN, QuestionKind.GRID):
        return _choice(target, single)
    text = _text(single)
    if text is None:
        return None
    if kind is QuestionKind.SCALE:
        return _scale_value(text.strip())
    return text.strip()  # a date or a time: the check afterwards says whether it is one


def _choice(target: Slot, choice: Choice) -> Choice | None:
    text = choice.text if isinstance(choice, Other) else choice
    options = target.question.options
    if text in options:
        return text
    wanted = normalized(text)
    option = next((o for o in options if normalized(o) == wanted), None)
    if option is not None:
        return option
    # Only choices and checkboxes have an Other box; the check afterwards refuses the rest.
    return Other(text) if target.question.other else None


def _scale_value(text: str) -> str:
    # "4.0" and "4" are the same point of a scale; the check afterwards says if it is on it.
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def _text(value: Answer) -> str | None:
    if isinstance(value, tuple):
        return None
    return value.text if isinstance(value, Other) else value


def _by_title(aside: list[_Unplaced]) -> dict[str, Answer]:
    # Two answers with one title (a template answer and an earlier leftover) both stay.
    kept: dict[str, Answer] = {}
    for answer in aside:
        title, number = answer.title, 2
        while title in kept:
            title, number = f"{answer.title} ({number})", number + 1
        kept[title] = answer.value
    return kept


def _status_after_move(status: ReviewStatus, left_aside: bool, incomplete: bool) -> ReviewStatus:
    if status is ReviewStatus.SUBMITTED:
        return status
    if left_aside or (incomplete and status in (ReviewStatus.READY, ReviewStatus.QUEUED)):
        return ReviewStatus.NEEDS_ATTENTION
    return status
