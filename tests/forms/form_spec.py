"""A Google Form described in Python, written out as Google serves it, and the Form it means.

Tests describe a form with the classes here. ``FormSpec.page_html`` writes the viewform page:
``var FB_PUBLIC_LOAD_DATA_ = [...];`` in the shape of the team's notes (item ``[item_id, title,
help, type, entries, ...]``, entry ``[entry_id, options, required, ...]``, option ``[value, null,
goto, null, is_other]``; a scale's labels and a grid row's title at entry index 3; ``d[1][8]``
title, ``d[3]`` file name, ``d[1][0]`` description, ``d[1][10][6]`` email mode, ``d[18]``
sign-in), with the trailing fields real captures have, and the hidden inputs of the page.
``FormSpec.expected`` is the domain ``Form`` a reader must find there, derived from the
description itself (what each class means), never from the app's parser.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Protocol

from app.domain.form import EmailMode, Form, FormItem, FormPage, GridRow, Question, QuestionKind

# The team's table: Google's type number of each kind of question.
GOOGLE_TYPE = {
    QuestionKind.SHORT: 0,
    QuestionKind.PARAGRAPH: 1,
    QuestionKind.CHOICE: 2,
    QuestionKind.DROPDOWN: 3,
    QuestionKind.CHECKBOXES: 4,
    QuestionKind.SCALE: 5,
    QuestionKind.GRID: 7,
    QuestionKind.DATE: 9,
    QuestionKind.TIME: 10,
}
TEXT_BLOCK, IMAGE, VIDEO, PAGE_BREAK, FILE_UPLOAD = 6, 11, 12, 8, 13
EMAIL_MODES = {1: EmailMode.OFF, 2: EmailMode.VERIFIED, 3: EmailMode.INPUT}


class Item(Protocol):
    @property
    def item_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    def google(self) -> list[object]: ...


@dataclass(frozen=True)
class Open:
    """A question answered in words or a date: short, paragraph, date, time."""

    kind: QuestionKind
    item_id: int
    entry_id: int
    title: str
    help: str = ""
    required: bool = False

    def google(self) -> list[object]:
        entry: list[object] = [self.entry_id, None, int(self.required)]
        if self.kind is QuestionKind.DATE:
            entry += [None, None, None, None, [0, 1]]  # no time, with a year
        return [self.item_id, self.title, self.help or None, GOOGLE_TYPE[self.kind], [entry]]

    def expected(self, page: int) -> Question:
        return Question(
            self.item_id, self.entry_id, self.title, self.kind, page, self.help, self.required
        )


@dataclass(frozen=True)
class Choices:
    """Radio buttons, a dropdown or checkboxes; ``other`` adds Google's "Other: ___" choice."""

    kind: QuestionKind
    item_id: int
    entry_id: int
    title: str
    options: tuple[str, ...]
    other: bool = False
    required: bool = False
    help: str = ""

    def google(self) -> list[object]:
        listed: list[object] = [[value, None, None, None, 0] for value in self.options]
        if self.other:
            listed.append(["", None, None, None, 1])
        entry = [self.entry_id, listed, int(self.required), None, None, None, None, None, 0]
        return [self.item_id, self.title, self.help or None, GOOGLE_TYPE[self.kind], [entry]]

    def expected(self, page: int) -> Question:
        return Question(
            self.item_id,
            self.entry_id,
            self.title,
            self.kind,
            page,
            self.help,
            self.required,
            options=self.options,
            other=self.other,
        )


@dataclass(frozen=True)
class Scale:
    """A linear scale from ``low`` to ``high`` with words at both ends."""

    item_id: int
    entry_id: int
    title: str
    low: int
    high: int
    labels: tuple[str, str]
    required: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(str(value) for value in range(self.low, self.high + 1))

    def google(self) -> list[object]:
        listed = [[value] for value in self.values]  # a scale's options are bare values
        entry = [self.entry_id, listed, int(self.required), list(self.labels)]
        entry += [None] * 7 + [[0]]
        return [self.item_id, self.title, None, 5, [entry]]

    def expected(self, page: int) -> Question:
        return Question(
            self.item_id,
            self.entry_id,
            self.title,
            QuestionKind.SCALE,
            page,
            required=self.required,
            options=self.values,
            scale_labels=self.labels,
        )


@dataclass(frozen=True)
class Grid:
    """A multiple-choice grid: ``rows`` are (entry id, row title), answered one by one."""

    item_id: int
    title: str
    rows: tuple[tuple[int, str], ...]
    columns: tuple[str, ...]
    required: bool = False

    def google(self) -> list[object]:
        entries = [
            [entry_id, [[c] for c in self.columns], int(self.required), [row]] + [None] * 7 + [[0]]
            for entry_id, row in self.rows
        ]
        return [self.item_id, self.title, None, 7, entries]

    def expected(self, page: int) -> Question:
        return Question(
            self.item_id,
            self.rows[0][0],  # a grid answers under its rows' keys; its first row stands for it
            self.title,
            QuestionKind.GRID,
            page,
            required=self.required,
            options=self.columns,
            rows=tuple(GridRow(entry_id, row) for entry_id, row in self.rows),
        )


@dataclass(frozen=True)
class Shown:
    """An item with nothing to answer: a text block, an image or a video."""

    google_type: int
    item_id: int
    title: str
    help: str = ""

    def google(self) -> list[object]:
        media: list[object] = [] if self.google_type == TEXT_BLOCK else [None, None, ["a1b2"]]
        return [self.item_id, self.title, self.help or None, self.google_type, None, *media]

    def expected(self, page: int) -> FormItem:
        return FormItem(self.item_id, self.title, page, self.help, self.google_type)


@dataclass(frozen=True)
class PageBreak:
    """The start of the next page, with that page's title and description."""

    item_id: int
    title: str
    help: str = ""

    def google(self) -> list[object]:
        return [self.item_id, self.title, self.help or None, PAGE_BREAK, None, -2]

    def expected(self) -> FormPage:
        return FormPage(self.title, self.help)


@dataclass(frozen=True)
class Unsupported:
    """A type the app does not answer (file upload) or does not know; kept read-only."""

    google_type: int
    item_id: int
    title: str
    entry_id: int | None = None
    required: bool = False

    def google(self) -> list[object]:
        entries = None if self.entry_id is None else [[self.entry_id, None, int(self.required)]]
        return [self.item_id, self.title, None, self.google_type, entries, None, None]

    def expected(self, page: int) -> Question:
        return Question(
            self.item_id,
            self.entry_id,
            self.title,
            QuestionKind.UNSUPPORTED,
            page,
            required=self.required,
            google_type=self.google_type,
        )


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    title: str | None  # None: Google left d[1][8] empty, and the file name stands for it
    file_name: str = "Untitled form"
    description: str = ""
    items: tuple[Item, ...] = ()
    email_mode: int = 1  # 1 off, 2 verified (signed in), 3 typed
    signin: bool = False  # d[18]
    fbzx: str = "-4215632710884927456"
    extra_hidden: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"/forms/d/e/{self.form_id}/viewform"

    def load_data(self) -> list[object]:
        settings = [None, None, None, 3, None, None, self.email_mode]
        body = [self.description or None, [item.google() for item in self.items], [None, ""]]
        body += [None, None, None, None, [0, 0], self.title, None, settings, None, None, [2]]
        header: list[object] = [None, body, "/forms", self.file_name, None, None, None, ""]
        header += [None, 0, 0, None, "", 0, f"e/{self.form_id}", 0, "[]", 0, int(self.signin)]
        return [*header, None, [0]]

    def script(self) -> str:
        # As Google writes it: compact JSON, markup characters escaped for the <script> tag.
        text = json.dumps(self.load_data(), ensure_ascii=False, separators=(",", ":"))
        for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            text = text.replace(char, escape)
        return f"var FB_PUBLIC_LOAD_DATA_ = {text};"

    def page_html(self) -> str:
        return page(self.title or self.file_name, self.form_id, self.hidden(), self.script())

    def hidden(self) -> dict[str, str]:
        return {
            "fvv": "1",
            "partialResponse": f'[null,null,"{self.fbzx}"]',
            "pageHistory": "0",
            "fbzx": self.fbzx,
            "submissionTimestamp": "-1",
            **self.extra_hidden,
        }

    def expected(self, url: str) -> Form:
        pages = [FormPage()]
        questions: list[Question] = []
        shown: list[FormItem] = []
        for item in self.items:
            if isinstance(item, PageBreak):
                pages.append(item.expected())
            elif isinstance(item, Shown):
                shown.append(item.expected(len(pages) - 1))
            else:
                assert isinstance(item, Open | Choices | Scale | Grid | Unsupported)
                questions.append(item.expected(len(pages) - 1))
        uploads = any(
            isinstance(i, Unsupported) and i.google_type == FILE_UPLOAD for i in self.items
        )
        email = EMAIL_MODES[self.email_mode]
        return Form(
            form_id=self.form_id,
            url=url,
            title=self.title or self.file_name,
            description=self.description,
            email=email,
            requires_signin=self.signin or email is EmailMode.VERIFIED or uploads,
            pages=tuple(pages),
            questions=tuple(questions),
            items=tuple(shown),
        )


def page(title: str, form_id: str, hidden: dict[str, str], script: str) -> str:
    """A viewform page: scripts with ``;`` and ``]`` around the data, the hidden inputs."""
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in hidden.items()
    )
    action = f"https://docs.google.com/forms/d/e/{form_id}/formResponse"
    return f"""<!DOCTYPE html><html lang="en" class="freebirdFormviewerViewFormBody"><head>
<meta charset="utf-8"><title>{html.escape(title)}</title>
<script nonce="Zm9ybXM">_docs_flag_initialData={{"docs-ails":"docs_cold","info_params":[]}};
window.WIZ_global_data = {{"w2btAe":"[null,null,\\"\\"]"}};</script></head>
<body dir="ltr"><div class="Uc2NEf"><form action="{action}" target="_self" method="POST"
id="mG61Hd"><div role="list" class="o3Dpx"></div>{inputs}</form></div>
<script type="text/javascript" nonce="Zm9ybXM">{script}</script>
<script nonce="Zm9ybXM">var _F_toggles = [1, [2, "]"]]; document.body.dataset.x = "];";</script>
</body></html>"""
