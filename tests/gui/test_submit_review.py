"""Submit in the review editor, against the fake Google Forms (tests/conftest.py): the summary
shows what goes, Send records exactly the answers on the form, the editor locks and says so;
offline the review waits, the status bar says so, and it goes out by itself when the network
comes back; a revision is a new, editable copy.

The week 8 form and its answers are tests/integration/submit_term.py's; what the form must
record (``RECORDED``) is written out there by the encoding rules, never by the code under test.
The one answer typed here adds its own field, written out below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain.review import ReviewStatus
from app.domain.review_answers import answers_from_json
from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.message_banner import BannerKind
from tests.forms.google_forms_server import GoogleFormsServer
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import (
    WAIT_MS,
    Network,
    click,
    fetched_week_8,
    field_of,
    open_editor,
    outbox_of,
    seen,
)
from tests.integration.review_term import WEAKNESSES, key
from tests.integration.submit_term import ANSWERS, FORM_ID, RECORDED, WEAKNESSES_TEXT

TYPED = "Inserts are left open."
ALL_BUT_WEAKNESSES = {k: v for k, v in ANSWERS.items() if k != key(WEAKNESSES)}
EXPECTED = Counter(
    [field for field in RECORDED if field[0] != key(WEAKNESSES)] + [(key(WEAKNESSES), TYPED)]
)


@pytest.fixture
def window(make_window: WindowFactory) -> Iterator[MainWindow]:
    """The window with its sender; the sender's work finished before the services close."""
    made = make_window()
    yield made
    runner = outbox_of(made).runner
    runner.stop()
    assert runner.wait(30_000), "a send did not finish"


def written(services: AppServices, google: GoogleFormsServer, *, typed: bool = True) -> None:
    fetched_week_8(services, google)
    answers = ANSWERS if not typed else ALL_BUT_WEAKNESSES
    services.reviews.set_answers(8, answers_from_json(answers))


def type_weaknesses(qtbot: QtBot, window: MainWindow) -> None:
    editor = open_editor(qtbot, window)
    box = field_of(editor, "Weaknesses").findChild(QPlainTextEdit)
    assert box is not None
    click(qtbot, box)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClicks(box, TYPED)


def send_from_editor(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+Return in the editor, then Send in the summary; returns once the send is done."""
    outbox = outbox_of(window)
    editor = window.review.editor
    assert editor.submit_button.isEnabled(), editor.submit_button.toolTip()
    box = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert box is not None
    if not window.isActiveWindow():  # the last dialog took the activation with it
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    click(qtbot, box)  # the shortcut works from wherever the student types
    QTest.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: outbox.submit_dialog is not None, timeout=WAIT_MS)
    dialog = outbox.submit_dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(outbox.runner.finished, timeout=WAIT_MS):
        click(qtbot, dialog.send_button)


def test_submit_shows_what_goes_and_the_form_records_exactly_the_answers(
    window: MainWindow, services: AppServices, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    written(services, google)
    type_weaknesses(qtbot, window)
    outbox = outbox_of(window)
    editor = window.review.editor

    QTest.keyClick(editor.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: outbox.submit_dialog is not None, timeout=WAIT_MS)
    dialog = outbox.submit_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Send the review of week 8"
    rows = dict(dialog.rows)
    assert rows["Paper"] == "The Case for Learned Index Structures"
    assert rows["What did the paper do well?"] == "The evaluation\nOther: Clear figures"
    assert rows["Weaknesses"] == TYPED
    assert rows["Questions for the authors?"] == "—"
    assert google.responses(FORM_ID) == []  # nothing goes before Send

    with qtbot.waitSignal(outbox.runner.finished, timeout=WAIT_MS):
        click(qtbot, dialog.send_button)

    [response] = google.responses(FORM_ID)
    assert Counter(response) == EXPECTED
    qtbot.waitUntil(lambda: editor.view.draft.status is ReviewStatus.SUBMITTED, timeout=WAIT_MS)
    assert editor.banner.kind is BannerKind.SUCCESS and "Sent" in seen(editor.banner.text)
    assert editor.submit_bar.isVisible() and "read-only" in seen(editor.submit_bar.text)
    assert editor.submit_bar.visible_buttons() == ["Start a new revision", "Show in outbox"]
    box = field_of(editor, "Weaknesses").findChild(QPlainTextEdit)
    assert box is not None and box.isReadOnly()
    assert not editor.submit_button.isEnabled()


def test_offline_the_review_waits_and_goes_out_by_itself_when_the_network_is_back(
    window: MainWindow,
    services: AppServices,
    google: GoogleFormsServer,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    network = Network(monkeypatch)
    written(services, google, typed=False)
    services.reviews.mark_ready(8)
    outbox = outbox_of(window)
    editor = open_editor(qtbot, window)
    network.off()

    send_from_editor(qtbot, window)

    assert google.responses(FORM_ID) == []
    qtbot.waitUntil(lambda: outbox.runner.online is False, timeout=WAIT_MS)
    assert outbox.network_label.text() == "Offline · 1 review waiting"
    assert editor.view is not None and editor.view.draft.status is ReviewStatus.QUEUED
    assert "Queued" in seen(editor.submit_bar.text) and "read-only" in seen(editor.submit_bar.text)
    box = field_of(editor, "Weaknesses").findChild(QPlainTextEdit)
    assert box is not None and box.isReadOnly() and box.toPlainText() == WEAKNESSES_TEXT

    network.on()
    with qtbot.waitSignal(outbox.runner.finished, timeout=WAIT_MS):
        # What Qt's network information says when the network comes back.
        outbox.runner.reachability_changed(QNetworkInformation.Reachability.Online)

    [response] = google.responses(FORM_ID)
    assert Counter(response) == Counter(RECORDED)
    qtbot.waitUntil(lambda: editor.view.draft.status is ReviewStatus.SUBMITTED, timeout=WAIT_MS)
    assert outbox.network_label.text() == "Online"
    assert "Submitted" in seen(editor.submit_bar.text) and box.isReadOnly()


def test_a_new_revision_is_an_editable_copy_sent_as_a_new_response(
    window: MainWindow, services: AppServices, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    written(services, google, typed=False)
    services.reviews.mark_ready(8)
    editor = open_editor(qtbot, window)
    send_from_editor(qtbot, window)
    qtbot.waitUntil(lambda: editor.submit_bar.revise_button.isVisible(), timeout=WAIT_MS)

    click(qtbot, editor.submit_bar.revise_button)

    assert editor.view is not None and editor.view.draft.revision == 2
    assert not editor.submit_bar.isVisible()

    def weaknesses() -> QPlainTextEdit | None:
        return field_of(editor, "Weaknesses").findChild(QPlainTextEdit)

    # The fields are built anew; the old ones go once the event loop deletes them.
    qtbot.waitUntil(lambda: not weaknesses().isReadOnly(), timeout=WAIT_MS)  # type: ignore[union-attr]
    box = weaknesses()
    assert box is not None
    click(qtbot, box)
    box.selectAll()
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        qtbot.keyClicks(box, TYPED)
    send_from_editor(qtbot, window)

    first, second = google.responses(FORM_ID)
    assert Counter(first) == Counter(RECORDED)
    assert Counter(second) == EXPECTED
