"""The window's side of the outbox: the Outbox dock (View > Outbox, Ctrl+Shift+O), the network
state in the status bar, the sender (``OutboxRunner``), and the review editor's Submit and the
buttons of its submit bar, all wired here so the main window needs no line for them.

The dock is hidden at start: its view is imported and built when it is first shown (``view``),
and the editor's side is wired when the review controller builds the editor (``attach_editor``).

Opening a link in the browser goes through ``open_url`` (QDesktopServices in a real run; a
test hands in its own, since no browser can open here).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow

from app.domain.errors import UserFacingError
from app.domain.form import Form
from app.domain.outbox import OutboxEntry, OutboxState
from app.domain.review import ReviewStatus
from app.ui.message_banner import BannerKind
from app.ui.outbox.outbox_runner import OutboxRunner
from app.ui.outbox.outbox_text import attention_count, waiting_count

if TYPE_CHECKING:  # the view and the dialogs load when first shown
    from app.services.outbox import OutboxService, SubmitReport
    from app.services.reviews import ReviewService
    from app.ui.outbox.outbox_view import OutboxView
    from app.ui.outbox.submit_dialog import SubmitDialog
    from app.ui.reminder_runner import ClickNotifier
    from app.ui.review.review_editor import ReviewEditor

MESSAGE_MS = 10_000
SHOWN_WIDTH = 640  # the Outbox's width when it opens, if the window has room


class OutboxController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        outbox: Callable[[], OutboxService],
        reviews: Callable[[], ReviewService],
        open_review: Callable[[int], bool],
        *,
        beside: QDockWidget | None = None,
        notifiers: Callable[[], ClickNotifier] | None = None,
        reviews_changed: Callable[[], object] = lambda: None,
    ) -> None:
        """``open_review(week)`` shows a week's review in the editor (built by then); ``beside`` is
        the dock the Outbox shares its place with; ``reviews_changed()`` after the outbox moved (the
        Due view reads the statuses again)."""
        super().__init__(window)
        self._window = window
        self._outbox = outbox
        self._reviews = reviews
        self._editor: ReviewEditor | None = None
        self._view: OutboxView | None = None
        self._open_review = open_review
        self._reviews_changed = reviews_changed
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.submit_dialog: SubmitDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.runner = OutboxRunner(outbox, notifiers, self)
        self.dock = QDockWidget("Outbox", window)
        self.dock.setObjectName("outboxDock")  # saveState() needs a name to restore it
        self.dock.setMinimumWidth(440)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        if beside is not None:
            window.tabifyDockWidget(beside, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._visibility_changed)
        self.action = QAction("&Outbox", window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.action.setToolTip("Reviews you submitted, and every attempt to send them")
        self.action.setStatusTip("Show the outbox: what was sent, what waits, what needs you")
        self.action.triggered.connect(self.toggle)
        self.network_label = QLabel()
        self.network_label.setToolTip(
            "The network, and the reviews waiting to go out (Ctrl+Shift+O)"
        )
        self.network_label.hide()
        window.statusBar().addPermanentWidget(self.network_label)

        self.runner.entries_changed.connect(self._entries_changed)
        self.runner.network_changed.connect(self._update_label)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.entry_clicked.connect(self.show_entry)

    @property
    def view(self) -> OutboxView:
        """The dock's list of entries, built the first time it is wanted."""
        return self.build_view()

    def build_view(self) -> OutboxView:
        if self._view is None:
            from app.ui.outbox.outbox_view import OutboxView

            view = OutboxView()
            view.send_now.connect(lambda: self.runner.flush(waiting_too=True))
            view.resend.connect(self.runner.resend)
            view.confirm.connect(self.runner.confirm)
            view.prefill.connect(self.open_prefilled)
            view.browser_submitted.connect(self._browser_submitted)
            view.open_review.connect(self._open_review)
            view.export_requested.connect(self.ask_export)
            view.show_entries(self.runner.entries)
            self.dock.setWidget(view)
            self._view = view
        return self._view

    def attach_editor(self, editor: ReviewEditor) -> None:
        """The review editor's Submit and submit bar, wired once the editor is built."""
        self._editor = editor
        submitting = editor.submitting
        submitting.entry_for = self.entry_for
        submitting.submit_requested.connect(self.ask_submit)
        submitting.prefill_requested.connect(self.open_prefilled)
        editor.status_changed.connect(lambda _week: self.runner.refresh())
        bar = submitting.bar
        bar.arrived.connect(self.runner.confirm)
        bar.send_again.connect(self.runner.resend)
        bar.outbox_requested.connect(self.show_entry)

    def restored(self) -> None:
        """After the window's layout was restored: a dock it shows gets its view."""
        if not self.dock.isHidden():
            self.build_view()  # built for the restored dock

    def _editor_week(self) -> int | None:
        return self._editor.week if self._editor is not None else None

    # -- the dock ----------------------------------------------------------------------------

    @Slot()
    def toggle(self) -> None:
        if self.dock.isVisible() and not self.dock.visibleRegion().isEmpty():
            self.dock.hide()
        else:
            self.show()

    def show(self) -> None:
        self.build_view()  # built before the dock shows
        self.dock.show()
        self.dock.raise_()
        # Room for the receipts: what the term's panes can spare, up to a comfortable width.
        wanted = max(self.dock.width(), SHOWN_WIDTH)
        self._window.resizeDocks([self.dock], [wanted], Qt.Orientation.Horizontal)
        self.runner.refresh()

    @Slot(int)
    def show_entry(self, entry_id: int) -> None:
        """The Outbox on ``entry_id`` (a notification clicked, Show in outbox)."""
        self.show()
        self.view.select_entry(entry_id)
        self._window.show()
        self._window.raise_()
        self._window.activateWindow()

    @Slot(bool)
    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.build_view()  # shown some other way: a tab of the Review dock's
            self.runner.refresh()

    def entry_for(self, week: int, revision: int) -> OutboxEntry | None:
        return next(
            (e for e in self.runner.entries if e.week == week and e.revision == revision), None
        )

    # -- sending -----------------------------------------------------------------------------

    @Slot(int)
    def ask_submit(self, week: int) -> SubmitDialog | None:
        """What will be sent, to which form; Send queues it and tries at once, on the worker."""
        view = self._reviews().draft(week)
        if not isinstance(view.questions, Form):
            return None
        from app.ui.outbox.submit_dialog import SubmitDialog

        dialog = SubmitDialog(week, view.questions, view.draft.answers, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.send(week))
        dialog.finished.connect(self._dialog_closed)
        self.submit_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _dialog_closed(self) -> None:
        self.submit_dialog = None  # deleted on close

    def send(self, week: int) -> None:
        try:
            if self._reviews().draft(week).draft.status is not ReviewStatus.READY:
                self._reviews().mark_ready(week)  # Submit on a finished draft: ready first
        except UserFacingError as error:
            self._tell(week, BannerKind.ERROR, str(error))
            return
        self.runner.submit(week)
        if self._editor is not None and self._editor.week == week:
            self._editor.submitting.lock_for_sending()

    @Slot(int)
    def open_prefilled(self, week: int) -> None:
        try:
            link = self._outbox().prefill_link(week)
        except UserFacingError as error:
            self._tell(week, BannerKind.ERROR, str(error))
            return
        if not self.open_url(QUrl(link)):
            self._window.statusBar().showMessage("Could not open a browser", MESSAGE_MS)

    @Slot(int)
    def _browser_submitted(self, week: int) -> None:
        if self._open_review(week) and self._editor is not None:
            self._editor.submitting.ask_submitted()

    # -- what the sender says ----------------------------------------------------------------

    @Slot(object)
    def _entries_changed(self, entries: list[OutboxEntry]) -> None:
        if self._view is not None:
            self._view.show_entries(entries)
        if self._editor is not None:
            self._editor.submitting.refresh_state()
        self._reviews_changed()
        self._update_label()

    @Slot(str, object)
    def _finished(self, kind: str, result: object) -> None:
        if kind in ("submit", "resend") and isinstance(result, list):
            for report in result:
                self._said(report)
        elif kind == "confirm" and isinstance(result, OutboxEntry):
            self._tell(result.week, BannerKind.SUCCESS, "Kept as submitted: it arrived.")

    def _said(self, report: SubmitReport) -> None:
        if report.outcome == OutboxState.SENT:
            self._tell(report.week, BannerKind.SUCCESS, "Sent: the form recorded it.")
        elif report.outcome == OutboxState.QUEUED:
            words = "Queued: it goes out by itself as soon as the network is there."
            self._tell(report.week, BannerKind.INFO, words)
        elif self._editor is not None and self._editor.week == report.week:
            self._editor.banner.hide()  # the submit bar says why, with the way forward

    @Slot(str, str)
    def _failed(self, kind: str, reason: str) -> None:
        self._tell(self._editor_week(), BannerKind.ERROR, reason)

    def _tell(self, week: int | None, kind: BannerKind, text: str) -> None:
        editor = self._editor
        if week is not None and editor is not None and editor.week == week and editor.isVisible():
            from html import escape

            editor.banner.show_message(kind, escape(text))
        else:
            self._window.statusBar().showMessage(text, MESSAGE_MS)

    @Slot()
    def _update_label(self) -> None:
        entries = self.runner.entries
        parts = {True: ["Online"], False: ["Offline"], None: []}[self.runner.online]
        waiting, attention = waiting_count(entries), attention_count(entries)
        if waiting:
            parts.append(f"{waiting} review{'s' if waiting != 1 else ''} waiting")
        if attention:
            parts.append(f"{attention} need{'s' if attention == 1 else ''} attention")
        self.network_label.setText(" · ".join(parts))
        self.network_label.setVisible(bool(parts))

    # -- export ------------------------------------------------------------------------------

    @Slot()
    def ask_export(self) -> QFileDialog:
        dialog = QFileDialog(self._window, "Export receipts")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("JSON files (*.json)")
        dialog.setDefaultSuffix("json")
        dialog.selectFile(str(Path.home() / "outbox-receipts.json"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.export_to)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    @Slot(str)
    def export_to(self, path: str) -> bool:
        """Every entry with its attempts, as the store has them now."""
        from app.ui.outbox.outbox_export import write_receipts

        try:
            write_receipts(self._outbox().entries(), Path(path))
        except (OSError, UserFacingError) as error:
            self._window.statusBar().showMessage(f"Could not write {path}: {error}", MESSAGE_MS)
            return False
        self._window.statusBar().showMessage(f"Receipts written to {path}", MESSAGE_MS)
        return True
