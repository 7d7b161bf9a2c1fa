"""Starts the window: the QApplication, the services over the data directory, the main window.

Start-up is measured (``--exit-when-shown``), so only Qt's core modules, SQLAlchemy and our
store load here; requests and PyMuPDF are imported only when a sync or a PDF needs them.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.app_services import AppServices, open_services
from app.ui.annotations.annotations_controller import AnnotationAccess
from app.ui.download_runner import DownloadRunner
from app.ui.main_window import APP_NAME, MainWindow
from app.ui.reading_tabs import ReadingTabs
from app.ui.reminder_runner import ClickNotifier, ReminderRunner
from app.ui.review.review_controller import ReviewAccess
from app.ui.sync_runner import SyncRunner
from app.ui.ui_state import UiState

log = logging.getLogger(__name__)

SHOWN_TIMEOUT_MS = 10_000  # --exit-when-shown gives up waiting for a first paint after this


def build_main_window(
    services: AppServices,
    *,
    sync_source: str | None = None,
    notifiers: Callable[[], ClickNotifier] | None = None,
) -> MainWindow:
    """The window over open services (also used by tests and the screenshot script).

    ``notifiers`` makes the notifier the window delivers due reminders through while open
    (the desktop's in a real run); None leaves reminders to the background check.
    """
    reminders = None if notifiers is None else ReminderRunner(services.reminders_through, notifiers)
    return MainWindow(
        services.course,
        SyncRunner(services.sync, reviews=lambda: services.reviews),
        DownloadRunner(services.library),
        services.clock,
        UiState(services.data_dir),
        ReadingTabs(
            lambda: services.reader,
            services.progress,
            annotations=lambda: services.annotations,
            settings=lambda: services.settings,
        ),
        annotations=AnnotationAccess(services.annotations, services.settings),
        reviews=ReviewAccess(lambda: services.reviews, services.annotations),
        sync_source=sync_source,
        reminders=reminders,
    )


def _desktop_notifier() -> ClickNotifier:
    from app.notify import FreedesktopNotifier  # jeepney loads on the first check, not before

    return FreedesktopNotifier()


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("study-companion")
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("study-companion")  # Wayland and taskbars match the .desktop file
    return app


class _QuitOnFirstPaint(QObject):
    """Ends the event loop once the week list has painted: the window is up, the term shown."""

    def __init__(self, app: QApplication, parent: QObject) -> None:
        super().__init__(parent)
        self._app = app
        self._done = False
        self.fallback = QTimer(self)
        self.fallback.setSingleShot(True)
        self.fallback.timeout.connect(self._quit)
        self.fallback.start(SHOWN_TIMEOUT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            # Quit after this paint completes, not in the middle of it.
            QTimer.singleShot(0, self._quit)
            self._done = True
        return False

    def _quit(self) -> None:
        self.fallback.stop()
        self._app.quit()


def run_window(
    data_dir: str | Path | None,
    *,
    exit_when_shown: bool = False,
    sync_source: str | None = None,
) -> int:
    """Open the window and run the event loop; returns the process exit code."""
    app = _application()
    try:
        services = open_services(data_dir)
    except Exception as error:  # the store could not open: say why, in a window
        log.exception("cannot open the data directory")
        if not exit_when_shown:  # a benchmark run must never wait on a dialog
            QMessageBox.critical(
                None, APP_NAME, f"The data directory could not be opened:\n{error}"
            )
        return 1
    try:
        # A start-up measurement shows no reminders; a real run delivers them while open.
        notifiers = None if exit_when_shown else _desktop_notifier
        window = build_main_window(services, sync_source=sync_source, notifiers=notifiers)
        # The running app may reach the network: a linked form not cached yet comes on opening.
        window.review.editor.auto_fetch = not exit_when_shown
        if exit_when_shown:
            window.week_list.viewport().installEventFilter(_QuitOnFirstPaint(app, window))
        window.show()
        code = app.exec()
        window.close()  # saves the layout even when the loop ended some other way
        # Closing the last window posts a Quit; left queued, it would end the next event loop
        # of an application that outlives this call (tests) the moment it starts.
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
        # A sync or a cancelled download still in flight writes to the store: let them finish
        # before closing the engine.
        window.sync_runner.wait()
        window.download_runner.wait()
        window.review.editor.fetcher.wait()
        if window.reminders is not None:
            window.reminders.wait()
        window.deleteLater()
        return code
    finally:
        services.close()
