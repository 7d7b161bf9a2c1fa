"""Fetch form in the review editor, against the fake Google Forms (tests/conftest.py): the
editor leaves the usual questions for the form's, a template answer on the question of the same
title; a form out of reach says why and the questions stay. Mark submitted asks first.

Week 8's link on the embedded course page is forms.gle/NhtiFZ4GsxYuug3W6: the fake serves the
form under that code. What the form asks is read from its published description."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain.review import ReviewStatus
from app.services.app_services import AppServices
from app.ui.message_banner import BannerKind
from tests.forms.google_forms_server import GoogleFormsServer, Wall
from tests.forms.review_forms import week_review
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import LINK_8, WAIT_MS, click, field_of, labels, open_editor, seen

CODE_8 = LINK_8.rsplit("/", 1)[1]
SUMMARY_TEXT = "Learned models stand in for the index."


def test_fetch_form_moves_the_editor_onto_the_form_with_the_template_answer(
    make_window: WindowFactory, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    spec = week_review()
    google.publish(spec, CODE_8)
    window = make_window()
    editor = open_editor(qtbot, window)
    assert "Strengths" in seen(" ".join(labels(editor)))  # the usual review
    summary = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert summary is not None
    click(qtbot, summary)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClicks(summary, SUMMARY_TEXT)

    with qtbot.waitSignal(editor.fetcher.fetched, timeout=WAIT_MS):
        click(qtbot, editor.fetch_button)
        assert editor.banner.text == "Fetching the form…"  # said before the network answers
        assert editor.busy.isVisible() and not editor.fetch_button.isEnabled()

    # The new fields show once the layout has run (Qt shows added children from the loop).
    qtbot.waitUntil(lambda: spec.title in seen(" ".join(labels(editor))), timeout=WAIT_MS)
    shown = seen(" ".join(labels(editor)))
    assert "Which paper did you review?" in shown and "Rate each part" in shown
    assert "Strengths" not in [seen(text).strip() for text in labels(editor)]
    moved = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert moved is not None and moved.toPlainText() == SUMMARY_TEXT
    assert editor.banner.kind is BannerKind.SUCCESS and spec.title in editor.banner.text
    assert not editor.busy.isVisible() and editor.fetch_button.isEnabled()


def test_a_closed_form_says_why_in_one_line_and_the_questions_stay(
    make_window: WindowFactory, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    google.publish(week_review(), CODE_8, Wall.CLOSED)
    window = make_window()
    editor = open_editor(qtbot, window)
    before = labels(editor)

    with qtbot.waitSignal(editor.fetcher.failed, timeout=WAIT_MS):
        click(qtbot, editor.fetch_button)

    assert editor.banner.kind is BannerKind.ERROR
    why = seen(editor.banner.text)
    assert why.startswith("Could not fetch the form: ") and "\n" not in why
    assert "closed" in why.lower()
    assert labels(editor) == before
    assert not editor.busy.isVisible() and editor.fetch_button.isEnabled()


def test_opening_a_linked_week_fetches_its_form_when_the_network_is_allowed(
    make_window: WindowFactory, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    spec = week_review()
    google.publish(spec, CODE_8)
    window = make_window()
    window.review.editor.auto_fetch = True  # as the running app sets it
    with qtbot.waitSignal(window.review.editor.fetcher.fetched, timeout=WAIT_MS):
        editor = open_editor(qtbot, window)
    qtbot.waitUntil(lambda: spec.title in seen(" ".join(labels(editor))), timeout=WAIT_MS)
    asked = len(google.requests)
    window.review.dock.hide()
    open_editor(qtbot, window)  # cached now: no second fetch
    assert len(google.requests) == asked and not editor.busy.isVisible()


def test_mark_submitted_asks_first_then_stops_the_reminders(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    editor = open_editor(qtbot, window)

    click(qtbot, editor.submitted_button)
    question = editor.confirm
    assert question is not None and question.isVisible()
    assert question.text() == "Did you submit it in the browser?"
    click(qtbot, question.button(QMessageBox.StandardButton.No))
    assert services.reviews.statuses().get(8) is None  # nothing changed

    click(qtbot, editor.submitted_button)
    question = editor.confirm
    assert question is not None
    with qtbot.waitSignal(editor.status_changed, timeout=WAIT_MS):
        click(qtbot, question.button(QMessageBox.StandardButton.Yes))

    assert services.reviews.statuses() == {8: ReviewStatus.SUBMITTED}
    assert "Submitted" in seen(editor.status.text())
    assert not editor.submitted_button.isEnabled() and not editor.ready_button.isEnabled()
    row = window.review.due.row_of_week(8)
    assert row is not None and row.text().endswith("· Submitted")
    assert window.review.due.week_rows()[-1] == 8  # now among the submitted
