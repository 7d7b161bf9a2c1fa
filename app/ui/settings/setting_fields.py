"""One field per setting, the widget chosen by its kind: a check box for true/false, a list for
a choice, a date with "the real term" for the schedule, a line for text, times and addresses.

Every field gives and takes the text ``config set`` takes, so the dialog writes through the
service unchanged; it shows the service's refusal under itself, and restores its default.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.config import SettingForm, SettingKind, SettingValue
from app.ui.theme import text_in

HINTS = {
    SettingKind.OFFSETS: "Times before each deadline, largest first: 48h, 24h, 2h (d, h or m); "
    "none for no reminders.",
    SettingKind.URL: "An http(s):// address or a file's full path. Empty: the course's own page.",
}


class SettingField(QWidget):
    """A setting's editor, its Default button and the line that says why a value was refused."""

    edited = Signal()

    def __init__(self, value: SettingValue, form: SettingForm, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = value.key
        self.form = form
        self.label_text = "" if form.kind is SettingKind.BOOL else f"{form.label}:"
        self.setToolTip(value.about)
        self.restore = QPushButton("Default")
        self.restore.setAccessibleName(f"Restore the default of {form.label}")
        self.restore.setToolTip(_restore_tip(form))
        self.restore.setEnabled(form.default is not None)
        self.restore.clicked.connect(self.restore_default)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        text_in(self.error, "error")
        self.error.hide()
        self.editor = self._make_editor(value)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor, 1)
        self.file_dialog: QFileDialog | None = None
        if form.kind is SettingKind.URL:  # a course page on disk, found by browsing
            self.browse = QPushButton("Choose File…")
            self.browse.setToolTip("Sync from a course page (index.md) on this computer")
            self.browse.clicked.connect(self.choose_file)
            row.addWidget(self.browse)
        row.addWidget(self.restore)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        if hint := HINTS.get(form.kind):
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setProperty("role", "hint")
            # The theme's muted text (a disabled label's grey reads at only 3:1).
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            column.addWidget(note)
        column.addWidget(self.error)
        self.original = self.text()
        self.edited.connect(self._update_restore)
        self._update_restore()

    # -- what config set takes -------------------------------------------------------------

    def text(self) -> str:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return "true" if editor.isChecked() else "false"
        if isinstance(editor, QComboBox):
            return str(editor.currentData())
        if isinstance(editor, TermStartEdit):
            return editor.text()
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def set_text(self, text: str) -> None:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            editor.setChecked(text == "true")
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(text)))
        elif isinstance(editor, TermStartEdit):
            editor.set_text(text)
        else:
            assert isinstance(editor, QLineEdit)
            editor.setText(text)

    def choose_file(self) -> QFileDialog:
        """Ask for a course page on disk (non-blocking: the dialog calls back)."""
        dialog = QFileDialog(
            self, "Choose the course page", str(Path.home()), "Course pages (*.md);;All files (*)"
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.set_text)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    @property
    def changed(self) -> bool:
        return self.text() != self.original

    def restore_default(self) -> None:
        if self.form.default is not None:
            self.set_text(self.form.default)

    def saved(self) -> None:
        """What is shown now is what is stored."""
        self.original = self.text()
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setAccessibleDescription(message)

    # -- the editor per kind -----------------------------------------------------------------

    def _make_editor(self, value: SettingValue) -> QWidget:
        kind, form = self.form.kind, self.form
        shown = "" if value.is_default and form.default == "" else value.value
        editor: QWidget
        if kind is SettingKind.BOOL:
            box = QCheckBox(form.label)
            box.setChecked(value.value == "true")
            box.toggled.connect(self.edited)
            editor = box
        elif kind is SettingKind.CHOICE:
            combo = QComboBox()
            for choice in form.choices:
                combo.addItem(choice.capitalize(), choice)
            combo.setCurrentIndex(max(0, combo.findData(value.value)))
            combo.currentIndexChanged.connect(self.edited)
            editor = combo
        elif kind is SettingKind.DATE:
            start = TermStartEdit(value.value)
            start.edited.connect(self.edited)
            editor = start
        else:
            line = QLineEdit(shown)
            if value.is_default and value.value and not shown:  # the account's name, say
                line.setPlaceholderText(value.value)
            elif kind is SettingKind.URL:
                line.setPlaceholderText("The course's own page")
            elif kind is SettingKind.OFFSETS:
                line.setPlaceholderText("48h,24h,2h")
            line.textChanged.connect(self.edited)
            editor = line
        editor.setAccessibleName(form.label)
        return editor

    def _update_restore(self) -> None:
        default = self.form.default
        self.restore.setEnabled(default is not None and self.text() != default)


class TermStartEdit(QWidget):
    """The real term, or the Monday week 1 falls on (the date only counts when chosen)."""

    edited = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.own_pace = QCheckBox("Follow at my own pace from")
        self.own_pace.setToolTip(
            "Ticked: week 1 starts on the Monday you pick, every date moves with it. "
            "Unticked: the course's own dates (the real term)."
        )
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.day.setAccessibleName("Week 1 starts on")
        self.set_text(text)
        self.own_pace.toggled.connect(self._toggled)
        self.day.dateChanged.connect(self.edited)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.own_pace)
        row.addWidget(self.day, 1)

    def text(self) -> str:
        if not self.own_pace.isChecked():
            return ""
        chosen = self.day.date()
        return date(chosen.year(), chosen.month(), chosen.day()).isoformat()

    def set_text(self, text: str) -> None:
        self.own_pace.setChecked(bool(text))
        if text:
            day = date.fromisoformat(text)
            self.day.setDate(QDate(day.year, day.month, day.day))
        else:  # offered when ticked: this week's Monday
            today = QDate.currentDate()
            self.day.setDate(today.addDays(1 - today.dayOfWeek()))
        self.day.setEnabled(bool(text))

    def _toggled(self, checked: bool) -> None:
        self.day.setEnabled(checked)
        self.edited.emit()


def _restore_tip(form: SettingForm) -> str:
    if form.default is None:
        return "This setting has no default"
    if form.kind is SettingKind.BOOL:
        return f"Restore the default: {'on' if form.default == 'true' else 'off'}"
    return f"Restore the default: {form.default or 'empty'}"
