"""The start-up path stays light: none of the heavy libraries load until they are needed.

ARCHITECTURE.md ("Start-up") promises SQLAlchemy only on the first write, requests and
markdown-it only when a sync or download starts, jsonschema and Alembic only on the first
start, PyMuPDF only where a PDF is checked or opened. Each case runs the app's own entry
(``app.__main__.main``, what ``study-companion`` and ``python -m app`` call) in a fresh
interpreter on a data directory that has had its first start, and reads ``sys.modules`` there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.services.app_services import open_services

HEAVY = ("sqlalchemy", "alembic", "jsonschema", "markdown_it", "requests", "fitz", "pymupdf")

# Runs a command through the app's entry, then writes the loaded modules to argv[1].
COMMAND = """
import json, sys
from app.__main__ import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""

# Opens the window through the app's entry with its own --exit-when-shown (the event loop ends
# once the week list has painted). An application-wide event filter, installed before, records
# that a widget of the main window really painted, and which modules were loaded by then.
WINDOW = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    painted_by = None
    modules_then = []
    painted = set()  # the classes of the window's widgets painted (and of their parents)

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint or type(watched.window()).__name__ != "MainWindow":
            return False
        if self.painted_by is None:
            self.painted_by = type(watched).__name__
            self.modules_then = sorted(sys.modules)
        self.painted.add(type(watched).__name__)
        if watched.parentWidget() is not None:
            self.painted.add(type(watched.parentWidget()).__name__)
        return False

application = QApplication(sys.argv[:1])
first_paint = FirstPaint()
application.installEventFilter(first_paint)
from app.__main__ import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(
        {
            "code": code,
            "painted_by": first_paint.painted_by,
            "modules_at_first_paint": first_paint.modules_then,
            "painted": sorted(first_paint.painted),
            "modules": sorted(sys.modules),
        },
        out,
    )
"""


def run_entry(script: str, tmp_path: Path, *arguments: str) -> dict[str, Any]:
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-c", script, str(report), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    assert loaded["code"] == 0, result.stderr
    return loaded


def heavy(modules: list[str]) -> list[str]:
    return sorted(
        name
        for name in modules
        if any(name == library or name.startswith(f"{library}.") for library in HEAVY)
    )


# What a measured start (--exit-when-shown: no tray, reminders or single-instance channel)
# leaves unloaded until the window is shown: the channel's QtNetwork, the D-Bus notifier, the
# tray and the reminders; the command line's parsers of commands; and what waits for its
# first use: the sync service and its dialogs, the identity dialog, the hidden Review dock's
# editor (its fields, spell checker, quotes and submit parts), the Outbox's view and dialogs,
# the annotations' PDF export and import and their colour meanings dialog.
WINDOW_DEFERS = (
    "PySide6.QtNetwork",
    "jeepney",
    "app.ui.single_instance",
    "app.ui.tray",
    "app.ui.reminder_runner",
    "app.notify.window_channel",
    "app.cli.annotation_parsers",
    "app.services.sync",
    "app.ui.change_dialog",
    "app.ui.held_back_dialog",
    "app.ui.identity_dialog",
    "app.ui.review.review_editor",
    "app.ui.review.answer_fields",
    "app.ui.review.spell_check",
    "app.ui.review.quote_chooser",
    "app.ui.review.review_submit",
    "app.ui.spelling",
    "app.ui.outbox.outbox_view",
    "app.ui.outbox.submit_bar",
    "app.ui.outbox.submit_dialog",
    "app.ui.outbox.outbox_export",
    "app.ui.annotations.pdf_transfer",
    "app.ui.annotations.settings_dialog",
)


def test_the_window_opens_on_an_existing_data_dir_without_the_heavy_libraries(
    fresh_data: Path, tmp_path: Path
) -> None:
    # Following the term from the coming Monday: deadlines lie ahead, so the Due view shows.
    with closing(open_services(fresh_data)) as services:
        today = services.clock.now().date()
        services.course.follow_from(today + timedelta(days=7 - today.weekday()))

    report = run_entry(WINDOW, tmp_path, "--data-dir", str(fresh_data), "--exit-when-shown")

    assert report["painted_by"] is not None, "the main window never painted"
    assert "DueView" in report["painted"]  # the start measured is the one a student sees
    # The window was built by the app's own code, and the check would see a heavy import.
    assert "app.ui.main_window" in report["modules_at_first_paint"]
    assert "app.store.database" in report["modules_at_first_paint"]
    assert heavy(report["modules_at_first_paint"]) == []
    assert heavy(report["modules"]) == []
    loaded = report["modules"]
    assert [name for name in loaded if name.split(".")[0] == "jeepney"] == []
    assert [name for name in WINDOW_DEFERS if name in loaded] == []


@pytest.mark.parametrize(
    "command", [["due"], ["due", "--json"], ["weeks"], ["weeks", "--json"]], ids=" ".join
)
def test_due_and_weeks_run_without_the_heavy_libraries(
    command: list[str], fresh_data: Path, tmp_path: Path
) -> None:
    report = run_entry(COMMAND, tmp_path, "--data-dir", str(fresh_data), *command)

    assert "app.cli.course_commands" in report["modules"]  # the command really ran
    assert "app.store.reads" in report["modules"]
    assert heavy(report["modules"]) == []


# What `due` leaves unloaded on a term with no review draft yet (the parser's other parts,
# the review service, the annotation store) and the standard modules it has no use for.
DUE_DEFERS = (
    "app.cli.annotation_parsers",
    "app.cli.review_parsers",
    "app.cli.reminder_parsers",
    "app.services.reviews",
    "app.store.review_store",
    "app.store.annotation_store",
    "shutil",
    "hashlib",
    "socket",
)


def test_due_before_any_draft_loads_only_what_it_shows(fresh_data: Path, tmp_path: Path) -> None:
    report = run_entry(COMMAND, tmp_path, "--data-dir", str(fresh_data), "due")

    assert "app.store.drafted_weeks" in report["modules"]  # it did look for drafts
    assert [name for name in DUE_DEFERS if name in report["modules"]] == []


def test_the_check_sees_the_libraries_a_sync_loads(
    fresh_data: Path, tmp_path: Path, course_index_path: Path
) -> None:
    """The same check on a command that needs them: a sync parses and writes."""
    page = shutil.copyfile(course_index_path, tmp_path / "index.md")

    report = run_entry(
        COMMAND, tmp_path, "--data-dir", str(fresh_data), "sync", "--source", str(page)
    )

    assert {"markdown_it", "sqlalchemy"} <= set(heavy(report["modules"]))
