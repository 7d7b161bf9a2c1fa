"""The Help menu as a student uses it: Keyboard Shortcuts lists the window's keys (Sync's Ctrl+R,
the highlighter's H) and finds one by a word; Copy Diagnostic Info puts a report on the clipboard
that holds the versions, the store's counts and the log's last lines but none of the student's
identity, no password from the keyring and no secret from the log; About names PyMuPDF with the
AGPL; Open Data Folder and Documentation hand their paths to the desktop.

Expected values come from elsewhere than the code under test: PyMuPDF's own version attribute,
the embedded syllabus.json read here, the literals the test stored.
"""

from __future__ import annotations

import json

import pymupdf
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.resources import embedded_syllabus_path
from app.services.app_services import AppServices
from app.ui.help_menu import HelpMenu
from app.ui.main_window import MainWindow
from tests.conftest import REPO
from tests.gui.conftest import Desktop
from tests.gui.review_scene import WAIT_MS
from tests.keyring_memory import MemoryKeyring

PASSWORD = "c0rrect-h0rse-battery"
TOKEN = "c3R1ZGVudDpjMHJyZWN0"  # an Authorization header's value, as a log might hold it


def help_of(window: MainWindow) -> HelpMenu:
    found = window.findChild(HelpMenu)
    assert isinstance(found, HelpMenu)
    return found


def help_action(window: MainWindow, text: str) -> QAction:
    menu = window.findChild(QMenu, "helpMenu")
    assert isinstance(menu, QMenu)
    [action] = [a for a in menu.actions() if a.text() == text]
    return action


def test_the_help_menu_offers_each_command_in_order(window: MainWindow) -> None:
    menu = window.findChild(QMenu, "helpMenu")
    assert isinstance(menu, QMenu)
    named = [a.text() for a in menu.actions() if not a.isSeparator()]

    assert named[:4] == [
        "&Keyboard Shortcuts",
        "&Documentation",
        "Open &Data Folder",
        "&Copy Diagnostic Info",
    ]
    assert named[-1] == "&About Study Companion"


def test_keyboard_shortcuts_lists_the_windows_and_the_readers_keys(
    window: MainWindow, qtbot: QtBot
) -> None:
    help_action(window, "&Keyboard Shortcuts").trigger()
    dialog = help_of(window).shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.visible_rows()

    assert ("File", "Sync", "Ctrl+R, F5") in rows
    assert ("File", "Settings", "Ctrl+,") in rows
    assert ("Help", "Keyboard Shortcuts", "F1, Ctrl+?") in rows
    assert ("Annotating", "Highlight", "H") in rows
    assert ("Reader", "Find", "Ctrl+F") in rows

    qtbot.keyClicks(dialog.search, "highl")

    assert dialog.visible_rows() == [("Annotating", "Highlight", "H")]

    qtbot.keyClicks(dialog.search, "zzz")
    assert dialog.visible_rows() == [] and dialog.empty.isVisibleTo(dialog)
    dialog.reject()


def test_diagnostic_info_is_copied_without_any_secret(
    window: MainWindow, services: AppServices, qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    identity = {
        "identity.name": "Ada Lovelace",
        "identity.email": "ada.lovelace@example.org",
        "identity.student_id": "3034567890",
    }
    for key, value in identity.items():
        services.config.set(key, value)
    chosen_page = "https://user:t0ken@example.org/private/index.md"
    services.config.set("sync.source", chosen_page)
    memory_keyring.set_password("study-companion:papers.example.org", "ada", PASSWORD)
    log = services.data_dir / "logs" / "study-companion.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(
        "2022-03-14 10:00:00 INFO app.services.sync: synced the course page\n"
        f"2022-03-14 10:00:01 DEBUG urllib3: sent Authorization: Basic {TOKEN}\n",
        encoding="utf-8",
    )
    QGuiApplication.clipboard().clear()

    help_action(window, "&Copy Diagnostic Info").trigger()
    qtbot.waitUntil(lambda: bool(QGuiApplication.clipboard().text()), timeout=WAIT_MS)

    report = QGuiApplication.clipboard().text()
    weeks = json.loads(embedded_syllabus_path().read_text(encoding="utf-8"))["weeks"]
    lines = report.splitlines()
    assert f"PyMuPDF: {pymupdf.VersionBind}" in lines
    assert f"MuPDF: {pymupdf.mupdf_version}" in lines
    assert "Qt platform: offscreen" in lines
    assert f"Weeks: {len(weeks)}" in lines
    assert f"Readings: {sum(len(w['readings']) for w in weeks)}" in lines
    assert f"Data folder: {services.data_dir}" in lines
    assert "  2022-03-14 10:00:00 INFO app.services.sync: synced the course page" in lines
    [settings] = [line for line in lines if line.startswith("Settings: ")]
    assert "reminders=48h,24h,2h" in settings and "sync.source=(chosen)" in settings
    for secret in (*identity.values(), "Lovelace", PASSWORD, TOKEN, "t0ken", "example.org/private"):
        assert secret not in report
    assert "Diagnostic info copied" in window.statusBar().currentMessage()


def test_about_names_pymupdf_and_its_agpl_licence(
    window: MainWindow, services: AppServices, qtbot: QtBot
) -> None:
    help_action(window, "&About Study Companion").trigger()
    dialog = help_of(window).about_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)

    rows = {name.casefold(): (version, licence) for name, version, licence in dialog.library_rows()}
    version, licence = rows["pymupdf"]
    assert version == pymupdf.VersionBind
    assert "AFFERO GPL" in licence.upper()
    assert "AGPL" in dialog.agpl.text() and "PyMuPDF" in dialog.agpl.text()
    assert {"sqlalchemy", "requests", "pyside6_essentials"} <= set(rows)
    assert dialog.data_label.text() == str(services.data_dir)
    dialog.reject()


def test_open_data_folder_and_documentation_go_to_the_desktop(
    window: MainWindow, services: AppServices, desktop: Desktop
) -> None:
    help_action(window, "Open &Data Folder").trigger()
    help_action(window, "&Documentation").trigger()

    assert [url.toLocalFile() for url in desktop.opened[:1]] == [str(services.data_dir)]
    assert desktop.opened[1] == QUrl.fromLocalFile(str(REPO / "README.md"))
