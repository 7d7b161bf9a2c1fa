"""Downloads that stop before their end: Cancel, Cancel All, closing the window, a killed run.

The server (tests/integration/pdf_server.py) sends the first bytes of a reading and holds the
rest at a gate, so every stop lands mid-file whatever the machine's speed; the test opens the
gate once the student has acted, and the download must stop at the first bytes that follow.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.services.app_services import AppServices
from app.store.library_store import LibraryStore
from app.ui.main_window import MainWindow
from app.ui.reading_row import RowAction
from tests.gui.conftest import Week8Opener, WindowFactory
from tests.gui.library_course import relink_week_8
from tests.gui.readings import press, row, state, wait_for, wait_idle, week_details
from tests.integration.cli_process import has_bytes_on_disk, kill_download_when
from tests.integration.pdf_server import Gate, PdfServer, Reply, sha
from tests.pdfs import make_pdf

BEFORE_GATE = 640 * 1024  # what a held download has been sent when the server holds the rest


def _start_slow(
    week_8_window: Week8Opener, pdf_server: PdfServer
) -> tuple[Gate, list[str], MainWindow]:
    """Week 8 in a window; its first reading (4 MB) comes slowly, held mid-file at the gate."""
    held = Gate()
    slow = pdf_server.serve_slowly(
        "/slow.pdf",
        make_pdf(2, size=4_000_000),
        piece=32_000,
        pause=0.02,
        gate=held,
        gate_after=BEFORE_GATE,
    )
    links = [slow, pdf_server.serve("/a.pdf", make_pdf(2)), pdf_server.serve("/b.pdf", make_pdf(3))]
    window, ids = week_8_window(links)
    return held, ids, window


def _kept_bytes(services: AppServices) -> int:
    """The size of the one .part file in the library: what a stopped download kept."""
    [part] = services.library.files_dir.glob("*.part")
    return part.stat().st_size


def test_cancel_mid_download_stops_at_once_and_the_row_says_where_it_paused(
    week_8_window: Week8Opener,
    services: AppServices,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    held, ids, window = _start_slow(week_8_window, pdf_server)
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    slow_row = row(window, ids[0])
    assert held.wait_for(1)  # mid-file: the server has sent 640 kB and holds the rest
    qtbot.waitUntil(lambda: (window.library.entry(ids[0]).bytes or 0) > 100_000, timeout=10_000)
    assert slow_row.progress.isVisible() and slow_row.progress.value() > 0
    assert slow_row.status.text().startswith("Downloading ")
    assert " % · " in slow_row.status.text() and "of 4.0 MB" in slow_row.status.text()
    assert slow_row.offered() == [RowAction.CANCEL]
    assert window.downloads_panel.status_of(ids[0]).endswith("of 4.0 MB")

    press(qtbot, window, ids[0], RowAction.CANCEL)
    held.open()  # the rest starts coming: the download must stop at its first bytes
    wait_idle(qtbot, window)
    assert state(window, ids[0]) is FetchState.NOT_FETCHED
    # What came before the Cancel is kept for a resume; nothing that came after was taken.
    kept = _kept_bytes(services)
    assert 100_000 < kept <= BEFORE_GATE
    paused = f"Paused at {kept / 1000:.0f} kB of 4.0 MB"  # the row says how far it got
    assert slow_row.status.text() == paused
    assert not slow_row.progress.isVisible()
    assert slow_row.offered() == [RowAction.DOWNLOAD, RowAction.ATTACH]
    assert slow_row.buttons[RowAction.DOWNLOAD].text() == "Resume"
    assert window.downloads_panel.summary.text() == "Finished: 1 cancelled"
    assert window.downloads_panel.status_of(ids[0]) == paused
    stored = LibraryStore(services.database).entry(ids[0])
    assert (stored.state, stored.bytes) == (FetchState.NOT_FETCHED, kept)  # after a restart too
    # No worker is left: the runner's pool is empty and no download thread lives on.
    assert window.download_runner.wait(1_000)
    assert not [t.name for t in threading.enumerate() if t.name.startswith("download")]
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_cancel_all_stops_the_running_and_the_waiting(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    held, ids, window = _start_slow(week_8_window, pdf_server)
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    press(qtbot, window, ids[1], RowAction.DOWNLOAD)  # waits for the running one's run
    assert row(window, ids[1]).status.text() == "Waiting to download"
    assert held.wait_for(1)
    qtbot.waitUntil(lambda: state(window, ids[0]) is FetchState.DOWNLOADING, timeout=10_000)

    window.downloads_panel.cancel_all.click()
    held.open()
    wait_idle(qtbot, window)
    assert [state(window, i) for i in ids[:2]] == [FetchState.NOT_FETCHED] * 2
    assert row(window, ids[1]).status.text() == "Not downloaded"
    assert not pdf_server.seen("/a.pdf")  # the waiting one never started


def test_closing_the_window_cancels_downloads_and_waits_for_them(
    week_8_window: Week8Opener,
    services: AppServices,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    held, ids, window = _start_slow(week_8_window, pdf_server)
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    assert held.wait_for(1)  # mid-file
    window.close()
    held.open()  # the rest starts coming: the cancelled download must stop at its first bytes
    assert window.download_runner.wait(10_000)  # bounds a hang
    assert not window.download_runner.running
    assert LibraryStore(services.database).entry(ids[0]).state is FetchState.NOT_FETCHED
    assert 0 < _kept_bytes(services) <= BEFORE_GATE


def test_a_download_killed_mid_file_offers_resume_which_fetches_only_the_rest(
    make_window: WindowFactory,
    services: AppServices,
    pdf_server: PdfServer,
    course_index_text: str,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    paper = make_pdf(6, size=3_000_000, seed=6)
    etag = '"kraska18-v1"'
    mid_file, not_yet = Gate(), Gate()
    links = [
        pdf_server.serve_slowly("/long.pdf", paper, gate=mid_file, gate_after=1_000_000, etag=etag),
        pdf_server.serve_slowly("/b.pdf", make_pdf(2), gate=not_yet),
        pdf_server.serve_slowly("/c.pdf", make_pdf(3), gate=not_yet),
    ]
    ids = relink_week_8(services, course_index_text, tmp_path / "site", links)
    library = services.library.files_dir
    # ``study-companion download`` killed with SIGKILL: the first reading 1 MB in, the second
    # asked and not answered, the third waiting for a free slot on the host.
    kill_download_when(
        services.data_dir,
        lambda: mid_file.holding() == 1 and not_yet.holding() == 1 and has_bytes_on_disk(library),
        "--week",
        "8",
    )
    [part] = library.glob("*.part")
    kept = part.stat().st_size
    assert 0 < kept <= 1_000_000 and part.read_bytes() == paper[:kept]
    assert part.with_name(part.name + ".json").is_file()  # where the bytes came from
    mid_file.open()
    not_yet.open()

    window = make_window()
    window.select_week(8)
    for reading_id in ids:  # nothing runs for them now: each is paused where the kill left it
        interrupted = row(window, reading_id)
        assert interrupted.status.text().startswith("Interrupted")
        assert not interrupted.progress.isVisible()
        assert interrupted.buttons[RowAction.DOWNLOAD].text() == "Resume"
    assert week_details(window.model, 8) == "Week 8 · Prof. Tim Kraska · 3 readings"

    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    wait_for(qtbot, window, ids[0], FetchState.READY)
    wait_idle(qtbot, window)

    killed, resumed = pdf_server.seen("/long.pdf")
    assert "range" not in killed.headers
    assert (resumed.headers["range"], resumed.headers["if-range"]) == (f"bytes={kept}-", etag)
    entry = window.library.entry(ids[0])
    assert entry.path is not None and Path(entry.path).read_bytes() == paper
    assert entry.sha256 == sha(paper)
    assert row(window, ids[0]).status.text().startswith("✓ PDF ready · 6 pages")
    assert not list(library.glob(f"{Path(entry.path).name}.part*"))


def test_cancel_stops_a_download_whose_server_went_silent(
    week_8_window: Week8Opener,
    services: AppServices,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    """The server sends 640 kB of 4 MB and then nothing, without closing: the read would
    wait 30 s for its timeout; Cancel must end it long before (the wait's bound is 10 s)."""
    paper = make_pdf(2, size=4_000_000)
    silent = pdf_server.route(
        "/silent.pdf", lambda _seen: Reply(200, {}, paper, stall_after=BEFORE_GATE)
    )
    links = [
        silent,
        pdf_server.serve("/a.pdf", make_pdf(2)),
        pdf_server.serve("/b.pdf", make_pdf(3)),
    ]
    window, ids = week_8_window(links)
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    library = services.library.files_dir
    qtbot.waitUntil(lambda: has_bytes_on_disk(library) and _kept_bytes(services) == BEFORE_GATE)

    press(qtbot, window, ids[0], RowAction.CANCEL)
    wait_idle(qtbot, window, timeout=10_000)

    assert state(window, ids[0]) is FetchState.NOT_FETCHED
    assert _kept_bytes(services) == BEFORE_GATE
    assert row(window, ids[0]).status.text() == f"Paused at {BEFORE_GATE / 1000:.0f} kB of 4.0 MB"
    assert len(pdf_server.seen("/silent.pdf")) == 1  # stopped, not retried


def _silent_before_headers(pdf_server: PdfServer, path: str, gate: Gate, first: Reply) -> str:
    """A route whose first request gets ``first``; every later one is accepted and held before
    its status line (the gate is never opened: the server says nothing until the test ends)."""
    return pdf_server.route(path, lambda seen: first if seen.number == 1 else Reply(gate=gate))


def test_cancel_stops_a_download_whose_server_accepted_and_says_nothing(
    week_8_window: Week8Opener,
    services: AppServices,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    """No status line yet: the wait would end only at the 30 s read timeout. Cancel ends it
    long before (the bound is 10 s); a fresh reading is "Not downloaded" again, with no .part."""
    mute = Gate()
    silent = pdf_server.route("/mute.pdf", lambda _seen: Reply(gate=mute))
    landing = pdf_server.route("/papers/mute-landing", lambda _seen: Reply(gate=mute))
    window, ids = week_8_window([silent, landing, pdf_server.serve("/a.pdf", make_pdf(2))])
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    press(qtbot, window, ids[1], RowAction.DOWNLOAD)  # waits behind the first run
    qtbot.waitUntil(lambda: mute.holding() == 1)  # the request is in; no answer comes
    qtbot.waitUntil(lambda: row(window, ids[0]).status.text() == "Connecting…")

    press(qtbot, window, ids[0], RowAction.CANCEL)
    qtbot.waitUntil(lambda: state(window, ids[0]) is FetchState.NOT_FETCHED, timeout=10_000)
    assert row(window, ids[0]).status.text() == "Not downloaded"
    # The landing page (a link without .pdf is looked at first) is as silent: Cancel again.
    qtbot.waitUntil(lambda: mute.arrived == 2)  # held: the cut first request stays at the gate
    press(qtbot, window, ids[1], RowAction.CANCEL)
    wait_idle(qtbot, window, timeout=10_000)

    assert [state(window, i) for i in ids[:2]] == [FetchState.NOT_FETCHED] * 2
    assert row(window, ids[1]).status.text() == "Not downloaded"
    assert row(window, ids[1]).buttons[RowAction.DOWNLOAD].text() == "Download"
    assert not list(services.library.files_dir.glob("*.part"))
    assert len(pdf_server.seen("/mute.pdf")) == 1  # stopped, not retried
    assert len(pdf_server.seen("/papers/mute-landing")) == 1
    assert window.download_runner.wait(1_000)
    assert not [t.name for t in threading.enumerate() if t.name.startswith("download")]


def test_cancel_of_a_resume_the_server_never_answers_keeps_the_part(
    week_8_window: Week8Opener,
    services: AppServices,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    paper = make_pdf(2, size=4_000_000)
    mute = Gate()
    link = _silent_before_headers(
        pdf_server, "/later-mute.pdf", mute, Reply(200, {}, paper, stall_after=BEFORE_GATE)
    )
    others = [pdf_server.serve(f"/{n}.pdf", make_pdf(2, seed=n)) for n in (1, 2)]
    window, ids = week_8_window([link, *others])
    library = services.library.files_dir
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    qtbot.waitUntil(lambda: has_bytes_on_disk(library) and _kept_bytes(services) == BEFORE_GATE)
    press(qtbot, window, ids[0], RowAction.CANCEL)
    wait_idle(qtbot, window, timeout=10_000)
    paused = f"Paused at {BEFORE_GATE / 1000:.0f} kB of 4.0 MB"
    assert row(window, ids[0]).status.text() == paused

    press(qtbot, window, ids[0], RowAction.DOWNLOAD)  # "Resume": the server now says nothing
    qtbot.waitUntil(lambda: mute.holding() == 1)
    press(qtbot, window, ids[0], RowAction.CANCEL)
    wait_idle(qtbot, window, timeout=10_000)

    assert row(window, ids[0]).status.text() == paused
    assert row(window, ids[0]).buttons[RowAction.DOWNLOAD].text() == "Resume"
    assert _kept_bytes(services) == BEFORE_GATE
    assert LibraryStore(services.database).entry(ids[0]).bytes == BEFORE_GATE
    assert len(pdf_server.seen("/later-mute.pdf")) == 2
