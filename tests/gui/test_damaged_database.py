"""A damaged database at start: the dialog before the window says what is wrong, offers the
newest good backup and "Move it aside and start fresh", and the window then opens on what was
chosen. The damaged file is never deleted."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.store.damaged_database import DamagedDatabaseError
from app.store.schema_version import DATABASE_NAME
from app.ui.damaged_database_dialog import DamagedDatabaseDialog, open_or_rescue
from app.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.integration.cli_process import run
from tests.integration.damaged_files import DAMAGES, damage
from tests.integration.fixture_databases import DATABASES

REPO = Path(__file__).resolve().parents[2]


def _damaged_error(data_dir: Path) -> DamagedDatabaseError:
    try:
        open_services(data_dir).close()
    except DamagedDatabaseError as error:
        return error
    raise AssertionError("the damaged database opened")


class _Answer:
    """Presses a button of the dialog once it shows; keeps what the dialog said."""

    def __init__(self, button: Callable[[DamagedDatabaseDialog], QAbstractButton | None]) -> None:
        self._button = button
        self.text = ""
        self.buttons: list[str] = []
        QTimer.singleShot(0, self._attempt)

    def _attempt(self) -> None:
        shown = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, DamagedDatabaseDialog) and widget.isVisible()
        ]
        if not shown:  # exec() has not shown it yet: look again on the next turn of the loop
            QTimer.singleShot(10, self._attempt)
            return
        dialog = shown[0]
        self.text = f"{dialog.text()}\n{dialog.informativeText()}"
        self.buttons = [button.text() for button in dialog.buttons()]
        button = self._button(dialog)
        assert button is not None, self.buttons
        button.click()


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


def _live_titles(database: Path) -> list[str]:
    with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT title FROM weeks WHERE archived_at IS NULL ORDER BY number"
        ).fetchall()
    return [row[0] for row in rows]


def _embedded_titles() -> list[str]:
    syllabus = json.loads((REPO / "syllabus.json").read_text(encoding="utf-8"))
    return [week["title"] for week in syllabus["weeks"]]


def _set_aside(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{DATABASE_NAME}.damaged-*[0-9]"))


def test_move_it_aside_opens_a_fresh_term_and_keeps_the_damaged_file(
    tmp_path: Path, make_window: WindowFactory, qtbot: QtBot
) -> None:
    student = tmp_path / "student"
    open_services(student).close()
    damage(student / DATABASE_NAME, DAMAGES["a text file"])
    damaged_bytes = (student / DATABASE_NAME).read_bytes()

    answer = _Answer(lambda dialog: dialog.move_aside_button)
    services = open_or_rescue(student, _damaged_error(student))

    assert "not a SQLite database" in answer.text and "No good backup" in answer.text
    assert sorted(answer.buttons) == ["Move it aside and start fresh", "Quit"]  # no backup
    assert isinstance(services, AppServices)
    window = make_window(services=services)
    assert _titles(window) == _embedded_titles()  # the fresh term, from the embedded syllabus
    kept = _set_aside(student)
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes


def test_restore_opens_the_window_on_the_backups_term(
    tmp_path: Path, make_window: WindowFactory, qtbot: QtBot
) -> None:
    student = tmp_path / "student"
    student.mkdir()
    shutil.copy(DATABASES / "0006_outbox.sqlite3", student / DATABASE_NAME)
    with closing(open_services(student)) as services:
        backup = services.backups.back_up()
    expected = _live_titles(backup)
    assert expected != _embedded_titles()  # the student's term: a week left the syllabus
    damage(student / DATABASE_NAME, DAMAGES["garbage in its middle pages"])
    stamp = datetime.strptime(backup.name[len("study-companion-") :][:15], "%Y%m%d-%H%M%S")

    answer = _Answer(lambda dialog: dialog.restore_button)
    services = open_or_rescue(student, _damaged_error(student))

    assert f"Restore backup from {stamp:%a %d %b %H:%M}" in answer.buttons
    assert "Move it aside and start fresh" in answer.buttons
    assert "SQLite" in answer.text and "Nothing was changed" in answer.text
    assert isinstance(services, AppServices)
    window = make_window(services=services)
    assert _titles(window) == expected
    assert len(_set_aside(student)) == 1  # the damaged one, renamed, not deleted


def test_quit_leaves_everything_as_it_was(tmp_path: Path, qtbot: QtBot) -> None:
    student = tmp_path / "student"
    open_services(student).close()
    damage(student / DATABASE_NAME, DAMAGES["cut short"])
    before = sorted(path.name for path in student.iterdir())

    answer = _Answer(lambda dialog: dialog.quit_button)
    assert open_or_rescue(student, _damaged_error(student)) is None
    assert "cut short" in answer.text
    assert sorted(path.name for path in student.iterdir()) == before


def test_the_dialog_has_a_screenshot_view(tmp_path: Path) -> None:
    student = tmp_path / "student"
    with closing(open_services(student)) as services:
        services.backups.back_up()
    out = tmp_path / "damaged.png"
    result = run(student, "screenshot", str(out), "--view", "damaged-database")
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() > 0
