"""Reader fixtures: generated papers and bad files, reader tabs that are closed after each test
with their worker stopped, and checks that nothing (threads, timers, windows) is left behind.

Tests that use Qt (``qtbot`` or ``qapp``) are marked ``gui``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.reader import ReaderService
from app.ui.reader.reader_tab import ReaderTab
from tests.qt_support import assert_no_qt_work_left
from tests.qt_support import desktop as desktop  # the fixture, for tests/reader
from tests.reader.papers import (
    Paper,
    make_empty,
    make_encrypted,
    make_html,
    make_paper,
    make_truncated,
)

TAB_SIZE = (1000, 760)
OPEN_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        in_here = "/tests/reader/" in str(item.path).replace(os.sep, "/")
        fixtures = getattr(item, "fixturenames", ())
        if in_here and ("qtbot" in fixtures or "qapp" in fixtures or "open_tab" in fixtures):
            item.add_marker(pytest.mark.gui)


@dataclass(frozen=True)
class Files:
    paper: Paper  # 14 pages with an outline, links, figures, photos
    plain: Paper  # 4 pages without an outline (thumbnails)
    encrypted: Path
    truncated: Path
    empty: Path
    html: Path


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    folder = tmp_path_factory.mktemp("papers")
    paper = make_paper(folder / "paper.pdf", 14)
    plain = make_paper(folder / "plain.pdf", 4, seed=2, toc=False)
    encrypted = folder / "locked.pdf"
    make_encrypted(encrypted, paper.path)
    truncated = folder / "truncated.pdf"
    make_truncated(truncated, paper.path, keep=0.6)
    empty = folder / "empty.pdf"
    make_empty(empty)
    html = folder / "sign-in.pdf"
    make_html(html)
    return Files(paper, plain, encrypted, truncated, empty, html)


@pytest.fixture(autouse=True)
def _no_qt_work_left(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "qtbot" not in request.fixturenames and "open_tab" not in request.fixturenames:
        return
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert_no_qt_work_left(app)


@pytest.fixture
def service() -> ReaderService:
    return ReaderService()


OpenTab = Callable[..., ReaderTab]


def wait_until_open(qtbot: QtBot, tab: ReaderTab) -> None:
    """Until the tab has left 'opening'; when reading, until its first visible page is drawn."""
    qtbot.waitUntil(lambda: tab.state != "opening", timeout=OPEN_TIMEOUT_MS)
    if tab.state == "reading":
        qtbot.waitUntil(lambda: tab.view.current_page() in painted(tab), timeout=OPEN_TIMEOUT_MS)


def painted(tab: ReaderTab) -> set[int]:
    return set(tab.view.painted_pages)


def settle(qtbot: QtBot, tab: ReaderTab) -> None:
    """Until the worker is idle and every visible page is drawn at the current zoom."""
    qtbot.waitUntil(lambda: not tab.queue.busy, timeout=OPEN_TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: all(page in painted(tab) for page in tab.view.visible_pages()),
        timeout=OPEN_TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: not tab.queue.busy, timeout=OPEN_TIMEOUT_MS)


@pytest.fixture
def open_tab(qtbot: QtBot, service: ReaderService) -> Iterator[OpenTab]:
    """Open a file in a shown ReaderTab and wait for it; each is closed and checked after."""
    made: list[ReaderTab] = []

    def make(path: Path, *, wait: bool = True, **options: Any) -> ReaderTab:
        tab = ReaderTab(service, path, **options)
        made.append(tab)
        tab.resize(*TAB_SIZE)
        with qtbot.waitExposed(tab):
            tab.show()
        # Shortcuts go to the active window only; offscreen activates it by itself, X11
        # without a window manager (xvfb-run) does not.
        with qtbot.waitActive(tab):
            tab.activateWindow()
        if wait:
            wait_until_open(qtbot, tab)
        return tab

    yield make
    for tab in made:
        tab.close()
        assert tab.closed
        assert not tab.queue.busy, "the reader's worker outlived its tab"
        assert tab.queue.active_threads == 0, "the reader's pool is still running"
        running = [timer for timer in tab.findChildren(QTimer) if timer.isActive()]
        assert not running, f"timers left running: {running}"
        tab.deleteLater()
    qtbot.wait(1)  # let deleteLater run
