"""How the window stays within the student's reach: reminders' clicks, the single-instance
channel, the tray, and closing to the tray.

A click on a reminder (the desktop's or the tray's), a second start (``show``) and the
background ``remind`` (``review N``) all end here: the window comes forward, on that week's
draft when one is named. With ``window.close_to_tray`` on and a tray there, closing the window
hides it (its layout saved as on a close) and reminders keep coming from this process, checked
each minute; Quit (the tray's, or Ctrl+Q) really quits.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication

from app.domain.deadline import DueStatus
from app.services.clock import Clock
from app.services.course import CourseService
from app.ui import time_text

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.single_instance import WindowChannel
    from app.ui.tray import Tray

log = logging.getLogger(__name__)

HIDDEN_CHECK_MS = 60_000  # reminders while hidden in the tray: the window's own minute tick
CANNOT_REMIND = "Reminders cannot be shown: no notification service and no system tray"


class WindowPresence(QObject):
    def __init__(
        self,
        window: MainWindow,
        course: CourseService,
        clock: Clock,
        *,
        tray: Tray | None = None,
        closes_to_tray: Callable[[], bool] = lambda: False,
    ) -> None:
        """``closes_to_tray`` reads the setting at each close (it may change meanwhile)."""
        super().__init__(window)
        self._window = window
        self._course = course
        self._clock = clock
        self._closes_to_tray = closes_to_tray
        self._quitting = False
        self.tray = tray
        self.channel: WindowChannel | None = None
        self.hidden_checks = QTimer(self)
        self.hidden_checks.setInterval(HIDDEN_CHECK_MS)
        runner = window.reminders
        if runner is not None:
            runner.setParent(window)
            runner.week_clicked.connect(self.show_review)
            runner.unavailable.connect(self._cannot_remind)
            runner.fallback = tray
            self.hidden_checks.timeout.connect(runner.check)
        if tray is not None:
            tray.setParent(self)
            tray.show_requested.connect(self.bring_forward)
            tray.quit_requested.connect(self.quit)
            tray.menu_opening.connect(self.update_tray)
            self.update_tray()
            if tray.available():
                tray.icon.show()
        # Ctrl+Q quits for real, even when closing only hides: it comes here instead.
        with contextlib.suppress(RuntimeError, TypeError):
            window.quit_action.triggered.disconnect(window.close)
        window.quit_action.triggered.connect(self.quit)
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._about_to_quit)  # e.g. the session ends

    def listen(self, data_dir: Path) -> bool:
        """Take requests from other processes started on ``data_dir``."""
        from app.ui.single_instance import WindowChannel  # QtNetwork: after the window shows

        channel = self.channel = WindowChannel(self._describe, self)
        channel.show_requested.connect(self.bring_forward)
        channel.review_requested.connect(self.show_review)
        return channel.listen(data_dir)

    @Slot()
    def bring_forward(self) -> None:
        window = self._window
        window.show()  # from the tray, or minimized
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()

    @Slot(int)
    def show_review(self, week: int) -> None:
        """That week's draft, in this window brought to the front."""
        self.bring_forward()
        self._window.review.open_week(week)

    @Slot()
    def quit(self) -> None:
        self._quitting = True
        self._window.close()
        QCoreApplication.quit()

    @Slot()
    def update_tray(self) -> None:
        if self.tray is None:
            return
        now = self._clock.now()
        ahead = [d for d in self._course.deadlines(now) if d.status is not DueStatus.PAST]
        self.tray.set_next_deadline(
            f"Next: week {ahead[0].week} review, due {time_text.due_text(ahead[0].due)}"
            if ahead
            else ""
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            return self._closing(event)
        if watched is self._window and event.type() == QEvent.Type.Show:
            self.hidden_checks.stop()  # the window's own tick takes over
        return False

    def _closing(self, event: QEvent) -> bool:
        to_tray = (
            not self._quitting
            and self.tray is not None
            and self.tray.available()
            and self._closes_to_tray()
        )
        app = QCoreApplication.instance()
        if isinstance(app, QApplication):
            # Hidden in the tray, a dialog closing must not end the app as the last window.
            app.setQuitOnLastWindowClosed(not to_tray)
        if not to_tray:
            return False  # the window closes as always
        self._window.save_state()
        event.ignore()
        self._window.hide()
        self.hidden_checks.start()
        return True

    def _describe(self) -> dict[str, object]:
        review = self._window.review
        return {
            "shown": self._window.isVisible(),
            "review": review.editor.week if review.dock.isVisible() else None,
        }

    @Slot(str)
    def _cannot_remind(self, _reason: str) -> None:  # the runner logged why
        self._window.statusBar().showMessage(CANNOT_REMIND)

    @Slot()
    def _about_to_quit(self) -> None:
        self._quitting = True


def presence_of(window: MainWindow) -> WindowPresence:
    """The presence ``launch.build_main_window`` gave this window."""
    presence = window.findChild(WindowPresence)
    assert presence is not None, "the window was not built by build_main_window"
    return presence
