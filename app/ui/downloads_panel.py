"""The downloads panel (a dock) and its status-bar button: overall progress and every reading.

Both show the runner's session: everything asked since downloads were last idle, with "3 of
8 done" and the bytes so far, one line per reading (its progress drawn in the line), and
Cancel all. They hold no state of their own; ``show_session`` redraws them from the runner.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.library import FetchState, LibraryEntry
from app.ui import library_text
from app.ui.download_runner import SessionRow

PERCENT_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # 0-100 while downloading, else None
_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_TITLE, _WEEK, _STATUS = range(3)

AnyIndex = QModelIndex | QPersistentModelIndex


KB = 1000  # the bars count kilobytes: a term's bytes overflow a progress bar's int


def _show_bytes(bar: QProgressBar, entries: Sequence[LibraryEntry]) -> None:
    """The bar measures bytes: what came in of what the servers announced so far."""
    done, expected = library_text.byte_progress(entries)
    bar.setRange(0, max(1, expected // KB))
    bar.setValue(done // KB if expected else 0)


class _ProgressDelegate(QStyledItemDelegate):
    """Draws a downloading reading's status cell as a progress bar with its text in it."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)  # room for the bar's frame

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        percent = index.data(PERCENT_ROLE)
        if percent is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum, bar.maximum, bar.progress = 0, 100, int(percent)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole))
        bar.textVisible = True
        bar.state = option.state | QStyle.StateFlag.State_Horizontal  # Qt 6: no orientation
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class DownloadsPanel(QDockWidget):
    cancel_all_requested = Signal()
    retry_failed_requested = Signal()
    reading_activated = Signal(str)  # reading id: show it in the week pane

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Downloads", parent)
        self.setObjectName("downloadsPanel")  # saveState() needs a name to restore it
        self.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.summary = QLabel(library_text.EMPTY_PANEL)
        self.summary.setWordWrap(True)
        self.overall = QProgressBar()
        self.overall.setTextVisible(False)
        self.overall.setMaximumHeight(10)
        self.cancel_all = QPushButton("Cancel all")
        self.cancel_all.setToolTip("Stop every download; what came in is kept for a resume")
        self.cancel_all.setEnabled(False)
        self.cancel_all.clicked.connect(self.cancel_all_requested)
        self.retry_failed = QPushButton()
        self.retry_failed.setToolTip(
            "Download again every reading that failed on the network or the server, or came "
            "in damaged (not login pages or web pages: their rows say what to do)"
        )
        self.retry_failed.hide()
        self.retry_failed.clicked.connect(self.retry_failed_requested)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Reading", "Week", "Status"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegate(_ProgressDelegate(self.tree))
        self.tree.setAccessibleName("Downloads")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_WEEK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(_STATUS, 380)
        self.tree.itemActivated.connect(
            lambda item, _column: self.reading_activated.emit(item.data(_TITLE, _ID_ROLE))
        )
        self._items: dict[str, QTreeWidgetItem] = {}
        # The active row is scrolled to as downloads move on, until the student scrolls.
        # (actionTriggered: the wheel, a drag or a click on the bar; never a programmatic move)
        self.following = True
        self.tree.verticalScrollBar().actionTriggered.connect(self._scrolled)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.retry_failed)
        top.addWidget(self.cancel_all)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.overall)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)

    def show_session(
        self,
        rows: Sequence[SessionRow],
        *,
        running: bool,
        retryable: int = 0,
        headline: str | None = None,
    ) -> None:
        """``headline``: said instead of the session's tally (before any download this run:
        how the term's files stand). ``retryable``: what Retry failed would download again."""
        entries = [row.entry for row in rows]
        self.summary.setText(headline or library_text.summary_text(entries, running=running))
        _show_bytes(self.overall, entries)
        self.overall.setVisible(running)  # afterwards the headline says how it ended
        self.cancel_all.setEnabled(running)
        self.retry_failed.setText(f"Retry failed ({retryable})")
        self.retry_failed.setVisible(retryable > 0 and not running)
        ids = [row.item.reading.id for row in rows]
        if list(self._items) != ids:  # a new session, or readings joined it
            if not self._items.keys() & set(ids):
                self.following = True  # a new session: follow it again
            self.tree.clear()
            self._items = {}
            for row in rows:
                item = QTreeWidgetItem([row.item.reading.title, str(row.item.listed.week), ""])
                item.setData(_TITLE, _ID_ROLE, row.item.reading.id)
                item.setToolTip(_TITLE, row.item.reading.title)
                item.setTextAlignment(_WEEK, Qt.AlignmentFlag.AlignCenter)
                self.tree.addTopLevelItem(item)
                self._items[row.item.reading.id] = item
        for row in rows:
            self._show_entry(self._items[row.item.reading.id], row.entry)
        if running and self.following:
            self._follow(entries)

    def _follow(self, entries: Sequence[LibraryEntry]) -> None:
        """Keep the reading coming in now in view (the first, when several are)."""
        active = next((e for e in entries if e.state is FetchState.DOWNLOADING), None)
        item = self._items.get(active.reading_id) if active is not None else None
        if item is None:
            return
        self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)

    def _scrolled(self, _action: int) -> None:
        self.following = False  # the student looks elsewhere: leave the view to them

    def reading_ids(self) -> list[str]:
        """The readings listed, top to bottom."""
        return list(self._items)

    def line(self, reading_id: str) -> QTreeWidgetItem | None:
        return self._items.get(reading_id)

    def status_of(self, reading_id: str) -> str:
        item = self._items.get(reading_id)
        return item.text(_STATUS) if item is not None else ""

    def _show_entry(self, item: QTreeWidgetItem, entry: LibraryEntry) -> None:
        item.setText(_STATUS, library_text.short_status(entry))
        item.setToolTip(_STATUS, library_text.advice(entry.error) if entry.error else "")
        downloading = entry.state is FetchState.DOWNLOADING
        item.setData(_STATUS, PERCENT_ROLE, (entry.percent or 0) if downloading else None)


class DownloadsButton(QToolButton):
    """The status bar's "Downloads 3 of 8" with a small bar; clicking shows the panel."""

    def __init__(self, panel: DownloadsPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setToolTip("Show the downloads panel")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumSize(90, 10)
        self.bar.hide()
        self._panel = panel
        self.clicked.connect(self._show_panel)
        self.hide()

    def _show_panel(self) -> None:
        self._panel.show()
        self._panel.raise_()

    def show_session(self, rows: Sequence[SessionRow], *, running: bool) -> None:
        """While downloads run: "Downloading 3 of 8" and the bytes' bar. The outcome is said
        by the panel (and a banner when readings failed), not again here."""
        entries = [row.entry for row in rows]
        self.setVisible(running)
        self.bar.setVisible(running)
        if running:
            done = sum(1 for entry in entries if entry.state not in library_text.ACTIVE)
            self.setText(f"Downloading {done} of {len(entries)}")
            _show_bytes(self.bar, entries)
