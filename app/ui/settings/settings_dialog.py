"""Settings (Ctrl+,): every setting of ``config list``, on a page per group, each with the field
its kind asks for.

OK and Apply write what changed through ``ConfigService.set_all``: the checks and side effects
of ``config set`` (turning on reminders while the app is closed installs a timer), all or
nothing. The writing runs off the GUI thread, since an install starts programs. A refusal is
said under its field, on its page, and nothing is stored. ``applied`` names what changed, for
the window to follow (a moved term is read again).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.config import (
    EMAIL,
    NAME,
    REMINDERS,
    SCHEDULE_START,
    STUDENT_ID,
    SYNC_SOURCE,
    WHEN_CLOSED,
    ConfigService,
)
from app.ui.off_thread import OffThread
from app.ui.settings.setting_fields import SettingField
from app.ui.theme import colours, text_in

GROUPS = ("Course", "You", "Reminders", "Reviews", "Window", "Appearance", "Other")
# Within a page: the course page before the term, the name before the address; others by key.
FIRST = (SYNC_SOURCE, SCHEDULE_START, NAME, EMAIL, STUDENT_ID, REMINDERS, WHEN_CLOSED)


class SettingsDialog(QDialog):
    applied = Signal(list)  # the keys that changed, once stored

    def __init__(
        self, config: ConfigService | Callable[[], ConfigService], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._config = config if isinstance(config, ConfigService) else config()
        self.setWindowTitle("Settings")
        self.setMinimumSize(720, 420)
        self.fields: dict[str, SettingField] = {}
        self.groups = QListWidget()
        self.groups.setAccessibleName("Settings groups")
        self.groups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.groups.setSpacing(2)
        self.pages = QStackedWidget()
        self._build_pages()
        self.groups.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.groups.setCurrentRow(0)

        self.status = QLabel()  # Saving…, Saved.
        self.status.setWordWrap(True)
        self.problem = QLabel()  # why nothing was saved
        self.problem.setWordWrap(True)
        text_in(self.problem, "error")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.clicked.connect(lambda: self.apply(close=True))
        self.apply_button.clicked.connect(lambda: self.apply(close=False))
        self.buttons.rejected.connect(self.reject)
        self.writer = OffThread(self)
        self.writer.done.connect(self._written)
        self.writer.failed.connect(self._not_written)
        self._close_when_written = False

        body = QHBoxLayout()
        body.addWidget(self.groups)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for field in self.fields.values():
            field.edited.connect(self._update_buttons)
        self._update_buttons()

    # Asked for each time: with PySide6 6.11 a wrapper kept from the first ask was seen to go
    # invalid once the window had reloaded a moved term, the dialog's buttons still on screen.
    @property
    def ok_button(self) -> QPushButton:
        return self._button(QDialogButtonBox.StandardButton.Ok)

    @property
    def apply_button(self) -> QPushButton:
        return self._button(QDialogButtonBox.StandardButton.Apply)

    def _button(self, which: QDialogButtonBox.StandardButton) -> QPushButton:
        button = self.buttons.button(which)
        assert button is not None
        return button

    # -- the pages ---------------------------------------------------------------------------

    def _build_pages(self) -> None:
        by_group: dict[str, list[SettingField]] = {}
        values = self._config.list()
        values.sort(key=lambda v: (FIRST.index(v.key) if v.key in FIRST else len(FIRST), v.key))
        for value in values:
            form = self._config.form(value.key)
            field = SettingField(value, form)
            self.fields[value.key] = field
            by_group.setdefault(form.group, []).append(field)
        order = [g for g in GROUPS if g in by_group] + sorted(set(by_group) - set(GROUPS))
        for group in order:
            page = QWidget()
            form_layout = QFormLayout(page)
            form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            heading = QLabel(f"<b>{group}</b>")
            form_layout.addRow(heading)
            for field in by_group[group]:
                label = QLabel(field.label_text)
                label.setBuddy(field.editor)
                form_layout.addRow(label, field)
            self.groups.addItem(group)
            self.pages.addWidget(page)
        widest = max(self.groups.fontMetrics().horizontalAdvance(g) for g in order)
        self.groups.setFixedWidth(widest + 36)

    def page_of(self, key: str) -> int:
        page = self.fields[key].parentWidget()
        return self.pages.indexOf(page) if page is not None else 0

    # -- writing -------------------------------------------------------------------------------

    def changes(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items() if field.changed}

    def apply(self, *, close: bool) -> None:
        changes = self.changes()
        if not changes:
            if close:
                self.accept()
            return
        self._close_when_written = close
        self._set_busy(True)
        self._say("Saving…")
        config = self._config
        self.writer.start(lambda: (changes, config.set_all(changes)))

    def _written(self, result: tuple[dict[str, str], dict[str, str]]) -> None:
        changes, refused = result
        self._set_busy(False)
        for key, field in self.fields.items():
            field.show_error(refused.get(key, "").removeprefix(f"{key}: "))
        self._mark_groups({self.page_of(key) for key in refused})
        if refused:
            first = next(iter(refused))
            self.groups.setCurrentRow(self.page_of(first))
            self.fields[first].editor.setFocus()
            count = len(refused)
            self._say(
                f"Nothing was saved: {count} setting{'s' if count > 1 else ''} to correct.",
                error=True,
            )
            return
        for key in changes:
            self.fields[key].saved()
        self._say("Saved.")
        self._update_buttons()
        self.applied.emit(list(changes))
        if self._close_when_written:
            self.accept()

    def _mark_groups(self, pages: set[int]) -> None:
        """A group holding a refused value is drawn in red, so the other pages' errors show."""
        for row in range(self.groups.count()):
            item = self.groups.item(row)
            wrong = row in pages
            error = QColor(str(colours(self.palette()).error))
            item.setForeground(error if wrong else self.palette().text())
            item.setToolTip("A setting here needs correcting" if wrong else "")
            font = item.font()
            font.setBold(wrong)
            item.setFont(font)

    def _not_written(self, reason: str) -> None:
        self._set_busy(False)
        self._say(f"Nothing was saved: {reason}", error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        """One line under the pages: progress in the usual colour, a refusal in the error one."""
        self.status.setText("" if error else text)
        self.status.setVisible(not error)
        self.problem.setText(text if error else "")
        self.problem.setVisible(error)

    def _set_busy(self, busy: bool) -> None:
        self.pages.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy and bool(self.changes()))

    def _update_buttons(self) -> None:
        if not self.writer.running:
            self.apply_button.setEnabled(bool(self.changes()))

    # -- closing -------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.writer.wait()  # a write under way finishes: never half a setting
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.writer.wait()
        super().closeEvent(event)
