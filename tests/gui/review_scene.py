"""The review editor's test world: a week 8 form with every kind of question, cached in the store
as a fetch would leave it, and helpers that type and click in the editor as a student does.

The form is written out here (domain dataclasses, entry ids shaped like Google's), so what the
tests expect is read from this description, never from the editor's own code.
"""

from __future__ import annotations

import html
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.form import EmailMode, Form, FormPage, GridRow, Question, QuestionKind
from app.services.app_services import AppServices, open_services
from app.store.review_store import ReviewStore
from app.ui.main_window import MainWindow
from app.ui.outbox.outbox_controller import OutboxController
from app.ui.review.review_editor import ReviewEditor
from tests.forms.google_forms_server import GoogleFormsServer, Wall
from tests.integration.local_network import closed_port
from tests.integration.review_term import week_8_review

WEEK = 8
LINK_8 = "https://forms.gle/NhtiFZ4GsxYuug3W6"  # the staff's own link on the course page
QUICK_MS = 30  # the autosave pause in tests: short, and waited for by signal
WAIT_MS = 15_000

LEARNED_INDEX = "The Case for Learned Index Structures"
PAPER, WELL, SUMMARY, RATING, DAY, HOUR, ROW_A, ROW_B, UPLOAD, SECTION = range(900001, 900011)


def q(number: int, title: str, kind: QuestionKind, page: int = 0, **more: object) -> Question:
    return Question(number, number, title, kind, page, **more)  # type: ignore[arg-type]


EVERY_KIND = Form(
    form_id="1FAIpQLSeEveryKindOfQuestion",
    url="https://docs.google.com/forms/d/e/1FAIpQLSeEveryKindOfQuestion/viewform",
    title="Week 8 review: ML applied to systems",
    email=EmailMode.OFF,
    pages=(FormPage(), FormPage("Your review")),
    questions=(
        q(PAPER, "Paper", QuestionKind.CHOICE, options=(LEARNED_INDEX, "Pensieve"), required=True),
        q(SECTION, "Section", QuestionKind.DROPDOWN, options=("101", "102")),
        q(
            WELL,
            "What did the paper do well?",
            QuestionKind.CHECKBOXES,
            options=("The problem", "The evaluation"),
            other=True,
        ),
        q(SUMMARY, "Summary", QuestionKind.PARAGRAPH, 1, required=True),
        q(
            RATING,
            "Rating",
            QuestionKind.SCALE,
            1,
            options=("1", "2", "3", "4", "5"),
            scale_labels=("Poor", "Excellent"),
        ),
        q(DAY, "Day you read it", QuestionKind.DATE, 1),
        q(HOUR, "Time you spent", QuestionKind.TIME, 1),
        Question(
            ROW_A,
            None,
            "Clarity",
            QuestionKind.GRID,
            1,
            options=("Low", "High"),
            rows=(GridRow(ROW_A, "Writing"), GridRow(ROW_B, "Figures")),
        ),
        Question(UPLOAD, None, "Your notes (PDF)", QuestionKind.UNSUPPORTED, 1, google_type=13),
    ),
)


def key(entry_id: int) -> str:
    return f"entry.{entry_id}"


def cache_form(services: AppServices, form: Form = EVERY_KIND) -> None:
    """Week 8's form in the store, as a fetch leaves it."""
    ReviewStore(services.database).save_form(WEEK, LINK_8, form, datetime(2022, 3, 1, 9, 0))


def open_editor(qtbot: QtBot, window: MainWindow, week: int = WEEK) -> ReviewEditor:
    """The Review dock on ``week`` (selected in the list, then Ctrl+E pressed)."""
    assert window.select_week(week)
    with qtbot.waitActive(window):
        window.activateWindow()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.review.dock.isVisible, timeout=WAIT_MS)
    editor = window.review.editor
    editor.autosave.setInterval(QUICK_MS)
    assert editor.week == week
    return editor


def field_of(editor: ReviewEditor, title: str) -> QWidget:
    """The field under the label that reads ``title`` (required mark and all)."""
    for label in editor.body.findChildren(QLabel):
        if label.text().split(" <span")[0] == title and label.buddy() is not None:
            return label.buddy()
    raise AssertionError(f"no field titled {title!r}")


def button(field: QWidget, text: str) -> QAbstractButton:
    found = [b for b in field.findChildren(QAbstractButton) if b.text() == text]
    assert len(found) == 1, [b.text() for b in field.findChildren(QAbstractButton)]
    return found[0]


def click(qtbot: QtBot, widget: QWidget) -> None:
    """A click where a student would: a box or radio on its indicator (a button stretched
    across the dock takes clicks only on its indicator and text), anything else in its middle."""
    where = widget.rect().center()
    if isinstance(widget, (QCheckBox, QRadioButton)):
        where = QPoint(6, widget.height() // 2)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)


def seen(rich_text: str) -> str:
    """Rich text as the student reads it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", rich_text))


def labels(editor: ReviewEditor) -> list[str]:
    return [label.text() for label in editor.body.findChildren(QLabel) if label.isVisibleTo(editor)]


def stored_answers(data_dir: Path) -> dict[str, object]:
    """The week's answers as a later run of the app reads them."""
    later = open_services(data_dir)
    try:
        return dict(later.reviews.draft(WEEK).draft.answers)
    finally:
        later.close()


# -- submitting (tests/gui/test_submit_review.py, test_outbox_*.py) -----------------------------

SUBMIT_CODE = LINK_8.rsplit("/", 1)[1]  # the fake serves the published form under it


class Network:
    """The ``google`` fixture's proxy, switched off (a closed port) and on again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self._proxy = os.environ["HTTPS_PROXY"]

    def off(self) -> None:
        nowhere = f"http://127.0.0.1:{closed_port()}"
        self._monkeypatch.setenv("HTTPS_PROXY", nowhere)
        self._monkeypatch.setenv("HTTP_PROXY", nowhere)

    def on(self) -> None:
        self._monkeypatch.setenv("HTTPS_PROXY", self._proxy)
        self._monkeypatch.setenv("HTTP_PROXY", self._proxy)


def fetched_week_8(
    services: AppServices, google: GoogleFormsServer, wall: Wall = Wall.OPEN, **changes: Any
) -> None:
    """The submitting tests' week 8 form (tests/integration/review_term.py) published under the
    course page's link and fetched into the store (then shown behind ``wall``)."""
    google.publish(week_8_review(**changes), SUBMIT_CODE)
    services.reviews.form(WEEK)
    if wall is not Wall.OPEN:
        google.publish(week_8_review(**changes), SUBMIT_CODE, wall)


def outbox_of(window: MainWindow) -> OutboxController:
    outbox = window.review.outbox
    assert outbox is not None, "the window was built without the outbox"
    return outbox


# Weeks of the embedded course page and their forms.gle codes, for an outbox in every state.
WEEK_CODES = {3: "qopNSZp8EuKcDqkT9", 4: "rCsHe1oFqMSiKjgw7", 6: "Y5ya8YETxwW7jr5aA"}


def week_form_id(week: int) -> str:
    """A published form's id for ``week`` (56 characters, as Google's)."""
    base = week_8_review().form_id
    return base[:-2] + f"{week:02d}"


def ready_on_form(
    services: AppServices, google: GoogleFormsServer, week: int, answers: dict[str, Any]
) -> str:
    """``week``'s review on a copy of the week 8 form (its own id and title), fetched, answered
    and marked ready; the form's id."""
    from app.domain.review_answers import answers_from_json

    form_id = week_form_id(week) if week != WEEK else week_8_review().form_id
    spec = week_8_review(form_id=form_id, title=f"Week {week} review")
    google.publish(spec, WEEK_CODES.get(week, SUBMIT_CODE))
    services.reviews.form(week)
    services.reviews.set_answers(week, answers_from_json(answers))
    services.reviews.mark_ready(week)
    return form_id


def outbox_in_every_state(
    services: AppServices, google: GoogleFormsServer, network: Network, answers: dict[str, Any]
) -> dict[str, int]:
    """Week 6 sent, week 4 sent with no answer back, week 3 on a form behind a sign-in, week 8
    queued while offline; the weeks by state."""
    from tests.forms.form_response import Reply

    ready_on_form(services, google, 6, answers)
    assert services.outbox.submit(6).outcome == "sent"
    ambiguous = ready_on_form(services, google, 4, answers)
    google.next_submissions(ambiguous, Reply.DROP_AFTER_RECORD)
    assert services.outbox.submit(4).reason == "ambiguous"
    signin = ready_on_form(services, google, 3, answers)
    google.publish(week_8_review(form_id=signin, title="Week 3 review"), None, Wall.SIGNIN)
    assert services.outbox.submit(3).reason == "signin_required"
    ready_on_form(services, google, WEEK, answers)
    network.off()
    assert services.outbox.submit(WEEK).outcome == "queued"
    return {"sent": 6, "ambiguous": 4, "signin": 3, "queued": WEEK}
