"""Offline in the window: one message in the downloads panel, quiet rows with Retry.

Week 8's readings point at hosts that reset every connection (tests/integration's Refuser).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.ui.reading_row import RowAction
from tests.gui.conftest import Week8Opener
from tests.gui.readings import row, wait_idle
from tests.integration.test_download_offline import Refuser


@pytest.fixture
def refuser() -> Iterator[Refuser]:
    made = Refuser()
    yield made
    made.close()


def test_offline_is_said_once_and_each_row_offers_retry(
    week_8_window: Week8Opener, refuser: Refuser, qtbot: QtBot
) -> None:
    links = [f"http://127.0.0.{n}:{refuser.port}/paper/{n}" for n in (1, 2, 3)]
    window, ids = week_8_window(links)
    window.download_week_action.trigger()
    wait_idle(qtbot, window)

    assert window.downloads_panel.summary.text() == (
        "You are offline · 3 not downloaded: check the connection, then download again"
    )
    for reading_id in ids:
        shown = row(window, reading_id)
        assert shown.status.text() == "⚠ Not downloaded · offline"
        assert not shown.advice.isVisible()  # not the same error three times
        assert shown.buttons[RowAction.DOWNLOAD].text() == "Retry"
        assert window.downloads_panel.status_of(reading_id) == "Offline"
