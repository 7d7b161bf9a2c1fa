"""The sidebar: the PDF's table of contents, or page thumbnails when it has none.

Thumbnails render through the reading's ``RenderQueue`` in their own lane, below the page
view's work, and only for the rows in sight (and a few beyond), so a 300-page paper without an
outline costs nothing until its sidebar is scrolled.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.services.reader import OutlineEntry, PageSize
from app.ui.reader.page_cache import TileKey
from app.ui.reader.render_queue import THUMBNAILS, RenderQueue, RenderRequest

THUMBNAIL_WIDTH = 112  # logical pixels
_PAGE_ROLE = Qt.ItemDataRole.UserRole
_Y_ROLE = Qt.ItemDataRole.UserRole + 1
_EXTRA_ROWS = 4  # thumbnails rendered beyond those in sight


class OutlinePanel(QStackedWidget):
    page_requested = Signal(int, object)  # page, y in points or None

    def __init__(self, queue: RenderQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Outline")
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        self.tree.itemActivated.connect(self._item_chosen)
        self.tree.itemClicked.connect(self._item_chosen)
        self.thumbnails = QListWidget()
        self.thumbnails.setAccessibleName("Pages")
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setFlow(QListView.Flow.TopToBottom)
        self.thumbnails.setWrapping(False)
        self.thumbnails.setMovement(QListView.Movement.Static)
        self.thumbnails.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbnails.setUniformItemSizes(True)
        self.thumbnails.setSpacing(6)
        self.thumbnails.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.thumbnails.itemClicked.connect(self._thumbnail_chosen)
        self.thumbnails.itemActivated.connect(self._thumbnail_chosen)
        self.thumbnails.verticalScrollBar().valueChanged.connect(self._request_thumbnails)
        self.addWidget(self.tree)
        self.addWidget(self.thumbnails)
        self._sizes: list[PageSize] = []
        self._dark = False
        self._generation = 0
        self.rendered: set[int] = set()  # pages whose thumbnail is drawn
        self._items: list[tuple[int, QTreeWidgetItem]] = []  # outline entries with a page
        queue.rendered.connect(self._thumbnail_rendered)

    @property
    def showing_outline(self) -> bool:
        return self.currentWidget() is self.tree

    def set_outline(self, entries: list[OutlineEntry], sizes: list[PageSize]) -> None:
        """Fill the tree from ``entries``; with none, switch to thumbnails of ``sizes``."""
        self._sizes = sizes
        self.tree.clear()
        self._items = []
        parents: list[QTreeWidgetItem] = []
        for entry in entries:
            del parents[max(entry.level - 1, 0) :]
            item = QTreeWidgetItem([entry.title])
            item.setData(0, _PAGE_ROLE, entry.page)
            item.setData(0, _Y_ROLE, entry.y)
            item.setToolTip(0, entry.title)
            if entry.page is None:
                item.setDisabled(True)
            else:
                self._items.append((entry.page, item))
            if parents:
                parents[-1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents.append(item)
        self.tree.expandToDepth(0)
        # A flat outline needs no branch column: its titles start at the left edge.
        self.tree.setRootIsDecorated(any(entry.level > 1 for entry in entries))
        if entries:
            self.setCurrentWidget(self.tree)
        else:
            self.setCurrentWidget(self.thumbnails)
            self._fill_thumbnails()

    def show_page(self, page: int) -> None:
        """Mark where the reader is: the last outline entry at or before ``page`` (the section
        being read), or the page's thumbnail."""
        if self.showing_outline:
            current = None
            for start, item in self._items:  # in document order
                if start > page:
                    break
                current = item
            if current is not None and current is not self.tree.currentItem():
                self.tree.setCurrentItem(current)
        elif self.thumbnails.currentRow() != page:
            self.thumbnails.setCurrentRow(page)

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark and self._sizes and not self.showing_outline:
            self._dark = dark
            self._fill_thumbnails()
        self._dark = dark

    def _item_chosen(self, item: QTreeWidgetItem) -> None:
        page = item.data(0, _PAGE_ROLE)
        if page is not None:
            self.page_requested.emit(int(page), item.data(0, _Y_ROLE))

    def _thumbnail_chosen(self, item: QListWidgetItem) -> None:
        self.page_requested.emit(int(item.data(_PAGE_ROLE)), None)

    # -- thumbnails --------------------------------------------------------------------------

    def _fill_thumbnails(self) -> None:
        self._generation += 1
        self.rendered.clear()
        self.thumbnails.clear()
        tallest = max((size.height / size.width for size in self._sizes), default=1.3)
        self.thumbnails.setIconSize(QSize(THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH * tallest)))
        blank = QPixmap(THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH * tallest))
        blank.fill(QColor("#1e1f22") if self._dark else QColor("white"))
        for page in range(len(self._sizes)):
            item = QListWidgetItem(QIcon(blank), str(page + 1))
            item.setData(_PAGE_ROLE, page)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.thumbnails.addItem(item)
        self._request_thumbnails()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._request_thumbnails()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._request_thumbnails()

    def _request_thumbnails(self) -> None:
        if self.showing_outline or not self.isVisible() or not self._sizes:
            return
        view = self.thumbnails
        area = view.viewport().rect()
        first = max(view.indexAt(QPoint(area.center().x(), area.top() + 2)).row(), 0)
        last = view.indexAt(QPoint(area.center().x(), area.bottom() - 2)).row()
        last = len(self._sizes) - 1 if last < 0 else last
        dpr = self.devicePixelRatioF()
        requests = []
        for page in range(first, min(last + _EXTRA_ROWS, len(self._sizes) - 1) + 1):
            item = view.item(page)
            if item is None or page in self.rendered:
                continue
            scale = THUMBNAIL_WIDTH / self._sizes[page].width * dpr
            key = TileKey(page, round(scale, 4), dpr, self._dark)
            requests.append(RenderRequest(key, scale, None, self._generation, THUMBNAILS))
        self._queue.schedule(THUMBNAILS, requests)

    def _thumbnail_rendered(self, request: RenderRequest, image: QImage) -> None:
        if request.client != THUMBNAILS or request.generation != self._generation:
            return
        item = self.thumbnails.item(request.key.page)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
            self.rendered.add(request.key.page)
