"""Welcome, page 4: when to be reminded before a review is due (``reminders``) and whether
reminders come while the app is closed (``reminders.when_closed``).

The common times are checkboxes over the same text ``config set reminders`` takes; either
one edits the other, so any time the setting accepts can be written.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLineEdit, QWidget

from app.domain.reminder import OffsetError, format_offsets, parse_offsets
from app.services.config import REMINDERS, WHEN_CLOSED
from app.ui.welcome.page_base import WelcomePage, note

COMMON = (
    (timedelta(days=7), "A &week before"),
    (timedelta(hours=48), "&2 days before"),
    (timedelta(hours=24), "&1 day before"),
    (timedelta(hours=2), "2 &hours before"),
    (timedelta(hours=1), "1 h&our before"),
)


class RemindersPage(WelcomePage):
    def __init__(
        self, offsets: tuple[timedelta, ...], when_closed: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Reminders",
            "A desktop notification before each review is due, so no deadline slips by.",
            parent,
        )
        self._initial = {REMINDERS: format_offsets(offsets), WHEN_CLOSED: _bool(when_closed)}
        self.boxes: dict[timedelta, QCheckBox] = {}
        grid = QGridLayout()
        for index, (offset, label) in enumerate(COMMON):
            box = QCheckBox(label)
            box.toggled.connect(lambda on, offset=offset: self._toggled(offset, on))
            self.boxes[offset] = box
            grid.addWidget(box, index // 3, index % 3)
        self.times = QLineEdit(format_offsets(offsets))
        self.times.setAccessibleName("Reminder times")
        self.times.setToolTip("Times before the deadline, e.g. 48h,24h,2h or 90m; none: never")
        self.times.textEdited.connect(self._written)
        times_row = QFormLayout()
        times_row.addRow("As &text:", self.times)
        self.when_closed = QCheckBox("Remind me when the app is &closed")
        self.when_closed.setChecked(when_closed)
        self.body.addLayout(grid)
        self.body.addLayout(times_row)
        self.body.addSpacing(8)
        self.body.addWidget(self.when_closed)
        self.body.addWidget(
            note(
                "While the app is open it reminds you itself. When it is closed, a small "
                "background check does (a systemd user timer, or a login entry where there is "
                "no systemd); it is set up when you finish, and turned off the same way."
            )
        )
        self.finish_layout()
        self._written(self.times.text())

    def owns(self) -> tuple[str, ...]:
        return (REMINDERS, WHEN_CLOSED)

    def changes(self) -> dict[str, str]:
        chosen = {WHEN_CLOSED: _bool(self.when_closed.isChecked())}
        try:
            chosen[REMINDERS] = format_offsets(parse_offsets(self.times.text()))
        except OffsetError:
            chosen[REMINDERS] = self.times.text().strip()  # refused, and said, at Finish
        return {key: text for key, text in chosen.items() if text != self._initial[key]}

    def problem(self) -> str | None:
        try:
            parse_offsets(self.times.text())
        except OffsetError as error:
            return str(error)
        return None

    def _toggled(self, offset: timedelta, on: bool) -> None:
        try:
            offsets = set(parse_offsets(self.times.text()))
        except OffsetError:
            offsets = {o for o, box in self.boxes.items() if box.isChecked() and o != offset}
        offsets = offsets | {offset} if on else offsets - {offset}
        self.times.setText(format_offsets(offsets))
        self.show_error("")

    def _written(self, text: str) -> None:
        try:
            offsets = set(parse_offsets(text))
        except OffsetError:
            return  # half typed: the boxes keep what they showed
        for offset, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(offset in offsets)
            box.blockSignals(False)


def _bool(value: bool) -> str:
    return "true" if value else "false"
