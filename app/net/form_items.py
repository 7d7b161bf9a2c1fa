"""The items of a Google Form's ``FB_PUBLIC_LOAD_DATA_`` as the domain's pages and questions.

An item is ``[item_id, title, help, type, entries, ...]``; an entry ``[entry_id, options,
required, ...]``; an option ``[value, null, goto, null, is_other]``. Per type (the team's notes
from public captures): a linear scale's options are its values and its end labels sit at entry
index 3 (two strings); a grid has one entry per row, the row's title at entry index 3 (a list
holding it) and the columns as options; a page break's title and help are the new page's.

Nothing is dropped: a type the app does not know, or a known one whose entries are missing, is
kept as ``QuestionKind.UNSUPPORTED`` with its Google type, shown read-only. Only data that is no
form at all (an item that is not a list, an id that is not a number) raises ``FormDataError``.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.form import FormItem, FormPage, GridRow, Question, QuestionKind

PAGE_BREAK = 8
FILE_UPLOAD = 13
SHOWN_ONLY = frozenset({6, 11, 12})  # a text block, an image, a video: nothing to answer
_KINDS = {
    0: QuestionKind.SHORT,
    1: QuestionKind.PARAGRAPH,
    2: QuestionKind.CHOICE,
    3: QuestionKind.DROPDOWN,
    4: QuestionKind.CHECKBOXES,
    5: QuestionKind.SCALE,
    7: QuestionKind.GRID,
    9: QuestionKind.DATE,
    10: QuestionKind.TIME,
}


class FormDataError(ValueError):
    """The form data is not in the shape of a form (told to the student as "not a form")."""


Read = tuple[tuple[FormPage, ...], tuple[Question, ...], tuple[FormItem, ...]]


def read_items(items: object) -> Read:
    """The pages (the first has no title of its own), questions and shown-only items."""
    if not isinstance(items, list):
        raise FormDataError("the items are not a list")
    pages = [FormPage()]
    questions: list[Question] = []
    shown: list[FormItem] = []
    for item in items:
        if not isinstance(item, list):
            raise FormDataError("an item is not a list")
        item_id = _id(at(item, 0))
        title, help_text = text(at(item, 1)), text(at(item, 2))
        google_type = number(at(item, 3))
        page = len(pages) - 1
        if google_type == PAGE_BREAK:
            pages.append(FormPage(title, help_text))
        elif google_type in SHOWN_ONLY:
            shown.append(FormItem(item_id, title, page, help_text, google_type))
        else:
            head = Question(item_id, None, title, QuestionKind.UNSUPPORTED, page, help_text)
            questions.append(_question(head, google_type, _entries(at(item, 4))))
    return tuple(pages), tuple(questions), tuple(shown)


def _question(head: Question, google_type: int | None, entries: list[list[object]]) -> Question:
    """``head`` (id, title, page, help) completed from the item's type and entries."""
    kind = _KINDS.get(google_type) if google_type is not None else None
    first = entries[0] if entries else None
    if first is None:
        # No entry to answer it by (a new kind of item, or damage): shown, never answered.
        return replace(head, google_type=google_type)
    entry_id = _id(at(first, 0))
    required = at(first, 2) == 1
    if kind is None:
        return replace(head, entry_id=entry_id, required=required, google_type=google_type)
    options, other = _options(at(first, 1))
    if kind is QuestionKind.GRID:
        # Every row is its own entry, with the same columns; Google requires all rows or none.
        rows = tuple(GridRow(_id(at(row, 0)), text(at(row, 3, 0))) for row in entries)
        required = any(at(row, 2) == 1 for row in entries)
        return replace(
            head, entry_id=entry_id, kind=kind, required=required, options=options, rows=rows
        )
    scale_labels = ("", "")
    if kind is QuestionKind.SCALE:  # the words at its low and high end
        scale_labels = (text(at(first, 3, 0)), text(at(first, 3, 1)))
    return replace(
        head,
        entry_id=entry_id,
        kind=kind,
        required=required,
        options=options,
        other=other,
        scale_labels=scale_labels,
    )


def _options(raw: object) -> tuple[tuple[str, ...], bool]:
    """The choices as listed, without the Other choice; and whether there is one."""
    if not isinstance(raw, list):
        return (), False
    values: list[str] = []
    other = False
    for option in raw:
        if at(option, 4) == 1:
            other = True
        else:
            values.append(text(at(option, 0)))
    return tuple(values), other


def _entries(raw: object) -> list[list[object]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(entry, list) for entry in raw):
        raise FormDataError("an item's entries are not lists")
    return raw


def _id(value: object) -> int:
    found = number(value)
    if found is None:
        raise FormDataError(f"an id is not a number: {value!r}")
    return found


def number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def at(value: object, *indexes: int) -> object:
    """``value[i][j]...``, or None where a list is shorter or a step is not a list."""
    for index in indexes:
        if not isinstance(value, list) or not 0 <= index < len(value):
            return None
        value = value[index]
    return value


def text(value: object) -> str:
    """A string field; Google writes null for an empty one."""
    return value if isinstance(value, str) else ""
