"""What the tests that use Qt (tests/gui, tests/reader) share: a stand-in for the desktop, and
the check that a test left no Qt work behind.

What the app would open in a browser or a file manager is handed to ``Desktop`` instead, and
kept in its ``opened``. The ``desktop`` fixture is offered to tests/gui and tests/reader by
their conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QThreadPool, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

SCHEMES = ("file", "http", "https")


class Desktop(QObject):
    """Stands in for the desktop: QDesktopServices hands file and web URLs to it."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def desktop(qapp: QApplication) -> Iterator[Desktop]:
    """What the app hands the desktop (a browser, a file manager) instead of opening it."""
    handler = Desktop()
    for scheme in SCHEMES:
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    yield handler
    for scheme in SCHEMES:
        QDesktopServices.unsetUrlHandler(scheme)


def assert_no_qt_work_left(app: QApplication) -> None:
    """After a test: Qt's global thread pool is idle and no window is left open."""
    assert QThreadPool.globalInstance().activeThreadCount() == 0, "global pool still busy"
    visible = [widget for widget in app.topLevelWidgets() if widget.isVisible()]
    assert not visible, f"windows left open: {visible}"
