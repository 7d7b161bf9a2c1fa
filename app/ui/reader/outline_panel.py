"""The sidebar: the PDF's table of contents (with each entry's page number) and page
thumbnails, switched by two buttons at its top. A PDF without an outline opens on its pages.

Thumbnails render through the reading's ``RenderQueue`` in their own lane, below the page
view's work, and only for the rows in sight (and a few beyond), so a 300-page paper costs
nothing until its thumbnails are shown and scrolled. Each is drawn as a sheet of paper (border
and shadow, ``thumbnail_frame``) with its page number right under it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.reader import OutlineEntry, PageSize
from app.ui.reader.page_cache import TileKey
from app.ui.reader.render_queue import THUMBNAILS, RenderQueue, RenderRequest
from app.ui.reader.thumbnail_frame import framed_page, framed_size
from app.ui.theme.colours import DARK, is_dark

THUMBNAIL_WIDTH = 112  # logical pixels
_PAGE_ROLE = Qt.ItemDataRole.UserRole
_Y_ROLE = Qt.ItemDataRole.UserRole + 1
_EXTRA_ROWS = 4  # thumbnails rendered beyond those in sight


def _switch_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setCheckable(True)
    button.setAutoRaise(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


class OutlinePanel(QWidget):
    page_requested = Signal(int, object)  # page, y in points or None

    def __init__(self, queue: RenderQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self.outline_button = _switch_button("Outline", "The paper's sections")
        self.pages_button = _switch_button("Pages", "Thumbnails of the pages")
        self.outline_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.outline_button)
        group.addButton(self.pages_button)
        self.outline_button.clicked.connect(self.show_outline)
        self.pages_button.clicked.connect(self.show_thumbnails)
        self.tree = self._make_tree()
        self.thumbnails = self._make_thumbnails()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.thumbnails)
        switch = QHBoxLayout()
        switch.setContentsMargins(4, 2, 4, 2)
        switch.addWidget(self.outline_button)
        switch.addWidget(self.pages_button)
        switch.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(switch)
        layout.addWidget(self.stack, 1)
        self._sizes: list[PageSize] = []
        self._dark = False
        self._filled: bool | None = None  # the dark setting the thumbnails were made for
        self._page = 0
        self._generation = 0
        self.rendered: set[int] = set()  # pages whose thumbnail is drawn
        self._items: list[tuple[int, QTreeWidgetItem]] = []  # outline entries with a page
        queue.rendered.connect(self._thumbnail_rendered)

    def _make_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(2)  # the title, and its page number at the right edge
        tree.setHeaderHidden(True)
        tree.setUniformRowHeights(True)
        tree.setAccessibleName("Outline")
        tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        tree.itemActivated.connect(self._item_chosen)
        tree.itemClicked.connect(self._item_chosen)
        return tree

    def _make_thumbnails(self) -> QListWidget:
        view = QListWidget()
        view.setAccessibleName("Pages")
        view.setViewMode(QListView.ViewMode.IconMode)
        view.setFlow(QListView.Flow.TopToBottom)
        view.setWrapping(False)
        view.setMovement(QListView.Movement.Static)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setUniformItemSizes(True)
        view.setSpacing(6)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.itemClicked.connect(self._thumbnail_chosen)
        view.itemActivated.connect(self._thumbnail_chosen)
        view.verticalScrollBar().valueChanged.connect(self._request_thumbnails)
        return view

    @property
    def showing_outline(self) -> bool:
        return self.stack.currentWidget() is self.tree

    def set_outline(self, entries: list[OutlineEntry], sizes: list[PageSize]) -> None:
        """Fill the tree from ``entries``; with none, show thumbnails of ``sizes``."""
        self._sizes = sizes
        self._filled = None
        self.tree.clear()
        self._items = []
        parents: list[QTreeWidgetItem] = []
        for entry in entries:
            del parents[max(entry.level - 1, 0) :]
            number = "" if entry.page is None else str(entry.page + 1)
            item = QTreeWidgetItem([entry.title, number])
            item.setData(0, _PAGE_ROLE, entry.page)
            item.setData(0, _Y_ROLE, entry.y)
            item.setToolTip(
                0, entry.title if entry.page is None else f"{entry.title}, page {number}"
            )
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        self.outline_button.setEnabled(bool(entries))
        self.outline_button.setToolTip(
            "The paper's sections" if entries else "This PDF has no outline"
        )
        if entries and self.showing_outline:
            self.show_outline()
        else:
            self.pages_button.setChecked(True)
            self.show_thumbnails()

    def show_outline(self) -> None:
        self.outline_button.setChecked(True)
        self.stack.setCurrentWidget(self.tree)
        self.show_page(self._page)

    def show_thumbnails(self) -> None:
        self.pages_button.setChecked(True)
        self.stack.setCurrentWidget(self.thumbnails)
        if self._sizes and self._filled != self._dark:
            self._fill_thumbnails()
        self.show_page(self._page)
        self._request_thumbnails()

    def show_page(self, page: int) -> None:
        """Mark where the reader is: the last outline entry at or before ``page`` (the section
        being read), or the page's thumbnail."""
        self._page = page
        if self.showing_outline:
            current = None
            for start, item in self._items:  # in document order
                if start > page:
                    break
                current = item
            if current is not None and current is not self.tree.currentItem():
                self.tree.setCurrentItem(current)
        elif self._filled is not None and self.thumbnails.currentRow() != page:
            self.thumbnails.setCurrentRow(page)

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        if self._sizes and not self.showing_outline and self._filled != dark:
            self._fill_thumbnails()

    def _item_chosen(self, item: QTreeWidgetItem) -> None:
        page = item.data(0, _PAGE_ROLE)
        if page is not None:
            self.page_requested.emit(int(page), item.data(0, _Y_ROLE))

    def _thumbnail_chosen(self, item: QListWidgetItem) -> None:
        self.page_requested.emit(int(item.data(_PAGE_ROLE)), None)

    # -- thumbnails --------------------------------------------------------------------------

    def _page_size(self, page: int) -> QSize:
        size = self._sizes[page]
        return QSize(THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH * size.height / size.width))

    def _fill_thumbnails(self) -> None:
        self._generation += 1
        self._filled = self._dark
        self.rendered.clear()
        self.thumbnails.clear()
        tallest = max((size.height / size.width for size in self._sizes), default=1.3)
        self.thumbnails.setIconSize(
            framed_size(QSize(THUMBNAIL_WIDTH, round(THUMBNAIL_WIDTH * tallest)))
        )
        dpr = self.devicePixelRatioF()
        for page in range(len(self._sizes)):
            logical = self._page_size(page)
            blank = QPixmap(logical)
            blank.fill(QColor(DARK.night_paper) if self._dark else QColor("white"))
            framed = framed_page(blank, logical, dpr, on_dark=is_dark(self.palette()))
            item = QListWidgetItem(QIcon(framed), str(page + 1))
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
        if self.showing_outline or not self.isVisible() or not self._sizes or self._filled is None:
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
            page = framed_page(
                image,
                self._page_size(request.key.page),
                request.key.dpr,
                on_dark=is_dark(self.palette()),
            )
            item.setIcon(QIcon(page))
            self.rendered.add(request.key.page)
