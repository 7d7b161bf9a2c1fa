"""What a desktop notification says, what can come back from it, and the notifier's contract.

Plain values, no I/O: the reminders service builds a `Notification`, a `Notifier` shows it, and
a click or a dismissal comes back as an `ActionInvoked` or a `NotificationClosed`. The payload
of the default action (the week a reminder is about) stays on our side of the bus: notification
servers hand back only the action's key, so the notifier that sent a notification pairs the
click with it again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar, Protocol

from app.domain.errors import UserFacingError

APP_NAME = "Study Companion"
# The name of packaging/study-companion.desktop and of the icon in resources/icons: desktops
# group our notifications under the app's entry and show its icon.
DESKTOP_ENTRY = "study-companion"
ICON_NAME = "study-companion"


# The issue names it so: it reads as the state the student is told about, not as a bug.
class NotificationUnavailable(UserFacingError):  # noqa: N818
    """No notification service can show anything now; str() says why in one line."""


class Urgency(enum.IntEnum):
    """The urgency levels of the freedesktop notification spec, with their byte values."""

    LOW = 0
    NORMAL = 1
    CRITICAL = 2  # servers keep these on screen until the student dismisses them


class CloseReason(enum.IntEnum):
    """Why a server says a notification went away (the spec's NotificationClosed reasons)."""

    EXPIRED = 1
    DISMISSED = 2  # the student closed it
    CLOSED_BY_CALL = 3  # a program asked the server to close it
    UNDEFINED = 4


@dataclass(frozen=True)
class DefaultAction:
    """What a click on the notification itself does.

    `label` is shown where a server lists actions (buttons, a context menu); `payload` is ours:
    given back with the click, e.g. the week number "5", so the click opens that week's draft.
    """

    KEY: ClassVar[str] = "default"  # the spec's key for "clicked the notification's body"

    label: str
    payload: str = ""


@dataclass(frozen=True)
class Notification:
    summary: str
    body: str = ""
    urgency: Urgency = Urgency.NORMAL
    action: DefaultAction | None = None
    icon: str = ICON_NAME
    app_name: str = APP_NAME

    def __post_init__(self) -> None:
        if not self.summary.strip():
            raise ValueError("a notification needs a summary: servers show it as the title")


@dataclass(frozen=True)
class ActionInvoked:
    """The student clicked: `action_key` is "default" for the notification's own action.

    `notification` is what was sent, known when this notifier sent it (so its payload too).
    """

    notification_id: str
    action_key: str
    notification: Notification | None

    @property
    def payload(self) -> str:
        action = self.notification.action if self.notification else None
        return action.payload if action and self.action_key == action.KEY else ""


@dataclass(frozen=True)
class NotificationClosed:
    notification_id: str
    reason: CloseReason


NotificationOutcome = ActionInvoked | NotificationClosed


class Notifier(Protocol):
    """Shows notifications; the reminders service depends on this, not on D-Bus."""

    def notify(self, notification: Notification) -> str:
        """Show it now and return the server's id for it.

        Raises `NotificationUnavailable` when no notification service is there to show it.
        """
        ...
