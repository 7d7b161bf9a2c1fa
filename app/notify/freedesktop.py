"""Desktop notifications through the freedesktop Notifications service on the D-Bus session bus.

jeepney speaks D-Bus in pure Python, so this works without Qt (the `remind` command, run by a
timer or at login) as well as in the window's process. One connection serves a notifier: the
server sends ActionInvoked and NotificationClosed to the connection that asked for the
notification (dunst sends them to it alone; GNOME broadcasts them, hence the match rule), so
waiting for a click must happen on the connection that notified.

jeepney's threading router reads the connection on a daemon thread of its own: `notify` and
`wait` may be called from any thread, and several waits (for different ids) at once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection
from typing import Any

from app.notify.notification import (
    DESKTOP_ENTRY,
    ActionInvoked,
    CloseReason,
    DefaultAction,
    Notification,
    NotificationClosed,
    NotificationOutcome,
    NotificationUnavailable,
)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
# A local server answers in milliseconds; the limit only keeps a hung one from hanging us.
CALL_TIMEOUT_S = 10.0
_SERVER_DEFAULT_EXPIRY = -1  # the spec's "let the server decide how long it stays"
# What the bus answers when nothing owns the name and nothing can be started for it.
_NOBODY_THERE = {
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
}


class FreedesktopNotifier:
    """`Notifier` for Linux desktops (GNOME, KDE, dunst, mako, xfce4-notifyd...).

    `bus` is "SESSION" (the address in $DBUS_SESSION_BUS_ADDRESS) or a D-Bus address. The
    connection opens on first use and stays open until `close()`, so that clicks on what was
    sent can still be heard.
    """

    def __init__(self, bus: str = "SESSION", *, call_timeout: float = CALL_TIMEOUT_S) -> None:
        self._bus = bus
        self._call_timeout = call_timeout
        self._opening = threading.Lock()
        self._router: Any = None
        self._connection: Any = None
        self._inbox = _OutcomeInbox()

    def available(self) -> bool:
        """Is a notification service running on the bus, or can the bus start one?"""
        try:
            router = self._connected()
            from jeepney.bus_messages import message_bus
            from jeepney.io.threading import Proxy

            bus = Proxy(message_bus, router, timeout=self._call_timeout)
            if bus.NameHasOwner(BUS_NAME)[0]:
                return True
            return BUS_NAME in bus.ListActivatableNames()[0]
        except NotificationUnavailable:
            return False
        except (OSError, RuntimeError):  # the bus went away or hung (TimeoutError is an OSError)
            self.close()
            return False

    def notify(self, notification: Notification) -> str:
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg

        router = self._connected()
        actions = [DefaultAction.KEY, notification.action.label] if notification.action else []
        hints = {
            "urgency": ("y", int(notification.urgency)),
            "desktop-entry": ("s", DESKTOP_ENTRY),
        }
        call = new_method_call(
            DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE),
            "Notify",
            "susssasa{sv}i",
            (
                notification.app_name,
                0,  # replaces nothing: every reminder is a notification of its own
                notification.icon,
                notification.summary,
                notification.body,
                actions,
                hints,
                _SERVER_DEFAULT_EXPIRY,
            ),
        )
        try:
            reply = router.send_and_get_reply(call, timeout=self._call_timeout)
            server_id = str(unwrap_msg(reply)[0])
        except DBusErrorResponse as error:
            raise NotificationUnavailable(_one_line(_refusal(error.name, error.data))) from None
        except TimeoutError:
            raise NotificationUnavailable(
                f"the notification service did not answer within {self._call_timeout:g} s"
            ) from None
        except (OSError, RuntimeError) as error:  # the bus closed under us (RouterClosed)
            self.close()
            lost = f"lost the D-Bus session bus: {error}"
            raise NotificationUnavailable(_one_line(lost)) from None
        self._inbox.remember(server_id, notification)
        return server_id

    def wait(self, notification_id: str, timeout: float) -> NotificationOutcome | None:
        """The click on, or the closing of, a notification this notifier sent; None if neither
        came within `timeout` seconds. One that came before this call is returned at once."""
        return self._inbox.take([notification_id], timeout)

    def wait_any(
        self, notification_ids: Collection[str], timeout: float
    ) -> NotificationOutcome | None:
        """The first click on, or closing of, any of these notifications (sent by this
        notifier); None if none came within `timeout` seconds."""
        return self._inbox.take(notification_ids, timeout)

    def close(self) -> None:
        """Stop listening and close the connection; the next call opens a new one."""
        with self._opening:
            router, connection = self._router, self._connection
            self._router = self._connection = None
        if router is not None:
            router.close()
        if connection is not None:
            connection.close()

    def __enter__(self) -> FreedesktopNotifier:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connected(self) -> Any:
        with self._opening:
            if self._router is None:
                self._connection, self._router = self._open()
            return self._router

    def _open(self) -> tuple[Any, Any]:
        try:
            from jeepney import MatchRule
            from jeepney.bus_messages import message_bus
            from jeepney.io.threading import DBusRouter, Proxy, open_dbus_connection
        except ImportError:
            raise NotificationUnavailable(
                "desktop notifications need the jeepney package, which is not installed"
            ) from None
        address = _address_of(self._bus)
        try:
            connection = open_dbus_connection(address, auth_timeout=self._call_timeout)
        except (OSError, RuntimeError, ValueError) as error:
            raise NotificationUnavailable(
                _one_line(f"cannot reach the D-Bus session bus ({address}): {error}")
            ) from None
        router = DBusRouter(connection)
        signals = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
        # The router hands every message that matches to the inbox (see _OutcomeInbox).
        router.filter(signals, queue=self._inbox)
        try:  # servers that broadcast their signals reach us only through a match rule
            Proxy(message_bus, router, timeout=self._call_timeout).AddMatch(signals)
        except (OSError, RuntimeError) as error:
            router.close()
            connection.close()
            failed = f"the D-Bus session bus failed: {error}"
            raise NotificationUnavailable(_one_line(failed)) from None
        return connection, router


class _OutcomeInbox:
    """Clicks and closings by notification id, kept until a `wait` takes them.

    jeepney's router calls `put_nowait` from its receiver thread with each message that
    matches our rule: the one method of `queue.Queue` it uses, so this stands in for one.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._sent: dict[str, Notification] = {}
        self._arrived: dict[str, tuple[str, Any]] = {}

    def remember(self, notification_id: str, notification: Notification) -> None:
        with self._changed:
            self._sent[notification_id] = notification

    def put_nowait(self, message: Any) -> None:
        from jeepney import HeaderFields

        member = message.header.fields.get(HeaderFields.member)
        if member not in ("ActionInvoked", "NotificationClosed"):
            return
        notification_id = str(message.body[0])
        with self._changed:
            # The first word is the outcome: servers close a notification right after a click.
            self._arrived.setdefault(notification_id, (member, message.body[1]))
            self._changed.notify_all()

    def take(self, notification_ids: Collection[str], timeout: float) -> NotificationOutcome | None:
        def arrived() -> str | None:
            return next((n for n in notification_ids if n in self._arrived), None)

        with self._changed:
            notification_id = self._changed.wait_for(arrived, timeout)
            if notification_id is None:
                return None
            member, value = self._arrived.pop(notification_id)
            if member == "ActionInvoked":
                return ActionInvoked(notification_id, str(value), self._sent.get(notification_id))
            self._sent.pop(notification_id, None)  # closed: no click can follow
            return NotificationClosed(notification_id, _close_reason(int(value)))


def _address_of(bus: str) -> str:
    if bus != "SESSION":
        return bus
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        raise NotificationUnavailable("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set")
    return address


def _refusal(error_name: str, data: Any) -> str:
    if error_name in _NOBODY_THERE or error_name.startswith("org.freedesktop.DBus.Error.Spawn"):
        return f"no notification service on the D-Bus session bus (nothing provides {BUS_NAME})"
    detail = f": {data[0]}" if data and isinstance(data[0], str) else ""
    return f"the notification service refused the notification ({error_name}{detail})"


def _close_reason(value: int) -> CloseReason:
    try:
        return CloseReason(value)
    except ValueError:  # a server outside the spec: say so rather than guess
        return CloseReason.UNDEFINED


def _one_line(text: str) -> str:
    """Servers and sockets may say more than a line; the user gets one (UserFacingError)."""
    return " ".join(text.split())
