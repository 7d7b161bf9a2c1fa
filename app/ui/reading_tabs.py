"""The window's tabs: the term first, then one reader tab per open reading.

Each reader tab reopens where the student left it and records reading progress: the pages
seen and the time spent while the tab is in front and the window active. Both are saved a
moment after they change (not on every scroll step) and when the tab closes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from app.domain.reading_position import ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.reading_progress import ReadingProgressService

if TYPE_CHECKING:  # the reader (and the PDF layer under it) loads with the first open tab
    from app.services.annotations import AnnotationService
    from app.services.reader import ReaderService
    from app.services.settings import SettingsService
    from app.ui.reader.reader_tab import ReaderTab

SAVE_DELAY_MS = 2000


class _OpenReading:
    """One tab's reading and what it has gathered since the last save."""

    def __init__(self, reading_id: str, tab: ReaderTab, progress: ReadingProgress) -> None:
        self.reading_id = reading_id
        self.tab = tab
        self.pages_seen = set(progress.pages_seen)
        self.seconds_read = progress.seconds_read
        self.reading_clock = QElapsedTimer()

    def stop_clock(self) -> None:
        if self.reading_clock.isValid():
            self.seconds_read += self.reading_clock.elapsed() / 1000
            self.reading_clock.invalidate()

    def progress(self) -> ReadingProgress:
        running = self.reading_clock.elapsed() / 1000 if self.reading_clock.isValid() else 0.0
        return ReadingProgress(frozenset(self.pages_seen), self.seconds_read + running)


class ReadingTabs(QTabWidget):
    def __init__(
        self,
        reader: Callable[[], ReaderService],
        progress: ReadingProgressService,
        parent: QWidget | None = None,
        *,
        annotations: Callable[[], AnnotationService] | None = None,
        settings: Callable[[], SettingsService] | None = None,
        natural_figures: Callable[[], bool] = lambda: False,
    ) -> None:
        """``annotations`` and ``settings`` give the services on first use (a window that only
        shows the term does not load them); without ``annotations`` the tabs only read.
        ``natural_figures``: drawn figures keep their colours in dark pages (read per tab)."""
        super().__init__(parent)
        self._reader = reader
        self._progress = progress
        self._annotations = annotations
        self._settings = settings
        self._natural_figures = natural_figures
        self._open: dict[str, _OpenReading] = {}
        self._dirty: set[str] = set()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_all)
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.tabBar().setAccessibleName("Open papers")
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._front_changed)
        close = QShortcut(QKeySequence.StandardKey.Close, self)  # Ctrl+W
        close.activated.connect(lambda: self.close_tab(self.currentIndex()))
        # A bound slot, not a lambda: Qt drops the connection when this widget is destroyed.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._application_state_changed)

    def set_term_page(self, page: QWidget, title: str) -> None:
        self.insertTab(0, page, title)
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.LeftSide, None)

    @property
    def progress(self) -> ReadingProgressService:
        """Where each reading was left (the Due view's "Continue reading" reads it too)."""
        return self._progress

    def reading_tab(self, reading_id: str) -> ReaderTab | None:
        opened = self._open.get(reading_id)
        return opened.tab if opened else None

    def open_reading_ids(self) -> list[str]:
        """The open readings in the order their tabs stand (the student may have moved them)."""
        by_tab = {id(o.tab): rid for rid, o in self._open.items()}
        found = (by_tab.get(id(self.widget(i))) for i in range(self.count()))
        return [rid for rid in found if rid is not None]

    def current_reading_id(self) -> str | None:
        """The reading in front, or None while the term is."""
        front = self.currentWidget()
        return next((rid for rid, o in self._open.items() if o.tab is front), None)

    def show_term(self) -> None:
        self.setCurrentIndex(0)

    def open_reading(self, reading_id: str, title: str, path: str) -> ReaderTab:
        """Show the reading in its tab, opening one where the student left off."""
        if reading_id in self._open:
            tab = self._open[reading_id].tab
            self.setCurrentWidget(tab)
            return tab
        from app.ui.reader.reader_tab import ReaderTab

        position, progress = self._progress.load(reading_id)
        settings = self._settings() if self._settings else None
        tab = ReaderTab(
            self._reader(),
            Path(path),
            title=title,
            position=position,
            reading_id=reading_id,
            annotation_service=self._annotations() if self._annotations else None,
            settings=settings,
            dark=settings.dark_choice(reading_id) if settings is not None else None,
            natural_figures=self._natural_figures(),
        )
        if settings is not None:  # the choice is the reading's: it opens as it was last read
            tab.dark_changed.connect(lambda dark: settings.remember_dark(reading_id, dark))
        opened = _OpenReading(reading_id, tab, progress)
        self._open[reading_id] = opened
        tab.position_changed.connect(lambda _pos, rid=reading_id: self._changed(rid))
        tab.current_page_changed.connect(lambda page, rid=reading_id: self._page_seen(rid, page))
        index = self.addTab(tab, _short(title))
        self.setTabToolTip(index, title)
        close = self.tabBar().tabButton(index, self.tabBar().ButtonPosition.RightSide)
        if close is not None:  # an icon alone: say what it closes
            close.setAccessibleName(f"Close {title}")
            close.setToolTip(f"Close {_short(title)} (Ctrl+W)")
        self.setCurrentIndex(index)
        return tab

    def open_annotation(self, reading_id: str, title: str, path: str, annotation_id: str) -> None:
        """Show the reading (opening its tab if needed) scrolled to the annotation, flashing it."""
        self.open_reading(reading_id, title, path).show_annotation(annotation_id)

    def close_tab(self, index: int) -> None:
        tab = self.widget(index)
        reading_id = next((rid for rid, o in self._open.items() if o.tab is tab), None)
        if reading_id is None:
            return  # the term stays
        opened = self._open.pop(reading_id)
        opened.stop_clock()
        self._save(opened)
        self.removeTab(index)
        opened.tab.shutdown()
        opened.tab.deleteLater()

    def close_all(self) -> None:
        """Save every open reading and stop their workers (the window is closing)."""
        for index in reversed(range(self.count())):
            self.close_tab(index)
        self._save_timer.stop()

    def save_all(self) -> None:
        for reading_id in list(self._dirty):
            if reading_id in self._open:
                self._save(self._open[reading_id])
        self._dirty.clear()

    def _save(self, opened: _OpenReading) -> None:
        if opened.tab.closed or opened.tab.document is None:
            return  # a file that did not open must not overwrite where the student was
        position: ReadingPosition = opened.tab.position()
        self._progress.save(opened.reading_id, position, opened.progress())
        self._dirty.discard(opened.reading_id)

    def _changed(self, reading_id: str) -> None:
        self._dirty.add(reading_id)
        self._save_timer.start()

    def _page_seen(self, reading_id: str, page: int) -> None:
        opened = self._open.get(reading_id)
        if opened is not None and page not in opened.pages_seen:
            opened.pages_seen.add(page)
            self._changed(reading_id)

    @Slot(Qt.ApplicationState)
    def _application_state_changed(self, _state: Qt.ApplicationState) -> None:
        self._front_changed(self.currentIndex())

    def _front_changed(self, index: int) -> None:
        """Time counts for the tab in front while the window is active, and no other."""
        front = self.widget(index)
        active = QApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        for opened in self._open.values():
            if opened.tab is front and active:
                if not opened.reading_clock.isValid():
                    opened.reading_clock.start()
            else:
                opened.stop_clock()


def _short(title: str, limit: int = 28) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
