"""File > Settings…: each kind of setting changed in its field as a student would (typing,
ticking, choosing), saved with Apply or OK, and read back through ``config get`` (the service,
and once the program in a new process); a wrong value is said under its field and nothing of
that Apply is stored; Default puts a field back; the window follows what changed (the term
moves, Sync reads the chosen page).

Expected values are the literals typed here, the course page's own dates plus the weeks moved,
and the requests the local course server saw.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMenu
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from app.services.config import SettingKind
from app.ui.main_window import MainWindow
from app.ui.settings.setting_fields import SettingField, TermStartEdit
from app.ui.settings.settings_dialog import SettingsDialog
from app.ui.theme import theme
from app.ui.week_list import DATE_ROLE
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import WAIT_MS, click
from tests.integration.cli_process import run

MARKDOWN = "text/markdown; charset=utf-8"


def open_settings(window: MainWindow) -> SettingsDialog:
    file_menu = window.findChild(QMenu, "fileMenu")
    assert isinstance(file_menu, QMenu)
    [action] = [a for a in file_menu.actions() if a.text() == "&Settings…"]
    assert isinstance(action, QAction)
    action.trigger()
    [dialog] = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    return dialog


def type_into(qtbot: QtBot, field: SettingField, text: str) -> None:
    editor = field.editor
    assert isinstance(editor, QLineEdit)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)


def apply(qtbot: QtBot, dialog: SettingsDialog) -> None:
    """Apply, and wait until the writing on its worker is done."""
    with qtbot.waitSignal(dialog.writer.done, timeout=WAIT_MS):
        click(qtbot, dialog.apply_button)


def first_date(window: MainWindow) -> object:
    return window.model.index(0).data(DATE_ROLE)


def short(day: date) -> str:
    return f"{day:%a %b} {day.day}"  # the week list's "Mon Jan 24" (the tests' locale: C)


def stored(services: AppServices, key: str) -> str:
    return services.config.get(key).value


def test_each_kind_of_field_saves_what_the_student_set(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot, data_dir: Path
) -> None:
    window = make_window()
    dialog = open_settings(window)
    fields = dialog.fields
    assert {field.form.kind for field in fields.values()} >= {
        SettingKind.BOOL,
        SettingKind.DATE,
        SettingKind.OFFSETS,
        SettingKind.TEXT,
        SettingKind.URL,
    }
    spelling = fields["review.spellcheck"].editor
    assert isinstance(spelling, QCheckBox) and spelling.isChecked()

    click(qtbot, spelling)
    type_into(qtbot, fields["reminders"], "36h, 1h")
    type_into(qtbot, fields["identity.email"], "ada@example.org")
    type_into(qtbot, fields["identity.name"], "Ada Lovelace")
    type_into(qtbot, fields["sync.source"], "https://example.org/course/index.md")
    apply(qtbot, dialog)

    expected = {
        "review.spellcheck": "false",
        "reminders": "36h,1h",
        "identity.email": "ada@example.org",
        "identity.name": "Ada Lovelace",
        "sync.source": "https://example.org/course/index.md",
    }
    assert {key: stored(services, key) for key in expected} == expected
    assert dialog.status.text() == "Saved."
    assert not dialog.apply_button.isEnabled()  # nothing left to save
    # The program, in a process of its own, reads the same.
    listed = json.loads(run(data_dir, "config", "list", "--json").stdout)
    assert {item["key"]: item["value"] for item in listed if item["key"] in expected} == expected
    dialog.reject()


def test_a_choice_setting_is_chosen_from_its_list_and_the_theme_follows(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    before = theme().mode
    dialog = open_settings(window)
    field = dialog.fields["appearance.theme"]
    combo = field.editor
    assert isinstance(combo, QComboBox) and field.form.kind is SettingKind.CHOICE
    assert [combo.itemText(i) for i in range(combo.count())] == ["Light", "Dark", "System"]
    other = "dark" if field.text() != "dark" else "light"

    try:
        combo.setCurrentIndex(combo.findData(other))
        apply(qtbot, dialog)

        assert stored(services, "appearance.theme") == other
        assert theme().mode == other
        checked = [
            a.data() for a in window.findChildren(QAction) if a.isCheckable() and a.isChecked()
        ]
        assert other in checked and before not in checked  # View > Theme says so too
    finally:
        theme().apply(before)
    dialog.reject()


def test_a_start_date_moves_the_term_in_the_window(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    course_start = services.course.course_syllabus().weeks[0].date
    assert course_start is not None
    window = make_window()
    assert first_date(window) == short(course_start)
    dialog = open_settings(window)
    start = dialog.fields["schedule.start"].editor
    assert isinstance(start, TermStartEdit) and not start.own_pace.isChecked()
    monday = date(2027, 1, 4)

    click(qtbot, start.own_pace)
    start.day.setDate(QDate(monday.year, monday.month, monday.day))
    apply(qtbot, dialog)

    assert stored(services, "schedule.start") == "2027-01-04"
    week_1 = course_start - timedelta(days=course_start.weekday())
    assert first_date(window) == short(course_start + (monday - week_1))

    click(qtbot, dialog.fields["schedule.start"].restore)  # back to the real term
    assert not start.own_pace.isChecked()
    apply(qtbot, dialog)

    assert stored(services, "schedule.start") == ""
    assert first_date(window) == short(course_start)
    dialog.reject()


def test_wrong_values_are_said_under_their_fields_and_nothing_is_stored(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    before = {value.key: value.value for value in services.config.list()}
    dialog = open_settings(window)
    fields = dialog.fields

    type_into(qtbot, fields["identity.student_id"], "3031234567")  # fine on its own
    type_into(qtbot, fields["identity.email"], "ada at example.org")
    type_into(qtbot, fields["reminders"], "soon")
    type_into(qtbot, fields["sync.source"], "ftp://example.org/index.md")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.writer.running, timeout=WAIT_MS)

    assert dialog.isVisible()  # OK did not close it
    assert {value.key: value.value for value in services.config.list()} == before
    shown = {key: f.error.text() for key, f in fields.items() if not f.error.isHidden()}
    assert shown == {
        "identity.email": "'ada at example.org' is not an email address (name@example.org)",
        "reminders": '"soon" is not a time before the deadline: write a number and d, h or m, '
        "as in 48h, 90m or 1d",
        "sync.source": "ftp:// addresses are not supported: give an http(s):// address or a "
        "file's path (ftp://example.org/index.md)",
    }
    assert dialog.problem.text() == "Nothing was saved: 3 settings to correct."
    assert dialog.problem.isVisibleTo(dialog) and not dialog.status.isVisibleTo(dialog)
    groups = [dialog.groups.item(row) for row in range(dialog.groups.count())]
    assert [item.text() for item in groups if item.font().bold()] == ["Course", "You", "Reminders"]
    # The page of the first refusal, in the dialog's order (Course comes first), is shown.
    assert dialog.groups.currentItem().text() == "Course"
    assert dialog.pages.currentIndex() == dialog.page_of("sync.source")

    type_into(qtbot, fields["identity.email"], "ada@example.org")
    type_into(qtbot, fields["reminders"], "24h")
    type_into(qtbot, fields["sync.source"], "")
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)

    assert stored(services, "identity.student_id") == "3031234567"
    assert stored(services, "identity.email") == "ada@example.org"
    assert stored(services, "reminders") == "24h"


def test_default_puts_a_field_back_and_apply_stores_it(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    services.config.set("reminders", "36h,1h")
    services.config.set("window.close_to_tray", "true")
    window = make_window()
    dialog = open_settings(window)
    reminders, tray = dialog.fields["reminders"], dialog.fields["window.close_to_tray"]
    assert reminders.text() == "36h,1h" and tray.text() == "true"

    click(qtbot, reminders.restore)
    click(qtbot, tray.restore)
    assert not reminders.restore.isEnabled()  # showing the default already
    apply(qtbot, dialog)

    assert stored(services, "reminders") == "48h,24h,2h"
    assert stored(services, "window.close_to_tray") == "false"
    dialog.reject()


def test_reminders_when_closed_installs_its_login_entry_off_the_gui_thread(
    make_window: WindowFactory,
    services: AppServices,
    qtbot: QtBot,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_systemctl = tmp_path / "empty-bin"
    no_systemctl.mkdir()
    monkeypatch.setenv("PATH", str(no_systemctl))  # a desktop without systemd: a login entry
    entry = home / ".config" / "autostart" / "study-companion-remind.desktop"
    window = make_window()
    dialog = open_settings(window)
    box = dialog.fields["reminders.when_closed"].editor
    assert isinstance(box, QCheckBox)

    click(qtbot, box)
    apply(qtbot, dialog)

    assert entry.is_file()
    assert stored(services, "reminders.when_closed") == "true"
    dialog.reject()


def test_sync_in_the_window_reads_the_page_chosen_in_settings(
    make_window: WindowFactory,
    services: AppServices,
    httpserver: HTTPServer,
    modified_index: str,
    qtbot: QtBot,
) -> None:
    httpserver.expect_request("/chosen/index.md").respond_with_data(
        modified_index, content_type=MARKDOWN
    )
    window = make_window()
    dialog = open_settings(window)
    type_into(qtbot, dialog.fields["sync.source"], httpserver.url_for("/chosen/index.md"))
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)

    with qtbot.waitSignal(window.sync_runner.finished, timeout=WAIT_MS):
        window.sync_action.trigger()

    assert [request.path for request, _ in httpserver.log] == ["/chosen/index.md"]
    assert window.change_dialog is not None
    window.change_dialog.reject()


def test_a_course_page_on_disk_is_chosen_through_a_file_dialog(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot, tmp_path: Path
) -> None:
    page = tmp_path / "course" / "index.md"
    page.parent.mkdir()
    page.write_text("# a course page\n", encoding="utf-8")
    window = make_window()
    dialog = open_settings(window)
    field = dialog.fields["sync.source"]

    click(qtbot, field.browse)
    chooser = field.file_dialog
    assert chooser is not None and chooser.isVisible()
    chooser.selectFile(str(page))
    chooser.accept()
    assert field.text() == str(page)
    apply(qtbot, dialog)

    assert stored(services, "sync.source") == str(page)
    dialog.reject()
