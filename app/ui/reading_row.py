"""One reading in the week pane: its title and link, where its PDF stands, and what can be done.

The row shows the library state in words (``library_text``), a progress bar while the file
comes in, a failure's advice, and only the buttons that make sense in that state. A ``.pdf``
dropped on the row attaches it. The row asks for nothing itself: every button and drop goes
out as a signal with the reading's id, for the window's library controller to carry out.
"""

from __future__ import annotations

from enum import StrEnum
from html import escape
from urllib.parse import urlsplit

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.course import Reading
from app.domain.library import FailureKind, FetchState, LibraryEntry
from app.services.library_detach import is_attached
from app.ui import library_text
from app.ui.theme import colours, on_theme_change
from app.ui.theme.link_focus import ring_focused_links
from app.ui.week_list import blend, link_color, muted_text

_BASE, _TEXT, _HIGHLIGHT = (
    QPalette.ColorRole.Base,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.Highlight,
)
MIN_WIDTH = 240
PROGRESS_WIDTH = 160


class RowAction(StrEnum):
    """A row's buttons, in the order they stand."""

    DOWNLOAD = "download"  # also "Retry" after a failure and "Resume" after an interruption
    CANCEL = "cancel"
    OPEN = "open"
    FOLDER = "folder"
    BROWSER = "browser"
    ATTACH = "attach"  # "Replace…" once the reading has a file of the student's
    DETACH = "detach"  # the student's attached PDF: unlink it (Undo in the banner)


_LABELS = {
    RowAction.DOWNLOAD: "Download",
    RowAction.CANCEL: "Cancel",
    RowAction.OPEN: "Open PDF",
    RowAction.FOLDER: "Show in folder",
    RowAction.BROWSER: "Open in browser",
    RowAction.ATTACH: "Attach PDF…",
    RowAction.DETACH: "Detach",
}
_TIPS = {
    RowAction.DOWNLOAD: "Download this reading's PDF",
    RowAction.CANCEL: "Stop this download (what came in is kept for a later resume)",
    RowAction.OPEN: "Open the PDF in the desktop's PDF viewer",
    RowAction.BROWSER: "Open the reading's link in the web browser",
    RowAction.ATTACH: "Choose a PDF on this computer for this reading (or drop one here)",
    RowAction.FOLDER: "Show the PDF's folder in the file manager",
    RowAction.DETACH: "Unlink your PDF from this reading (your annotations on it stay)",
}


def actions_for(entry: LibraryEntry, *, has_link: bool, active: bool) -> list[RowAction]:
    """The buttons a row offers, the most likely first."""
    state = entry.state
    if active and state in library_text.ACTIVE:
        return [RowAction.CANCEL]
    browser = [RowAction.BROWSER] if has_link else []
    match state:
        case FetchState.READY:
            return [RowAction.OPEN, RowAction.FOLDER, *browser]
        case FetchState.ATTACHED:  # the title is the link: room for Replace… and Detach
            return [RowAction.OPEN, RowAction.FOLDER, RowAction.ATTACH, RowAction.DETACH]
        case FetchState.WEB:
            return [*browser, RowAction.ATTACH]
        case FetchState.FAILED:
            return [RowAction.DOWNLOAD, *browser, RowAction.ATTACH]
        case FetchState.DAMAGED:  # Retry, Replace…, Open anyway
            retry = [RowAction.DOWNLOAD] if has_link else []
            detach = [RowAction.DETACH] if is_attached(entry) else []
            return [*retry, RowAction.ATTACH, *detach, RowAction.OPEN]
    download = [RowAction.DOWNLOAD] if has_link else []
    return [*download, RowAction.ATTACH]


def dropped_pdf(mime: QMimeData) -> str | None:
    """The local path of a single ``.pdf`` file being dragged, else None."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith(".pdf") else None


def _unbroken(text: str) -> str:
    """A tag as one piece: "SIGRAPH, 2016" never splits across lines (no-break spaces)."""
    return escape(text).replace(" ", "&nbsp;")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


class ReadingRow(QFrame):
    action_requested = Signal(str, str)  # reading id, RowAction
    file_dropped = Signal(str, str)  # reading id, path of a .pdf
    link_activated = Signal(str)
    link_hovered = Signal(str)

    def __init__(self, reading: Reading, entry: LibraryEntry, parent: QWidget | None = None):
        super().__init__(parent)
        self.reading = reading
        self.entry = entry
        self.active = False
        self.setObjectName("readingRow")
        self.setAcceptDrops(True)
        self.setAccessibleName(reading.title)

        self.title = QLabel(self._title_html())
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.title.linkActivated.connect(self.link_activated)
        ring_focused_links(self.title)
        self.title.linkHovered.connect(self.link_hovered)
        meta = [_host(reading.url) if reading.url else "no link"]
        if reading.note:
            meta.append(reading.note)
        self.meta = QLabel(" · ".join(meta))
        self.meta.setWordWrap(True)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # the muted grey

        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setFixedHeight(8)
        self.progress.setMinimumWidth(60)
        self.progress.setMaximumWidth(PROGRESS_WIDTH)
        self.progress.setTextVisible(False)  # the status says the percent, in words
        self.progress.setAccessibleName(f"Download of {reading.title}")
        self.buttons: dict[RowAction, QPushButton] = {}
        # The buttons stand right of the status when the pane is wide enough, else on a line
        # of their own below the advice (see _place_actions).
        self.action_bar = QWidget()
        actions = QHBoxLayout(self.action_bar)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(6)
        for action in RowAction:
            button = QPushButton(_LABELS[action])
            button.setToolTip(_TIPS[action])
            button.setAutoDefault(False)
            button.clicked.connect(
                lambda _checked=False, a=action: self.action_requested.emit(reading.id, a.value)
            )
            self.buttons[action] = button
            actions.addWidget(button)
        self._line = QHBoxLayout()
        self._line.setSpacing(8)
        self._line.addWidget(self.status)
        self._line.addWidget(self.progress, 1)  # grows up to its maximum, like the stretch
        self._line.addStretch(1)
        self._line.addWidget(self.action_bar)
        self._below = QHBoxLayout()
        self._below.addStretch(1)
        self._wide = True
        self._group_wide: bool | None = None  # the section's decision (set_wide)

        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 8, 2, 10)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addSpacing(3)
        layout.addLayout(self._line)
        layout.addWidget(self.advice)
        layout.addLayout(self._below)
        # An explicit minimum, so the buttons' line does not make the pane scroll sideways:
        # narrower than that line, the row moves the buttons below instead.
        self.setMinimumWidth(MIN_WIDTH)
        self._set_drop_target(False)
        self.set_entry(entry, active=False)
        on_theme_change(self, self._retheme)

    def _retheme(self) -> None:
        """Colours written into HTML and style sheets, made again for the new palette (the
        row's own sheet first: it holds the palette the others read)."""
        self._set_drop_target(False)
        self.title.setText(self._title_html())
        self.status.setStyleSheet(f"color: {self._status_color(self.entry, self._moving()).name()}")

    def _moving(self) -> bool:
        return self.active and self.entry.state in library_text.ACTIVE

    def _title_html(self) -> str:
        reading = self.reading
        palette = self.palette()
        title = escape(reading.title)
        if reading.url:
            title = (
                f'<a href="{escape(reading.url, quote=True)}" '
                f'style="color:{link_color(palette).name()}; text-decoration:none">{title}</a>'
            )
        html = f"<b>{title}</b>"
        if reading.venue:
            tags = colours(palette)
            back, ink = tags.tag_back, tags.tag_text
            html += (
                f'&nbsp;&nbsp;<span style="background-color:{back}; color:{ink}; '
                f'font-size:small">&nbsp;{_unbroken(reading.venue)}&nbsp;</span>'
            )
        for extra in reading.extra_links:  # the bullet's other links, beside its paper
            html += (
                f'&nbsp;&nbsp;· <a href="{escape(extra.url, quote=True)}" style="color:'
                f'{link_color(palette).name()}; text-decoration:none">{escape(extra.label)}</a>'
            )
        return html

    # -- state -----------------------------------------------------------------------------

    def set_entry(self, entry: LibraryEntry, *, active: bool) -> None:
        self.entry, self.active = entry, active
        has_link = self.reading.url is not None
        state = entry.state
        moving = active and state in library_text.ACTIVE
        text = library_text.status_text(entry, has_link=has_link, active=active)
        glyph = {FetchState.READY: "✓ ", FetchState.ATTACHED: "✓ "}
        glyph |= {FetchState.FAILED: "⚠ ", FetchState.DAMAGED: "⚠ "}
        self.status.setText(glyph.get(state, "") + text)
        self.setAccessibleDescription(text)  # screen readers hear the state with the title
        self.status.setToolTip(entry.retrying.reason if entry.retrying else "")
        color = f"color: {self._status_color(entry, moving).name()}"
        if color != self.status.styleSheet():  # progress ticks keep the colour: no restyle
            self.status.setStyleSheet(color)

        self.progress.setVisible(moving)
        if moving:
            percent = entry.percent
            if state is FetchState.DOWNLOADING and percent is None and entry.bytes:
                self.progress.setRange(0, 0)  # no size announced: a busy bar
            else:
                self.progress.setRange(0, 100)
                self.progress.setValue(percent or 0)

        failed = state is FetchState.FAILED
        damaged = state is FetchState.DAMAGED
        offline = entry.error_kind is FailureKind.OFFLINE  # said once, in the panel
        self.advice.setVisible((failed and not offline) or damaged)
        if damaged:
            self.advice.setText(library_text.damage_advice(entry.error))
        else:
            self.advice.setText(library_text.advice(entry.error) if failed else "")

        offered = actions_for(entry, has_link=has_link, active=active)
        for action, button in self.buttons.items():
            button.setVisible(action in offered)
        self.buttons[RowAction.DOWNLOAD].setText(
            "Retry"
            if failed or damaged
            else "Resume"
            if state in library_text.ACTIVE or entry.bytes
            else "Download"
        )
        self.buttons[RowAction.OPEN].setText("Open anyway" if damaged else _LABELS[RowAction.OPEN])
        replaces = damaged or state is FetchState.ATTACHED
        attach = "Replace…" if replaces else _LABELS[RowAction.ATTACH]
        self.buttons[RowAction.ATTACH].setText(attach)
        self._place_actions()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_actions()

    def width_needed(self) -> int:
        """The row's width with its buttons beside the status on one line."""
        margins = self.contentsMargins().left() + self.contentsMargins().right() + 4
        progress = PROGRESS_WIDTH + 8 if self.progress.isVisibleTo(self) else 0
        bar = self.action_bar.sizeHint().width()
        return margins + self.status.sizeHint().width() + progress + 16 + bar

    def set_wide(self, wide: bool | None) -> None:
        """Buttons beside the status (True) or below it (False), as the section decided for
        all its rows, so rows of one week never mix the two; None: the row decides alone."""
        self._group_wide = wide
        self._place_actions()

    def _place_actions(self) -> None:
        wide = self._group_wide
        if wide is None:
            # A margin against flapping while the status text grows and shrinks with progress.
            wide = self.width() >= self.width_needed() + (0 if self._wide else 24)
        if wide == self._wide:
            return
        self._wide = wide
        (self._below if wide else self._line).removeWidget(self.action_bar)
        if wide:
            self._line.addWidget(self.action_bar)
        else:
            self._below.insertWidget(0, self.action_bar)

    def _status_color(self, entry: LibraryEntry, moving: bool) -> QColor:
        palette = self.palette()
        if entry.state in library_text.HAVE_FILE:
            return QColor(colours(palette).success)
        if entry.state in (FetchState.FAILED, FetchState.DAMAGED):
            return QColor(colours(palette).error)
        if moving:
            return palette.color(palette.ColorRole.Text)
        return muted_text(palette)

    def offered(self) -> list[RowAction]:
        return [action for action, button in self.buttons.items() if button.isVisibleTo(self)]

    # -- drag and drop ---------------------------------------------------------------------

    def _can_take_drop(self) -> bool:
        return not (self.active and self.entry.state in library_text.ACTIVE)

    def _set_drop_target(self, on: bool) -> None:
        palette = QGuiApplication.palette()  # the row's own is its previous sheet's
        base, text, accent = (palette.color(role) for role in (_BASE, _TEXT, _HIGHLIGHT))
        if on:  # a dashed outline says "drop it here"
            style = (
                f"background: {blend(base, accent, 0.12).name()};"
                f" border: 2px dashed {accent.name()}; border-radius: 6px;"
            )
        else:  # a hairline between readings
            style = f"border: none; border-bottom: 1px solid {blend(base, text, 0.12).name()};"
        self.setStyleSheet(f"QFrame#readingRow {{ {style} }}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_pdf(event.mimeData()) and self._can_take_drop():
            event.acceptProposedAction()
            self._set_drop_target(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_pdf(event.mimeData()) and self._can_take_drop():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_target(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_target(False)
        path = dropped_pdf(event.mimeData())
        if path is None or not self._can_take_drop():
            event.ignore()
            return
        event.acceptProposedAction()
        self.file_dropped.emit(self.reading.id, path)
