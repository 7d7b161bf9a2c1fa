"""A draft's answers as a Google Form's endpoint takes them, and what stops a send.

``answer_fields`` writes the urlencoded fields a browser posts (design notes, section 4):
checkboxes repeat ``entry.N``; "Other" is ``entry.N=__other_option__`` plus
``entry.N.other_option_response``; a date is ``entry.N_year/_month/_day``, a time
``entry.N_hour/_minute``; a grid answers each row under its own entry; a typed address is
``emailAddress``. Line breaks become CRLF, as a browser normalises them when it posts a form.
Blank answers are left out, as a browser leaves out an unticked choice.

``prefill_link`` is the same answers in a ``viewform?usp=pp_url`` link, for forms that need the
browser (a date is ``YYYY-MM-DD`` and a time ``HH:MM`` there, as Google's own pre-filled links
write them). ``submission_changes`` says what, on the form fetched right before sending, no
longer matches the form the draft was written against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from urllib.parse import quote, urlencode

from app.domain.form import EMAIL_KEY, EmailMode, Form, QuestionKind
from app.domain.review import form_changes
from app.domain.review_answers import Answer, Other, is_empty
from app.domain.review_template import slots

OTHER_OPTION = "__other_option__"
OTHER_SUFFIX = ".other_option_response"

Field = tuple[str, str]


def answer_fields(
    form: Form, answers: Mapping[str, Answer], page: int | None = None
) -> list[Field]:
    """The urlencoded fields for the answers (of one page, or all), in the form's order."""
    fields: list[Field] = []
    email = answers.get(EMAIL_KEY)
    wants_email = form.email is EmailMode.INPUT and page in (None, 0)
    if wants_email and isinstance(email, str) and not is_empty(email):
        fields.append((EMAIL_KEY, _crlf(email.strip())))
    for found in slots(form):
        if page is not None and found.question.page != page:
            continue
        value = answers.get(found.key)
        if value is not None and not is_empty(value):
            fields.extend(_encode(found.key, found.question.kind, value))
    return fields


def prefill_link(form: Form, answers: Mapping[str, Answer]) -> str:
    """viewform?usp=pp_url&entry.N=... carrying every answer (Other and checkboxes included)."""
    fields: list[Field] = [("usp", "pp_url"), *_prefill_fields(form, answers)]
    viewform = form.url.split("?", 1)[0].rsplit("/", 1)[0] + "/viewform"
    return viewform + "?" + urlencode(fields, quote_via=quote)


def submission_changes(snapshot: Form, fresh: Form, answers: Mapping[str, Answer]) -> list[str]:
    """One line per difference that stops a send (required question added/removed/changed, an
    option the answers use gone), naming the question; empty when the draft can be sent to
    ``fresh``."""
    lines = form_changes(snapshot, fresh, answers)
    before = {s.key: s for s in slots(snapshot)}
    after = {s.key: s for s in slots(fresh)}
    for key, was in before.items():
        now = after.get(key)
        answered = not _blank(answers.get(key))
        if now is None:
            if was.question.required and not answered:  # an answered one is in form_changes
                lines.append(f'"{was.title}" is gone from the form (it was required)')
            continue
        if not (answered or was.question.required or now.question.required):
            continue
        if was.title != now.title:
            lines.append(f'"{was.title}" is now called "{now.title}"')
        elif was.question.kind != now.question.kind and not answered:
            kinds = f"{was.question.kind} to {now.question.kind}"
            lines.append(f'"{now.title}" changed from {kinds}')
    return list(dict.fromkeys(lines))  # one line per difference, in the order found


def _encode(key: str, kind: QuestionKind, value: Answer) -> Iterator[Field]:
    if kind is QuestionKind.DATE and isinstance(value, str):
        year, month, day = value.strip().split("-")
        yield from ((f"{key}_year", year), (f"{key}_month", _unpadded(month)))
        yield (f"{key}_day", _unpadded(day))
    elif kind is QuestionKind.TIME and isinstance(value, str):
        hour, minute = value.strip().split(":")
        yield from ((f"{key}_hour", f"{int(hour):02d}"), (f"{key}_minute", minute))
    else:
        yield from _choices(key, value, _crlf)


def _choices(key: str, value: Answer, spell: Callable[[str], str]) -> Iterator[Field]:
    """Text, an option, or ticked boxes: ``entry.N`` once per choice, Other's text after them."""
    choices = value if isinstance(value, tuple) else (value,)
    other: Other | None = None
    for choice in choices:
        if isinstance(choice, Other):
            other = choice
            yield (key, OTHER_OPTION)
        elif not is_empty(choice):
            yield (key, spell(choice))
    if other is not None:
        yield (key + OTHER_SUFFIX, spell(other.text))


def _prefill_fields(form: Form, answers: Mapping[str, Answer]) -> Iterator[Field]:
    email = answers.get(EMAIL_KEY)
    if form.email is EmailMode.INPUT and isinstance(email, str) and not is_empty(email):
        yield (EMAIL_KEY, email.strip())
    for found in slots(form):
        value = answers.get(found.key)
        if value is None or is_empty(value):
            continue
        kind = found.question.kind
        if kind is QuestionKind.TIME and isinstance(value, str):
            hour, minute = value.strip().split(":")
            value = f"{int(hour):02d}:{minute}"
        elif kind is QuestionKind.DATE and isinstance(value, str):
            value = value.strip()
        yield from _choices(found.key, value, str)  # a link keeps the student's own line breaks


def _unpadded(number: str) -> str:
    return str(int(number))


def _crlf(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


def _blank(value: Answer | None) -> bool:
    return value is None or is_empty(value)
