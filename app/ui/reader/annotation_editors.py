"""Editors over the page: a comment editor beside an annotation, and the text of a text box
typed in place.

Both are children of the page view's viewport, not windows: they move with the page when it
scrolls (their owner places them again), cannot get lost behind the main window, and a
student can still read the passage they comment on. Ctrl+Enter keeps what was typed, Escape
drops it; a click elsewhere on the page keeps it (the owner calls ``commit``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.reader.annotation_paint import BOX_ON_DARK, INK_ON_DARK

COMMENT_WIDTH = 280
COMMENT_HEIGHT = 170
GAP = 6  # pixels between an annotation and its editor


def _is_commit(event: QKeyEvent) -> bool:
    control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    return bool(control) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CommentEditor(QFrame):
    """A comment on one annotation: a title saying which, the text, Save and Cancel."""

    saved = Signal(str, str)  # annotation id, the comment
    cancelled = Signal(str)  # annotation id

    def __init__(self, annotation_id: str, title: str, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.annotation_id = annotation_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Raised)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAccessibleName("Comment")
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.field = QPlainTextEdit(text)
        self.field.setAccessibleName("Comment text")
        self.field.setPlaceholderText("Your comment…")
        self.field.setTabChangesFocus(True)
        self.field.installEventFilter(self)
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Keep the comment (Ctrl+Enter)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Leave the comment as it was (Escape)")
        self.save_button.clicked.connect(self.commit)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.field, 1)
        layout.addLayout(buttons)
        self.resize(COMMENT_WIDTH, COMMENT_HEIGHT)
        self._done = False

    def open(self) -> None:
        self.show()
        self.raise_()
        self.field.setFocus()
        self.field.moveCursor(self.field.textCursor().MoveOperation.End)

    def place(self, beside: QRectF) -> None:
        """Below ``beside`` (viewport pixels), or above it when there is no room, kept
        inside the viewport."""
        parent = self.parentWidget()
        area = parent.rect() if parent is not None else QRect()
        x = round(beside.left())
        y = round(beside.bottom()) + GAP
        if y + self.height() > area.bottom() and beside.top() - GAP - self.height() >= 0:
            y = round(beside.top()) - GAP - self.height()
        x = min(max(x, 4), max(area.right() - self.width() - 4, 4))
        y = min(max(y, 4), max(area.bottom() - self.height() - 4, 4))
        self.move(x, y)

    def commit(self) -> None:
        if not self._done:
            self._done = True
            self.saved.emit(self.annotation_id, self.field.toPlainText().strip())

    def cancel(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit(self.annotation_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and _is_commit(event):
                self.commit()
                return True
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
        return super().eventFilter(watched, event)


class TextBoxEditor(QPlainTextEdit):
    """The text of a text box, typed where the box is, in the box's font at this zoom."""

    committed = Signal(str)  # the text typed (stripped)
    cancelled = Signal()

    def __init__(self, text: str, font_pixels: float, parent: QWidget, *, dark: bool) -> None:
        super().__init__(text, parent)
        if dark:  # typed on a dark page: the box as it will be drawn there, light on dark
            colours = self.palette()
            colours.setColor(QPalette.ColorRole.Base, BOX_ON_DARK)
            colours.setColor(QPalette.ColorRole.Text, INK_ON_DARK)
            self.setPalette(colours)
        self.setAccessibleName("Text box")
        self.setPlaceholderText("Type here")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFont(self.font())
        font.setPixelSize(max(8, round(font_pixels)))
        self.setFont(font)
        self.document().setDocumentMargin(2)
        self._done = False

    def open(self) -> None:
        self.show()
        self.raise_()
        self.setFocus()
        self.moveCursor(self.textCursor().MoveOperation.End)

    def place(self, box: QRectF) -> None:
        self.setGeometry(box.toAlignedRect())

    def commit(self) -> None:
        if not self._done:
            self._done = True
            self.committed.emit(self.toPlainText().strip())

    def cancel(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_commit(event):
            self.commit()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # Clicking away keeps the text, as in any drawing program; a popup (a menu) taking
        # the focus for a moment does not.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()
