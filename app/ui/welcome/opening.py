"""When the welcome shows: once per data directory, over a shown window, at an ordinary start;
and whenever Help › Welcome… asks.

A start from a reminder's click (``--review WEEK``) is about that review: the welcome waits
for the next start. A directory an older version filled with the student's work is not new
to them (``settings.welcome_owed``). Skip, Escape, closing and Finish all mark it done.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction

from app.services.config import SCHEDULE_START, SYNC_SOURCE
from app.services.settings import welcome_owed
from app.ui import time_text
from app.ui.message_banner import BannerKind

if TYPE_CHECKING:
    from app.services.app_services import AppServices
    from app.ui.main_window import MainWindow
    from app.ui.welcome.wizard import WelcomeWizard

WELCOME_ACTION = "welcomeAction"  # the Help menu's Welcome… (window_actions)
SAVED_MESSAGE_MS = 10_000


def install_welcome(window: MainWindow, services: AppServices) -> None:
    """Help › Welcome… opens the welcome over ``window`` with the stored values filled in."""
    action = window.findChild(QAction, WELCOME_ACTION)
    if action is not None:
        action.triggered.connect(lambda: open_welcome(window, services))


def greet_on_start(window: MainWindow, services: AppServices, *, review_start: bool) -> None:
    """At a real start, once the window shows: the welcome, if this directory is owed it."""
    if not welcome_owed(services.settings, services.database):
        return
    if review_start:  # decided now, so a draft written in this run does not cancel it
        services.settings.set_welcome_done(False)
        return
    QTimer.singleShot(0, lambda: open_welcome(window, services, first_run=True))


def open_welcome(
    window: MainWindow, services: AppServices, *, first_run: bool = False
) -> WelcomeWizard:
    """Open the welcome window-modally over ``window`` (the one open, if it is already)."""
    from app.ui.welcome.wizard import WelcomeWizard  # its pages load when it opens

    for shown in window.findChildren(WelcomeWizard):
        if shown.isVisible():
            shown.raise_()
            shown.activateWindow()
            return shown
    today = time_text.local(services.clock.now()).date()
    wizard = WelcomeWizard(services.config, services.course, services.data_dir, today, window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.setWindowModality(Qt.WindowModality.WindowModal)
    wizard.applied.connect(lambda changes: _applied(window, changes))
    window.installEventFilter(_CloseWithWindow(wizard))
    if first_run:  # finished or skipped alike: never shown by itself again
        wizard.finished.connect(lambda _result: services.settings.set_welcome_done(True))
    app = QCoreApplication.instance()
    if app is not None:  # a quit during Finish waits for its writes before the store closes
        app.aboutToQuit.connect(wizard.writer.wait)
    wizard.open()
    return wizard


class _CloseWithWindow(QObject):
    """The welcome closes (as a Skip) when the window under it does: a quit from the tray,
    the end of a screenshot. Left open, it would keep the application running alone."""

    def __init__(self, wizard: WelcomeWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self._wizard.isVisible():
            self._wizard.reject()
        return False


def _applied(window: MainWindow, changes: dict[str, str]) -> None:
    if SCHEDULE_START in changes:
        window.reload()  # the term moved
    window.statusBar().showMessage("Your choices are saved", SAVED_MESSAGE_MS)
    source = changes.get(SYNC_SOURCE)
    if source:
        where = urlsplit(source).hostname or source
        window.banner.setToolTip(source)
        window.banner.show_message(
            BannerKind.INFO,
            f"<b>The course page is now {escape(where)}.</b> Sync to read its weeks and "
            "readings; the term shown stays as it is until then.",
            action="Sync now",
        )
