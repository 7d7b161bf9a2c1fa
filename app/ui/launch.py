"""Starts the window: the QApplication, the services over the data directory, the main window.

Start-up is measured (``--exit-when-shown``): what the window does not show at once loads
later. requests, SQLAlchemy and PyMuPDF wait for a sync, a write or a PDF; the single-instance
channel (QtNetwork), the tray and the reminders for a real start (not a measurement); the
outbox's sender and the channel's server start once the window is shown.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.app_services import AppServices, open_services
from app.services.config import THEME
from app.store.damaged_database import DamagedDatabaseError
from app.store.paths import data_dir as resolve_data_dir
from app.ui.annotations.annotations_controller import AnnotationAccess
from app.ui.damaged_database_dialog import open_or_rescue
from app.ui.download_runner import DownloadRunner
from app.ui.help_menu import install_help
from app.ui.main_window import APP_NAME, MainWindow
from app.ui.reading_tabs import ReadingTabs
from app.ui.review.review_controller import ReviewAccess
from app.ui.sync_runner import SyncRunner
from app.ui.theme import theme
from app.ui.ui_state import UiState
from app.ui.welcome.opening import greet_on_start, install_welcome
from app.ui.window_actions import install_theme_menu
from app.ui.window_presence import WindowPresence, presence_of

if TYPE_CHECKING:
    from app.ui.outbox.outbox_controller import OutboxController
    from app.ui.reminder_runner import ClickNotifier
    from app.ui.tray import Tray

log = logging.getLogger(__name__)

SHOWN_TIMEOUT_MS = 10_000  # --exit-when-shown gives up waiting for a first paint after this


def build_main_window(
    services: AppServices,
    *,
    sync_source: str | None = None,
    notifiers: Callable[[], ClickNotifier] | None = None,
    tray: Tray | None = None,
) -> MainWindow:
    """The window over open services (also used by tests and the screenshot script).

    ``notifiers`` makes the notifier the window delivers due reminders through while open
    (the desktop's in a real run); None leaves reminders to the background check. ``tray``
    is the app's tray icon (None: no tray, closing the window quits). Its ``WindowPresence``
    (``presence_of``) takes the clicks, the tray's commands and the single-instance channel.
    """
    chosen_theme = services.settings.theme()  # not services.config: it loads more at start
    theme().apply(chosen_theme)  # before any widget: each is built in the right colours
    reminders = None
    if notifiers is not None:
        from app.ui.reminder_runner import ReminderRunner

        reminders = ReminderRunner(services.reminders_through, notifiers)
    window = MainWindow(
        services.course,
        SyncRunner(lambda: services.sync, reviews=lambda: services.reviews),
        DownloadRunner(services.library),
        services.clock,
        UiState(services.data_dir),
        ReadingTabs(
            lambda: services.reader,
            services.progress,
            annotations=lambda: services.annotations,
            settings=lambda: services.settings,
            natural_figures=lambda: services.settings.natural_figures(),
        ),
        annotations=AnnotationAccess(services.annotations, services.settings),
        reviews=ReviewAccess(
            lambda: services.reviews,
            services.annotations,
            services.settings,
            lambda: services.config,
            lambda: services.outbox,
            notifiers,
        ),
        sync_source=sync_source,
        reminders=reminders,
    )
    install_theme_menu(
        window,
        window.view_menu,
        chosen_theme,
        lambda mode: services.config.set(THEME, mode),
    )
    WindowPresence(
        window,
        services.course,
        services.clock,
        tray=tray,
        closes_to_tray=lambda: services.config.closes_to_tray(),
    )
    if window.review.outbox is not None:  # with no notification service, sends show there too
        window.review.outbox.runner.fallback = tray
    install_welcome(window, services)  # Help > Welcome…
    install_help(window, services)  # File > Settings…, Help's other commands and About
    return window


def _desktop_notifier() -> ClickNotifier:
    from app.notify import FreedesktopNotifier  # jeepney loads on the first check, not before

    return FreedesktopNotifier()


def _tray() -> Tray:
    from app.ui.tray import Tray  # a measured start has none

    return Tray()


def _serve(presence: WindowPresence, data_dir: Path, outbox: OutboxController | None) -> None:
    """What a shown window starts: the channel other starts ask, and the outbox's sender
    (what waits goes out, now and later; it reads the network's state, QtNetwork)."""
    presence.listen(data_dir)
    if outbox is not None:
        outbox.runner.start()


class _DailyBackup:
    """The day's copy of the database, on a thread of its own once the window is shown."""

    def __init__(self, services: AppServices) -> None:
        self._services = services
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="daily-backup", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            if written := self._services.backups.daily_if_due():
                log.info("backed up the database to %s", written)
        except Exception:  # a failed copy must not end the session; the log says why
            log.exception("the daily backup failed")


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
    review_week: int | None = None,
) -> int:
    """Open the window and run the event loop; returns the process exit code.

    One window per data directory: when one runs already, it is raised instead (on week
    ``review_week``'s draft when given) and this returns 0 at once.
    """
    claim = None
    if not exit_when_shown:  # a start-up measurement opens its own window, always
        from app.notify.window_channel import SHOW, WindowBusyError, become_window, review_request

        request = SHOW if review_week is None else review_request(review_week)
        try:
            claim = become_window(resolve_data_dir(data_dir), request)
        except WindowBusyError as busy:
            print(f"{busy}, which does not answer; close it and try again", file=sys.stderr)
            return 1
        if claim is None:  # the running window took the request
            return 0
    try:
        return _run_window(data_dir, exit_when_shown, sync_source, review_week)
    finally:
        if claim is not None:
            claim.release()


def _run_window(
    data_dir: str | Path | None,
    exit_when_shown: bool,
    sync_source: str | None,
    review_week: int | None,
) -> int:
    app = _application()
    try:
        services = open_services(data_dir)
    except DamagedDatabaseError as damaged:  # never overwritten: the student chooses
        if exit_when_shown:
            log.warning("%s", damaged)
        rescued = None if exit_when_shown else open_or_rescue(data_dir, damaged)
        if rescued is None:
            return 1
        services = rescued
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
        tray = None if exit_when_shown else _tray()
        window = build_main_window(
            services, sync_source=sync_source, notifiers=notifiers, tray=tray
        )
        presence = presence_of(window)
        daily_backup = _DailyBackup(services)
        # The running app may reach the network: a linked form not cached yet comes on opening.
        window.review.auto_fetch = not exit_when_shown
        outbox = window.review.outbox
        if exit_when_shown:
            window.week_list.viewport().installEventFilter(_QuitOnFirstPaint(app, window))
        else:  # once the window is up, not before: other starts find it, the outbox sends
            QTimer.singleShot(0, lambda: _serve(presence, services.data_dir, outbox))
            QTimer.singleShot(0, daily_backup.start)
        window.show()
        if review_week is not None:  # started by a click on a reminder
            presence.show_review(review_week)
        if not exit_when_shown:  # a new data directory is welcomed, over the shown window
            greet_on_start(window, services, review_start=review_week is not None)
        code = app.exec()
        window.close()  # saves the layout even when the loop ended some other way
        if presence.channel is not None:
            presence.channel.close()  # a later start finds no window here
        # Closing the last window posts a Quit; left queued, it would end the next event loop
        # of an application that outlives this call (tests) the moment it starts.
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
        # A sync or a cancelled download still in flight writes to the store: let them finish
        # before closing the engine.
        window.sync_runner.wait()
        window.download_runner.wait()
        window.review.fetcher.wait()
        if outbox is not None:
            outbox.runner.wait()
        if window.reminders is not None:
            window.reminders.wait()
        daily_backup.wait()
        window.deleteLater()
        return code
    finally:
        services.close()
