"""Red wavy underlines and the spelling context menu on the review's text answers.

A paragraph (QPlainTextEdit) gets a QSyntaxHighlighter on its document. A one-line answer
(QLineEdit) has no document to highlight: its underlines are set as the text formats of an
input method event with nothing typed, Qt's one public way to format part of a line edit
(it changes neither the text, nor the cursor, nor the undo history). Both are drawn again
when the text changes and when the speller is ready or learns a word.

The right-click menu starts with up to five suggestions for the misspelled word under the
pointer (one replaces it, as one undo step) and "Add to dictionary", then the usual edit
actions.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QInputMethodEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from app.ui.spelling import Speller

UNDERLINE_COLOR = QColor("#d0312d")


def misspelled_format() -> QTextCharFormat:
    underline = QTextCharFormat()
    underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    underline.setUnderlineColor(UNDERLINE_COLOR)
    return underline


class ParagraphHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, speller: Speller) -> None:
        super().__init__(document)
        self._speller = speller
        self._format = misspelled_format()

    def highlightBlock(self, text: str) -> None:
        for start, length in self._speller.misspelled(text):
            self.setFormat(start, length, self._format)


class LineHighlighter(QObject):
    def __init__(self, line: QLineEdit, speller: Speller) -> None:
        super().__init__(line)
        self._line = line
        self._speller = speller
        self._format = misspelled_format()
        line.textChanged.connect(self.rehighlight)

    @Slot()
    def rehighlight(self) -> None:
        cursor = self._line.cursorPosition()  # the event's ranges count from the cursor
        kind = QInputMethodEvent.AttributeType.TextFormat
        ranges = [
            QInputMethodEvent.Attribute(kind, start - cursor, length, self._format)
            for start, length in self._speller.misspelled(self._line.text())
        ]
        QCoreApplication.sendEvent(self._line, QInputMethodEvent("", ranges))

    def spans(self) -> list[tuple[int, int]]:
        """What is underlined now (for tests and the menu)."""
        return self._speller.misspelled(self._line.text())


class SpellCheck(QObject):
    """Attaches the speller to the text widgets of the open review."""

    def __init__(self, speller: Speller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speller = speller
        self.menu: QMenu | None = None  # the last context menu shown
        self._paragraphs: list[ParagraphHighlighter] = []
        self._lines: list[LineHighlighter] = []
        speller.ready.connect(self.rehighlight)
        speller.changed.connect(self.rehighlight)

    def attach(self, widget: QPlainTextEdit | QLineEdit) -> None:
        if isinstance(widget, QPlainTextEdit):
            self._paragraphs.append(ParagraphHighlighter(widget.document(), self.speller))
        else:
            self._lines.append(LineHighlighter(widget, self.speller))
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        widget.customContextMenuRequested.connect(partial(self.show_menu, widget))

    def detach_all(self) -> None:
        """The review's fields are going (their highlighters are deleted with them)."""
        self._paragraphs, self._lines = [], []

    @Slot()
    def rehighlight(self) -> None:
        for paragraph in self._paragraphs:
            paragraph.rehighlight()
        for line in self._lines:
            line.rehighlight()

    # -- the context menu ------------------------------------------------------------------------

    def show_menu(self, widget: QPlainTextEdit | QLineEdit, pos: QPoint) -> QMenu:
        """The context menu at ``pos`` (the widget's, or a paragraph's viewport's, coordinates)."""
        if isinstance(widget, QPlainTextEdit):
            menu = widget.createStandardContextMenu(pos)
            cursor = widget.cursorForPosition(pos)
            block = cursor.block()
            found = self.speller.word_at(block.text(), cursor.positionInBlock())
            if found is not None and not widget.isReadOnly():
                start, word = found
                begin = block.position() + start
                self._offer(menu, word, partial(_replace_in_paragraph, widget, begin, len(word)))
            shown_on: QWidget = widget.viewport()
        else:
            menu = widget.createStandardContextMenu()
            found = self.speller.word_at(widget.text(), widget.cursorPositionAt(pos))
            if found is not None and not widget.isReadOnly():
                start, word = found
                self._offer(menu, word, partial(_replace_in_line, widget, start, len(word)))
            shown_on = widget
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.menu = menu
        menu.popup(shown_on.mapToGlobal(pos))
        return menu

    def _offer(self, menu: QMenu, word: str, replace: partial[None]) -> None:
        """The suggestions and Add to dictionary, above the usual actions."""
        offered = self.speller.suggestions(word)
        extra: list[QAction] = []
        for suggestion in offered:
            action = QAction(suggestion, menu)
            action.triggered.connect(lambda _checked=False, chosen=suggestion: replace(chosen))
            extra.append(action)
        if not offered:
            none = QAction("No suggestions", menu)
            none.setEnabled(False)
            extra.append(none)
        add = QAction(f"Add “{word}” to dictionary", menu)
        add.triggered.connect(lambda _checked=False: self.speller.add(word))
        extra.append(add)
        usual = menu.actions()
        if usual:
            menu.insertActions(usual[0], extra)
            menu.insertSeparator(usual[0])
        else:
            menu.addActions(extra)


def _replace_in_paragraph(widget: QPlainTextEdit, begin: int, length: int, word: str) -> None:
    cursor = QTextCursor(widget.document())
    cursor.setPosition(begin)
    cursor.setPosition(begin + length, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(word)  # one undo step; textChanged saves it


def _replace_in_line(widget: QLineEdit, start: int, length: int, word: str) -> None:
    widget.setSelection(start, length)
    widget.insert(word)  # as typed: textEdited saves it, Ctrl+Z takes it back
