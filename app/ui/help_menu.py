"""File > Settings… (Ctrl+,) and the Help menu: Keyboard Shortcuts (F1), Documentation, Open
Data Folder, Copy Diagnostic Info, About.

``install_help`` finds the menus and the About action that ``window_actions`` made by their
object names and adds the rest, so the window needs no wiring of its own. Diagnostic info is
gathered on a worker (it asks PyMuPDF for its MuPDF version and reads the log) and put on the
clipboard when ready; the status bar says so.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from app.log_setup import current_log_file
from app.resources import resources_dir
from app.services.config import SCHEDULE_START, THEME, THEMES
from app.ui.off_thread import OffThread
from app.ui.theme import theme

if TYPE_CHECKING:
    from app.services.app_services import AppServices
    from app.ui.about_dialog import AboutDialog
    from app.ui.main_window import MainWindow
    from app.ui.settings.settings_dialog import SettingsDialog
    from app.ui.shortcuts_dialog import ShortcutsDialog

FILE_MENU, HELP_MENU = "fileMenu", "helpMenu"
ABOUT_ACTION, QUIT_ACTION = "aboutAction", "quitAction"
MESSAGE_MS = 10_000


def settings_keys() -> list[QKeySequence]:
    """The platform's Preferences key; Ctrl+, where it has none (most Linux desktops)."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    comma = QKeySequence("Ctrl+,")
    return keys if comma in keys else [*keys, comma]


def documentation_path() -> Path | None:
    """README.md beside the shipped resources (a checkout, or a bundle that carries it)."""
    readme = resources_dir().parent / "README.md"
    return readme if readme.is_file() else None


class HelpMenu(QObject):
    def __init__(self, window: MainWindow, services: AppServices) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self.log_file = current_log_file(services.data_dir)
        self.settings_dialog: SettingsDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.gatherer = OffThread(self)
        self.gatherer.done.connect(self._copy)
        self.gatherer.failed.connect(lambda reason: self._say(f"Not copied: {reason}"))

        self.settings_action = self._action("&Settings…", self.open_settings, settings_keys())
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setStatusTip("Change the course page, your identity, reminders…")
        self.shortcuts_action = self._action(
            "&Keyboard Shortcuts",
            self.open_shortcuts,
            [QKeySequence(QKeySequence.StandardKey.HelpContents), QKeySequence("Ctrl+?")],
        )
        self.docs_action = self._action("&Documentation", self.open_documentation)
        self.data_action = self._action("Open &Data Folder", self.open_data_folder)
        self.diagnostics_action = self._action("&Copy Diagnostic Info", self.copy_diagnostics)
        self.diagnostics_action.setStatusTip(
            "Versions, counts and the log's last lines for a bug report: no passwords or names"
        )

    def install(self) -> None:
        window = self._window
        file_menu = window.findChild(QMenu, FILE_MENU)
        if isinstance(file_menu, QMenu):
            quit_action = window.findChild(QAction, QUIT_ACTION)
            before = quit_action if quit_action in file_menu.actions() else None
            _insert(file_menu, before, self.settings_action, None)
        help_menu = window.findChild(QMenu, HELP_MENU)
        if isinstance(help_menu, QMenu):
            first = help_menu.actions()[0] if help_menu.actions() else None  # Welcome…, About
            _insert(help_menu, first, self.shortcuts_action, self.docs_action, None)
            _insert(help_menu, first, self.data_action, self.diagnostics_action, None)
        about = window.findChild(QAction, ABOUT_ACTION)
        if isinstance(about, QAction):
            about.triggered.connect(self.open_about)

    # -- the commands --------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        from app.ui.settings.settings_dialog import SettingsDialog

        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = SettingsDialog(lambda: self._services.config, self._window)
        dialog.applied.connect(self._settings_applied)
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def open_shortcuts(self) -> ShortcutsDialog:
        from app.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self._window)
        dialog.finished.connect(dialog.deleteLater)
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    def open_about(self) -> AboutDialog:
        from app.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self._services.data_dir, self.log_file, self._window)
        dialog.finished.connect(dialog.deleteLater)
        self.about_dialog = dialog
        dialog.open()
        return dialog

    def open_documentation(self) -> None:
        readme = documentation_path()
        if readme is None:
            self._say("The documentation is not installed with this copy of the app")
        elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(readme))):
            self._say(f"No program could open the documentation: {readme}")

    def open_data_folder(self) -> None:
        folder = self._services.data_dir
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(f"No file manager could be opened. The data folder: {folder}")

    def copy_diagnostics(self) -> None:
        if self.gatherer.running:
            return
        from app.services.diagnostics import diagnostic_report
        from app.ui.about_dialog import qt_versions

        qt = {**qt_versions(), "Qt platform": QGuiApplication.platformName() or platform.system()}
        services, log, now = self._services, self.log_file, self._services.clock.now()
        self._say("Gathering diagnostic info…")
        self.gatherer.start(lambda: diagnostic_report(services, qt, log, now))

    def wait(self) -> None:
        self.gatherer.wait()

    # -- helpers -------------------------------------------------------------------------------

    def _copy(self, report: str) -> None:
        QGuiApplication.clipboard().setText(report)
        self._say("Diagnostic info copied: paste it into your bug report")

    def _settings_applied(self, keys: list[str]) -> None:
        if SCHEDULE_START in keys:
            self._window.reload()  # the term moved
        if THEME in keys:
            self._follow_theme(self._services.config.theme())
        self._say("Settings saved")

    def _follow_theme(self, mode: str) -> None:
        """The window in the theme chosen, and View > Theme showing it checked."""
        theme().apply(mode)
        for action in self._window.findChildren(QAction):
            if action.actionGroup() is not None and action.data() in THEMES:
                action.setChecked(action.data() == mode)

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, MESSAGE_MS)

    def _action(
        self, text: str, slot: Callable[[], object], keys: list[QKeySequence] | None = None
    ) -> QAction:
        action = QAction(text, self._window)
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(slot)
        return action


def _insert(menu: QMenu, before: QAction | None, *actions: QAction | None) -> None:
    """``actions`` (None: a separator) into ``menu`` ahead of ``before`` (at the end: None)."""
    for action in actions:
        if action is None:
            if before is None:
                menu.addSeparator()
            else:
                menu.insertSeparator(before)
        elif before is None:
            menu.addAction(action)
        else:
            menu.insertAction(before, action)


def install_help(window: MainWindow, services: AppServices) -> HelpMenu:
    """Settings… and the Help menu's commands on ``window`` (``window.findChild(HelpMenu)``)."""
    menu = HelpMenu(window, services)
    menu.install()
    return menu
