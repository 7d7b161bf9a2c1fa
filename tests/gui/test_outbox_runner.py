"""The window's sender: started as the running app starts it, it sends what an earlier run left
queued once its time has come (a server's Retry-After is waited out, also across starts), and
says in the status bar whether the network is there; a review on a form behind a Google sign-in
shows the way through the browser in the editor, and the link handed to the browser carries the
answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from app.domain.review import ReviewStatus
from app.domain.review_answers import answers_from_json
from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from tests.forms.form_response import Reply
from tests.forms.google_forms_server import GoogleFormsServer, Wall
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import WAIT_MS, click, fetched_week_8, open_editor, outbox_of
from tests.gui.term import SettableClock
from tests.integration.submit_term import ANSWERS, FORM_ID, RECORDED


@pytest.fixture
def window(make_window: WindowFactory) -> Iterator[MainWindow]:
    made = make_window()
    yield made
    runner = outbox_of(made).runner
    runner.stop()
    assert runner.wait(30_000), "a send did not finish"


def ready(services: AppServices, google: GoogleFormsServer, wall: Wall = Wall.OPEN) -> None:
    fetched_week_8(services, google, wall)
    services.reviews.set_answers(8, answers_from_json(ANSWERS))
    services.reviews.mark_ready(8)


def _to_the_form(google: GoogleFormsServer) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Every request that reached the form (its page or its endpoint), in order."""
    return [(r.method, r.path, r.fields) for r in google.requests if FORM_ID in r.path]


def _started(qtbot: QtBot, window: MainWindow) -> None:
    """The sender started as ``launch`` starts it, its first flush and probe done."""
    runner = outbox_of(window).runner
    with qtbot.waitSignal(
        runner.finished, check_params_cb=lambda kind, _result: kind == "flush", timeout=WAIT_MS
    ):
        runner.start()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)


def _closed(window: MainWindow) -> None:
    """The run ends: the sender stopped and done, the window closed."""
    runner = outbox_of(window).runner
    runner.stop()
    assert runner.wait(30_000)
    window.close()


def test_a_new_start_waits_out_the_servers_retry_after_then_sends_once(
    make_window: WindowFactory,
    services: AppServices,
    google: GoogleFormsServer,
    clock: SettableClock,
    qtbot: QtBot,
) -> None:
    ready(services, google)
    google.next_submissions(FORM_ID, Reply.RATE_LIMITED(retry_after=600))
    assert services.outbox.submit(8).outcome == "queued"  # the earlier run: "come back in 10 min"
    [entry] = services.outbox.entries()
    allowed_at = clock.moment + timedelta(seconds=600)
    assert entry.next_try_at == allowed_at
    asked_before = _to_the_form(google)

    clock.moment = allowed_at - timedelta(minutes=5)
    early = make_window()
    _started(qtbot, early)  # a second start, before the server's time

    assert _to_the_form(google) == asked_before
    assert google.responses(FORM_ID) == []
    assert services.reviews.draft(8).draft.status is ReviewStatus.QUEUED
    _closed(early)

    clock.moment = allowed_at
    later = make_window()
    _started(qtbot, later)  # a start once the time has come

    [response] = google.responses(FORM_ID)
    assert Counter(response) == Counter(RECORDED)
    assert services.reviews.draft(8).draft.status is ReviewStatus.SUBMITTED
    assert outbox_of(later).network_label.text() == "Online"
    _closed(later)


def test_a_sign_in_form_offers_the_browser_in_the_editor(
    window: MainWindow, services: AppServices, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    ready(services, google, Wall.SIGNIN)
    assert services.outbox.submit(8).reason == "signin_required"
    outbox = outbox_of(window)
    handed: list[QUrl] = []
    outbox.open_url = lambda url: handed.append(url) or True
    with qtbot.waitSignal(outbox.runner.entries_changed, timeout=WAIT_MS):
        outbox.runner.refresh()
    editor = open_editor(qtbot, window)

    bar = editor.submit_bar
    assert bar.isVisible() and "sign-in" in bar.text
    assert bar.visible_buttons() == [
        "Open pre-filled in browser",
        "I submitted it in the browser",
        "Show in outbox",
    ]
    assert not editor.submit_button.isEnabled()
    click(qtbot, bar.prefill_button)

    [url] = handed
    query = urlsplit(url.toString(QUrl.ComponentFormattingOption.FullyEncoded)).query
    fields = parse_qsl(query, keep_blank_values=True)
    unix = Counter((key, value.replace("\r\n", "\n")) for key, value in RECORDED)
    assert Counter((k, v.replace("\r\n", "\n")) for k, v in fields[1:]) == unix

    click(qtbot, bar.browser_button)  # "I submitted it in the browser": asked first
    assert editor.confirm is not None
    editor.confirm.accept()
    qtbot.waitUntil(lambda: "Submitted" in bar.text, timeout=WAIT_MS)
    assert services.reviews.draft(8).draft.status is ReviewStatus.SUBMITTED
