"""Desktop notifications: what a reminder says (`Notification`) and who shows it (`Notifier`).

`FreedesktopNotifier` shows them through the freedesktop Notifications service on the D-Bus
session bus, without Qt, so the `remind` command can notify while the window is closed.
`scheduling` installs what runs that command in the background (a systemd user timer, or an
XDG autostart entry where systemd is not there).
"""

from app.notify.freedesktop import FreedesktopNotifier
from app.notify.notification import (
    APP_NAME,
    ActionInvoked,
    CloseReason,
    DefaultAction,
    Notification,
    NotificationClosed,
    NotificationOutcome,
    NotificationUnavailable,
    Notifier,
    Urgency,
)

__all__ = [
    "APP_NAME",
    "ActionInvoked",
    "CloseReason",
    "DefaultAction",
    "FreedesktopNotifier",
    "Notification",
    "NotificationClosed",
    "NotificationOutcome",
    "NotificationUnavailable",
    "Notifier",
    "Urgency",
]
