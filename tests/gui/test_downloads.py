"""Downloads from the window: week 8's readings served by a real server on 127.0.0.1.

Every test syncs the real course page with week 8's links pointed at the test server, then
drives the window as a student does: Download Week, the rows' buttons, the downloads panel.
Downloads that are stopped (Cancel, closing the window, a killed run) are in
test_stopped_downloads.py.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.services.app_services import AppServices
from app.ui.reading_row import RowAction
from tests.gui.conftest import Desktop, Week8Opener, WindowFactory
from tests.gui.library_course import publish, relink_every_reading
from tests.gui.readings import press, row, state, wait_for, wait_idle, week_details
from tests.gui.ticks import held_at_ticks
from tests.integration.pdf_server import Gate, PdfServer, Reply
from tests.pdfs import make_pdf

LOGIN_PAGE = (
    b"<html><head><title>Sign in</title></head><body><form method='post'>"
    b"<input name='user'><input type='password' name='password'></form></body></html>"
)
ESSAY = b"<html><head><title>An essay</title></head><body><p>Read me here.</p></body></html>"


def test_download_week_brings_every_pdf_with_its_pages(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    desktop: Desktop,
    qtbot: QtBot,
) -> None:
    papers = [make_pdf(pages, size=300_000 * pages, seed=pages) for pages in (3, 5, 7)]
    links = [pdf_server.serve(f"/paper{n}.pdf", paper) for n, paper in enumerate(papers)]
    window, ids = week_8_window(links)
    assert [row(window, i).status.text() for i in ids] == ["Not downloaded"] * 3
    assert row(window, ids[0]).offered() == [RowAction.DOWNLOAD, RowAction.ATTACH]

    assert window.download_week_action.shortcut().toString() == "Ctrl+D"
    assert window.download_all_action.shortcut().toString() == "Ctrl+Shift+D"
    window.download_week_action.trigger()
    assert window.download_runner.running
    assert window.downloads_panel.isVisible()
    assert window.cancel_downloads_action.isEnabled()
    wait_idle(qtbot, window)

    for reading_id, pages in zip(ids, (3, 5, 7), strict=True):
        shown = row(window, reading_id)
        assert shown.status.text().startswith(f"✓ PDF ready · {pages} pages · ")
        assert shown.offered() == [RowAction.OPEN, RowAction.FOLDER, RowAction.BROWSER]
        assert not shown.progress.isVisible() and not shown.advice.isVisible()
        entry = window.library.entry(reading_id)
        assert entry.path is not None and Path(entry.path).read_bytes() == papers[pages // 2 - 1]
    assert window.downloads_panel.summary.text() == "Finished: 3 ready"
    assert window.downloads_panel.status_of(ids[1]).startswith("Ready · 5 pages")
    assert week_details(window.model, 8) == "Week 8 · Prof. Tim Kraska · 3 readings · all ready"
    assert not window.cancel_downloads_action.isEnabled()

    # Open shows the PDF in a reader tab; Show in folder hands its folder to the desktop.
    press(qtbot, window, ids[0], RowAction.OPEN)
    reader = window.tabs.reading_tab(ids[0])
    assert reader is not None and window.tabs.currentWidget() is reader
    window.tabs.setCurrentIndex(0)  # back to the term
    press(qtbot, window, ids[0], RowAction.FOLDER)
    path = Path(str(window.library.entry(ids[0]).path))
    assert [url.toLocalFile() for url in desktop.opened] == [str(path.parent)]

    # Nothing left to fetch: a second Download Week says so and starts nothing.
    window.download_week_action.trigger()
    assert not window.download_runner.running
    assert "already here" in window.statusBar().currentMessage()


def test_failures_read_as_advice_and_retry_works_once_the_server_is_fixed(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    desktop: Desktop,
    qtbot: QtBot,
) -> None:
    missing = pdf_server.url("/moved.pdf")  # no route yet: 404
    login = pdf_server.route(
        "/library/pensieve.pdf", lambda seen: Reply(200, {"Content-Type": "text/html"}, LOGIN_PAGE)
    )
    paper = pdf_server.serve("/ok.pdf", make_pdf(4))
    essay = pdf_server.route(
        "/essays/bitter-lesson.html",
        lambda seen: Reply(200, {"Content-Type": "text/html"}, ESSAY),
    )
    window, ids = week_8_window([missing, paper, login], [("Essay", essay)])
    window.download_week_action.trigger()
    wait_idle(qtbot, window)

    gone = row(window, ids[0])
    assert gone.status.text() == "⚠ Could not download"
    assert gone.advice.isVisible()
    assert gone.advice.text() == (
        f"127.0.0.1 answered 404 Not Found for {missing}; the link may have moved; "
        "open it in the browser or attach the PDF."
    )
    assert gone.offered() == [RowAction.DOWNLOAD, RowAction.BROWSER, RowAction.ATTACH]
    assert gone.buttons[RowAction.DOWNLOAD].text() == "Retry"

    walled = row(window, ids[2])
    assert walled.advice.text() == (
        f"This link leads to a login page at {login}; open it in the browser or attach the PDF."
    )
    web = row(window, ids[3])
    assert state(window, ids[3]) is FetchState.WEB
    assert web.status.text() == "Web page · read it in the browser"
    assert web.offered() == [RowAction.BROWSER, RowAction.ATTACH]
    press(qtbot, window, ids[3], RowAction.BROWSER)
    assert [url.toString() for url in desktop.opened] == [essay]
    assert window.downloads_panel.summary.text() == "Finished: 1 ready, 2 failed, 1 web page"
    assert window.downloads_panel.status_of(ids[2]).startswith("Failed: This link leads")
    assert week_details(window.model, 8) == "Week 8 · Prof. Tim Kraska · 4 readings · 1 ready"

    pdf_server.serve("/moved.pdf", make_pdf(6))  # the site fixed its link
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    wait_for(qtbot, window, ids[0], FetchState.READY)
    assert gone.status.text().startswith("✓ PDF ready · 6 pages")
    assert not gone.advice.isVisible()
    assert week_details(window.model, 8) == "Week 8 · Prof. Tim Kraska · 4 readings · 2 ready"


def test_a_failed_reading_is_retried_while_the_others_still_download(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    held = Gate()
    slow = pdf_server.serve_slowly(
        "/slow.pdf", make_pdf(2, size=4_000_000), gate=held, gate_after=640 * 1024
    )
    links = [slow, pdf_server.url("/late.pdf"), pdf_server.serve("/b.pdf", make_pdf(3))]
    window, ids = week_8_window(links)
    window.download_week_action.trigger()
    wait_for(qtbot, window, ids[1], FetchState.FAILED)
    assert held.holding() == 1 and state(window, ids[0]) is FetchState.DOWNLOADING

    pdf_server.serve("/late.pdf", make_pdf(5))
    press(qtbot, window, ids[1], RowAction.DOWNLOAD)  # queued behind the running run
    assert row(window, ids[1]).status.text() == "Waiting to download"
    assert row(window, ids[1]).offered() == [RowAction.CANCEL]
    press(qtbot, window, ids[0], RowAction.CANCEL)  # the run ends; the retry runs next
    held.open()
    wait_idle(qtbot, window)
    assert state(window, ids[1]) is FetchState.READY
    assert row(window, ids[1]).status.text().startswith("✓ PDF ready · 5 pages")
    assert window.downloads_panel.summary.text() == "Finished: 2 ready, 1 cancelled"


def test_the_window_keeps_working_while_the_downloads_wait_on_the_network(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    held = Gate()  # every answer waits before its status line until the gate opens
    papers = [make_pdf(pages, size=200_000, seed=pages) for pages in (2, 3, 4)]
    links = [
        pdf_server.serve_slowly(f"/p{n}.pdf", paper, gate=held) for n, paper in enumerate(papers)
    ]
    window, ids = week_8_window(links)
    with held_at_ticks(held) as ticks:
        window.download_week_action.trigger()
        # Two requests held (two per host at most): the workers are stuck in network calls.
        assert held.wait_for(2)
        # Meanwhile the GUI thread runs its timers and repaints the rows it is told about.
        qtbot.waitUntil(lambda: ticks.count(2) >= 5)
        qtbot.waitUntil(lambda: row(window, ids[0]).status.text() == "Connecting…")
        assert held.holding() == 2 and not held.expired  # still held: nothing came meanwhile
    wait_idle(qtbot, window)
    assert [state(window, i) for i in ids] == [FetchState.READY] * 3


def test_states_persist_across_windows(
    week_8_window: Week8Opener,
    make_window: WindowFactory,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    links = [
        pdf_server.serve("/a.pdf", make_pdf(2)),
        pdf_server.url("/gone.pdf"),
        pdf_server.url("/c.pdf"),
    ]
    first, ids = week_8_window(links)
    press(qtbot, first, ids[0], RowAction.DOWNLOAD)
    press(qtbot, first, ids[1], RowAction.DOWNLOAD)
    wait_idle(qtbot, first)
    first.close()

    second = make_window()
    second.select_week(8)
    assert row(second, ids[0]).status.text().startswith("✓ PDF ready · 2 pages")
    assert row(second, ids[1]).status.text() == "⚠ Could not download"
    assert "/gone.pdf" in row(second, ids[1]).advice.text()
    assert row(second, ids[2]).status.text() == "Not downloaded"
    assert week_details(second.model, 8) == "Week 8 · Prof. Tim Kraska · 3 readings · 1 ready"


def test_download_all_fetches_every_week(
    make_window: WindowFactory,
    services: AppServices,
    pdf_server: PdfServer,
    course_index_text: str,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    paper = make_pdf(2)
    page, count = relink_every_reading(
        course_index_text, lambda n: pdf_server.serve(f"/{n}.pdf", paper)
    )
    publish(services, tmp_path / "site", page)
    wanted = services.library.to_fetch()
    assert len(wanted) == count  # and none of them leaves this machine:
    assert all(str(item.reading.url).startswith(pdf_server.url("/")) for item in wanted)
    window = make_window()
    window.download_all_action.trigger()
    assert window.downloads_panel.isVisible()
    assert window.downloads_panel.tree.topLevelItemCount() == count
    wait_idle(qtbot, window, timeout=60_000)

    assert window.downloads_panel.summary.text() == f"Finished: {count} ready"
    assert window.downloads_panel.overall.value() == window.downloads_panel.overall.maximum()
    weeks = {item.listed.week for item in services.library.items() if not item.listed.archived}
    assert all(item.entry.state is FetchState.READY for item in services.library.items())
    assert len(weeks) > 10
    assert window.library.download_all() == 0
    assert "already here" in window.statusBar().currentMessage()

    # A line of the panel leads to its reading's week.
    tree = window.downloads_panel.tree
    third = next(
        tree.topLevelItem(n)
        for n in range(tree.topLevelItemCount())
        if tree.topLevelItem(n).text(1) == "3"
    )
    tree.itemActivated.emit(third, 0)
    selected = window.selected_week()
    assert selected is not None and selected.number == 3
