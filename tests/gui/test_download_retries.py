"""A server error's retry is said while it waits: "Retrying in 4 s (attempt 2 of 5)".

The server (pdf_server.py) answers 503 with ``Retry-After: 4``; the row and the downloads
panel say the wait while the download waits, and Cancel ends the wait at once.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.ui.reading_row import RowAction
from tests.gui.conftest import Week8Opener
from tests.gui.readings import press, row, state, wait_idle
from tests.integration.pdf_server import PdfServer, Reply
from tests.pdfs import make_pdf


def test_a_server_error_shows_the_coming_retry_and_cancel_ends_the_wait(
    week_8_window: Week8Opener, pdf_server: PdfServer, qtbot: QtBot
) -> None:
    busy = pdf_server.route("/busy.pdf", lambda _seen: Reply(503, {"Retry-After": "4"}, b"busy"))
    links = [pdf_server.serve(f"/paper{n}.pdf", make_pdf(3, seed=n)) for n in range(2)]
    window, ids = week_8_window([busy, *links])
    window.download_week_action.trigger()

    waiting = row(window, ids[0])
    qtbot.waitUntil(lambda: waiting.status.text() == "Retrying in 4 s (attempt 2 of 5)")
    assert window.downloads_panel.status_of(ids[0]) == "Retrying in 4 s (attempt 2 of 5)"
    assert waiting.status.toolTip() == (
        f"127.0.0.1 answered 503 Service Unavailable for {busy}; "
        "the server is having trouble; try again later"
    )
    assert len(pdf_server.seen("/busy.pdf")) == 1  # no second request before the wait is up

    press(qtbot, window, ids[0], RowAction.CANCEL)
    wait_idle(qtbot, window)
    assert state(window, ids[0]) is FetchState.NOT_FETCHED
    assert waiting.status.toolTip() == ""
    assert len(pdf_server.seen("/busy.pdf")) == 1
