"""The window's side of reviews: the Review dock (Ctrl+E) beside the term or the reader.

The dock opens on the week of the reading in front, else the selected week; the Due view opens
it on the week clicked. The draft is saved when the dock is hidden and when the window closes
(an event filter on the window, so main_window's closeEvent needs no line for it).

The dock is hidden at start, so its editor (fields, spell checker, quote chooser, submit parts)
is imported and built the first time it is wanted (``editor``); the form fetcher lives here,
shared by the Due view's Fetch form buttons and the editor, so the Due view needs no editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSplitter

from app.domain.course import Syllabus, Week
from app.services.annotations import AnnotationService
from app.services.clock import Clock
from app.services.course import CourseService
from app.services.settings import SettingsService
from app.ui.outbox.outbox_controller import OutboxController
from app.ui.reading_tabs import ReadingTabs
from app.ui.review.due_view import DueView
from app.ui.review.form_fetch_runner import FormFetchRunner

if TYPE_CHECKING:  # the editor and the speller load when the dock first opens
    from app.services.config import ConfigService
    from app.services.outbox import OutboxService
    from app.services.reviews import ReviewService
    from app.ui.identity_dialog import IdentityDialog
    from app.ui.reminder_runner import ClickNotifier
    from app.ui.review.review_editor import ReviewEditor
    from app.ui.spelling import Speller


@dataclass(frozen=True)
class ReviewAccess:
    """What the window needs from the services for reviews (handed in by ``launch``); the
    review service is built on first use, off the start-up path."""

    reviews: Callable[[], ReviewService]
    annotations: AnnotationService  # their quotes go into a review
    settings: SettingsService | None = None  # the personal spelling words (None: this run's)
    config: Callable[[], ConfigService] | None = None  # review.spellcheck (None: on)
    outbox: Callable[[], OutboxService] | None = None  # Submit and the Outbox (None: neither)
    notifiers: Callable[[], ClickNotifier] | None = None  # what the sender notifies through


class ReviewController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        access: ReviewAccess,
        course: CourseService,
        tabs: ReadingTabs,
        selected_week: Callable[[], Week | None],
        clock: Clock,
        *,
        syllabus: Syllabus | None = None,
        autosave_ms: int | None = None,
    ) -> None:
        """``syllabus``: the term as the window read it (None: read here); ``autosave_ms``:
        the editor's pause before saving (None: its own)."""
        super().__init__(window)
        self._window = window
        self._access = access
        self._course = course
        self._tabs = tabs
        self._selected_week = selected_week
        self._autosave_ms = autosave_ms
        self._editor: ReviewEditor | None = None
        self._speller: Speller | None = None
        self._auto_fetch = False
        self.fetcher = FormFetchRunner(access.reviews, self)
        self.dock = QDockWidget("Review", window)
        self.dock.setObjectName("reviewDock")  # saveState() needs a name to restore it
        self.dock.setMinimumWidth(380)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._visibility_changed)
        window.installEventFilter(self)

        self.action = QAction("&Review", window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setToolTip("Write this week's review beside the reading (Ctrl+E)")
        self.action.setStatusTip("Open the review of the selected week or the reading in front")
        self.action.triggered.connect(self.toggle)

        self._config = access.config
        self.identity_dialog: IdentityDialog | None = None
        self.identity_action = QAction("Your name and email for &forms…", window)
        self.identity_action.setStatusTip("What new reviews fill in where a form asks for you")
        self.identity_action.triggered.connect(self.edit_identity)
        self.identity_action.setVisible(access.config is not None)

        self.due = DueView(course, access.reviews, clock.now(), self.fetcher, syllabus)
        self.due.week_chosen.connect(self.open_week)
        self.outbox: OutboxController | None = None
        if access.outbox is not None:
            self.outbox = OutboxController(
                window,
                access.outbox,
                access.reviews,
                self.open_week,
                beside=self.dock,
                notifiers=access.notifiers,
                reviews_changed=self.due.reload,
            )

    # -- built on first use ----------------------------------------------------------------------

    @property
    def speller(self) -> Speller:
        """Underlines misspelled words; its dictionary loads on a worker when a review opens."""
        if self._speller is None:
            from app.ui.spelling import Speller

            config = self._access.config
            course = self._course
            self._speller = Speller(
                self._access.settings,
                lambda: course_titles(course),
                (lambda: config().spellcheck()) if config is not None else (lambda: True),
                self,
            )
        return self._speller

    @property
    def editor(self) -> ReviewEditor:
        """The dock's editor, built (and wired to the Due view and the outbox) when first wanted."""
        if self._editor is None:
            from app.ui.review.review_editor import ReviewEditor

            access = self._access
            editor = ReviewEditor(
                access.reviews, access.annotations, speller=self.speller, fetcher=self.fetcher
            )
            if self._autosave_ms is not None:
                editor.autosave.setInterval(self._autosave_ms)
            editor.auto_fetch = self._auto_fetch
            editor.saved.connect(self.due.reload)
            editor.status_changed.connect(self.due.reload)
            self.dock.setWidget(editor)
            if self.outbox is not None:
                self.outbox.attach_editor(editor)
            self._editor = editor
        return self._editor

    @property
    def auto_fetch(self) -> bool:
        """The editor fetches a linked form not cached yet on opening its week (set by the
        running app, never in tests that stay offline)."""
        return self._auto_fetch

    @auto_fetch.setter
    def auto_fetch(self, fetch: bool) -> None:
        self._auto_fetch = fetch
        if self._editor is not None:
            self._editor.auto_fetch = fetch

    def restored(self) -> None:
        """After the window's layout was restored: a dock it shows gets its contents."""
        if not self.dock.isHidden():  # restoreState shows the dock, not a draft in it
            week = self.front_week()
            if week is None or not self.open_week(week):
                self.dock.hide()
        if self.outbox is not None:
            self.outbox.restored()

    def place_due(self, column: QSplitter) -> None:
        """The Due view on top of the term's column; shown while a deadline is ahead (after
        the term it waits in the View menu)."""
        column.insertWidget(0, self.due)
        self.due.setVisible(bool(self.due.sections.ahead))

    def install(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addAction(self.due.toggle_action)
        menu.addAction(self.action)
        if self.outbox is not None:
            menu.addAction(self.outbox.action)
        menu.addAction(self.identity_action)

    @Slot()
    def edit_identity(self) -> IdentityDialog | None:
        if self._config is None:
            return None
        from app.ui.identity_dialog import IdentityDialog  # built when asked for, not at start

        dialog = IdentityDialog(self._config(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._identity_closed)
        self.identity_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _identity_closed(self) -> None:
        self.identity_dialog = None

    def front_week(self) -> int | None:
        """The week of the reading in front, else the selected week."""
        front = self._tabs.currentWidget()
        if front is not None and self._tabs.currentIndex() != 0:
            for listed in self._course.readings():
                if self._tabs.reading_tab(listed.reading.id) is front:
                    return listed.week
        week = self._selected_week()
        return week.number if week is not None else None

    @Slot()
    def toggle(self) -> None:
        if self.dock.isVisible():
            self.dock.hide()
            return
        number = self.front_week()
        if number is not None:
            self.open_week(number)

    def open_week(self, number: int) -> bool:
        week = self._course.syllabus().week(number)
        if week is None:
            return False
        titles = {reading.id: reading.title for reading in week.readings}
        self.editor.open_week(number, week.title, week.review is not None, titles)
        self.dock.show()
        self.dock.raise_()
        return True

    @Slot(bool)
    def _visibility_changed(self, visible: bool) -> None:
        if not visible and self._editor is not None:
            self._editor.save_now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            if self._editor is not None:
                self._editor.save_now()
            if self.outbox is not None:
                self.outbox.runner.stop()  # a send on its way finishes; launch waits for it
            if self._speller is not None:
                self._speller.wait()  # a dictionary still loading is not left to a dying window
        return False


def course_titles(course: CourseService) -> list[str]:
    """The term's week and paper titles: their words are the course's vocabulary."""
    weeks = course.syllabus().weeks
    return [w.title for w in weeks] + [r.title for w in weeks for r in w.readings]
