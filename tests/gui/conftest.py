"""GUI fixtures: a fixed mid-term clock, services over a fresh data directory, windows that are
closed and whose background work is finished before the next test, the course page over HTTP,
a server on 127.0.0.1 for the readings' PDFs (tests/integration/pdf_server.py), and a stand-in
for the desktop (tests/qt_support.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.services.clock import Clock
from app.ui.launch import build_main_window
from app.ui.main_window import MainWindow
from tests.gui.library_course import relink_week_8
from tests.gui.term import EXTRA_READING, MID_TERM, SettableClock
from tests.integration.local_network import closed_port
from tests.integration.pdf_server import PdfServer
from tests.qt_support import Desktop as Desktop  # tests import it from here
from tests.qt_support import assert_no_qt_work_left
from tests.qt_support import desktop as desktop  # the fixture, for tests/gui


@pytest.fixture(autouse=True, scope="session")
def _deterministic_locale_and_zone() -> None:
    # The root conftest sets TZ after the interpreter started; the C library reads it on tzset.
    time.tzset()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


@pytest.fixture(autouse=True)
def _no_qt_work_left(qapp: QApplication) -> Iterator[None]:
    yield
    assert_no_qt_work_left(qapp)


@pytest.fixture
def pdf_server() -> Iterator[PdfServer]:
    with PdfServer() as running:
        yield running


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(MID_TERM)


@pytest.fixture
def services(data_dir: Path, clock: Clock) -> Iterator[AppServices]:
    opened = open_services(data_dir, clock=clock)
    yield opened
    opened.close()


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, services: AppServices) -> Iterator[WindowFactory]:
    """Build windows over ``services``; each is shown, and closed with its sync finished after.

    ``services=`` builds one over other services (a later run over the same data directory):
    those are closed after their window, as when that run ends.
    """
    made: list[MainWindow] = []
    handed_in: list[AppServices] = []
    fixture_services = services

    def make(
        *,
        sync_source: str | None = None,
        show: bool = True,
        services: AppServices | None = None,
    ) -> MainWindow:
        if services is None:
            services = fixture_services
        elif not any(services is other for other in handed_in):
            handed_in.append(services)
        window = build_main_window(services, sync_source=sync_source)
        made.append(window)
        if show:
            with qtbot.waitExposed(window):
                window.show()
        return window

    yield make
    for window in made:
        window.close()
        assert window.sync_runner.wait(30_000), "a sync did not finish"
        assert window.download_runner.wait(30_000), "a download did not stop"
        assert window.review.fetcher.wait(30_000), "a form fetch did not finish"
        assert not window.download_runner.running, "downloads outlived their window"
        assert not window.countdown_timer.isActive(), "the countdown timer outlived its window"
        window.deleteLater()
    for later_run in handed_in:
        later_run.close()
    qtbot.wait(1)  # let deleteLater run


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()


class Week8Opener(Protocol):
    def __call__(
        self, links: Sequence[str], extra: Sequence[tuple[str, str]] = ()
    ) -> tuple[MainWindow, list[str]]: ...


@pytest.fixture
def week_8_window(
    make_window: WindowFactory, services: AppServices, course_index_text: str, tmp_path: Path
) -> Week8Opener:
    """Point week 8 at ``links`` (plus ``extra``), sync, and open a window on week 8; returns
    the window and the readings' ids in order."""

    def open_week_8(
        links: Sequence[str], extra: Sequence[tuple[str, str]] = ()
    ) -> tuple[MainWindow, list[str]]:
        ids = relink_week_8(services, course_index_text, tmp_path / "site", links, extra)
        window = make_window()
        assert window.select_week(8)
        return window, ids

    return open_week_8


@pytest.fixture
def modified_index(course_index_text: str) -> str:
    """The course page with one more required reading in week 8."""
    anchor = (
        "* [The Case for Learned Index Structures [ICMD’18]](https://arxiv.org/abs/1712.01208)\n"
    )
    assert anchor in course_index_text
    extra = f"* [{EXTRA_READING} [OSDI’22]](https://arxiv.org/abs/2201.00001)\n"
    return course_index_text.replace(anchor, anchor + extra)


@pytest.fixture
def refused_url() -> str:
    """An http URL on a local port where nothing listens: the connection is refused."""
    return f"http://127.0.0.1:{closed_port()}/index.md"


@pytest.fixture
def course_url(httpserver: HTTPServer) -> str:
    return httpserver.url_for("/index.md")
