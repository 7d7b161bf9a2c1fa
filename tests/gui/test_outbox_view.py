"""The Outbox view (View > Outbox, Ctrl+Shift+O) over a real outbox with a review in every state,
made by the outbox service against the fake Google Forms: each state in a word and a colour,
the buttons each state offers, the receipts with the very fields the server saw, the pre-filled
link handed to the browser, and Export receipts… read back and compared with ``outbox --json``.

The fields expected in a receipt are those the fake server recorded from the POSTs (its own
parse of the request bodies), not the app's own record.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.outbox.outbox_controller import OutboxController
from tests.forms.google_forms_server import DOCS_HOST, GoogleFormsServer, viewform_url
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import (
    WAIT_MS,
    Network,
    click,
    outbox_in_every_state,
    outbox_of,
    week_form_id,
)
from tests.integration.cli_process import json_of, run
from tests.integration.submit_term import ANSWERS, RECORDED


@pytest.fixture
def scene(
    services: AppServices, google: GoogleFormsServer, monkeypatch: pytest.MonkeyPatch
) -> dict[str, int]:
    return outbox_in_every_state(services, google, Network(monkeypatch), ANSWERS)


@pytest.fixture
def window(make_window: WindowFactory) -> Iterator[MainWindow]:
    made = make_window()
    yield made
    runner = outbox_of(made).runner
    runner.stop()
    assert runner.wait(30_000), "a send did not finish"


def opened(qtbot: QtBot, window: MainWindow) -> OutboxController:
    """The Outbox, opened with its shortcut as a student does; its entries read."""
    outbox = outbox_of(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    with qtbot.waitSignal(outbox.runner.entries_changed, timeout=WAIT_MS):
        QTest.keyClick(
            window.windowHandle(),
            Qt.Key.Key_O,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert outbox.dock.isVisible()
    return outbox


def row_of(outbox: OutboxController, week: int) -> int:
    return next(i for i, entry in enumerate(outbox.view.entries) if entry.week == week)


def choose(outbox: OutboxController, week: int) -> None:
    outbox.view.list.setCurrentIndex(outbox.view.list.model().index(row_of(outbox, week), 0))


def test_every_state_reads_as_a_word_in_its_colour_with_its_own_buttons(
    scene: dict[str, int], window: MainWindow, qtbot: QtBot
) -> None:
    outbox = opened(qtbot, window)
    view = outbox.view
    expected = {
        scene["sent"]: ("● Sent", ["Open review"]),
        scene["ambiguous"]: ("● Needs attention", ["It arrived", "Send again", "Open review"]),
        scene["signin"]: (
            "● Needs attention",
            ["Open pre-filled in browser", "I submitted it in the browser", "Open review"],
        ),
        scene["queued"]: ("● Queued", ["Send now", "Open review"]),
    }
    colours = set()
    for week, (word, buttons) in expected.items():
        item = view.list.topLevelItem(row_of(outbox, week))
        assert item is not None and item.text(0) == f"Week {week}"
        assert item.text(1) == word
        colours.add((word, item.foreground(1).color().name()))
        choose(outbox, week)
        assert view.visible_actions() == buttons, week
    assert len({colour for _, colour in colours}) == 3  # one colour per state word
    assert QColor(dict(colours)["● Sent"]).green() > QColor(dict(colours)["● Sent"]).red()
    assert view.summary.text() == "<b>Outbox</b> — 1 queued, 1 sent, 2 need attention"
    assert outbox.network_label.text() == "1 review waiting · 2 need attention"


def test_the_receipt_shows_the_fields_the_server_saw(
    scene: dict[str, int], window: MainWindow, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    outbox = opened(qtbot, window)
    choose(outbox, scene["sent"])
    form_path = f"/forms/d/e/{week_form_id(scene['sent'])}/formResponse"
    posted = [f for seen in google.requests if seen.path == form_path for f in seen.fields]

    view = outbox.view
    assert view.attempts.topLevelItemCount() == 1
    attempt = view.attempts.topLevelItem(0)
    assert attempt is not None
    assert (attempt.text(1), attempt.text(2)) == ("200", "Recorded by the form")
    assert urlsplit(attempt.text(3)).hostname == DOCS_HOST
    assert view.shown_fields() == posted
    assert Counter(RECORDED) <= Counter(view.shown_fields())


def test_a_review_that_may_have_arrived_is_never_sent_again_by_itself(
    scene: dict[str, int], window: MainWindow, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    form_id = week_form_id(scene["ambiguous"])
    assert len(google.responses(form_id)) == 1  # recorded, though no answer came back
    outbox = opened(qtbot, window)
    runner = outbox.runner
    for _tick in range(3):
        with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
            runner.flush(waiting_too=True)  # as after the network came back
    assert len(google.responses(form_id)) == 1

    choose(outbox, scene["ambiguous"])
    assert "may or may not have arrived" in outbox.view.reason.text()
    with qtbot.waitSignal(runner.entries_changed, timeout=WAIT_MS):
        click(qtbot, outbox.view.arrived_button)
    choose(outbox, scene["ambiguous"])
    item = outbox.view.list.topLevelItem(row_of(outbox, scene["ambiguous"]))
    assert item is not None and item.text(1) == "● Sent"
    assert len(google.responses(form_id)) == 1


def test_a_sign_in_form_opens_pre_filled_in_the_browser(
    scene: dict[str, int], window: MainWindow, qtbot: QtBot
) -> None:
    outbox = opened(qtbot, window)
    handed: list[QUrl] = []
    outbox.open_url = lambda url: handed.append(url) or True
    choose(outbox, scene["signin"])
    assert "sign-in" in outbox.view.reason.text()

    click(qtbot, outbox.view.prefill_button)

    [url] = handed
    link = urlsplit(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    assert link._replace(query="").geturl() == viewform_url(week_form_id(scene["signin"]))
    fields = parse_qsl(link.query, keep_blank_values=True)
    assert fields[0] == ("usp", "pp_url")
    unix = [(key, value.replace("\r\n", "\n")) for key, value in RECORDED]
    assert Counter((k, v.replace("\r\n", "\n")) for k, v in fields[1:]) == Counter(unix)


def test_export_writes_what_outbox_json_prints(
    scene: dict[str, int], window: MainWindow, services: AppServices, qtbot: QtBot, tmp_path: Path
) -> None:
    outbox = opened(qtbot, window)
    target = tmp_path / "receipts.json"

    click(qtbot, outbox.view.export_button)
    dialog = outbox.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(target))
    dialog.accept()

    exported = json.loads(target.read_text(encoding="utf-8"))
    printed = json_of(run(services.data_dir, "outbox", "--json"))
    assert exported == printed
    assert {entry["week"] for entry in exported} == set(scene.values())


def test_the_screenshot_command_shows_the_outbox(
    scene: dict[str, int], services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QImage

    from app.ui.screenshot import ScreenshotRequest, take_screenshot

    out = tmp_path / "outbox.png"
    assert take_screenshot(str(services.data_dir), ScreenshotRequest(out, view="outbox")) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
