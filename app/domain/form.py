"""A week's review form as the student drafts against it: pages, questions, options.

Read from a Google Form's ``FB_PUBLIC_LOAD_DATA_`` by ``app.net.forms`` and cached in the store,
so drafting works offline. Items that take no answer (text blocks, images, videos) are kept as
``FormItem``s of the page they sit on; page breaks start a new ``FormPage``. A question type the
app does not know is kept as ``QuestionKind.UNSUPPORTED`` (shown read-only), never dropped.

Answers are keyed as the form's endpoint takes them: ``entry.<entry_id>`` for a question (one key
per row for a grid), ``emailAddress`` for the collected address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

EMAIL_KEY = "emailAddress"


class QuestionKind(StrEnum):
    SHORT = "short"  # Google type 0
    PARAGRAPH = "paragraph"  # 1
    CHOICE = "choice"  # 2, radio buttons
    DROPDOWN = "dropdown"  # 3
    CHECKBOXES = "checkboxes"  # 4
    SCALE = "scale"  # 5, linear scale: options are its values ("1" ... "5")
    GRID = "grid"  # 7, one row per entry, options are the columns
    DATE = "date"  # 9
    TIME = "time"  # 10
    UNSUPPORTED = "unsupported"  # file upload (13, needs sign-in) and types we do not know


class EmailMode(StrEnum):
    OFF = "off"  # the form collects no address
    VERIFIED = "verified"  # Google signs the student in and records the account: needs sign-in
    INPUT = "input"  # the student types an address, sent as ``emailAddress``


@dataclass(frozen=True)
class GridRow:
    entry_id: int
    title: str


@dataclass(frozen=True)
class Question:
    item_id: int
    entry_id: int | None  # None for an unsupported item that has no entry
    title: str
    kind: QuestionKind
    page: int  # 0-based page of the form
    help: str = ""
    required: bool = False
    options: tuple[str, ...] = ()  # as the form lists them, without the Other choice
    other: bool = False  # an "Other: ___" choice (choice and checkboxes)
    scale_labels: tuple[str, str] = ("", "")  # the words at the low and high end of a scale
    rows: tuple[GridRow, ...] = ()  # a grid's rows, each answered as its own entry
    google_type: int | None = None  # the form's own type number, kept for unsupported items

    @property
    def keys(self) -> tuple[str, ...]:
        """The answer keys of this question (``entry.N``; one per row for a grid)."""
        if self.rows:
            return tuple(f"entry.{row.entry_id}" for row in self.rows)
        return (f"entry.{self.entry_id}",) if self.entry_id is not None else ()


@dataclass(frozen=True)
class FormItem:
    """An item that takes no answer: a text block, an image or a video, shown as it is."""

    item_id: int
    title: str
    page: int
    description: str = ""
    google_type: int | None = None


@dataclass(frozen=True)
class FormPage:
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class Form:
    form_id: str  # the long id in docs.google.com/forms/d/e/<form_id>/viewform
    url: str  # the viewform URL the link led to
    title: str
    description: str = ""
    email: EmailMode = EmailMode.OFF
    requires_signin: bool = False
    pages: tuple[FormPage, ...] = (FormPage(),)
    questions: tuple[Question, ...] = ()
    items: tuple[FormItem, ...] = ()
    fetched_at: datetime | None = None

    @property
    def response_url(self) -> str:
        """Where answers are posted (``…/formResponse``)."""
        return self.url.rsplit("/", 1)[0] + "/formResponse"

    def question(self, key: str) -> Question | None:
        """The question answered under ``key`` (``entry.N``), or None."""
        for question in self.questions:
            if key in question.keys:
                return question
        return None
