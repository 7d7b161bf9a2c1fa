"""The reader's toolbar: back, sidebar, page box, zoom, search and dark pages.

Only widgets and actions live here; ``ReaderTab`` connects them. Actions carry their shortcuts
with the *widget-with-children* context, so that with several readings open the keys go to the
tab that has the focus (window-wide shortcuts in hidden tabs would be ambiguous).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QWidget,
)

from app.services.reader import FitMode
from app.ui.reader.icons import set_reader_icon
from app.ui.reader.page_view import ZOOM_STEPS

FIT_LABELS = {FitMode.WIDTH: "Fit width", FitMode.PAGE: "Fit page"}


def reader_action(
    parent: QWidget,
    text: str,
    icon: str,
    shortcuts: list[QKeySequence] | None = None,
    *,
    checkable: bool = False,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    set_reader_icon(action, parent, icon)
    action.setCheckable(checkable)
    if shortcuts:
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in shortcuts)
        tip = f"{tip or text} ({keys})"
    action.setToolTip(tip or text)
    parent.addAction(action)  # shortcuts work even when the toolbar hides the button
    return action


class SearchField(QLineEdit):
    """Enter finds the next hit, Shift + Enter the previous one, Escape leaves the search."""

    step = Signal(bool)  # forward?
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.step.emit(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        elif event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


class ReaderToolbar(QToolBar):
    def __init__(self, owner: QWidget) -> None:
        super().__init__("Reader", owner)
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)  # tooltips name them
        key = QKeySequence
        self.back = reader_action(
            owner,
            "Back",
            "go-previous",
            [key(Qt.Modifier.ALT | Qt.Key.Key_Left)],
            tip="Back to where you were before the jump",
        )
        self.forward = reader_action(
            owner,
            "Forward",
            "go-next",
            [key(Qt.Modifier.ALT | Qt.Key.Key_Right)],
            tip="Forward again to where Back came from",
        )
        self.sidebar = reader_action(
            owner,
            "Outline",
            "sidebar-show",
            [key(Qt.Key.Key_F9)],
            checkable=True,
            tip="Show the outline or page thumbnails",
        )
        self.zoom_out = reader_action(owner, "Zoom out", "zoom-out", [key(key.StandardKey.ZoomOut)])
        self.zoom_in = reader_action(
            owner, "Zoom in", "zoom-in", [key(key.StandardKey.ZoomIn), key("Ctrl+=")]
        )
        self.actual_size = reader_action(owner, "Actual size", "zoom-original", [key("Ctrl+0")])
        self.fit_width = reader_action(owner, "Fit width", "zoom-fit-width", checkable=True)
        self.fit_page = reader_action(owner, "Fit page", "zoom-fit-best", checkable=True)
        self.find_action = reader_action(owner, "Find", "edit-find", [key(key.StandardKey.Find)])
        self.find_next = reader_action(
            owner, "Next match", "go-down-search", [key(key.StandardKey.FindNext)]
        )
        self.find_previous = reader_action(
            owner, "Previous match", "go-up-search", [key(key.StandardKey.FindPrevious)]
        )
        self.copy = reader_action(owner, "Copy", "edit-copy", [key(key.StandardKey.Copy)])
        self.dark = reader_action(
            owner,
            "Dark pages",
            "weather-clear-night",
            checkable=True,
            tip="Dark pages: text turns light, pictures keep their colours",
        )

        for action in (self.back, self.forward):
            action.setEnabled(False)
        self.addAction(self.sidebar)
        self.addAction(self.back)
        self.addAction(self.forward)
        self.addSeparator()
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page number")
        self.page_box.setKeyboardTracking(False)  # go on Enter, not on every digit typed
        self.page_box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_total = QLabel("of 0")
        # Widths fixed for the longest text they will hold, not the document's: switching
        # between a 9-page and a 300-page reading must not shift the buttons after them.
        digits = self.page_box.fontMetrics().horizontalAdvance("9999")
        self.page_box.setFixedWidth(max(48, digits + 16))
        self.page_total.setFixedWidth(self.page_total.fontMetrics().horizontalAdvance("of 9999 "))
        self.addWidget(QLabel(" Page "))
        self.addWidget(self.page_box)
        self.addWidget(self.page_total)
        self.addSeparator()
        self.addAction(self.zoom_out)
        self.zoom_box = QComboBox()
        self.zoom_box.setEditable(True)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_box.addItems([*FIT_LABELS.values(), *(f"{round(s * 100)} %" for s in ZOOM_STEPS)])
        self.zoom_box.setMinimumContentsLength(8)
        self.addWidget(self.zoom_box)
        self.addAction(self.zoom_in)
        self.addAction(self.fit_width)
        self.addAction(self.fit_page)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.search_field = SearchField()
        self.search_field.setPlaceholderText("Find in document")
        self.search_field.setAccessibleName("Find in document")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(200)
        self.addWidget(self.search_field)
        self.hit_label = QLabel()
        self.hit_label.setFixedWidth(
            self.hit_label.fontMetrics().horizontalAdvance(" 999 of 999 (searching…) ")
        )
        self.addWidget(self.hit_label)
        self.addAction(self.find_previous)
        self.addAction(self.find_next)
        self.addSeparator()
        self.addAction(self.dark)

    def show_zoom(self, zoom: float, fit: FitMode) -> None:
        """Reflect the view's zoom without sending it back (signals blocked)."""
        blocked = self.zoom_box.blockSignals(True)
        self.zoom_box.setEditText(FIT_LABELS.get(fit, f"{round(zoom * 100)} %"))
        self.zoom_box.blockSignals(blocked)
        self.fit_width.setChecked(fit == FitMode.WIDTH)
        self.fit_page.setChecked(fit == FitMode.PAGE)

    def show_page(self, page: int, count: int) -> None:
        blocked = self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(count, 1))
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(blocked)
        self.page_total.setText(f"of {count}")


def parse_zoom(text: str) -> float | FitMode | None:
    """What the zoom box's text asks for: a fit mode, a zoom (150 % -> 1.5), or None."""
    cleaned = text.strip().lower()
    for fit, label in FIT_LABELS.items():
        if cleaned == label.lower():
            return fit
    try:
        percent = float(cleaned.rstrip("%").strip())
    except ValueError:
        return None
    return percent / 100 if percent > 0 else None
