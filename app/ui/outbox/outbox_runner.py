"""The window's sender: the outbox worked through on a worker thread, never on the GUI's.

Every job (submit, flush, resend, confirm, a look at the entries, a probe) runs on this
runner's own one-thread pool, one after another, and ends by reading the entries again; the
result comes back only through signals (the house pattern of ``sync_runner``).

Once ``start``ed (by the running app; tests start it when they want it), it tries what is due
right away (the service recovers entries a vanished sender left first; a server's Retry-After
and the backoff are waited out, a new start is no reason to skip them), then each minute while
reviews wait, and when the network comes back also those whose last try reached no server:
Qt's network information says so where a backend exists; without one a cheap ``probe``
decides. What sends report (a send that reached nobody means offline) keeps ``online`` honest
either way. Only the student's Send now sends what still waits.

A review that goes out, or needs the student, from those background flushes is told with a
desktop notification (``outbox_notice.py``) through a notifier made by the same factory the
reminders use, kept for the run (the server sends a click only to the connection that asked);
with no notification service, the reminders' fallback presenter (the tray) shows it. A click
on either comes back as ``entry_clicked``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from app.domain.errors import UserFacingError
from app.domain.outbox import OutboxEntry, OutboxState
from app.notify import ActionInvoked, Notification, NotificationUnavailable
from app.ui.outbox.outbox_notice import notification_for
from app.ui.outbox.outbox_text import waiting_count

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

    from app.services.outbox import OutboxService, SubmitReport
    from app.ui.reminder_runner import ClickNotifier, FallbackPresenter

log = logging.getLogger(__name__)

TICK_MS = 60_000  # queued reviews whose time has come are tried each minute
LISTEN_LIMIT_S = 3600.0  # a notification clicked later than this opens nothing
LISTEN_SLICE_S = 0.2  # so that closing the window ends a wait promptly

Job = Callable[["OutboxService"], Any]


class OutboxRunner(QObject):
    entries_changed = Signal(object)  # list[OutboxEntry], newest first, after every job
    finished = Signal(str, object)  # the job's kind and result (reports, an entry, a bool...)
    failed = Signal(str, str)  # the job's kind, why in one line
    network_changed = Signal(object)  # True online, False offline, None not known yet
    entry_clicked = Signal(int)  # the outbox entry of a clicked notification

    _job_done = Signal(str, object, object)  # from the worker: kind, result, entries
    _job_failed = Signal(str, str, object)
    _job_clicked = Signal(int)
    _job_present = Signal(object, int)  # a Notification for the fallback, its entry

    def __init__(
        self,
        outbox: Callable[[], OutboxService],
        notifiers: Callable[[], ClickNotifier] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``outbox`` builds the service on first use; ``notifiers`` makes the one notifier
        kept for the whole run (None: nothing is notified)."""
        super().__init__(parent)
        self._outbox = outbox
        self._notifiers = notifiers
        self._notifier: ClickNotifier | None = None
        self.fallback: FallbackPresenter | None = None  # the tray, set by whoever has one
        self.entries: list[OutboxEntry] = []
        self.online: bool | None = None
        self.started = False
        self._pending = 0
        self._flushing = False
        self._stopping = threading.Event()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one send at a time, in the order asked
        self._listen_pool = QThreadPool(self)
        self._listen_pool.setMaxThreadCount(4)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._job_done.connect(self._on_done)
        self._job_failed.connect(self._on_failed)
        self._job_clicked.connect(self._on_clicked)
        self._job_present.connect(self._present)

    # -- what the window asks for ----------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def start(self) -> None:
        """Send what is due now, then keep at it: each minute, and when the network is back."""
        if self.started:
            return
        self.started = True
        self._stopping.clear()
        self.timer.start()
        info = _network_information()
        if info is not None:
            info.reachabilityChanged.connect(self.reachability_changed)
            self._set_online(_reachable(info.reachability()))
        if self.online is None:
            self.probe()
        self.flush()  # what an earlier run left: what is due goes, what waits keeps waiting

    def stop(self) -> None:
        """The window closes: no more ticks, the waits for clicks end (a send on its way
        finishes: ``wait`` for it, which then closes the notifier)."""
        self.timer.stop()
        self._stopping.set()
        if self.started:
            info = _network_information()
            if info is not None:
                info.reachabilityChanged.disconnect(self.reachability_changed)
        self.started = False

    def wait(self, msecs: int = -1) -> bool:
        """Block until no worker is left (shutdown and tests; never from a GUI action)."""
        done = self._pool.waitForDone(msecs)
        done = self._listen_pool.waitForDone(msecs) and done
        if done and self._stopping.is_set() and self._notifier is not None:
            self._notifier.close()
            self._notifier = None
        return done

    def refresh(self) -> None:
        self._start("refresh", lambda outbox: None)

    def submit(self, week: int) -> None:
        self._start("submit", lambda outbox: [outbox.submit(week)])

    def resend(self, entry_id: int) -> None:
        self._start("resend", lambda outbox: [outbox.resend(entry_id)])

    def confirm(self, entry_id: int) -> None:
        self._start("confirm", lambda outbox: outbox.confirm(entry_id))

    def flush(self, *, waiting_too: bool = False, unreached_too: bool = False) -> bool:
        """Send the queued reviews whose time has come; ``waiting_too``: every queued one (the
        student asked: said in the Outbox, not notified); ``unreached_too``: also those whose
        last try reached no server (the network is back). False when one is on its way."""
        if self._flushing:
            return False
        self._flushing = True
        notify = (lambda reports: reports) if waiting_too else self._notify_from_worker

        def job(outbox: OutboxService) -> list[SubmitReport]:
            return notify(outbox.flush(waiting_too=waiting_too, unreached_too=unreached_too))

        self._start("flush", job)
        return True

    def probe(self) -> None:
        self._start("probe", lambda outbox: outbox.probe())

    @Slot()
    def tick(self) -> None:
        if waiting_count(self.entries):
            self.flush()

    @Slot(object)
    def reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        """Qt's word on the network; back online, what waited for it goes now."""
        online = _reachable(reachability)
        if online is None:
            self.probe()
            return
        self._set_online(online)
        if online and waiting_count(self.entries):
            self.flush(unreached_too=True)

    # -- the worker ------------------------------------------------------------------------------

    def _start(self, kind: str, job: Job) -> None:
        self._pending += 1
        outbox = self._outbox()  # built here, on the GUI thread, if not yet
        self._pool.start(lambda: self._run(kind, job, outbox))

    def _run(self, kind: str, job: Job, outbox: OutboxService) -> None:  # on the worker
        try:
            result = job(outbox)
        except UserFacingError as error:
            self._job_failed.emit(kind, str(error), self._entries(outbox))
            return
        except Exception as error:  # a bug must not vanish with the worker thread
            log.exception("the outbox's %s failed unexpectedly", kind)
            reason = f"unexpected error: {error.__class__.__name__}: {error}"
            self._job_failed.emit(kind, reason, self._entries(outbox))
            return
        self._job_done.emit(kind, result, self._entries(outbox))

    @staticmethod
    def _entries(outbox: OutboxService) -> list[OutboxEntry] | None:
        try:
            return outbox.entries()
        except Exception:
            log.exception("reading the outbox failed")
            return None

    def _notify_from_worker(self, reports: list[SubmitReport]) -> list[SubmitReport]:
        """Tell the desktop what the background sending came to (on the worker)."""
        if self._notifiers is None or self._stopping.is_set():
            return reports
        for report in reports:
            notice = notification_for(report)
            if notice is None:
                continue
            try:
                if self._notifier is None:
                    self._notifier = self._notifiers()
                sent = self._notifier.notify(notice)
            except NotificationUnavailable as error:  # the tray, if any; the Outbox says it too
                log.info("the outbox notifies through the fallback: %s", error)
                self._job_present.emit(notice, report.outbox_id)
                continue
            except Exception:  # a bug must not lose the flush's reports
                log.exception("notifying what the outbox sent failed unexpectedly")
                continue
            self._listen_pool.start(
                lambda notifier=self._notifier, sent=sent: self._listen(notifier, sent)
            )
        return reports

    def _listen(self, notifier: ClickNotifier, notification_id: str) -> None:  # on a worker
        give_up = time.monotonic() + LISTEN_LIMIT_S
        while not self._stopping.is_set() and time.monotonic() < give_up:
            try:
                outcome = notifier.wait(notification_id, LISTEN_SLICE_S)
            except Exception:
                log.exception("listening to an outbox notification failed")
                return
            if outcome is None:
                continue
            if isinstance(outcome, ActionInvoked) and outcome.payload.isdigit():
                self._job_clicked.emit(int(outcome.payload))
            return

    # -- back on the GUI thread ------------------------------------------------------------------

    @Slot(str, object, object)
    def _on_done(self, kind: str, result: object, entries: list[OutboxEntry] | None) -> None:
        self._finish(kind, entries)
        if kind == "probe":
            self._set_online(bool(result))
        elif isinstance(result, list):
            self._learn_from(result)
        self.finished.emit(kind, result)

    @Slot(str, str, object)
    def _on_failed(self, kind: str, reason: str, entries: list[OutboxEntry] | None) -> None:
        self._finish(kind, entries)
        self.failed.emit(kind, reason)

    def _finish(self, kind: str, entries: list[OutboxEntry] | None) -> None:
        self._pending -= 1
        if kind == "flush":
            self._flushing = False
        if entries is not None:
            self.entries = entries
            self.entries_changed.emit(entries)

    def _learn_from(self, reports: list[SubmitReport]) -> None:
        """A send that reached the form means online; one that reached nobody, offline."""
        by_id = {entry.id: entry for entry in self.entries}
        for report in reports:
            entry = by_id.get(report.outbox_id)
            last = entry.receipts[-1] if entry is not None and entry.receipts else None
            if report.outcome == OutboxState.QUEUED and last is not None:
                self._set_online(last.status is not None)  # 429, 5xx: there, but busy
            elif report.outcome in (OutboxState.SENT, OutboxState.NEEDS_ATTENTION):
                self._set_online(True)

    def _set_online(self, online: bool | None) -> None:
        if online != self.online:
            self.online = online
            self.network_changed.emit(online)

    @Slot(int)
    def _on_clicked(self, entry_id: int) -> None:
        if not self._stopping.is_set():
            self.entry_clicked.emit(entry_id)

    @Slot(object, int)
    def _present(self, notice: Notification, entry_id: int) -> None:
        """No notification service: the fallback (asked here, on the GUI thread) shows it."""
        if self.fallback is not None and self.fallback.available():
            self.fallback.present(notice, lambda: self._on_clicked(entry_id))


def _network_information() -> QNetworkInformation | None:
    """Qt's network information, its default backend loaded once (None: no backend here).
    QtNetwork loads here, when the sender starts, not with the window."""
    from PySide6.QtNetwork import QNetworkInformation

    if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
        return None
    return QNetworkInformation.instance()


def _reachable(reachability: QNetworkInformation.Reachability) -> bool | None:
    from PySide6.QtNetwork import QNetworkInformation

    Reachability = QNetworkInformation.Reachability  # noqa: N806 - Qt's name
    if reachability in (Reachability.Online, Reachability.Site):
        return True
    if reachability in (Reachability.Disconnected, Reachability.Local):
        return False
    return None  # Unknown: a probe decides
