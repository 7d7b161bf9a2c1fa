"""The strip at the top of the review editor that says where a sent review stands and offers
the way forward: read-only and why, Start a new revision, and for a review that needs the
student the reason with its buttons (a sign-in form: the browser; no answer back: It arrived /
Send again). The editor and the outbox controller act on its signals."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.outbox import OutboxEntry, OutboxReason, OutboxState
from app.domain.review import ReviewStatus
from app.ui.outbox.outbox_text import AMBIGUOUS_WORDS, moment_text, reason_line
from app.ui.theme import colours, on_theme_change

CHANGE_AND_RESUBMIT = (OutboxReason.REJECTED, OutboxReason.FORM_CHANGED)


class SubmitBar(QFrame):
    revise_requested = Signal()
    prefill_requested = Signal()
    browser_submitted = Signal()  # "I submitted it in the browser"
    arrived = Signal(int)  # the outbox entry the student found on the form
    send_again = Signal(int)
    outbox_requested = Signal(int)  # show this entry in the outbox

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("submitBar")
        self.entry: OutboxEntry | None = None
        self._ground = "info"  # which banner ground the state is shown on
        on_theme_change(self, self._tint)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.then = QLabel("Check the form, then:")
        self.revise_button = self._button("Start a new revision", self.revise_requested.emit)
        self.revise_button.setToolTip(
            "An editable copy of this review; it is sent only when you submit it again"
        )
        self.prefill_button = self._button(
            "Open pre-filled in browser", self.prefill_requested.emit
        )
        self.prefill_button.setToolTip("The form in your browser with every answer filled in")
        self.browser_button = self._button(
            "I submitted it in the browser", self.browser_submitted.emit
        )
        self.arrived_button = self._button("It arrived", self._arrived)
        self.arrived_button.setToolTip("You found it among the form's responses or in your email")
        self.again_button = self._button("Send again", self._send_again)
        self.again_button.setToolTip("It is not on the form: send this revision once more")
        self.outbox_button = self._button("Show in outbox", self._show_outbox)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addWidget(self.then)
        for button in self._all_buttons():
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        layout.addLayout(self.buttons)
        self.hide()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.hide()  # shown by state; hidden before the layout first measures the row
        return button

    def _all_buttons(self) -> list[QPushButton]:
        return [
            self.revise_button,
            self.prefill_button,
            self.browser_button,
            self.arrived_button,
            self.again_button,
            self.outbox_button,
        ]

    def visible_buttons(self) -> list[str]:
        return [b.text() for b in self._all_buttons() if not b.isHidden()]

    @property
    def text(self) -> str:
        return self.label.text()

    def show_for(self, status: ReviewStatus, entry: OutboxEntry | None) -> None:
        """The strip for a review in ``status`` whose outbox entry (this revision's) is
        ``entry``; hidden while the review is the student's to write."""
        self.entry = entry
        shown: list[QPushButton] = []
        then = False
        if status is ReviewStatus.SUBMITTED:
            when = ""
            if entry is not None and entry.sent_at is not None:
                when = f" on {moment_text(entry.sent_at)}"
            text = (
                f"<b>Submitted{escape(when)}</b> — read-only. To change it, start a new "
                "revision: it is sent only when you submit it."
            )
            tint = "success"
            shown = [self.revise_button]
        elif status is ReviewStatus.QUEUED:
            sending = entry is not None and entry.state is OutboxState.SENDING
            text = "<b>Sending…</b>" if sending else "<b>Queued</b> — read-only."
            if not sending:
                text += " It goes out by itself as soon as the network is there."
            tint = "info"
        elif status is ReviewStatus.NEEDS_ATTENTION and entry is not None:
            tint = "error"
            text = f"<b>Needs attention.</b> {escape(reason_line(entry))}"
            if entry.reason is OutboxReason.AMBIGUOUS:
                text = f"<b>Needs attention</b> — read-only. {escape(AMBIGUOUS_WORDS)}"
                shown, then = [self.arrived_button, self.again_button], True
            elif entry.reason is OutboxReason.SIGNIN_REQUIRED:
                shown = [self.prefill_button, self.browser_button]
            elif entry.reason in CHANGE_AND_RESUBMIT:
                text += " Change the review, then submit it again."
        else:
            self.hide()
            return
        if entry is not None:
            shown.append(self.outbox_button)
        for button in self._all_buttons():
            button.setVisible(button in shown)
        self.then.setVisible(then)
        self.label.setText(text)
        self._ground = tint
        self._tint()
        self.show()

    def _tint(self) -> None:
        """The ground of the state (a banner's: success, info, error) in the theme's colours."""
        tones = colours(self.palette())
        ground, edge = (getattr(tones, f"{self._ground}_{part}") for part in ("back", "edge"))
        self.setStyleSheet(
            f"QFrame#submitBar {{ background: {ground};"
            f" border: 1px solid {edge}; border-radius: 4px; }}"
        )

    @Slot()
    def _arrived(self) -> None:
        if self.entry is not None:
            self.arrived.emit(self.entry.id)

    @Slot()
    def _send_again(self) -> None:
        if self.entry is not None:
            self.send_again.emit(self.entry.id)

    @Slot()
    def _show_outbox(self) -> None:
        if self.entry is not None:
            self.outbox_requested.emit(self.entry.id)
