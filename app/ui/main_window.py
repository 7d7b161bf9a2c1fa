"""The main window: the term's weeks on the left, the selected week on the right, Sync on top.

It receives its collaborators (course queries, the sync and download runners, the clock, the
remembered UI state) from ``launch``; it reaches for nothing global. The reading library's
side of the window (rows' actions, downloads panel) lives in ``library_controller``; that of
annotations (their menu, the week's list, search) in ``annotations.annotations_controller``;
that of reviews (the Review dock) in ``review.review_controller``.
"""

from __future__ import annotations

import logging
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.course import Week
from app.services.clock import Clock
from app.services.course import CourseService
from app.ui import time_text
from app.ui.annotations.annotations_controller import AnnotationAccess, AnnotationsController
from app.ui.download_runner import DownloadRunner
from app.ui.empty_term import EmptyTermNotice
from app.ui.library_controller import LibraryController
from app.ui.login_dialog import CredentialsPrompt
from app.ui.message_banner import BannerKind, MessageBanner
from app.ui.reading_tabs import ReadingTabs
from app.ui.review.continue_reading import recent_readings
from app.ui.review.review_controller import ReviewAccess, ReviewController
from app.ui.sync_runner import SyncRunner
from app.ui.tab_memory import restore_tabs, save_tabs
from app.ui.ui_state import SavedSelection, UiState
from app.ui.week_delegate import WeekDelegate
from app.ui.week_detail import WeekDetailView
from app.ui.week_list import WeekListModel
from app.ui.window_actions import TermMoves, install_actions

if TYPE_CHECKING:  # a sync's outcome and its dialog load with the first sync
    from app.services.sync import SyncOutcome
    from app.ui.change_dialog import ChangeDialog
    from app.ui.reminder_runner import ReminderRunner

log = logging.getLogger(__name__)

APP_NAME = "Study Companion"
MINUTE_MS = 60_000


class MainWindow(QMainWindow):
    def __init__(
        self,
        course: CourseService,
        sync_runner: SyncRunner,
        download_runner: DownloadRunner,
        clock: Clock,
        state: UiState,
        tabs: ReadingTabs,
        *,
        annotations: AnnotationAccess,
        reviews: ReviewAccess,
        sync_source: str | None = None,
        reminders: ReminderRunner | None = None,
    ) -> None:
        super().__init__()
        self.tabs = tabs
        self._course = course
        self._clock = clock
        self._state = state
        self._sync_source = sync_source  # None: the stored course's own source
        self.sync_runner = sync_runner
        sync_runner.setParent(self)
        sync_runner.succeeded.connect(self._sync_succeeded)
        sync_runner.failed.connect(self._sync_failed)
        sync_runner.kept.connect(self._sync_kept)
        self.download_runner = download_runner
        download_runner.setParent(self)
        self.login_prompt = CredentialsPrompt(self)
        download_runner.set_prompt(self.login_prompt)
        self.change_dialog: ChangeDialog | None = None
        self._syncing_message = ""  # kept while a sync runs, so hovering a link does not lose it

        self._syllabus = course.syllabus()  # read once here; a sync or a move reads it again
        self.model = WeekListModel()
        self.week_list = QListView()
        self.detail = WeekDetailView()
        self.banner = MessageBanner()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.sync_label = QLabel()
        self.busy = QProgressBar()
        self.library = LibraryController(
            self, download_runner, self.detail, self.model, self.banner
        )
        self.annotations = AnnotationsController(
            self, annotations, course, self.library, tabs, self.detail
        )
        self.review = ReviewController(
            self, reviews, course, tabs, self.selected_week, clock, syllabus=self._syllabus
        )
        # None: reminders are left to the background check. Their clicks, the tray and the
        # single-instance channel are window_presence's (set up by launch).
        self.reminders = reminders
        self._build_actions()
        self._build_layout()
        self._build_status_bar()
        self.library.install(self.view_menu, self.cancel_downloads_action)
        self.library.week_requested.connect(self.select_week)
        self.review.due.reading_chosen.connect(self.continue_reading)
        # After the annotations controller's own week_shown: the week's widgets all exist.
        self.detail.week_shown.connect(self._order_focus)
        self.review.due.rendered.connect(self._order_focus)
        self.review.due.rendered.connect(self._reviews_read)
        tabs.currentChanged.connect(self._tab_changed)
        self.downloads_panel = self.library.panel

        # Countdowns move with the clock: one tick per minute, on the minute.
        self.countdown_timer = QTimer(self)
        self.countdown_timer.setSingleShot(True)
        # Precise: a coarse timer may fire up to 5 % early or late, off the minute boundary.
        self.countdown_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.countdown_timer.timeout.connect(self.refresh_time)

        self.detail.set_archived(course.archived_readings())
        self.detail.set_term(self._syllabus)
        self.model.set_syllabus(self._syllabus, self._clock.now())
        self.library.reload()
        self._update_title()
        self._update_sync_label()
        self._restore_state()
        self.refresh_recent()
        self._reviews_read()
        self._schedule_tick()

    # -- construction ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        actions = install_actions(
            self,
            app_name=APP_NAME,
            on_sync=self.start_sync,
            on_today=self.select_today,
            on_download_week=self.download_week,
            on_download_all=self.library.download_all,
            on_cancel_downloads=self.download_runner.cancel_all,
            term=TermMoves(
                self._course, lambda: time_text.local(self._clock.now()).date(), self.reload
            ),
        )
        self.sync_action = actions.sync
        self.today_action = actions.today
        self.download_week_action = actions.download_week
        self.download_all_action = actions.download_all
        self.cancel_downloads_action = actions.cancel_downloads
        self.quit_action = actions.quit
        self.view_menu = actions.view_menu
        self.annotations.install(before=actions.help_menu)
        self.review.install(self.view_menu)

    def _build_layout(self) -> None:
        self.week_list.setModel(self.model)
        self.week_list.setItemDelegate(WeekDelegate(self.week_list))
        self.week_list.setUniformItemSizes(True)
        self.week_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.week_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.week_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.week_list.setMouseTracking(True)  # hover highlight
        self.week_list.setMinimumWidth(340)
        self.week_list.setFrameShape(QFrame.Shape.NoFrame)
        self.week_list.setAccessibleName("Weeks of the term")
        self.week_list.selectionModel().currentChanged.connect(self._current_changed)
        self.empty_term = EmptyTermNotice(self.week_list, self.sync_action)  # no weeks posted yet

        self.detail.setAccessibleName("Selected week")
        self.detail.setMinimumWidth(360)
        self.detail.link_activated.connect(self.open_link)
        self.detail.highlighted.connect(self._link_hovered)

        column = QSplitter(Qt.Orientation.Vertical)  # the Due view above the weeks
        column.addWidget(self.week_list)
        column.setChildrenCollapsible(False)
        self.review.place_due(column)
        self.splitter.addWidget(column)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        # A hairline between the panes instead of the style's dotted grip.
        self.splitter.setHandleWidth(1)
        # The hairline is the handle's own ground in a palette role, not a style sheet: a sheet
        # fixes its colour when set, and would restyle every widget of both panes under it.
        handle = self.splitter.handle(1)
        handle.setBackgroundRole(QPalette.ColorRole.Mid)
        handle.setAutoFillBackground(True)
        # A wider window widens both panes (a third to the weeks), so titles use the room.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([500, 700])

        self.banner.action_triggered.connect(self.start_sync)  # Retry, after a failed sync
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        banner_box = QVBoxLayout()
        banner_box.setContentsMargins(8, 6, 8, 6)
        banner_box.addWidget(self.banner)
        banner_box.addWidget(self.annotations.banner)  # exports and imports: their own button
        layout.addLayout(banner_box)
        self.tabs.set_term_page(self.splitter, "Term")
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.library.open_requested.connect(self.tabs.open_reading)

    def _build_status_bar(self) -> None:
        self.busy.setRange(0, 0)  # indeterminate: a sync has no measurable steps
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        status = self.statusBar()
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.sync_label)

    # -- the selected week -------------------------------------------------------------------

    def selected_week(self) -> Week | None:
        return self.model.week_at(self.week_list.currentIndex().row())

    def select_week(self, number: int, *, center: bool = True) -> bool:
        row = self.model.row_of_week(number)
        if row is None:
            return False
        index = self.model.index(row)
        self.week_list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        hint = QAbstractItemView.ScrollHint
        self.week_list.scrollTo(index, hint.PositionAtCenter if center else hint.EnsureVisible)
        return True

    @Slot()
    def select_today(self) -> None:
        number = self.model.current_week_number()
        if number is not None:
            self.select_week(number)
        self.tabs.show_term()  # from a reader tab too: Today is about the term
        self.week_list.setFocus()

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_week(
            self.model.week_at(current.row()), self._syllabus.course, self._clock.now()
        )

    @Slot()
    def download_week(self) -> None:
        week = self.selected_week()
        if week is not None:
            self.library.download_week(week.number)

    @Slot()
    def _reviews_read(self) -> None:
        """The Due view read the reviews' statuses: the week pane says the shown one's."""
        self.detail.set_review_words(self.review.due.review_words())

    @Slot()
    def _order_focus(self) -> None:
        """Tab walks the window as it reads: the tabs, the Due view, the weeks, then the
        selected week top to bottom (its rows are made anew for each week)."""
        stops = [self.tabs.tabBar(), *self.review.due.tab_stops(), self.week_list, self.detail]
        # The pane's insides apart: Qt places a widget set after a compound one (the pane)
        # behind all of that one's children, so the pane itself is never "first" of a pair.
        for chain in (stops, self.detail.tab_stops()):
            for first, second in pairwise(chain):
                QWidget.setTabOrder(first, second)

    # -- continue reading ----------------------------------------------------------------------

    def refresh_recent(self) -> None:
        """The Due view's "Continue reading": read again whenever the term comes to the front."""
        titles = {r.id: r.title for week in self._syllabus.weeks for r in week.readings}

        def openable(reading_id: str) -> tuple[str, str] | None:
            # The syllabus read once has the titles; the controller's lookup reads the
            # library again, so it is left for readings no longer on the syllabus.
            path = self.library.entry(reading_id).path
            if reading_id not in titles or path is None:
                return self.library.openable(reading_id)
            return (titles[reading_id], path) if Path(path).is_file() else None

        self.review.due.set_recent(
            recent_readings(
                self.tabs.progress,
                openable,
                lambda reading_id: self.library.entry(reading_id).pages,
            )
        )

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == 0:  # back on the term from a reader: where it was left, saved now
            self.tabs.save_all()
            self.refresh_recent()

    @Slot(str)
    def continue_reading(self, reading_id: str) -> None:
        """Open the reading in its tab, where the student left it."""
        found = self.library.openable(reading_id)
        if found is None:
            self.statusBar().showMessage("That reading's PDF is no longer in the library", 10_000)
            self.refresh_recent()
            return
        self.tabs.open_reading(reading_id, *found)

    # -- time --------------------------------------------------------------------------------

    def _schedule_tick(self) -> None:
        now = self._clock.now()
        into_minute = now.second * 1000 + now.microsecond // 1000
        self.countdown_timer.start(MINUTE_MS - into_minute + 50)

    @Slot()
    def refresh_time(self) -> None:
        """Countdowns, "today" and the sync time's wording follow the clock."""
        now = self._clock.now()
        self.model.set_now(now)
        self.detail.set_now(now)
        self.review.due.set_now(now)
        self._update_sync_label()
        if self.isVisible():
            self._schedule_tick()
            if self.reminders is not None:
                self.reminders.check()

    # -- sync --------------------------------------------------------------------------------

    @Slot()
    def start_sync(self) -> None:
        if self.sync_runner.running:
            return
        source = self._sync_source or self.sync_runner.default_source()
        self.banner.hide()
        self.sync_action.setEnabled(False)
        self.busy.show()
        self._syncing_message = f"Syncing from {urlsplit(source).hostname or source}…"
        self.statusBar().showMessage(self._syncing_message)
        self.sync_runner.start(source)

    def _sync_done(self) -> None:
        self._syncing_message = ""
        self.busy.hide()
        self.sync_action.setEnabled(True)
        self.statusBar().clearMessage()

    @Slot(object)
    def _sync_succeeded(self, outcome: SyncOutcome) -> None:
        self._sync_done()
        if not self.isVisible():  # closed while the sync ran: the store has it, no one to tell
            return
        self.reload()
        if outcome.changes:
            count = len(outcome.changes)
            self.statusBar().showMessage(
                f"Sync finished: {count} change{'s' if count != 1 else ''}", 10_000
            )
            from app.ui.change_dialog import ChangeDialog

            self.change_dialog = ChangeDialog(outcome, self._syllabus, self)
            self.change_dialog.open()
            return
        text = "Nothing changed: the syllabus is up to date."  # said in the banner only
        if outcome.warnings:
            # Known leftovers (e.g. a "More reading coming soon" bullet) are no reason for a
            # dialog; they are counted here and listed in the tooltip.
            count = len(outcome.warnings)
            text += f" {count} line{'s' if count != 1 else ''} of the course page skipped."
        self.banner.show_message(BannerKind.SUCCESS, text)
        self.banner.setToolTip("\n".join(str(w) for w in outcome.warnings))

    @Slot(str)
    def _sync_failed(self, reason: str) -> None:
        self._sync_done()
        self.banner.setToolTip("")
        self.banner.show_message(  # in the banner only: the status bar does not repeat it
            BannerKind.ERROR,
            f"<b>Sync failed:</b> {escape(reason)}.<br>The syllabus shown is unchanged.",
            action="Retry",
        )

    @Slot(object)
    def _sync_kept(self, outcome: SyncOutcome) -> None:
        """A held-back sync the student declined: not a failure, their choice."""
        self._sync_done()
        self.banner.setToolTip("")
        self.statusBar().showMessage("Sync held back: you kept your term as it was", 15_000)
        self.banner.show_message(
            BannerKind.INFO,
            f"<b>Sync held back:</b> the course page now lacks "
            f"{escape(outcome.archiving.describe())}. You kept your term as it was; "
            "Sync again to be asked again.",
            action="Sync again",
        )

    def reload(self) -> None:
        """Re-read the stored syllabus, keeping the selected week where it still exists."""
        selected = self.selected_week()
        scrolled = self.week_list.verticalScrollBar().value()
        self._syllabus = self._course.syllabus()
        self.detail.set_archived(self._course.archived_readings())
        self.detail.set_term(self._syllabus)
        self.model.set_syllabus(self._syllabus, self._clock.now())
        self.library.reload()
        self.review.due.set_term(self._syllabus)
        self.refresh_recent()
        self._update_title()
        self._update_sync_label()
        # The list is rebuilt under the reader: keep it where it was, not jump around.
        self.week_list.verticalScrollBar().setValue(scrolled)
        if selected is None or not self.select_week(selected.number, center=False):
            self.select_today()

    # -- links, title, status ----------------------------------------------------------------

    @Slot(QUrl)
    def open_link(self, url: QUrl) -> None:
        if not QDesktopServices.openUrl(url):
            self.statusBar().showMessage(f"Could not open {url.toString()} in a browser", 10_000)

    @Slot(QUrl)
    def _link_hovered(self, url: QUrl) -> None:
        if url.isEmpty():  # the pointer left the link: back to what was said before
            self.statusBar().showMessage(self._syncing_message)
        else:
            self.statusBar().showMessage(url.toString())

    def _update_title(self) -> None:
        course = self._syllabus.course
        term = f" ({course.term})" if course.term else ""
        # The desktop adds the application name (" — Study Companion") to every title.
        self.setWindowTitle(f"{course.title}{term}" if course.title else APP_NAME)

    def _update_sync_label(self) -> None:
        text, tip = time_text.sync_record_text(self._course.sync_record(), self._clock.now())
        self.sync_label.setText(text)
        self.sync_label.setToolTip(tip)

    # -- remembered state --------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self._state.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self._default_geometry()
        window_state = self._state.window_state()
        if window_state is not None:
            self.restoreState(window_state)
        splitter = self._state.splitter_state()
        # Without a remembered split, the first show sizes the panes to the titles.
        self._split_pending = splitter is None or not self.splitter.restoreState(splitter)

        saved = self._state.selection()
        today = self.model.current_week_number()
        # A remembered week wins while the term is still in the week it was chosen in.
        if saved is None or saved.today_week != today or not self.select_week(saved.week):
            self.select_today()
        self.week_list.setFocus()
        restore_tabs(self.tabs, self._state, self.library.openable)
        self.review.restored()  # a restored Review or Outbox dock gets its contents

    def _default_geometry(self) -> None:
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width, height = 1200, 780
        if available is not None:
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)
        if available is not None:
            self.move(available.center() - self.rect().center())

    def save_state(self) -> None:
        week = self.selected_week()
        self._state.save(
            geometry=self.saveGeometry(),
            window_state=self.saveState(),
            splitter=self.splitter.saveState(),
            selection=SavedSelection(week.number, self.model.current_week_number())
            if week
            else None,
        )
        save_tabs(self.tabs, self._state)

    def _initial_split(self) -> None:
        """The weeks get the width their longest title needs, up to 45 % of the window."""
        delegate = self.week_list.itemDelegate()
        if not isinstance(delegate, WeekDelegate):
            return
        titles = [str(self.model.index(r).data()) for r in range(self.model.rowCount())]
        scrollbar = self.week_list.verticalScrollBar().sizeHint().width()
        wanted = delegate.width_for(self.week_list.font(), titles) + scrollbar
        total = self.width()  # the splitter may not be laid out to it yet: shares carry over
        left = max(self.week_list.minimumWidth(), min(wanted, int(total * 0.45)))
        self.splitter.setSizes([left, total - left])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._split_pending:
            self._split_pending = False
            self._initial_split()
        if not self.countdown_timer.isActive():  # shown again after a close
            self.refresh_time()
        elif self.reminders is not None:
            self.reminders.check()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.countdown_timer.stop()
        if self.reminders is not None:
            self.reminders.stop()  # the waits for clicks end, the notifier closes
        # Downloads are cancelled (what came in stays in .part files for a resume) and a login
        # dialog is answered "no". A sync still running finishes on its own (its requests have
        # timeouts). launch waits for both runners before closing the database.
        self.library.shutdown()
        self.tabs.close_all()  # positions and progress saved, render workers stopped
        super().closeEvent(event)
