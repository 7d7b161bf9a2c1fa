"""The main window's commands: Sync, Today, Quit, About, with their shortcuts, menus and toolbar.

Shortcuts are set explicitly rather than from QKeySequence's standard keys: Refresh is F5 on
some platforms and Ctrl+R on others; users of either expect both to work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from app.ui import icons


@dataclass(frozen=True)
class WindowActions:
    sync: QAction
    today: QAction
    quit: QAction
    about: QAction


def install_actions(
    window: QMainWindow,
    *,
    app_name: str,
    on_sync: Callable[[], None],
    on_today: Callable[[], None],
    on_about: Callable[[], None],
) -> WindowActions:
    """Create the actions, put them in the menu bar and the toolbar, and connect them."""
    sync = QAction(icons.sync_icon(window), "&Sync", window)
    sync.setShortcuts([QKeySequence("Ctrl+R"), QKeySequence("F5")])
    sync.setToolTip("Fetch the course page and show what changed (Ctrl+R, F5)")
    sync.setStatusTip("Fetch the course page and merge its changes")
    sync.triggered.connect(on_sync)

    today = QAction(icons.today_icon(window), "&Today", window)
    today.setShortcut(QKeySequence("Ctrl+T"))
    today.setToolTip("Select the current or next week (Ctrl+T)")
    today.setStatusTip("Jump to this week's lecture, or the next one")
    today.triggered.connect(on_today)

    quit_ = QAction("&Quit", window)
    quit_.setShortcut(QKeySequence("Ctrl+Q"))
    quit_.setMenuRole(QAction.MenuRole.QuitRole)
    quit_.triggered.connect(window.close)  # closing saves the layout; the app then quits

    about = QAction(f"&About {app_name}", window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(on_about)

    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addAction(sync)
    file_menu.addSeparator()
    file_menu.addAction(quit_)
    menu.addMenu("&View").addAction(today)
    menu.addMenu("&Help").addAction(about)

    toolbar = QToolBar("Main toolbar")
    toolbar.setObjectName("mainToolbar")  # saveState() needs a name to restore it
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(sync)
    toolbar.addAction(today)
    window.addToolBar(toolbar)
    return WindowActions(sync, today, quit_, about)
