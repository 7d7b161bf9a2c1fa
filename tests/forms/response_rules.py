"""What the fake Google Forms accepts as one page's answers, written from the form's description.

Each page's POST may carry only the fields of that page's questions (design notes, section 4):
``entry.N`` (repeated for checkboxes), ``entry.N.other_option_response`` beside
``__other_option__``, ``entry.N_year/_month/_day`` for a date, ``entry.N_hour/_minute`` for a
time, one ``entry.R`` per grid row, ``emailAddress`` on the first page of a form that asks for a
typed address. A required question must be answered. The first problem is returned as one line,
the server's 400 message; None means the page's answers are acceptable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from app.domain.form import QuestionKind
from tests.forms.form_spec import Choices, FormSpec, Grid, Item, Open, PageBreak, Scale, Unsupported

OTHER = "__other_option__"
OTHER_SUFFIX = ".other_option_response"
Fields = Sequence[tuple[str, str]]


def page_count(spec: FormSpec) -> int:
    return 1 + sum(isinstance(item, PageBreak) for item in spec.items)


def page_items(spec: FormSpec, page: int) -> list[Item]:
    found: list[Item] = []
    current = 0
    for item in spec.items:
        if isinstance(item, PageBreak):
            current += 1
        elif current == page:
            found.append(item)
    return found


def page_problem(spec: FormSpec, page: int, fields: Fields) -> str | None:
    """Why ``fields`` (answers only, no hidden inputs) cannot be page ``page``'s answers."""
    values: dict[str, list[str]] = {}
    for key, value in fields:
        values.setdefault(key, []).append(value)
    allowed: set[str] = set()
    for problem in _item_problems(spec, page, values, allowed):
        return problem
    unknown = [key for key in values if key not in allowed]
    if unknown:
        return f"{unknown[0]} is not a question of page {page + 1}"
    return None


def _item_problems(
    spec: FormSpec, page: int, values: dict[str, list[str]], allowed: set[str]
) -> Iterator[str]:
    if page == 0 and spec.email_mode == 3:
        allowed.add("emailAddress")
        address = _one(values, "emailAddress")
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
            yield f"emailAddress: a valid email address is required, not {address!r}"
    for item in page_items(spec, page):
        if isinstance(item, Open):
            yield from _open(item, values, allowed)
        elif isinstance(item, Choices):
            yield from _choices(item, values, allowed)
        elif isinstance(item, Scale):
            key = f"entry.{item.entry_id}"
            allowed.add(key)
            yield from _pick(key, item.title, item.values, item.required, values)
        elif isinstance(item, Grid):
            for entry_id, row in item.rows:
                key = f"entry.{entry_id}"
                allowed.add(key)
                yield from _pick(key, f"{item.title} [{row}]", item.columns, item.required, values)
        elif isinstance(item, Unsupported) and item.entry_id is not None and item.required:
            yield f"{item.title}: this question needs the form in a browser"


def _open(item: Open, values: dict[str, list[str]], allowed: set[str]) -> Iterator[str]:
    key = f"entry.{item.entry_id}"
    if item.kind is QuestionKind.DATE:
        parts = [f"{key}_year", f"{key}_month", f"{key}_day"]
        allowed.update(parts)
        given = [_one(values, part) for part in parts]
        if any(given):
            try:
                dt.date(*(int(number) for number in given))
            except ValueError:
                yield f"{item.title}: {'-'.join(given)} is not a date"
        elif item.required:
            yield f"{item.title}: this question is required"
    elif item.kind is QuestionKind.TIME:
        parts = [f"{key}_hour", f"{key}_minute"]
        allowed.update(parts)
        hour, minute = (_one(values, part) for part in parts)
        if hour or minute:
            if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
                yield f"{item.title}: {hour}:{minute} is not a time"
        elif item.required:
            yield f"{item.title}: this question is required"
    else:
        allowed.add(key)
        if len(values.get(key, [])) > 1:
            yield f"{item.title}: one answer expected"
        elif item.required and not _one(values, key).strip():
            yield f"{item.title}: this question is required"


def _choices(item: Choices, values: dict[str, list[str]], allowed: set[str]) -> Iterator[str]:
    key = f"entry.{item.entry_id}"
    allowed.add(key)
    chosen = values.get(key, [])
    if item.other:
        allowed.add(key + OTHER_SUFFIX)
    other_text = _one(values, key + OTHER_SUFFIX)
    if item.kind is not QuestionKind.CHECKBOXES and len(chosen) > 1:
        yield f"{item.title}: one answer expected, not {len(chosen)}"
    for value in chosen:
        if value == OTHER and item.other:
            if not other_text.strip():
                yield f"{item.title}: the Other choice needs its text"
        elif value not in item.options:
            yield f"{item.title}: {value!r} is not one of its options"
    if other_text and OTHER not in chosen:
        yield f"{item.title}: an Other text without the Other choice"
    if item.required and not chosen:
        yield f"{item.title}: this question is required"


def _pick(
    key: str, title: str, options: Sequence[str], required: bool, values: dict[str, list[str]]
) -> Iterator[str]:
    chosen = values.get(key, [])
    if len(chosen) > 1:
        yield f"{title}: one answer expected, not {len(chosen)}"
    elif chosen and chosen[0] not in options:
        yield f"{title}: {chosen[0]!r} is not one of its options"
    elif required and not chosen:
        yield f"{title}: this question is required"


def _one(values: dict[str, list[str]], key: str) -> str:
    found = values.get(key, [])
    return found[0] if found else ""
