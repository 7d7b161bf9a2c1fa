"""``study-companion screenshot OUT.png``: the main window, rendered offscreen to a PNG.

For docs and interface reviews: the window over the user's data directory, at a given size,
on a given week, optionally with a reading open at a page (in dark mode if asked), in the
light or dark theme (``--theme``; else the student's ``appearance.theme``). ``--view``
names what to show; each name is a function in ``VIEWS`` (add one with ``@view``). It waits
until what is asked for is drawn (the reader's visible pages rendered), then grabs the window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.errors import UserFacingError
from app.domain.library import FetchState
from app.services.app_services import open_services
from app.services.clock import FixedClock
from app.ui.launch import build_main_window
from app.ui.main_window import MainWindow
from app.ui.theme import theme

if TYPE_CHECKING:
    from app.services.app_services import AppServices
    from app.services.library import LibraryItem
    from app.ui.reader.reader_tab import ReaderTab

WAIT_MS = 15_000


class ScreenshotError(UserFacingError):
    pass


@dataclass(frozen=True)
class ScreenshotRequest:
    out: Path
    width: int = 1280
    height: int = 800
    week: int | None = None
    reading: str | None = None
    page: int | None = None  # 1-based, as the reader's page box shows it
    dark: bool = False
    view: str = "term"
    theme: str | None = None  # light, dark or system; None: the student's setting
    now: datetime | None = None  # the clock stopped here (pictures of mid-term); None: now


# A view may return a dialog it opened over the window: the picture shows it there.
Prepare = Callable[[MainWindow, "AppServices", ScreenshotRequest], QWidget | None]
VIEWS: dict[str, Prepare] = {}  # --view NAME -> what sets the window up for it


def view(name: str) -> Callable[[Prepare], Prepare]:
    """Register a view for ``--view NAME``: a function that sets the shown window up."""

    def register(prepare: Prepare) -> Prepare:
        VIEWS[name] = prepare
        return prepare

    return register


def check_view(name: str) -> None:
    if name not in VIEWS:
        raise ScreenshotError(f"there is no view {name!r}: choose one of {', '.join(VIEWS)}")


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 200 or int(height) < 200:
        raise ScreenshotError(f"--size wants WIDTHxHEIGHT of at least 200x200, not {text!r}")
    return int(width), int(height)


def take_screenshot(data_dir: str | None, request: ScreenshotRequest) -> int:
    check_view(request.view)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed, none shown
    if QApplication.instance() is None:
        QApplication(["study-companion"])
    clock = None if request.now is None else FixedClock(request.now)
    services = open_services(data_dir, clock=clock)
    window = build_main_window(services)
    try:
        if request.theme is not None:  # before the window shows, as a start in that theme
            theme().apply(request.theme)
        window.resize(request.width, request.height)
        window.show()
        if request.week is not None and not window.select_week(request.week):
            raise ScreenshotError(f"there is no week {request.week}")
        dialog = VIEWS[request.view](window, services, request)
        _process_events(300)
        request.out.parent.mkdir(parents=True, exist_ok=True)
        if not _grab(window, dialog).save(str(request.out)):
            raise ScreenshotError(f"could not write {request.out}")
        return 0
    finally:
        window.close()
        window.sync_runner.wait()
        window.download_runner.wait()
        window.review.fetcher.wait()
        if window.review.outbox is not None:
            window.review.outbox.runner.wait()
        window.deleteLater()
        QCoreApplication.sendPostedEvents()
        services.close()


# -- the views ---------------------------------------------------------------------------------


@view("term")
def _term(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> None:
    """The term: the week list and the selected week (and a reading, if one is asked for)."""
    if request.reading is not None:
        _open_reading(window, services.library.items(), request)


@view("reader")
def _reader(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> None:
    """A reading open in its tab (--reading ID, at --page P)."""
    if request.reading is None:
        raise ScreenshotError("--view reader needs --reading ID")
    _open_reading(window, services.library.items(), request)


@view("annotations")
def _annotations(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> None:
    """With --reading: the reading with its annotation panel. Without: the week's annotations
    (the asked week, else the selected one), scrolled into view."""
    if request.reading is not None:
        tab = _open_reading(window, services.library.items(), request)
        if tab.annotating is None:
            raise ScreenshotError(f"reading {request.reading} cannot show its annotations")
        tab.annotating.show_panel(True)
        _process_events(100)  # the panel takes its room before the pages are drawn anew
        _wait(lambda: all(p in tab.view.painted_pages for p in tab.view.visible_pages()))
        return
    section = window.detail.annotations
    if not section.isVisibleTo(window):
        week = window.selected_week()
        raise ScreenshotError(f"week {week.number if week else '?'} has no readings to annotate")
    _process_events(100)  # the pane lays the section out before it can be scrolled to
    window.detail.ensureWidgetVisible(section, 0, 0)


@view("review")
def _review(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> None:
    """The review editor docked beside the term, on --week N (else the selected week)."""
    week = request.week if request.week is not None else window.review.front_week()
    if week is None or not window.review.open_week(week):
        raise ScreenshotError("--view review needs a week: --week N")


@view("due")
def _due(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> None:
    """The Due view above the weeks (shown even when no deadline is ahead any more)."""
    window.review.due.setVisible(True)


@view("outbox")
def _outbox(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> None:
    """The Outbox beside the term: every review sent, the newest selected with its attempts.
    Nothing is sent: the sender only reads the entries."""
    outbox = window.review.outbox
    if outbox is None:
        raise ScreenshotError("this window has no outbox")
    outbox.show()
    _wait(lambda: not outbox.runner.busy)


@view("welcome")
def _welcome(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> QWidget:
    """The first-run welcome's first page over the window, as a new student meets it (opened
    as Help > Welcome… does: nothing is stored)."""
    from app.ui.welcome.opening import open_welcome

    return open_welcome(window, services)


@view("damaged-database")
def _damaged(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> QWidget:
    """The dialog a damaged database opens before the window, with this data directory's
    newest good backup (the damage is an example: this database opened)."""
    from app.services.backup import Health, when
    from app.ui.damaged_database_dialog import DamagedDatabaseDialog

    good = services.backups.newest_good()
    example = "SQLite's check finds damage (Page 4: btreeInitPage() returns error code 11)"
    health = Health(services.backups.database, True, example, good)
    taken = when(good.taken_at, services.clock.now()) if good else ""
    dialog = DamagedDatabaseDialog(health, taken, window)
    dialog.show()
    return dialog


@view("settings")
def _settings(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> QWidget:
    """File > Settings… over the window, on its first page (nothing is stored)."""
    from app.ui.help_menu import HelpMenu

    help_menu = window.findChild(HelpMenu)
    assert help_menu is not None
    return help_menu.open_settings()


@view("about")
def _about(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> QWidget:
    """Help > About over the window, its libraries listed."""
    from app.ui.help_menu import HelpMenu

    help_menu = window.findChild(HelpMenu)
    assert help_menu is not None
    dialog = help_menu.open_about()
    _wait(lambda: dialog.loaded)
    return dialog


@view("shortcuts")
def _shortcuts(window: MainWindow, services: AppServices, request: ScreenshotRequest) -> QWidget:
    """Help > Keyboard Shortcuts over the window."""
    from app.ui.help_menu import HelpMenu

    help_menu = window.findChild(HelpMenu)
    assert help_menu is not None
    return help_menu.open_shortcuts()


def _grab(window: MainWindow, dialog: QWidget | None) -> QPixmap:
    """The window; with a dialog, the dialog centred over the window dimmed behind it, as a
    desktop shows a window-modal dialog (offscreen, each is a picture of its own)."""
    picture = window.grab()
    if dialog is None:
        return picture
    over = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
    left, top = (picture.width() - over.width()) // 2, (picture.height() - over.height()) // 2
    painter.drawPixmap(left, top, over)
    painter.setPen(QColor(0, 0, 0, 140))
    painter.drawRect(left - 1, top - 1, over.width() + 1, over.height() + 1)
    painter.end()
    return picture


def _open_reading(
    window: MainWindow, items: list[LibraryItem], request: ScreenshotRequest
) -> ReaderTab:
    item = next((i for i in items if i.reading.id == request.reading), None)
    if item is None:
        raise ScreenshotError(f"there is no reading {request.reading}")
    entry = item.entry
    if entry.state not in (FetchState.READY, FetchState.ATTACHED) or not entry.path:
        raise ScreenshotError(
            f"reading {request.reading} has no PDF here yet: download or attach it first"
        )
    window.select_week(item.listed.week)
    tab = window.tabs.open_reading(item.reading.id, item.reading.title, entry.path)
    _wait(lambda: tab.state != "opening")
    if tab.state != "reading":
        raise ScreenshotError(f"the PDF of reading {request.reading} did not open")
    if request.page is not None:
        tab.jump(max(request.page - 1, 0))
    if request.dark:
        tab.set_dark(True)
    _wait(lambda: all(p in tab.view.painted_pages for p in tab.view.visible_pages()))
    return tab


def _wait(done: Callable[[], bool]) -> None:
    deadline = QDeadlineTimer(WAIT_MS)
    while not done() and not deadline.hasExpired():
        _process_events(20)


def _process_events(milliseconds: int) -> None:
    deadline = QDeadlineTimer(milliseconds)
    while not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
