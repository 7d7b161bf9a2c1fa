"""The main window's commands: Sync, Today, the downloads, Follow at my own pace, Quit, About;
menus and toolbar.

The Annotations menu is the annotations controller's; it goes in before Help. Settings… and
Help's commands are ``help_menu.py``'s: it finds these menus and About by their object names.

Shortcuts are set explicitly rather than from QKeySequence's standard keys: Refresh is F5 on
some platforms and Ctrl+R on others; users of either expect both to work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from app.services.course import CourseService
from app.ui import icons
from app.ui.schedule_dialog import ScheduleDialog, following_text
from app.ui.theme import on_theme_change, theme

MOVED_MESSAGE_MS = 10_000


@dataclass(frozen=True)
class TermMoves:
    """What Follow at my own pace needs from the window."""

    course: CourseService
    today: Callable[[], date]  # the student's today (the clock seam)
    moved: Callable[[], object]  # the window reads the term again


@dataclass(frozen=True)
class WindowActions:
    sync: QAction
    today: QAction
    download_week: QAction
    download_all: QAction
    cancel_downloads: QAction
    quit: QAction
    about: QAction
    view_menu: QMenu
    help_menu: QMenu
    own_pace: QAction | None = None


def install_actions(
    window: QMainWindow,
    *,
    app_name: str,
    on_sync: Callable[[], object],
    on_today: Callable[[], object],
    on_download_week: Callable[[], object],
    on_download_all: Callable[[], object],
    on_cancel_downloads: Callable[[], object],
    term: TermMoves | None = None,
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

    week = QAction(icons.download_icon(window), "&Download Week", window)
    week.setShortcut(QKeySequence("Ctrl+D"))
    week.setToolTip("Download the selected week's readings (Ctrl+D)")
    week.setStatusTip("Fetch the PDFs of the selected week's readings")
    week.triggered.connect(on_download_week)

    every = QAction(icons.download_icon(window, every_week=True), "Download &All", window)
    every.setShortcut(QKeySequence("Ctrl+Shift+D"))
    every.setToolTip("Download the readings of every week (Ctrl+Shift+D)")
    every.setStatusTip("Fetch the PDFs of the whole term's readings")
    every.triggered.connect(on_download_all)

    cancel = QAction("&Cancel Downloads", window)
    cancel.setStatusTip("Stop every download; what came in is kept for a resume")
    cancel.setEnabled(False)
    cancel.triggered.connect(on_cancel_downloads)

    quit_ = QAction("&Quit", window)
    quit_.setShortcut(QKeySequence("Ctrl+Q"))
    quit_.setMenuRole(QAction.MenuRole.QuitRole)
    quit_.setObjectName("quitAction")  # Settings… goes in before it (help_menu.py)
    quit_.triggered.connect(window.close)  # closing saves the layout; the app then quits

    about = QAction(f"&About {app_name}", window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.setObjectName("aboutAction")  # opened by help_menu.py (launch)

    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.setObjectName("fileMenu")
    file_menu.addAction(sync)
    file_menu.addSeparator()
    file_menu.addAction(week)
    file_menu.addAction(every)
    file_menu.addAction(cancel)
    file_menu.addSeparator()
    file_menu.addAction(quit_)
    view_menu = menu.addMenu("&View")
    view_menu.addAction(today)
    own_pace = None
    if term is not None:
        own_pace = QAction("Follow at my own &pace…", window)
        own_pace.setStatusTip("Move the whole term so week 1 starts on a Monday you choose")
        own_pace.triggered.connect(lambda: open_schedule_dialog(window, term))
        view_menu.addAction(own_pace)
    help_menu = menu.addMenu("&Help")
    help_menu.setObjectName("helpMenu")  # help_menu.py adds its commands above Welcome…
    welcome = QAction("&Welcome…", help_menu)  # opened by the welcome package (launch)
    welcome.setObjectName("welcomeAction")
    welcome.setStatusTip("Choose the course, your name for forms, the term and reminders again")
    help_menu.addAction(welcome)
    help_menu.addAction(about)

    toolbar = QToolBar("Main toolbar")
    toolbar.setObjectName("mainToolbar")  # saveState() needs a name to restore it
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(sync)
    toolbar.addAction(today)
    toolbar.addSeparator()
    toolbar.addAction(week)
    toolbar.addAction(every)
    window.addToolBar(toolbar)

    def retint() -> None:  # the drawn icons are in the palette's text colour
        sync.setIcon(icons.sync_icon(window))
        today.setIcon(icons.today_icon(window))
        week.setIcon(icons.download_icon(window))
        every.setIcon(icons.download_icon(window, every_week=True))

    on_theme_change(window, retint)
    return WindowActions(
        sync, today, week, every, cancel, quit_, about, view_menu, help_menu, own_pace
    )


def open_schedule_dialog(window: QMainWindow, term: TermMoves) -> ScheduleDialog:
    dialog = ScheduleDialog(term.course, term.today(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.moved.connect(term.moved)
    dialog.moved.connect(lambda: _say_moved(window, term.course))
    dialog.open()
    return dialog


def _say_moved(window: QMainWindow, course: CourseService) -> None:
    start = course.schedule_start()
    text = following_text(start) if start else "Following the course's own dates again"
    window.statusBar().showMessage(text, MOVED_MESSAGE_MS)


THEME_CHOICES = (("light", "&Light"), ("dark", "&Dark"), ("system", "&System"))


def install_theme_menu(
    window: QMainWindow, view_menu: QMenu, chosen: str, remember: Callable[[str], object]
) -> QActionGroup:
    """View > Theme: Light / Dark / System, applied at once and ``remember``ed."""
    menu = view_menu.addMenu("T&heme")
    group = QActionGroup(window)
    group.setExclusive(True)
    for mode, label in THEME_CHOICES:
        action = QAction(label, group)
        action.setCheckable(True)
        action.setChecked(mode == chosen)
        action.setData(mode)
        action.setStatusTip(
            "Follow the desktop's light or dark colour scheme"
            if mode == "system"
            else f"Draw the window in {mode} colours"
        )
        menu.addAction(action)

    def choose(action: QAction) -> None:
        mode = str(action.data())
        theme().apply(mode)
        remember(mode)

    group.triggered.connect(choose)
    return group
