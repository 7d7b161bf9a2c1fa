"""A damaged download in the window: said plainly, with Retry, Replace… and Open anyway.

The file's damage is made on purpose (pages whose content is gone), so the pages the row names
are known before the window says them; the server is real (pdf_server.py).
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.ui.reading_row import RowAction
from tests.gui.conftest import Week8Opener
from tests.gui.readings import press, row, wait_for, wait_idle
from tests.integration.pdf_server import PdfServer
from tests.integration.test_download_damaged import with_broken_pages
from tests.pdfs import make_pdf


def test_a_damaged_pdf_is_not_ready_and_offers_its_ways_on(
    week_8_window: Week8Opener, pdf_server: PdfServer, qtbot: QtBot
) -> None:
    broken = with_broken_pages(16, range(5, 13))
    links = [pdf_server.serve(f"/paper{n}.pdf", make_pdf(3, seed=n)) for n in range(2)]
    links.append(pdf_server.serve("/broken.pdf", broken))
    window, ids = week_8_window(links)
    window.download_week_action.trigger()
    wait_idle(qtbot, window)

    damaged = row(window, ids[2])
    assert damaged.status.text().startswith("⚠ Damaged PDF · 16 pages · ")
    assert damaged.advice.isVisible()
    assert damaged.advice.text() == (
        "Pages 5-12 cannot be read. Retry the download, replace it with another copy, "
        "or open it anyway."
    )
    assert damaged.offered() == [RowAction.DOWNLOAD, RowAction.OPEN, RowAction.ATTACH]
    labels = [damaged.buttons[action].text() for action in damaged.offered()]
    assert labels == ["Retry", "Open anyway", "Replace…"]
    assert window.downloads_panel.summary.text() == "Finished: 2 ready, 1 damaged"
    assert window.downloads_panel.status_of(ids[2]) == "Damaged: Pages 5-12 cannot be read."

    with qtbot.waitSignal(window.library.open_requested) as opened:
        press(qtbot, window, ids[2], RowAction.OPEN)
    assert Path(opened.args[2]).read_bytes() == broken
    qtbot.waitUntil(lambda: window.tabs.count() == 2)  # a reader tab for it
    window.tabs.setCurrentIndex(0)  # back to the term

    pdf_server.serve("/broken.pdf", make_pdf(5, seed=9))  # the site put up a good copy
    press(qtbot, window, ids[2], RowAction.DOWNLOAD)
    wait_for(qtbot, window, ids[2], FetchState.READY)
    assert damaged.status.text().startswith("✓ PDF ready · 5 pages")
    assert not damaged.advice.isVisible()
    assert damaged.buttons[RowAction.OPEN].text() == "Open PDF"
