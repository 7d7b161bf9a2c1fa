"""The window's side of the reading library: what each button, drop and download leads to.

It carries out the rows' actions (download, retry, cancel, open, open in browser, attach,
show in folder), starts "Download week" and "Download all", and fans the runner's progress
out to the week pane, the week list's counts, the downloads panel and the status bar.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from app.domain.library import FetchState, LibraryEntry
from app.services.library import LibraryItem
from app.services.library_retry import worth_retrying
from app.ui import library_text
from app.ui.detach_flow import TOPIC as ATTACH_TOPIC
from app.ui.detach_flow import DetachFlow
from app.ui.download_runner import DownloadRunner, SessionRow
from app.ui.downloads_panel import DownloadsButton, DownloadsPanel
from app.ui.message_banner import BannerKind, MessageBanner
from app.ui.reading_row import RowAction
from app.ui.week_detail import WeekDetailView
from app.ui.week_list import WeekListModel

MESSAGE_MS = 10_000
PANEL_HEIGHT = 210
DOWNLOADS_TOPIC = "downloads"  # the banner's word on a run that left readings failed


class LibraryController(QObject):
    week_requested = Signal(int)  # the downloads panel asks to show a reading's week
    open_requested = Signal(str, str, str)  # reading id, title, PDF path: open it in a tab

    def __init__(
        self,
        window: QMainWindow,
        runner: DownloadRunner,
        pane: WeekDetailView,
        model: WeekListModel,
        banner: MessageBanner,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._library = runner.service
        self.runner = runner
        self._pane = pane
        self._model = model
        self._banner = banner
        self._entries: dict[str, LibraryEntry] = {}
        self._weeks: dict[str, int] = {}  # reading id -> week, for the panel
        self._live: dict[str, LibraryItem] = {}  # the syllabus's readings with a link
        self.file_dialog: QFileDialog | None = None
        self._started = ""  # the status bar's word on the run going on
        self._panel_sized = False

        self.panel = DownloadsPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.panel)
        self.panel.hide()
        self.button = DownloadsButton(self.panel)
        status = window.statusBar()
        status.addPermanentWidget(self.button.bar)
        status.addPermanentWidget(self.button)

        runner.entries_changed.connect(self._entries_changed)
        runner.session_changed.connect(self._session_changed)
        runner.running_changed.connect(self._running_changed)
        runner.attached.connect(self._attached)
        runner.attach_failed.connect(self._attach_failed)
        self.detaching = DetachFlow(window, runner, banner, self._title, self._tell)
        pane.readings.action_requested.connect(self.row_action)
        pane.readings.file_dropped.connect(self.attach_file)
        self.panel.cancel_all_requested.connect(runner.cancel_all)
        self.panel.retry_failed_requested.connect(self.retry_failed)
        self.panel.reading_activated.connect(self._show_reading)

    def install(self, view_menu: QMenu, cancel_all: QAction) -> None:
        """The panel's toggle in the View menu; Cancel Downloads enabled while they run."""
        toggle = self.panel.toggleViewAction()
        toggle.setShortcut(QKeySequence("Ctrl+J"))
        toggle.setStatusTip("Show or hide the downloads panel")
        view_menu.addAction(toggle)
        self.runner.running_changed.connect(cancel_all.setEnabled)

    # -- state from the store ----------------------------------------------------------------

    def reload(self) -> None:
        """Every reading's stored state; readings on their way keep their live state."""
        items = self._library.items()
        self._weeks = {item.reading.id: item.listed.week for item in items}
        self._entries = {item.reading.id: item.entry for item in items}
        self._live = {i.reading.id: i for i in items if not i.listed.archived and i.reading.url}
        for row in self.runner.session():
            if row.item.reading.id in self.runner.active_ids():
                self._entries[row.item.reading.id] = row.entry
        self._pane.set_library(self._entries, self.runner.active_ids())
        self._update_counts()
        self._session_changed()

    def entry(self, reading_id: str) -> LibraryEntry:
        return self._entries.get(reading_id) or LibraryEntry(reading_id, FetchState.NOT_FETCHED)

    # -- downloads -------------------------------------------------------------------------

    def download_week(self, week: int) -> int:
        items = self._library.to_fetch(week)
        started = self.runner.download(items)
        if not items:
            self._tell(f"Every reading of week {week} with a PDF is already here.")
        elif started:
            self._tell_start(
                f"Downloading {library_text.plural(started, 'reading')} of week {week}…"
            )
        if started > 1:
            self.show_panel()
        return started

    def download_all(self) -> int:
        items = self._library.to_fetch()
        started = self.runner.download(items)
        if not items:
            self._tell("Every reading of the term with a PDF is already here.")
        elif started:
            self._tell_start(f"Downloading {library_text.plural(started, 'reading')}…")
            self.show_panel()
        return started

    def retryable(self) -> list[LibraryItem]:
        """The term's readings a new attempt may fix (network, server, a broken file)."""
        return [
            item
            for reading_id, item in self._live.items()
            if worth_retrying(self.entry(reading_id)) and reading_id not in self.runner.active_ids()
        ]

    @Slot()
    def retry_failed(self) -> int:
        """Download again every failed reading a retry can fix (not login walls, web pages)."""
        items = [replace(item, entry=self.entry(item.reading.id)) for item in self.retryable()]
        started = self.runner.download(items)
        if started:
            self._tell_start(f"Retrying {library_text.plural(started, 'reading')}…")
            self.show_panel()
        return started

    def show_panel(self) -> None:
        if self.panel.isVisible():
            return
        self.panel.show()
        if not self._panel_sized:  # its size hint is too tall for a handful of lines
            self._panel_sized = True
            self._window.resizeDocks([self.panel], [PANEL_HEIGHT], Qt.Orientation.Vertical)

    def download(self, reading_id: str) -> int:
        item = self._item(reading_id)
        return self.runner.download([item]) if item is not None and item.reading.url else 0

    @Slot(str, str)
    def row_action(self, reading_id: str, action: str) -> None:
        entry = self.entry(reading_id)
        match RowAction(action):
            case RowAction.DOWNLOAD:
                self.download(reading_id)
            case RowAction.CANCEL:
                self.runner.cancel(reading_id)
            case RowAction.OPEN:
                self._open_file(entry)
            case RowAction.FOLDER:
                if entry.path:
                    self._open(QUrl.fromLocalFile(str(Path(entry.path).parent)), "the folder")
            case RowAction.BROWSER:
                item = self._item(reading_id)
                url = entry.source_url if entry.state is FetchState.WEB else None
                url = url or (item.reading.url if item is not None else None)
                if url:
                    self._open(QUrl(url), "the link in a browser")
            case RowAction.ATTACH:
                self.choose_file(reading_id)
            case RowAction.DETACH:
                self.detaching.confirm(reading_id)

    # -- attaching -------------------------------------------------------------------------

    def choose_file(self, reading_id: str) -> QFileDialog:
        """Ask for a PDF on disk for this reading (non-blocking: the dialog calls back)."""
        item = self._item(reading_id)
        title = item.reading.title if item is not None else "this reading"
        dialog = QFileDialog(
            self._window, f"Attach a PDF to “{title}”", str(Path.home()), "PDF files (*.pdf)"
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.attach_file(reading_id, path))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    @Slot(str, str)
    def attach_file(self, reading_id: str, path: str) -> None:
        """Validate and copy ``path`` in as this reading's PDF (in the background)."""
        if not self.runner.attach(reading_id, path):
            self._tell("Wait for the download to finish, or cancel it, before attaching a PDF.")
            return
        self._tell(f"Attaching {Path(path).name}…")

    def _title(self, reading_id: str) -> str:
        item = self._live.get(reading_id) or self._item(reading_id)
        return item.reading.title if item is not None else "the reading"

    @Slot(object)
    def _attached(self, entry: LibraryEntry) -> None:
        self._banner.clear(ATTACH_TOPIC)  # a failed attach before this one is over
        item = self._item(entry.reading_id)
        title = item.reading.title if item is not None else "the reading"
        self._tell(f"Attached your PDF to “{title}” ({library_text.file_facts(entry)}).")

    @Slot(str, str)
    def _attach_failed(self, _reading_id: str, reason: str) -> None:
        self._banner.setToolTip("")
        self._banner.show_message(
            BannerKind.ERROR, f"Could not attach the PDF: {reason}", topic=ATTACH_TOPIC
        )

    # -- progress ------------------------------------------------------------------------

    @Slot(list)
    def _entries_changed(self, entries: list[LibraryEntry]) -> None:
        for entry in entries:
            self._entries[entry.reading_id] = entry
        self.detaching.entries_changed(entries)
        self._pane.update_entries(entries, self.runner.active_ids())
        if any(entry.state not in library_text.ACTIVE for entry in entries):
            self._update_counts()
        if not self.runner.running:  # an attach: the panel's headline and Retry count move
            self._session_changed()

    @Slot()
    def _session_changed(self) -> None:
        rows = self.runner.session()
        running = self.runner.running
        retryable = 0 if running else len(self.retryable())
        headline = None
        if not rows:  # nothing asked since the start: how the last downloads left the term
            entries = [self.entry(reading_id) for reading_id in self._live]
            headline = library_text.library_text(entries, len(self._live))
            rows = [
                SessionRow(item, self.entry(reading_id))
                for reading_id, item in self._live.items()
                if library_text.unfinished(self.entry(reading_id))
            ]
        self.panel.show_session(rows, running=running, retryable=retryable, headline=headline)
        self.button.show_session(rows, running=running)

    @Slot(bool)
    def _running_changed(self, running: bool) -> None:
        self._pane.update_entries([], self.runner.active_ids())
        self._session_changed()
        if running:  # the last run's outcome is not news any more
            self._banner.clear(DOWNLOADS_TOPIC)
            return
        if self._window.statusBar().currentMessage() == self._started:
            self._window.statusBar().clearMessage()  # "Downloading…" is over
        entries = [row.entry for row in self.runner.session()]
        problem = library_text.outcome_text(entries)
        if problem is None:
            self._banner.clear(DOWNLOADS_TOPIC)
            if not self.panel.isVisible():  # else the panel's headline says it
                tally = library_text.summary_text(entries, running=False)
                self._tell("Downloads " + tally[:1].lower() + tally[1:])
            return
        retryable = len(self.retryable())
        self._banner.setToolTip("")
        self._banner.show_message(
            BannerKind.ERROR,
            problem,
            f"Retry failed ({retryable})" if retryable else None,
            topic=DOWNLOADS_TOPIC,
            on_action=self.retry_failed if retryable else None,
        )

    def _update_counts(self) -> None:
        self._model.set_ready(
            frozenset(i for i, e in self._entries.items() if e.state in library_text.HAVE_FILE)
        )

    # -- helpers -------------------------------------------------------------------------

    def _item(self, reading_id: str) -> LibraryItem | None:
        return next((i for i in self._library.items() if i.reading.id == reading_id), None)

    def openable(self, reading_id: str) -> tuple[str, str] | None:
        """The reading's title and PDF path, when its file is in the library."""
        entry = self.entry(reading_id)
        if entry.path is None or not Path(entry.path).is_file():
            return None
        item = self._item(reading_id)
        return (item.reading.title if item is not None else Path(entry.path).stem), entry.path

    def _open_file(self, entry: LibraryEntry) -> None:
        if entry.path is None or not Path(entry.path).is_file():
            self._tell("The PDF is no longer in the library folder; download or attach it again.")
            return
        item = self._item(entry.reading_id)
        title = item.reading.title if item is not None else Path(entry.path).stem
        self.open_requested.emit(entry.reading_id, title, entry.path)

    def _open(self, url: QUrl, what: str) -> None:
        if not QDesktopServices.openUrl(url):
            self._tell(f"Could not open {what}: {url.toString()}")

    def _show_reading(self, reading_id: str) -> None:
        if reading_id in self._weeks:
            self.week_requested.emit(self._weeks[reading_id])

    def _tell(self, text: str) -> None:
        self._window.statusBar().showMessage(text, MESSAGE_MS)

    def _tell_start(self, text: str) -> None:
        """ "Downloading…": said until the run ends, not for a fixed time after it."""
        self._started = text
        self._tell(text)

    def shutdown(self) -> None:
        """The window closes: cancel downloads and any open login dialog."""
        self.runner.shutdown()
