"""One reading in a tab: toolbar, outline sidebar, the pages; or why the file cannot be shown.

Usage (from the main window)::

    tab = ReaderTab(
        services.reader,
        path,
        title=reading.title,
        position=saved_position,
        reading_id=reading.id,  # with the two services below: the reading can be annotated
        annotation_service=services.annotations,
        settings=services.settings,
        dark=remembered_dark,  # dark pages as last chosen for it; None: as the window's theme
    )
    tab.position_changed.connect(lambda position: save(reading.id, position))
    tab.dark_changed.connect(lambda dark: remember_dark(reading.id, dark))
    tabs.addTab(tab, tab.title)
    tab.show_annotation(annotation_id)  # scrolls to it and flashes it (once the pages are up)
    ...
    tab.close()  # stops the worker and closes the PDF; then removeTab / deleteLater

The file is opened on the tab's worker thread: the tab shows "Opening…", then the pages; an
encrypted file asks for its password inline (in the tab, so other tabs stay usable, unlike a
modal dialog); an empty, missing or non-PDF file shows what is wrong and a Try again button;
a repaired file opens with a banner saying pages may be missing. Annotating (tools, the layer
over the pages, the side panel, undo) lives in ``annotating.ReaderAnnotations``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.reader import (
    FitMode,
    OutlineEntry,
    PageLink,
    PageSize,
    PasswordRequiredError,
    PdfDocument,
    PdfOpenError,
    ReaderService,
    ReadingPosition,
    WrongPasswordError,
    selected_text,
)
from app.ui.message_banner import BannerKind, MessageBanner
from app.ui.reader.outline_panel import OutlinePanel
from app.ui.reader.page_cache import DEFAULT_CAP_BYTES, PageCache
from app.ui.reader.page_view import PageView
from app.ui.reader.render_queue import RenderQueue
from app.ui.reader.runtime import freeze_startup_heap
from app.ui.reader.search import MIN_INCREMENTAL, DocumentSearch
from app.ui.reader.status_pages import MessagePage, PasswordPage
from app.ui.reader.toolbar import ReaderToolbar, parse_zoom
from app.ui.theme import on_theme_change, theme

if TYPE_CHECKING:
    from app.services.annotations import AnnotationService
    from app.services.settings import SettingsService
    from app.ui.reader.annotating import ReaderAnnotations

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250  # typing pauses this long before the search starts
SIDEBAR_WIDTH = 220
OPENABLE_SCHEMES = ("http", "https", "mailto")


class ReaderTab(QWidget):
    opened = Signal()  # the pages are shown
    failed = Signal(str)  # the file cannot be shown; the tab says why
    position_changed = Signal(object)  # ReadingPosition: save it to reopen here
    current_page_changed = Signal(int)  # 0-based: for reading progress
    annotations_changed = Signal()  # an annotation was made, changed or deleted here (or undone)
    dark_changed = Signal(bool)  # the student switched dark pages: remember it for this reading

    def __init__(
        self,
        service: ReaderService,
        path: Path,
        *,
        title: str = "",
        position: ReadingPosition | None = None,
        cache_cap: int = DEFAULT_CAP_BYTES,
        reading_id: str | None = None,
        annotation_service: AnnotationService | None = None,
        settings: SettingsService | None = None,
        dark: bool | None = None,
        natural_figures: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.reading_id = reading_id
        self.title = title or path.name
        self.document: PdfDocument | None = None
        self.state = "opening"  # then "password", "reading" or "failed"
        self.link_prompt: QMessageBox | None = None
        self._closed = False
        self._history: list[ReadingPosition] = []
        self._future: list[ReadingPosition] = []
        self.queue = RenderQueue(service, self)
        # Opening starts first, so that the worker opens the file while the widgets are built.
        # The answer is queued to this (GUI) thread, so it arrives once __init__ is done.
        self.queue.opened.connect(self._opened)
        self.queue.open_failed.connect(self._open_failed)
        self.queue.open(path)
        self.cache = PageCache(cache_cap)
        self.view = PageView(self.queue, self.cache)
        self.sidebar = OutlinePanel(self.queue)
        self.search = DocumentSearch(self.queue, self.view, self)
        self.toolbar = ReaderToolbar(self)
        self.banner = MessageBanner()
        self._message_page: MessagePage | None = None  # made when needed: most files open
        self._password_page: PasswordPage | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.annotating: ReaderAnnotations | None = None
        if reading_id is not None and annotation_service is not None:
            from app.ui.reader.annotating import ReaderAnnotations

            self.annotating = ReaderAnnotations(self, annotation_service, settings, reading_id)
            self.annotating.changed.connect(self.annotations_changed)
        self._build()
        self._connect()
        if position is not None:
            self.view.set_position(position)
        self.view.set_natural_figures(natural_figures)
        # Dark pages as the student last chose for this reading (the window remembers it per
        # reading); never chosen, they follow the window's theme, also when it switches.
        self._follows_theme = dark is None
        self.set_dark(theme().dark if dark is None else dark)
        on_theme_change(self, self._theme_switched)

    def _build(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([SIDEBAR_WIDTH, 1000])
        # The pages with their sidebars, and the annotation tools along the right edge.
        self.reading_area = QWidget()
        area = QHBoxLayout(self.reading_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        area.addWidget(self.splitter, 1)
        if self.annotating is not None:
            self.splitter.addWidget(self.annotating.panel)
            self.splitter.setStretchFactor(2, 0)
            area.addWidget(self.annotating.tools)
            self.toolbar.addAction(self.annotating.panel_action)
        self.stack = QStackedWidget()
        # While opening, the (empty) page view shows "Opening…" itself: one widget less to lay
        # out and paint on the way to the first page.
        self.stack.addWidget(self.reading_area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.toolbar.sidebar.setChecked(True)

    def _connect(self) -> None:
        bar, view = self.toolbar, self.view
        self.queue.outline_ready.connect(self._outline_ready)
        self.queue.sizes_ready.connect(self._sizes_ready)
        view.position_changed.connect(self.position_changed)
        view.current_page_changed.connect(self._page_changed)
        view.zoom_changed.connect(bar.show_zoom)
        view.link_activated.connect(self.follow_link)
        view.page_painted.connect(self._page_painted)
        self.sidebar.page_requested.connect(self.jump)
        self.search.changed.connect(lambda: bar.hit_label.setText(self.search.status()))
        bar.back.triggered.connect(self.go_back)
        bar.forward.triggered.connect(self.go_forward)
        bar.sidebar.toggled.connect(self.sidebar.setVisible)
        bar.zoom_in.triggered.connect(lambda: view.zoom_in())
        bar.zoom_out.triggered.connect(lambda: view.zoom_out())
        bar.actual_size.triggered.connect(lambda: view.set_zoom(1.0))
        bar.fit_width.triggered.connect(lambda: view.set_fit(FitMode.WIDTH))
        bar.fit_page.triggered.connect(lambda: view.set_fit(FitMode.PAGE))
        # An item picked from the list, or anything typed (Enter): the list has "150 %", a
        # student types "150", which an editable combo box does not report as activated.
        bar.zoom_box.textActivated.connect(self._zoom_typed)
        zoom_field = bar.zoom_box.lineEdit()
        assert zoom_field is not None  # the box is editable
        zoom_field.returnPressed.connect(lambda: self._zoom_typed(zoom_field.text()))
        bar.page_box.valueChanged.connect(lambda number: self.jump(number - 1))
        bar.dark.toggled.connect(self._dark_toggled)
        bar.copy.triggered.connect(self.copy_selection)
        bar.find_action.triggered.connect(self.focus_search)
        bar.find_next.triggered.connect(lambda: self.search.step(True))
        bar.find_previous.triggered.connect(lambda: self.search.step(False))
        bar.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        bar.search_field.step.connect(self._search_step)
        bar.search_field.escaped.connect(self._leave_search)
        self._search_timer.timeout.connect(self._search_typed)

    @property
    def message_page(self) -> MessagePage:
        """Why the file cannot be shown (made on the first failure)."""
        if self._message_page is None:
            self._message_page = MessagePage()
            self._message_page.retry.connect(self.reopen)
            self.stack.addWidget(self._message_page)
        return self._message_page

    @property
    def password_page(self) -> PasswordPage:
        """The inline password prompt (made for the first encrypted file)."""
        if self._password_page is None:
            self._password_page = PasswordPage()
            self._password_page.submitted.connect(self._password_given)
            self.stack.addWidget(self._password_page)
        return self._password_page

    # -- opening -------------------------------------------------------------------------------

    def reopen(self, password: str | None = None) -> None:
        """Open the file again (after Try again, or with a password)."""
        self.state = "opening"
        self.stack.setCurrentWidget(self.reading_area)
        self.queue.open(self.path, password)

    def _opened(self, document: PdfDocument) -> None:
        if self._closed:
            return
        self.document = document
        self.state = "reading"
        if not self.title or self.title == self.path.name:
            self.title = document.title or self.path.name
        self.view.loader.text_source = document.page_text
        self.stack.setCurrentWidget(self.reading_area)
        self.toolbar.show()  # again, after a failure and Try again
        self.toolbar.show_page(0, document.page_count)
        self.view.set_pages(document.page_sizes)
        if document.damaged:
            self.banner.show_message(
                BannerKind.ERROR,
                f"{self._name()} is damaged. It was repaired to show what could be read;"
                " some pages may be blank or missing.",
            )
        self.view.setFocus()
        freeze_startup_heap()  # see runtime: fewer objects for full collections to walk
        self.opened.emit()

    def _open_failed(self, error: PdfOpenError) -> None:
        if self._closed:
            return
        if isinstance(error, PasswordRequiredError):
            self.state = "password"
            self.toolbar.hide()
            self.password_page.ask(self._named(error), wrong=isinstance(error, WrongPasswordError))
            self.stack.setCurrentWidget(self.password_page)
            return
        self.state = "failed"
        self.toolbar.hide()  # nothing to zoom or search
        self.message_page.show_error(self._named(error))
        self.stack.setCurrentWidget(self.message_page)
        self.failed.emit(str(error))

    def _name(self) -> str:
        """The paper as the student knows it: its title, else its file's name."""
        return f"“{self.title}”" if self.title != self.path.name else self.path.name

    def _named(self, error: PdfOpenError) -> str:
        # The messages name the file (downloads get generated names): say the title instead.
        return str(error).replace(self.path.name, self._name())

    def _password_given(self, password: str) -> None:
        self.reopen(password)

    def _page_painted(self) -> None:
        """The first page is up: now read the outline, which can take a while."""
        self.view.page_painted.disconnect(self._page_painted)
        self.queue.request_details()
        if self.annotating is not None:
            self.annotating.start()

    def _sizes_ready(self, sizes: list[PageSize]) -> None:
        if self.document is not None and not self._closed:
            self.view.update_sizes(sizes)

    def _outline_ready(self, entries: list[OutlineEntry]) -> None:
        if self.document is not None and not self._closed:
            self.sidebar.set_outline(entries, self.document.page_sizes)
            self.sidebar.show_page(self.view.current_page())

    # -- position and navigation ---------------------------------------------------------------

    def position(self) -> ReadingPosition:
        return self.view.position()

    def set_position(self, position: ReadingPosition) -> None:
        self.view.set_position(position)

    def jump(self, page: int, y: float | None = None) -> None:
        """Go to ``page`` (at ``y`` points down it), remembering where we were for Back."""
        if self.document is None:
            return
        self._history.append(self.view.position())
        self._future.clear()
        self.view.go_to(page, y)
        self._update_history_actions()

    def go_back(self) -> None:
        if self._history:
            self._future.append(self.view.position())
            self._return_to(self._history.pop())

    def go_forward(self) -> None:
        if self._future:
            self._history.append(self.view.position())
            self._return_to(self._future.pop())

    def _return_to(self, position: ReadingPosition) -> None:
        # Back restores the place, not the zoom: zooming in between should stay.
        zoom, fit = self.view.zoom, self.view.fit
        self.view.set_position(ReadingPosition(position.page, position.offset, zoom, fit))
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.toolbar.back.setEnabled(bool(self._history))
        self.toolbar.forward.setEnabled(bool(self._future))

    def _page_changed(self, page: int) -> None:
        if self.document is not None:
            self.toolbar.show_page(page, self.document.page_count)
            self.sidebar.show_page(page)
        self.current_page_changed.emit(page)

    def _zoom_typed(self, text: str) -> None:
        wanted = parse_zoom(text)
        if isinstance(wanted, FitMode):
            self.view.set_fit(wanted)
        elif wanted is not None:
            self.view.set_zoom(wanted)
        else:
            self.toolbar.show_zoom(self.view.zoom, self.view.fit)
        self.view.setFocus()

    def follow_link(self, link: PageLink) -> None:
        """An internal link jumps (Back returns); an external one asks before the browser."""
        if link.page is not None:
            self.jump(link.page, link.y)
        elif link.uri:
            self._ask_to_open(link.uri)

    def _ask_to_open(self, uri: str) -> None:
        url = QUrl(uri)
        if url.scheme().lower() not in OPENABLE_SCHEMES:
            self.banner.show_message(
                BannerKind.INFO, f"This link is not a web address and is not opened: {uri}"
            )
            return
        prompt = QMessageBox(
            QMessageBox.Icon.Question,
            "Open link",
            "Open this address in your web browser?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            self,
        )
        prompt.setInformativeText(uri)
        prompt.setDefaultButton(QMessageBox.StandardButton.Open)

        def answered(button: QAbstractButton) -> None:
            if prompt.standardButton(button) != QMessageBox.StandardButton.Open:
                return
            if not QDesktopServices.openUrl(url):  # no browser set up (or none installed)
                self.banner.show_message(
                    BannerKind.ERROR,
                    f"No web browser could be opened for this link. Its address: {uri}",
                )

        prompt.buttonClicked.connect(answered)
        prompt.finished.connect(self._link_prompt_closed)
        self.link_prompt = prompt
        prompt.open()  # window-modal, and the event loop goes on: other work continues

    def _link_prompt_closed(self) -> None:
        if self.link_prompt is not None:
            self.link_prompt.deleteLater()
            self.link_prompt = None

    # -- annotations ---------------------------------------------------------------------------

    def show_annotation(self, annotation_id: str) -> None:
        """Scroll to the annotation, select it and flash it (when the pages are up, if the
        file is still opening)."""
        if self.annotating is not None:
            self.annotating.show_annotation(annotation_id)

    def reload_annotations(self) -> None:
        """Read the reading's annotations (and the colours' names) again: call it after they
        changed elsewhere (an import, a re-anchor onto a new file, a renamed meaning)."""
        if self.annotating is not None:
            self.annotating.reload()

    # -- text, search, dark --------------------------------------------------------------------

    def selected_text(self) -> str:
        selection = self.view.selection
        if selection is None:
            return ""
        runs = []
        for page in selection.pages:
            text = self.view.page_text(page)
            if text is not None:
                indices = selection.indices_on(page, len(text.words))
                runs.append([text.words[index] for index in indices])
        return selected_text(runs)

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def focus_search(self) -> None:
        self.toolbar.search_field.setFocus()
        self.toolbar.search_field.selectAll()

    def _search_typed(self) -> None:
        text = self.toolbar.search_field.text().strip()
        if text != self.search.needle and (len(text) >= MIN_INCREMENTAL or not text):
            self.search.start(text)

    def _search_step(self, forward: bool) -> None:
        self._search_timer.stop()
        text = self.toolbar.search_field.text().strip()
        if text != self.search.needle:
            self.search.start(text)
        else:
            self.search.step(forward)

    def _leave_search(self) -> None:
        self._search_timer.stop()
        self.toolbar.search_field.clear()
        self.search.start("")
        self.view.setFocus()

    def _dark_toggled(self, dark: bool) -> None:
        self._follows_theme = False  # the student's choice, from now on
        self.set_dark(dark)
        self.dark_changed.emit(dark)

    def _theme_switched(self) -> None:
        if self._follows_theme:
            self.set_dark(theme().dark)

    @property
    def dark(self) -> bool:
        return self.toolbar.dark.isChecked()

    def set_dark(self, dark: bool) -> None:
        """Dark pages on or off, without ``dark_changed`` (that is for the student's choice)."""
        self.view.set_dark(dark)
        self.sidebar.set_dark(dark)
        blocked = self.toolbar.dark.blockSignals(True)
        self.toolbar.dark.setChecked(dark)
        self.toolbar.dark.blockSignals(blocked)

    # -- closing -------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def shutdown(self) -> None:
        """Stop the worker (waiting for the page it is on), close the PDF, free the images."""
        if self._closed:
            return
        self._closed = True
        self._search_timer.stop()
        if self.link_prompt is not None:
            self.link_prompt.done(0)
        if self.annotating is not None:
            self.annotating.shutdown()
        self.queue.close()
        self.cache.clear()
        self.document = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
