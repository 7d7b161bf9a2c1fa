"""Reminders while the window is open: due ones delivered on a worker, a click opens the draft.

The window asks for a check when it is shown and on each minute tick; the check runs the
reminder service on a worker thread of this runner's own, so the GUI never waits on D-Bus or
the store. The runner owns one notifier (made by the factory ``launch`` hands in) and keeps it
open between checks: the notification service sends a click only to the connection that showed
the notification, so that connection must outlive the check. Each reminder shown is then
waited for on a worker of its own, until it is clicked, closed, too old, or the window closes;
a click comes back to the GUI thread as ``week_clicked`` with the week whose draft to open.

With no notification service there, a fallback presenter (the tray's balloon messages, when
a tray is there) shows them instead: they count as given, and a click on one opens the draft
too. With neither, ``unavailable`` says so once (the window's status bar) and nothing is
recorded: the reminders wait for a check that can show them.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal, SignalInstance, Slot

from app.domain.reminder import Reminder
from app.notify import ActionInvoked, Notification, NotificationOutcome, NotificationUnavailable
from app.notify.clicks import HeldNotifier, KeptOpen
from app.services.reminders import ReminderNotifier, ReminderService

log = logging.getLogger(__name__)

# How long a reminder is listened to at most: past this, a click on it opens nothing.
WAIT_LIMIT_S = 3600.0
# Each wait is cut into slices this long, so that closing the window ends it promptly.
WAIT_SLICE_S = 0.2
MAX_LISTENED = 16  # reminders listened to at once (catch-up gives one per review)


class ClickNotifier(HeldNotifier, Protocol):
    """A notifier that also hears the clicks on what it sent (FreedesktopNotifier is one)."""

    def wait(self, notification_id: str, timeout: float) -> NotificationOutcome | None: ...


class FallbackPresenter(Protocol):
    """Shows a reminder when no notification service can (the tray is one), on the GUI thread."""

    def available(self) -> bool: ...

    def present(self, notification: Notification, clicked: Callable[[], None]) -> None:
        """Show it; ``clicked()`` when the student clicks it."""
        ...


ReminderServiceThrough = Callable[[Callable[[], ReminderNotifier]], ReminderService]


class ReminderRunner(QObject):
    week_clicked = Signal(int)  # the week of a clicked reminder: open its draft
    checked = Signal(object)  # list[int]: the weeks a finished check showed reminders for
    unavailable = Signal(str)  # nothing can show reminders (why), said once until one can

    # Emitted from the workers; queued to this GUI-thread object.
    _job_clicked = Signal(int)
    _job_checked = Signal(object)
    _job_present = Signal(object)  # a Notification for the fallback presenter

    def __init__(
        self,
        reminders: ReminderServiceThrough,
        notifiers: Callable[[], ClickNotifier],
        parent: QObject | None = None,
        *,
        wait_limit_s: float = WAIT_LIMIT_S,
    ) -> None:
        """``reminders`` builds the reminder service over a notifier (``reminders_through``);
        ``notifiers`` makes the one notifier this runner keeps (opened on the first check)."""
        super().__init__(parent)
        self._reminders = reminders
        self._notifiers = notifiers
        self._wait_limit_s = wait_limit_s
        self._notifier: ClickNotifier | None = None
        self._kept: KeptOpen[ClickNotifier] | None = None
        self._service: ReminderService | None = None
        self.fallback: FallbackPresenter | None = None  # set by whoever has a tray
        self._fallback_service: ReminderService | None = None  # made when first needed
        self._stopping = threading.Event()
        self._checking = False
        self._said_unavailable = False
        # Pools of our own: a check at a time; the listeners beside it, each on a thread.
        self._check_pool = QThreadPool(self)
        self._check_pool.setMaxThreadCount(1)
        self._listen_pool = QThreadPool(self)
        self._listen_pool.setMaxThreadCount(MAX_LISTENED)
        self._job_clicked.connect(self._on_clicked)
        self._job_checked.connect(self._on_checked)
        self._job_present.connect(self._present)

    @property
    def checking(self) -> bool:
        return self._checking

    def check(self) -> bool:
        """Deliver what is due now, on the worker; False (nothing started) while one runs."""
        if self._checking:
            return False
        self._checking = True
        self._stopping.clear()
        if self._notifier is None:
            self._notifier = self._notifiers()
            kept = self._kept = KeptOpen(self._notifier)
            self._service = self._reminders(lambda: kept)
        service, listened = self._service, self._kept
        assert service is not None and listened is not None
        # Asked here: a tray is the GUI thread's to ask about.
        fallback = None
        if self.fallback is not None and self.fallback.available():
            if self._fallback_service is None:
                presenting = _ThroughFallback(self._job_present)
                self._fallback_service = self._reminders(lambda: presenting)
            fallback = self._fallback_service
        self._check_pool.start(lambda: self._run(service, listened, fallback))
        return True

    def stop(self) -> None:
        """End the waits, let a check in flight finish, close the notifier (window closing)."""
        self._stopping.set()
        self.wait()
        if self._notifier is not None:
            self._notifier.close()
        self._notifier = self._kept = self._service = None
        self._checking = False

    def wait(self, msecs: int = -1) -> bool:
        """Block until no worker is left (shutdown and tests; never from a GUI action)."""
        checked = self._check_pool.waitForDone(msecs)
        return self._listen_pool.waitForDone(msecs) and checked

    def _run(  # on the worker
        self,
        service: ReminderService,
        kept: KeptOpen[ClickNotifier],
        fallback: ReminderService | None,
    ) -> None:
        sent_before = len(kept.sent)
        try:
            shown = service.deliver()
        except NotificationUnavailable as error:
            shown = self._deliver_instead(fallback, str(error))
        except Exception:  # a bug must not vanish with the worker thread
            log.exception("checking the reminders failed unexpectedly")
            shown = []
        else:
            self._said_unavailable = False
        for notification_id in kept.sent[sent_before:]:
            if not self._stopping.is_set():
                self._listen_pool.start(lambda sent=notification_id: self._listen(kept, sent))
        self._job_checked.emit([reminder.week for reminder in shown])

    def _deliver_instead(self, fallback: ReminderService | None, reason: str) -> list[Reminder]:
        if fallback is None:
            self._say_unavailable(reason)
            return []
        try:
            return fallback.deliver()  # shown by the presenter: given, as any shown reminder
        except Exception:
            log.exception("showing the reminders through the tray failed unexpectedly")
            return []

    def _listen(self, kept: KeptOpen[ClickNotifier], notification_id: str) -> None:  # on a worker
        give_up = time.monotonic() + self._wait_limit_s
        while not self._stopping.is_set():
            left = give_up - time.monotonic()
            if left <= 0:
                return
            try:
                outcome = kept.notifier.wait(notification_id, min(WAIT_SLICE_S, left))
            except Exception:
                log.exception("listening to reminder %s failed unexpectedly", notification_id)
                return
            if outcome is None:
                continue
            if isinstance(outcome, ActionInvoked) and outcome.payload.isdigit():
                self._job_clicked.emit(int(outcome.payload))
            return  # clicked or closed: nothing more can come

    def _say_unavailable(self, reason: str) -> None:
        if not self._said_unavailable:
            log.info("reminders are not shown while the window is open: %s", reason)
            self._said_unavailable = True
            self.unavailable.emit(reason)

    @Slot(object)
    def _present(self, notification: Notification) -> None:
        action = notification.action
        week = int(action.payload) if action and action.payload.isdigit() else None
        if self.fallback is not None:
            self.fallback.present(notification, lambda: self._fallback_clicked(week))

    def _fallback_clicked(self, week: int | None) -> None:
        if week is not None:
            self.week_clicked.emit(week)

    @Slot(int)
    def _on_clicked(self, week: int) -> None:
        if not self._stopping.is_set():
            self.week_clicked.emit(week)

    @Slot(object)
    def _on_checked(self, weeks: list[int]) -> None:
        self._checking = False
        self.checked.emit(weeks)


class _ThroughFallback:
    """The fallback presenter as the reminder service's notifier: called on the worker, it
    hands the notification to the GUI thread and counts it shown (a tray reports nothing)."""

    _ids = itertools.count(1)

    def __init__(self, present: SignalInstance) -> None:
        self._present = present

    def available(self) -> bool:
        return True  # asked on the GUI thread before the check started

    def notify(self, notification: Notification) -> str:
        self._present.emit(notification)
        return f"fallback-{next(self._ids)}"

    def close(self) -> None:
        pass
