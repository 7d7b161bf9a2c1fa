"""The Due view's Fetch form buttons: a row whose form is not here (or whose last fetch failed)
keeps a strip at its right end for one.

The button is an item widget of the list; this delegate narrows the row's text so it wraps
before the strip, paints the row's background under the whole width (selection and hover look
as on the other rows), and places the button in the strip.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

FETCH_ROLE = Qt.ItemDataRole.UserRole + 1  # True on a row that carries a Fetch form button
FETCH_TEXT, FETCHING_TEXT = "Fetch form", "Fetching…"
Index = QModelIndex | QPersistentModelIndex


STRIP_MARGIN = 12


def fetch_button(week: int, running: bool, strip: int) -> QPushButton:
    button = QPushButton()
    show_running(button, running)
    button.setFixedWidth(strip - STRIP_MARGIN)  # the same for both texts: it never moves
    button.setToolTip(f"Bring week {week}'s Google Form, to write the review against it")
    button.setAccessibleName(f"Fetch the form of week {week}")
    return button


def show_running(button: QPushButton, running: bool) -> None:
    button.setText(FETCHING_TEXT if running else FETCH_TEXT)
    button.setEnabled(not running)


def strip_width() -> int:
    """Room for the button whatever it says (its two texts differ in width)."""
    widest = max(QPushButton(text).sizeHint().width() for text in (FETCH_TEXT, FETCHING_TEXT))
    return widest + STRIP_MARGIN


class DueRowDelegate(QStyledItemDelegate):
    def __init__(self, strip: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.strip = strip

    def _text_option(self, option: QStyleOptionViewItem, index: Index) -> QStyleOptionViewItem:
        narrowed = QStyleOptionViewItem(option)
        if index.data(FETCH_ROLE):
            narrowed.rect = option.rect.adjusted(0, 0, -self.strip, 0)
        return narrowed

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(FETCH_ROLE):
            whole = QStyleOptionViewItem(option)
            self.initStyleOption(whole, index)
            widget = option.widget
            style = widget.style() if widget is not None else QApplication.style()
            panel = QStyle.PrimitiveElement.PE_PanelItemViewItem
            style.drawPrimitive(panel, whole, painter, widget)
        super().paint(painter, self._text_option(option, index), index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(self._text_option(option, index), index)
        if index.data(FETCH_ROLE):
            size.setWidth(size.width() + self.strip)
        return size

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        size = editor.sizeHint()
        left = rect.right() - self.strip + (self.strip - size.width()) // 2
        top = rect.center().y() - size.height() // 2
        editor.setGeometry(left, top, size.width(), size.height())
