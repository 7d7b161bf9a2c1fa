"""The window's side of annotations: the Annotations menu, the week's annotations, search, and
opening a reading at an annotation.

The menu's commands act on the reading in front (a reader tab) or, for the week's Markdown, on
the selected week. The week pane's list is re-read whenever it comes back into view (the term
tab brought to the front, another week chosen) and after an import: one indexed query, cheap
enough to need no cache that could go stale.

The PDF export and import (``transfer``) and the colour meanings dialog load when first used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app.domain.course import Week
from app.services.annotations import AnnotationError, AnnotationService
from app.services.course import CourseService
from app.services.settings import SettingsService
from app.ui.annotations.annotation_views import AnnotationSearchPanel
from app.ui.library_controller import LibraryController
from app.ui.message_banner import MessageBanner
from app.ui.reading_tabs import ReadingTabs
from app.ui.week_detail import WeekDetailView

if TYPE_CHECKING:  # the reader loads with the first open tab, not with the window
    from app.ui.annotations.pdf_transfer import PdfTransfer
    from app.ui.annotations.settings_dialog import AnnotationSettingsDialog
    from app.ui.reader.reader_tab import ReaderTab

MESSAGE_MS = 10_000


@dataclass(frozen=True)
class AnnotationAccess:
    """What the window needs from the services for annotations (handed in by ``launch``)."""

    annotations: AnnotationService
    settings: SettingsService


@dataclass(frozen=True)
class OpenReading:
    reading_id: str
    title: str
    path: Path


class AnnotationsController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        access: AnnotationAccess,
        course: CourseService,
        library: LibraryController,
        tabs: ReadingTabs,
        pane: WeekDetailView,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._annotations = access.annotations
        self._settings = access.settings
        self._course = course
        self._library = library
        self._tabs = tabs
        self._pane = pane
        self.banner = MessageBanner()
        self._transfer: PdfTransfer | None = None
        self.search = AnnotationSearchPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.search)
        self.search.hide()
        self.settings_dialog: AnnotationSettingsDialog | None = None
        self._watched: dict[str, ReaderTab] = {}  # the tabs whose changes are listened to
        self._build_actions()

        pane.week_shown.connect(self._week_shown)
        pane.annotations.activated.connect(self.open_annotation)
        pane.annotations.copy_requested.connect(self.copy_week_markdown)
        self.search.search_requested.connect(self._search)
        self.search.activated.connect(self.open_annotation)
        tabs.currentChanged.connect(self._front_changed)

    @property
    def transfer(self) -> PdfTransfer:
        """Export and import of annotated PDFs, built on the first one."""
        if self._transfer is None:
            from app.ui.annotations.pdf_transfer import PdfTransfer

            self._transfer = PdfTransfer(self._window, self._annotations, self.banner)
            self._transfer.imported.connect(self.annotations_changed)
            self._transfer.running_changed.connect(lambda _running: self._update_actions())
        return self._transfer

    def _build_actions(self) -> None:
        window = self._window
        self.search_action = QAction("&Search Annotations…", window)
        self.search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.search_action.setStatusTip("Find words in the quotes and comments of every reading")
        self.search_action.triggered.connect(self.search.start)
        self.export_action = QAction("&Export Annotated PDF…", window)
        self.export_action.setStatusTip("Save a copy of the open reading with its annotations")
        self.export_action.triggered.connect(self.export_current)
        self.import_action = QAction("&Import Annotations…", window)
        self.import_action.setStatusTip(
            "Take in the annotations of another copy of the open reading"
        )
        self.import_action.triggered.connect(self.import_current)
        self.copy_reading_action = QAction("Copy Reading as &Markdown", window)
        self.copy_reading_action.setStatusTip("The open reading's annotations, as review notes")
        self.copy_reading_action.triggered.connect(self.copy_reading_markdown)
        self.copy_week_action = QAction("Copy &Week as Markdown", window)
        self.copy_week_action.setStatusTip("The selected week's annotations, as review notes")
        self.copy_week_action.triggered.connect(self.copy_week_markdown)
        self.settings_action = QAction("Colour Meanings and &Name…", window)
        self.settings_action.setStatusTip("Rename what the colours mean; sign with your name")
        self.settings_action.triggered.connect(self.edit_settings)

    def install(self, before: QMenu) -> QMenu:
        """The Annotations menu, placed before ``before`` (Help) in the menu bar."""
        menu = QMenu("&Annotations", self._window)
        self._window.menuBar().insertMenu(before.menuAction(), menu)
        menu.addAction(self.search_action)
        menu.addSeparator()
        for action in (self.export_action, self.import_action, self.copy_reading_action):
            menu.addAction(action)
        menu.addAction(self.copy_week_action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        self._update_actions()
        return menu

    # -- what is in front ----------------------------------------------------------------------

    def current_reading(self) -> OpenReading | None:
        """The reading whose tab is in front, with a PDF (None on the term tab)."""
        front = self._tabs.currentWidget()
        for listed in self._course.readings():
            reading_id = listed.reading.id
            if front is not None and self._tabs.reading_tab(reading_id) is front:
                path = self._library.entry(reading_id).path
                return OpenReading(reading_id, listed.reading.title, Path(path)) if path else None
        return None

    def _update_actions(self) -> None:
        reading = self.current_reading() is not None
        idle = self._transfer is None or not self._transfer.runner.running
        self.export_action.setEnabled(reading and idle)
        self.import_action.setEnabled(reading and idle)
        self.copy_reading_action.setEnabled(reading)
        self.copy_week_action.setEnabled(bool(self._pane.week and self._pane.week.readings))

    @Slot(int)
    def _front_changed(self, _index: int) -> None:
        self._update_actions()
        reading = self.current_reading()
        if reading is not None:
            self._watch(reading.reading_id)
        if self._tabs.currentIndex() == 0:  # back on the term: the reader may have changed them
            self.reload_week()

    def _watch(self, reading_id: str) -> None:
        """Hear of the changes made in the reading's tab (search results follow them)."""
        tab = self._tabs.reading_tab(reading_id)
        if tab is not None and self._watched.get(reading_id) is not tab:
            self._watched[reading_id] = tab
            tab.annotations_changed.connect(self._changed_in_reader)

    @Slot()
    def _changed_in_reader(self) -> None:
        # The week pane is behind the reader: it is read again when the term comes to the front.
        if self.search.isVisible() and self.search.query.text().strip():
            self.search.search_now()

    # -- the week ------------------------------------------------------------------------------

    @Slot(object)
    def _week_shown(self, week: Week | None) -> None:
        self._update_actions()
        self._show_week(week)

    def reload_week(self) -> None:
        self._show_week(self._pane.week)

    def _show_week(self, week: Week | None) -> None:
        section = self._pane.annotations
        if week is None or not week.readings:
            section.hide()
            return
        titles = {reading.id: reading.title for reading in week.readings}
        found = self._annotations.for_week(week.number)
        section.show_annotations(found, self._settings.palette(), titles)

    @Slot(str)
    def annotations_changed(self, reading_id: str = "") -> None:
        """Annotations changed here (an import: ``reading_id``; renamed meanings: all of them):
        the week, the search results and the open readings show them anew."""
        self.reload_week()
        self._changed_in_reader()
        for listed in self._course.readings():
            tab = self._tabs.reading_tab(listed.reading.id)
            if tab is not None and reading_id in ("", listed.reading.id):
                tab.reload_annotations()

    # -- search --------------------------------------------------------------------------------

    @Slot(str)
    def _search(self, query: str) -> None:
        found = self._annotations.search(query)
        titles = {listed.reading.id: listed.reading.title for listed in self._course.readings()}
        self.search.show_results(query, found, self._settings.palette(), titles)

    # -- opening an annotation -----------------------------------------------------------------

    @Slot(str)
    def open_annotation(self, annotation_id: str) -> None:
        """The annotation's reading in its tab, scrolled to the annotation."""
        try:
            annotation = self._annotations.get(annotation_id)
        except AnnotationError as error:
            self._tell(f"That annotation is gone ({error}).")
            return
        reading_id = annotation.reading_id
        listed = next((r for r in self._course.readings() if r.reading.id == reading_id), None)
        title = listed.reading.title if listed is not None else reading_id
        path = self._library.entry(reading_id).path
        if not path or not Path(path).is_file():
            self._tell(f"The PDF of “{title}” is not here: download or attach it to see this.")
            return
        self._tabs.open_annotation(reading_id, title, path, annotation_id)

    # -- the menu's commands -------------------------------------------------------------------

    @Slot()
    def export_current(self) -> None:
        reading = self.current_reading()
        if reading is not None:
            self.transfer.export(reading.reading_id, reading.title, reading.path)

    @Slot()
    def import_current(self) -> None:
        reading = self.current_reading()
        if reading is not None:
            self.transfer.import_into(reading.reading_id, reading.title, reading.path)

    @Slot()
    def copy_reading_markdown(self) -> None:
        reading = self.current_reading()
        if reading is None:
            return
        count = len(self._annotations.for_reading(reading.reading_id))
        self._copy(self._annotations.markdown(reading.reading_id), count, f"“{reading.title}”")

    @Slot()
    def copy_week_markdown(self) -> None:
        week = self._pane.week
        if week is None or not week.readings:
            return
        count = len(self._annotations.for_week(week.number))
        self._copy(self._annotations.week_markdown(week.number), count, f"week {week.number}")

    def _copy(self, markdown: str, count: int, what: str) -> None:
        QGuiApplication.clipboard().setText(markdown)
        noun = "annotation" if count == 1 else "annotations"
        self._tell(f"Copied {count} {noun} of {what} to the clipboard as Markdown.")

    @Slot()
    def edit_settings(self) -> AnnotationSettingsDialog:
        from app.ui.annotations.settings_dialog import AnnotationSettingsDialog

        dialog = AnnotationSettingsDialog(
            self._settings.author(), self._settings.palette(), self._window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _save_settings(self, dialog: AnnotationSettingsDialog) -> None:
        if dialog.author() != self._settings.author():
            self._settings.set_author(dialog.author())
        renamed = dialog.renamed()
        for entry in renamed:
            self._annotations.rename_meaning(entry.colour, entry.meaning)
        if renamed:
            self.annotations_changed()
        self._tell("Annotation settings saved.")

    def _tell(self, text: str) -> None:
        self._window.statusBar().showMessage(text, MESSAGE_MS)
