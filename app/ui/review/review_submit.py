"""The editor's way to the form: Submit… (Ctrl+Return), the submit bar over a review that went
out, the fields locked while it goes and once it is sent, a sent review's next revision, and
Mark submitted… (sent in the browser: asked first, it stops the reminders).

Submit… asks for ``submit_requested`` once the draft is saved: the outbox controller shows what
will be sent and sends it on its worker, then calls ``lock_for_sending``; as the outbox moves
the review on, ``refresh_state`` reads its status again. The submit bar (``outbox/submit_bar.py``)
says why the fields are read-only, with Start a new revision; a review that needs the student
gets its reason there and the buttons that move it on.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from app.domain.form import Form
from app.domain.outbox import OutboxEntry, OutboxReason
from app.domain.review import ReviewStatus
from app.services.reviews import DraftView, ReviewError, ReviewService
from app.ui.message_banner import BannerKind, MessageBanner
from app.ui.outbox.submit_bar import SubmitBar
from app.ui.review.review_status import READ_ONLY, submitted_question

SUBMIT_TIP = "See what will be sent, then send it to the form (Ctrl+Return)"


class Editor(Protocol):
    """What these controls need of the review editor (its module imports this one)."""

    week: int | None
    view: DraftView | None
    banner: MessageBanner

    @property
    def status_changed(self) -> SignalInstance: ...
    @property
    def editing(self) -> bool: ...
    def save_now(self) -> bool: ...
    def set_read_only(self, read_only: bool) -> None: ...
    def show_view(self, view: DraftView) -> None: ...
    def reopen(self) -> None: ...


class SubmitControls(QObject):
    submit_requested = Signal(int)  # the week: show what goes, then send it (outbox controller)
    prefill_requested = Signal(int)  # the week: its form pre-filled in the browser

    def __init__(
        self, editor: Editor, reviews: Callable[[], ReviewService], widget: QWidget
    ) -> None:
        """``widget`` is the editor's: Ctrl+Return works within it, questions open over it."""
        super().__init__(widget)
        self._editor = editor
        self._widget = widget
        self._reviews = reviews
        # This revision's outbox entry (the outbox controller knows them; none without it).
        self.entry_for: Callable[[int, int], OutboxEntry | None] = lambda week, rev: None
        self.button = QPushButton("Submit…")
        self.button.clicked.connect(self.request)
        self.shortcut = QShortcut(QKeySequence("Ctrl+Return"), widget)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.request)
        self.bar = SubmitBar()
        self.bar.revise_requested.connect(self.start_revision)
        self.bar.browser_submitted.connect(self.ask_submitted)
        self.bar.prefill_requested.connect(self._prefill)
        self.submitted_button = QPushButton("Mark submitted…")
        self.submitted_button.setToolTip("You submitted it in the browser: stop the reminders")
        self.submitted_button.clicked.connect(self.ask_submitted)
        self.confirm: QMessageBox | None = None

    def show_state(self, view: DraftView) -> bool:
        """Submit…, Mark submitted… and the bar for ``view``; whether it is read-only."""
        status = view.draft.status
        entry = self.entry_for(view.draft.week, view.draft.revision)
        held = entry is not None and entry.reason is OutboxReason.AMBIGUOUS
        blocked = submit_block(view, entry)
        self.button.setEnabled(blocked is None)
        self.button.setToolTip(blocked or SUBMIT_TIP)
        self.bar.show_for(status, entry)
        self.submitted_button.setEnabled(status is not ReviewStatus.SUBMITTED and not held)
        return status in READ_ONLY or (status is ReviewStatus.NEEDS_ATTENTION and held)

    @Slot()
    def request(self) -> None:
        """Saved first; the outbox controller shows the summary and sends on its worker."""
        editor = self._editor
        if editor.week is None or editor.view is None or not self.button.isEnabled():
            return
        if editor.save_now() and self.button.isEnabled():
            self.submit_requested.emit(editor.week)

    def lock_for_sending(self) -> None:
        """Sent from here: nothing changes under the send while it goes."""
        self._editor.set_read_only(True)
        self.button.setEnabled(False)
        self._editor.banner.show_message(BannerKind.INFO, "Sending…")

    def refresh_state(self) -> None:
        """The review's status read again (the outbox moved it): fields locked or freed."""
        editor = self._editor
        if editor.week is None or editor.view is None or editor.editing:
            return
        editor.show_view(self._reviews().draft(editor.week))

    @Slot()
    def start_revision(self) -> None:
        """A submitted review's next revision: an editable copy, sent only when submitted."""
        editor = self._editor
        if editor.week is None:
            return
        try:
            view = self._reviews().revise(editor.week)
        except ReviewError as error:
            editor.banner.show_message(BannerKind.ERROR, escape(str(error)))
            return
        editor.reopen()
        editor.banner.show_message(
            BannerKind.INFO,
            f"Revision {view.draft.revision}: change what you like, then submit it. "
            "It goes to the form as a new response.",
        )
        editor.status_changed.emit(editor.week)

    @Slot()
    def ask_submitted(self) -> QMessageBox | None:
        """Ask first: marking it submitted stops its reminders and locks the draft."""
        editor = self._editor
        if editor.week is None or editor.view is None:
            return None
        self.confirm = submitted_question(self._widget, editor.week)
        self.confirm.accepted.connect(self.mark_submitted)  # Yes is the accepting button
        self.confirm.open()
        return self.confirm

    @Slot()
    def mark_submitted(self) -> None:
        editor = self._editor
        if editor.week is None or not editor.save_now():
            return
        try:
            view = self._reviews().mark_submitted(editor.week)
        except ReviewError as error:
            editor.banner.show_message(BannerKind.ERROR, escape(str(error)))
            return
        editor.show_view(view)
        editor.banner.show_message(BannerKind.SUCCESS, "Marked submitted: no more reminders.")
        editor.status_changed.emit(editor.week)

    @Slot()
    def _prefill(self) -> None:
        if self._editor.week is not None:
            self.prefill_requested.emit(self._editor.week)


def submit_block(view: DraftView, entry: OutboxEntry | None) -> str | None:
    """Why the review cannot be submitted now, in words for the button's tooltip; None: it can."""
    status = view.draft.status
    if status in READ_ONLY:
        return "Sent already: start a new revision to send a changed review"
    if not isinstance(view.questions, Form):
        return "Fetch the form first: the review is sent to it"
    if status is ReviewStatus.NOT_STARTED:
        return "Write the review first"
    if view.missing:
        count = len(view.missing)
        return f"Answer the {count} required question{'s' if count != 1 else ''} first"
    if view.form_changed:
        return "The form changed since you wrote this: check the review first"
    if entry is not None and status is ReviewStatus.NEEDS_ATTENTION:
        if entry.reason is OutboxReason.AMBIGUOUS:
            return "It may have arrived: check the form, then choose It arrived or Send again"
        if entry.reason is OutboxReason.SIGNIN_REQUIRED:
            return "The form needs a Google sign-in: open it pre-filled in the browser"
    return None
