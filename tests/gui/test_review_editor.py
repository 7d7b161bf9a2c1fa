"""The review editor in the Review dock: typed answers saved after a pause and read back by
fresh services, every kind of question, a refused save, Mark ready, a submitted draft, what the
form no longer has. Expectations are written out here from the form's description."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QTimeEdit
from pytestqt.qtbot import QtBot

from app.domain.review_answers import Other
from app.services.app_services import AppServices, open_services
from app.store.schema_version import DATABASE_NAME
from app.ui.review.answer_fields import NOT_HERE
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import (
    DAY,
    EVERY_KIND,
    HOUR,
    LEARNED_INDEX,
    PAPER,
    RATING,
    ROW_A,
    ROW_B,
    SECTION,
    SUMMARY,
    WAIT_MS,
    WEEK,
    WELL,
    button,
    cache_form,
    click,
    field_of,
    key,
    labels,
    open_editor,
    seen,
    stored_answers,
)
from tests.gui.review_until_killed import type_until_killed

SUMMARY_TEXT = "Learned models replace the B-tree of an index."


def type_in(
    qtbot: QtBot, editor_widget: QPlainTextEdit | QLineEdit | QDateEdit | QTimeEdit, text: str
) -> None:
    click(qtbot, editor_widget)
    qtbot.keyClicks(editor_widget, text)


def test_answers_typed_on_the_template_are_saved_after_a_pause(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    editor = open_editor(qtbot, window)
    paper = field_of(editor, "Paper").findChild(QComboBox)
    assert paper is not None
    click(qtbot, paper)
    qtbot.keyClick(paper.view(), Qt.Key.Key_Down)  # the popup: first paper, then chosen
    qtbot.keyClick(paper.view(), Qt.Key.Key_Return)
    click(qtbot, button(field_of(editor, "Rating"), "4"))
    summary = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert summary is not None
    click(qtbot, summary)  # focus moves: what came before is saved now

    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClicks(summary, SUMMARY_TEXT)

    assert stored_answers(services.data_dir) == {
        "template.paper": LEARNED_INDEX,
        "template.rating": "4",
        "template.summary": SUMMARY_TEXT,
    }
    count = len(SUMMARY_TEXT.split())
    assert f"{count} words" in [
        label.text() for label in field_of(editor, "Summary").children() if hasattr(label, "text")
    ]
    assert "Drafting" in editor.status.text()


def test_every_kind_of_question_is_answered_and_read_back(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    cache_form(services)
    window = make_window()
    editor = open_editor(qtbot, window)
    shown = labels(editor)
    assert any(text.startswith("Paper <span") and "*" in text for text in shown)
    assert "Your review" in " ".join(shown)  # the second page's title
    unsupported = field_of(editor, "Your notes (PDF)")
    assert NOT_HERE in unsupported.findChild(type(editor.status)).text()

    click(qtbot, button(field_of(editor, "Paper"), LEARNED_INDEX))
    section = field_of(editor, "Section").findChild(QComboBox)
    assert section is not None
    click(qtbot, section)
    qtbot.keyClick(section.view(), Qt.Key.Key_Down)
    qtbot.keyClick(section.view(), Qt.Key.Key_Down)
    qtbot.keyClick(section.view(), Qt.Key.Key_Return)
    well = field_of(editor, "What did the paper do well?")
    click(qtbot, button(well, "The evaluation"))
    [other_text] = well.findChildren(QLineEdit)
    type_in(qtbot, other_text, "Its cost model")
    click(qtbot, button(field_of(editor, "Rating"), "4"))
    type_in(qtbot, field_of(editor, "Day you read it").findChild(QDateEdit), "2022-03-09")
    type_in(qtbot, field_of(editor, "Time you spent").findChild(QTimeEdit), "1:30")
    grid = field_of(editor, "Clarity")
    for widget in grid.findChildren(type(button(field_of(editor, "Rating"), "4"))):
        if widget.accessibleName() in ("Clarity [Writing]: High", "Clarity [Figures]: Low"):
            click(qtbot, widget)
    summary = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert summary is not None
    click(qtbot, summary)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClicks(summary, SUMMARY_TEXT)

    assert stored_answers(services.data_dir) == {
        key(PAPER): LEARNED_INDEX,
        key(SECTION): "102",
        key(WELL): ("The evaluation", Other("Its cost model")),
        key(RATING): "4",
        key(DAY): "2022-03-09",
        key(HOUR): "01:30",
        key(ROW_A): "High",
        key(ROW_B): "Low",
        key(SUMMARY): SUMMARY_TEXT,
    }


def test_a_refused_save_says_why_and_keeps_what_was_typed(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    editor = open_editor(qtbot, window)
    elsewhere = open_services(services.data_dir)  # the student submits from the command line
    try:
        elsewhere.reviews.mark_submitted(WEEK)
    finally:
        elsewhere.close()
    summary = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert summary is not None
    type_in(qtbot, summary, SUMMARY_TEXT)

    qtbot.waitUntil(editor.banner.isVisible, timeout=WAIT_MS)
    assert "Not saved" in editor.banner.text and "was submitted" in editor.banner.text
    assert summary.toPlainText() == SUMMARY_TEXT
    assert stored_answers(services.data_dir) == {}


def test_mark_ready_names_what_is_missing_then_a_submitted_draft_is_read_only(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    editor = open_editor(qtbot, window)
    summary = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert summary is not None
    type_in(qtbot, summary, SUMMARY_TEXT)

    click(qtbot, editor.ready_button)

    assert editor.banner.isVisible()
    assert (
        "is not ready: Paper, Strengths, Weaknesses, Rating, Confidence are still to answer"
        in editor.banner.text
    )
    assert stored_answers(services.data_dir) == {"template.summary": SUMMARY_TEXT}
    services.reviews.mark_submitted(WEEK)
    window.review.dock.hide()
    editor = open_editor(qtbot, window)
    summary = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert summary is not None and summary.isReadOnly()
    assert summary.toPlainText() == SUMMARY_TEXT
    assert "Submitted" in editor.status.text()
    assert not editor.ready_button.isEnabled()


def test_answers_the_form_no_longer_has_are_listed_and_its_changes_told(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    services.reviews.set_answers(WEEK, {"Strengths": "Simple.", "Summary": SUMMARY_TEXT})
    cache_form(services)
    services.reviews.set_answers(WEEK, {key(SECTION): "102"})  # now written against the form
    without_section = replace(
        EVERY_KIND, questions=tuple(q for q in EVERY_KIND.questions if q.title != "Section")
    )
    cache_form(services, without_section)
    window = make_window()
    editor = open_editor(qtbot, window)

    assert editor.not_on_form.isVisibleTo(editor)
    assert "Strengths: Simple." in editor.not_on_form.toPlainText().splitlines()
    assert editor.changed_banner.isVisible()
    assert '"Section" is gone from the form: "102" has no place' in seen(editor.changed_banner.text)


def test_what_autosave_said_it_saved_survives_a_kill(services: AppServices, data_dir: Path) -> None:
    services.close()  # the child has the data directory to itself, as a second run would
    text = "Typed in the window, then the power went out."

    type_until_killed(data_dir, text)

    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        rows = connection.execute(
            "SELECT r.answers, r.status FROM reviews r JOIN weeks w ON w.id = r.week_id "
            "WHERE w.number = ?",
            (WEEK,),
        ).fetchall()
    assert [(json.loads(answers), status) for answers, status in rows] == [
        ({"template.summary": text}, "drafting")
    ]
