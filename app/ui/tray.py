"""The app's icon in the system tray: Show, the next deadline, Quit; and the reminders' way to
the student when no notification service runs (its balloon messages).

Qt shows a tray icon only where the desktop has a tray (a StatusNotifierWatcher or an XEmbed
tray); ``available`` asks, and everything else works the same whether the icon is seen or not.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.notify import Notification, Urgency
from app.resources import resources_dir

MESSAGE_MS = 15_000  # how long a balloon stays; a critical one asks the tray for longer
CRITICAL_MESSAGE_MS = 60_000
NO_DEADLINE = "No review due ahead"


def app_icon() -> QIcon:
    """The desktop theme's Study Companion icon where installed, else the one we ship."""
    shipped = QIcon(str(resources_dir() / "icons" / "study-companion.svg"))
    return QIcon.fromTheme("study-companion", shipped)


class Tray(QObject):
    show_requested = Signal()
    quit_requested = Signal()
    menu_opening = Signal()  # the moment to bring the deadline line up to date

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("Study Companion")
        self.menu = QMenu()
        self.show_action = self.menu.addAction("Show Study Companion")
        self.deadline_action = self.menu.addAction(NO_DEADLINE)
        self.deadline_action.setEnabled(False)  # information, not a command
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction("Quit")
        self.icon.setContextMenu(self.menu)
        self.show_action.triggered.connect(self.show_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.aboutToShow.connect(self.menu_opening)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self._clicked: Callable[[], None] | None = None

    def available(self) -> bool:
        """Does the desktop have a tray to show the icon in?"""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def set_next_deadline(self, text: str) -> None:
        self.deadline_action.setText(text or NO_DEADLINE)

    def present(self, notification: Notification, clicked: Callable[[], None]) -> None:
        """A reminder as a balloon from the icon; ``clicked()`` when the student clicks it.

        Trays show one balloon at a time, so a click belongs to the latest one."""
        self.icon.show()  # a balloon needs the icon on screen
        critical = notification.urgency is Urgency.CRITICAL
        kind = (
            QSystemTrayIcon.MessageIcon.Warning
            if critical
            else QSystemTrayIcon.MessageIcon.Information
        )
        self._clicked = clicked
        self.icon.showMessage(
            notification.summary,
            notification.body,
            kind,
            CRITICAL_MESSAGE_MS if critical else MESSAGE_MS,
        )

    @Slot(QSystemTrayIcon.ActivationReason)
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:  # a plain click on the icon
            self.show_requested.emit()

    @Slot()
    def _message_clicked(self) -> None:
        clicked, self._clicked = self._clicked, None  # one click opens it once
        if clicked is not None:
            clicked()
