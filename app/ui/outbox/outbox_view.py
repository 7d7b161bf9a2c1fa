"""The Outbox view: every review sent from here, newest first, with its state in a word and a
colour; the selected one's reason, its buttons, and its receipts (each attempt: local time,
HTTP status, outcome, final URL, and the exact fields it posted).

It only shows and asks: the outbox controller acts on its signals (on the sender's worker).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.outbox import OutboxEntry, OutboxReason, OutboxState, Receipt
from app.ui.outbox.outbox_text import (
    OUTCOME_WORDS,
    STATE_WORDS,
    moment_text,
    reason_line,
    state_colour,
)
from app.ui.theme import on_theme_change

ENTRY_COLUMNS = ("Week", "State", "What happened", "Created", "Sent")
ATTEMPT_COLUMNS = ("Time", "HTTP", "Outcome", "Final URL")


class OutboxView(QWidget):
    send_now = Signal()  # every queued review, now
    resend = Signal(int)  # the entry, on purpose
    confirm = Signal(int)  # "It arrived"
    prefill = Signal(int)  # the week: the form pre-filled in the browser
    browser_submitted = Signal(int)  # the week: "I submitted it in the browser"
    open_review = Signal(int)  # the week
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[OutboxEntry] = []
        on_theme_change(self, self._recolour)
        self.summary = QLabel()
        self.export_button = QPushButton("Export receipts…")
        self.export_button.setToolTip("Every entry and attempt, as JSON (as `outbox --json`)")
        self.export_button.clicked.connect(self.export_requested)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button)

        self.list = QTreeWidget()
        self.list.setAccessibleName("Outbox entries")
        self.list.setHeaderLabels(list(ENTRY_COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(self._entry_chosen)

        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_button = self._button("Send now", self.send_now.emit)
        self.send_button.setToolTip("Try every queued review now, without waiting for its turn")
        self.arrived_button = self._button("It arrived", lambda: self._with_id(self.confirm))
        self.again_button = self._button("Send again", lambda: self._with_id(self.resend))
        self.prefill_button = self._button(
            "Open pre-filled in browser", lambda: self._with_week(self.prefill)
        )
        self.browser_button = self._button(
            "I submitted it in the browser", lambda: self._with_week(self.browser_submitted)
        )
        self.review_button = self._button("Open review", lambda: self._with_week(self.open_review))
        actions = QHBoxLayout()
        for button in self.action_buttons():
            actions.addWidget(button)
        actions.addStretch(1)

        self.attempts = QTreeWidget()
        self.attempts.setAccessibleName("Attempts")
        self.attempts.setHeaderLabels(list(ATTEMPT_COLUMNS))
        self.attempts.setRootIsDecorated(False)
        self.attempts.setUniformRowHeights(True)
        for column in range(3):
            self.attempts.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.attempts.currentItemChanged.connect(self._attempt_chosen)
        self.attempt_message = QLabel()
        self.attempt_message.setWordWrap(True)
        self.attempt_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.reason, self.attempt_message):
            # A long URL in a message must not widen the dock: it wraps where it can.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.fields = QTableWidget(0, 2)
        self.fields.setAccessibleName("Fields sent")
        self.fields.setHorizontalHeaderLabels(["Field", "Value sent"])
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.verticalHeader().hide()
        self.fields.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.fields.horizontalHeader().setStretchLastSection(True)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.reason)
        detail_layout.addLayout(actions)
        detail_layout.addWidget(_heading("Attempts"))
        detail_layout.addWidget(self.attempts, 1)
        self.attempts.setMinimumHeight(80)
        detail_layout.addWidget(self.attempt_message)
        detail_layout.addWidget(_heading("Fields sent in the selected attempt"))
        detail_layout.addWidget(self.fields, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.list.setMinimumHeight(130)  # five entries at least
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.show_entries([])

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.hide()  # shown by state; hidden before the layout first measures the row
        return button

    def action_buttons(self) -> list[QPushButton]:
        return [
            self.send_button,
            self.arrived_button,
            self.again_button,
            self.prefill_button,
            self.browser_button,
            self.review_button,
        ]

    def visible_actions(self) -> list[str]:
        return [b.text() for b in self.action_buttons() if not b.isHidden()]

    # -- showing ---------------------------------------------------------------------------

    def _recolour(self) -> None:
        """Each entry's state word in the theme's colour (after a switch too)."""
        for row, entry in enumerate(self.entries):
            item = self.list.topLevelItem(row)
            if item is not None:
                item.setForeground(1, QBrush(state_colour(entry.state, self.palette())))

    def show_entries(self, entries: list[OutboxEntry]) -> None:
        """The list anew, keeping the selected entry (else the newest) selected."""
        chosen = self.selected()
        keep = chosen.id if chosen is not None else None
        self.entries = list(entries)
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self.entries:
            self.list.addTopLevelItem(_entry_item(entry))
        self.list.blockSignals(False)
        self._recolour()
        self.summary.setText(_summary(self.entries))
        self.export_button.setEnabled(bool(self.entries))
        ids = [entry.id for entry in self.entries]
        row = ids.index(keep) if keep in ids else 0
        if self.entries:
            self.list.setCurrentIndex(self.list.model().index(row, 0))
        self._show_entry(self.selected())

    def select_entry(self, entry_id: int) -> bool:
        for row, entry in enumerate(self.entries):
            if entry.id == entry_id:
                self.list.setCurrentIndex(self.list.model().index(row, 0))
                return True
        return False

    def selected(self) -> OutboxEntry | None:
        row = self.list.currentIndex().row()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    @Slot()
    def _entry_chosen(self) -> None:
        self._show_entry(self.selected())

    def _show_entry(self, entry: OutboxEntry | None) -> None:
        shown: list[QPushButton] = []
        if entry is None:
            self.reason.setText("Reviews you submit appear here, with every attempt to send them.")
        else:
            self.reason.setText(f"<b>Week {entry.week}</b> — {escape(reason_line(entry))}")
            shown = [self.review_button]
            if entry.state is OutboxState.QUEUED:
                shown.insert(0, self.send_button)
            elif entry.reason is OutboxReason.AMBIGUOUS:
                shown[:0] = [self.arrived_button, self.again_button]
            elif entry.reason is OutboxReason.SIGNIN_REQUIRED:
                shown[:0] = [self.prefill_button, self.browser_button]
            elif entry.state is OutboxState.NEEDS_ATTENTION:
                shown.insert(0, self.again_button)
        for button in self.action_buttons():
            button.setVisible(button in shown)
        self.attempts.clear()
        receipts = entry.receipts if entry is not None else ()
        for receipt in receipts:
            self.attempts.addTopLevelItem(_attempt_item(receipt))
        if receipts:
            self.attempts.setCurrentIndex(self.attempts.model().index(len(receipts) - 1, 0))
        else:
            self._show_receipt(None)

    @Slot()
    def _attempt_chosen(self) -> None:
        entry = self.selected()
        row = self.attempts.currentIndex().row()
        found = entry is not None and 0 <= row < len(entry.receipts)
        self._show_receipt(entry.receipts[row] if entry is not None and found else None)

    def _show_receipt(self, receipt: Receipt | None) -> None:
        self.attempt_message.setText(receipt.message if receipt is not None else "")
        fields = receipt.fields if receipt is not None else ()
        self.fields.setRowCount(len(fields))
        for row, (key, value) in enumerate(fields):
            self.fields.setItem(row, 0, QTableWidgetItem(key))
            self.fields.setItem(row, 1, QTableWidgetItem(value))
        self.fields.resizeRowsToContents()

    def shown_fields(self) -> list[tuple[str, str]]:
        """The fields table as the student reads it."""

        def text(row: int, column: int) -> str:
            item = self.fields.item(row, column)
            return item.text() if item is not None else ""

        return [(text(row, 0), text(row, 1)) for row in range(self.fields.rowCount())]

    def _with_id(self, signal: SignalInstance) -> None:
        entry = self.selected()
        if entry is not None:
            signal.emit(entry.id)

    def _with_week(self, signal: SignalInstance) -> None:
        entry = self.selected()
        if entry is not None:
            signal.emit(entry.week)


def _entry_item(entry: OutboxEntry) -> QTreeWidgetItem:
    state = STATE_WORDS[entry.state]
    revision = f" (rev. {entry.revision})" if entry.revision > 1 else ""
    item = QTreeWidgetItem(
        [
            f"Week {entry.week}{revision}",
            f"● {state}",
            reason_line(entry),
            moment_text(entry.created),
            moment_text(entry.sent_at),
        ]
    )
    item.setToolTip(2, reason_line(entry))
    return item


def _attempt_item(receipt: Receipt) -> QTreeWidgetItem:
    status = "—" if receipt.status is None else str(receipt.status)
    words = OUTCOME_WORDS[receipt.outcome]
    item = QTreeWidgetItem([moment_text(receipt.time), status, words, receipt.url])
    item.setToolTip(3, receipt.url)
    return item


def _summary(entries: list[OutboxEntry]) -> str:
    if not entries:
        return "<b>Outbox</b> — empty"
    counts = {state: 0 for state in OutboxState}
    for entry in entries:
        counts[entry.state] += 1
    parts = [f"{count} {_counted(state, count)}" for state, count in counts.items() if count]
    return f"<b>Outbox</b> — {', '.join(parts)}"


def _counted(state: OutboxState, count: int) -> str:
    if state is OutboxState.NEEDS_ATTENTION and count != 1:
        return "need attention"  # "2 need attention"
    return STATE_WORDS[state].lower()


def _heading(text: str) -> QLabel:
    return QLabel(f"<b>{text}</b>")
