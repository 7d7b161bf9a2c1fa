"""Retry failed: after a run that left readings failed, one button downloads again those a
new attempt can fix (a server's error, a broken file, offline), never a login wall or a web
page; the banner says what happened once, and a later window shows how the term stands."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.services.app_services import AppServices, open_services
from app.ui.library_text import EMPTY_PANEL
from app.ui.main_window import MainWindow
from app.ui.message_banner import BannerKind
from tests.gui.conftest import Week8Opener, WindowFactory
from tests.gui.readings import row, state, wait_idle
from tests.integration.pdf_server import PdfServer, Reply, Seen
from tests.integration.test_download_offline import Refuser
from tests.pdfs import make_pdf

LOGIN_PAGE = (
    b"<html><head><title>Sign in</title></head><body><form method='post'>"
    b"<input name='user'><input type='password' name='password'></form></body></html>"
)
ESSAY = b"<html><head><title>An essay</title></head><body><p>Read me here.</p></body></html>"


def banner_button(window: MainWindow) -> QPushButton | None:
    """The banner's action button, when it shows one."""
    shown = [b for b in window.banner.findChildren(QPushButton) if b.isVisibleTo(window.banner)]
    return shown[0] if shown else None


def the_terms_readings(services: AppServices) -> int:
    """Readings of the live syllabus with a link: what the panel's headline counts."""
    return sum(
        1 for item in services.library.items() if not item.listed.archived and item.reading.url
    )


def test_retry_failed_fetches_what_a_retry_can_fix_and_leaves_login_walls(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    fixed, garbled = make_pdf(3, seed=1), make_pdf(4, seed=2)

    def first_missing(seen: Seen) -> Reply:  # the site fixes its link after the first run
        return Reply(404) if seen.number == 1 else Reply(200, {}, fixed)

    def first_garbled(seen: Seen) -> Reply:  # the first copy came in as junk
        body = b"\x00\x01 not a pdf at all " * 100 if seen.number == 1 else garbled
        return Reply(200, {"Content-Type": "application/octet-stream"}, body)

    links = [
        pdf_server.route("/moved.pdf", first_missing),
        pdf_server.route("/junk.pdf", first_garbled),
        pdf_server.route(
            "/walled.pdf", lambda _s: Reply(200, {"Content-Type": "text/html"}, LOGIN_PAGE)
        ),
    ]
    essay = pdf_server.route(
        "/essays/read-me.html", lambda _s: Reply(200, {"Content-Type": "text/html"}, ESSAY)
    )
    window, ids = week_8_window(links, [("Essay", essay)])
    panel = window.downloads_panel
    window.download_week_action.trigger()
    wait_idle(qtbot, window)

    assert [state(window, i) for i in ids] == [FetchState.FAILED] * 3 + [FetchState.WEB]
    assert window.banner.isVisible() and window.banner.kind == BannerKind.ERROR
    assert window.banner.text == "3 readings could not be downloaded: their rows say why."
    action = banner_button(window)
    assert action is not None and action.text() == "Retry failed (2)"  # not the login wall
    assert panel.retry_failed.isVisible() and panel.retry_failed.text() == "Retry failed (2)"
    # The tally is the panel's; the status bar does not say it a third time.
    assert panel.summary.text() == "Finished: 3 failed, 1 web page"
    assert window.statusBar().currentMessage() == ""  # nor is "Downloading…" left there
    assert not window.library.button.isVisible()

    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
    assert window.download_runner.running
    assert not window.banner.isVisible()  # the old outcome is not news any more
    assert not panel.retry_failed.isVisible()
    wait_idle(qtbot, window)

    assert [state(window, i) for i in ids[:2]] == [FetchState.READY] * 2
    assert row(window, ids[0]).status.text().startswith("✓ PDF ready · 3 pages")
    assert row(window, ids[1]).status.text().startswith("✓ PDF ready · 4 pages")
    assert state(window, ids[2]) is FetchState.FAILED
    assert [len(pdf_server.seen(p)) for p in ("/moved.pdf", "/junk.pdf")] == [2, 2]
    assert len(pdf_server.seen("/walled.pdf")) == 1  # a login wall is not asked again
    assert len(pdf_server.seen("/essays/read-me.html")) == 1
    assert panel.summary.text() == "Finished: 2 ready"  # the retry is the new session
    # The retry went well: no banner. The login wall's row still says what to do, and
    # nothing is left for Retry failed.
    assert not window.banner.isVisible()
    assert row(window, ids[2]).advice.text().startswith("This link leads to a login page")
    assert not panel.retry_failed.isVisible()


def test_the_panel_of_a_later_window_shows_how_the_last_downloads_left_the_term(
    week_8_window: Week8Opener,
    make_window: WindowFactory,
    services: AppServices,
    data_dir: Path,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    first, ids = week_8_window(
        [
            pdf_server.serve("/a.pdf", make_pdf(2)),
            pdf_server.url("/gone.pdf"),  # 404
            pdf_server.serve("/b.pdf", make_pdf(3)),
        ]
    )
    assert first.downloads_panel.summary.text() == EMPTY_PANEL  # nothing downloaded yet
    assert not first.downloads_panel.retry_failed.isVisible()
    first.download_week_action.trigger()
    wait_idle(qtbot, first)
    first.close()

    second = make_window(services=open_services(data_dir))
    panel = second.downloads_panel
    panel.show()
    total = the_terms_readings(services)
    # When: the files came at the test clock's moment, noon in Berkeley (the pinned zone);
    # Qt writes a narrow no-break space before PM.
    when = "Thu Mar 10, 12:00\u202fPM"
    assert (
        panel.summary.text() == f"Library: 2 of {total} readings here, 1 failed · last file {when}"
    )
    assert panel.tree.topLevelItemCount() == 1  # the failed one, with its reason
    assert panel.status_of(ids[1]).startswith("Failed: 127.0.0.1 answered 404 Not Found")
    assert panel.retry_failed.isVisible() and panel.retry_failed.text() == "Retry failed (1)"

    pdf_server.serve("/gone.pdf", make_pdf(5))
    panel.retry_failed.click()
    wait_idle(qtbot, second)
    assert second.library.entry(ids[1]).state is FetchState.READY
    assert panel.summary.text() == "Finished: 1 ready"
    assert not panel.retry_failed.isVisible()


@pytest.fixture
def refuser() -> Iterator[Refuser]:
    made = Refuser()
    yield made
    made.close()


def test_offline_readings_are_retried_together(
    week_8_window: Week8Opener, refuser: Refuser, qtbot: QtBot
) -> None:
    links = [f"http://127.0.0.{n}:{refuser.port}/paper/{n}" for n in (1, 2, 3)]
    window, ids = week_8_window(links)
    window.download_week_action.trigger()
    wait_idle(qtbot, window)
    assert window.banner.text == "You are offline: 3 readings not downloaded."
    action = banner_button(window)
    assert action is not None and action.text() == "Retry failed (3)"

    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
    assert window.download_runner.active_ids() == frozenset(ids)
    wait_idle(qtbot, window)
    assert window.banner.text == "You are offline: 3 readings not downloaded."
