"""The downloads panel as a student watches it: a bar that measures bytes, and the reading
coming in kept in view, unless the student scrolled elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractSlider, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.services.app_services import AppServices
from app.ui.downloads_panel import DownloadsPanel
from tests.gui.conftest import Week8Opener, WindowFactory
from tests.gui.library_course import publish, relink_every_reading
from tests.gui.readings import state, wait_idle
from tests.integration.pdf_server import Gate, PdfServer
from tests.pdfs import make_pdf

HELD_AFTER = 640 * 1024  # what the held reading has been sent when the server holds the rest


def shown(panel: DownloadsPanel, item: QTreeWidgetItem) -> bool:
    """Whether the line is inside the tree's visible area."""
    return panel.tree.viewport().rect().intersects(panel.tree.visualItemRect(item))


def test_the_bar_measures_bytes_not_readings(
    week_8_window: Week8Opener, pdf_server: PdfServer, qtbot: QtBot
) -> None:
    small = [make_pdf(2, size=100_000, seed=n) for n in (1, 2)]
    large = make_pdf(4, size=4_000_000, seed=3)
    held = Gate()
    links = [
        pdf_server.serve("/a.pdf", small[0]),
        pdf_server.serve("/b.pdf", small[1]),
        pdf_server.serve_slowly(  # in pieces, so that its progress is told on the way
            "/large.pdf", large, piece=64_000, pause=0.02, gate=held, gate_after=HELD_AFTER
        ),
    ]
    window, ids = week_8_window(links)
    panel = window.downloads_panel
    window.download_week_action.trigger()
    assert held.wait_for(1)
    qtbot.waitUntil(
        lambda: (
            [state(window, i) for i in ids[:2]] == [FetchState.READY] * 2
            and (window.library.entry(ids[2]).bytes or 0) > 100_000
        )
    )
    qtbot.waitUntil(lambda: panel.summary.text().startswith("2 of 3 done"))

    # Two readings of three are done, yet most bytes are still to come: the bar says so.
    [large_row] = [r for r in window.download_runner.session() if r.item.reading.id == ids[2]]
    got = large_row.entry.bytes or 0
    assert 0 < got <= HELD_AFTER
    expected = sum(len(p) for p in small) + len(large)
    assert panel.overall.maximum() == expected // 1000
    assert panel.overall.value() == (sum(len(p) for p in small) + got) // 1000
    assert panel.overall.value() < panel.overall.maximum() // 4
    assert window.library.button.text() == "Downloading 2 of 3"

    held.open()
    wait_idle(qtbot, window)
    assert panel.overall.value() == panel.overall.maximum() == expected // 1000
    assert not window.library.button.isVisible()  # the outcome is the panel's to say


def test_the_reading_coming_in_stays_in_view_until_the_student_scrolls(
    make_window: WindowFactory,
    services: AppServices,
    pdf_server: PdfServer,
    course_index_text: str,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    _, count = relink_every_reading(course_index_text, lambda n: pdf_server.url(f"/{n}.pdf"))
    last = count - 1
    paper, large = make_pdf(2), make_pdf(4, size=2_000_000, seed=5)
    held = Gate()

    def link(n: int) -> str:
        if n == last:  # the last line of the panel: held mid-file, then slow
            return pdf_server.serve_slowly(
                f"/{n}.pdf", large, piece=64_000, pause=0.01, gate=held, gate_after=HELD_AFTER
            )
        return pdf_server.serve(f"/{n}.pdf", paper)

    page, _ = relink_every_reading(course_index_text, link)
    publish(services, tmp_path / "site", page)
    window = make_window()
    panel = window.downloads_panel
    window.download_all_action.trigger()
    tree = panel.tree
    assert tree.topLevelItemCount() == count
    held_id = panel.reading_ids()[-1]
    last_line = panel.line(held_id)
    assert last_line is not None
    assert held.wait_for(1)
    qtbot.waitUntil(
        lambda: (
            window.library.entry(held_id).state is FetchState.DOWNLOADING
            and panel.summary.text().startswith(f"{count - 1} of {count} done")
        ),
        timeout=60_000,
    )
    scroll = tree.verticalScrollBar()
    assert scroll.maximum() > 0  # more lines than the panel shows
    qtbot.waitUntil(lambda: shown(panel, last_line))  # followed to the bottom

    # The student scrolls up to look at an earlier line: the panel leaves the view alone.
    scroll.triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)
    assert scroll.value() == 0 and not panel.following
    held.open()
    with qtbot.waitSignal(window.download_runner.session_changed):
        pass  # at least one more redraw while the reading still comes in
    wait_idle(qtbot, window, timeout=60_000)
    assert scroll.value() == 0
    assert not shown(panel, last_line)
    assert window.library.entry(held_id).state is FetchState.READY
