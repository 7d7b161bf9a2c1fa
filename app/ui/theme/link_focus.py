"""A 2 px ring around the link that has keyboard focus in a rich-text label.

Qt marks it with a 1 px dotted outline whose look a style can change only through a style
hint that returns a QVariant, which PySide cannot fill from Python. So an overlay child, the
size of the label and blind to the mouse, draws the ring where the label's focused link is:
the label's selection (Tab selects the link), laid out again as the label lays its text out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.theme.colours import colours
from app.ui.theme.focus_style import RING_WIDTH


def _x(answer: object) -> float:
    """PySide gives ``cursorToX`` back as (x, position)."""
    assert isinstance(answer, tuple)
    return float(answer[0])


class _LinkRing(QWidget):
    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self._label = label
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.setGeometry(self._label.rect())
        # Not on the label's Paint: updating this child repaints the label, which would paint
        # again without end. Focus and keys are what move the focus between links.
        if kind in (
            QEvent.Type.FocusIn,
            QEvent.Type.FocusOut,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
        ):
            self.update()  # the label moved its focus between links, or left them
        return False

    def focused_link(self) -> list[QRectF]:
        """Where the link with keyboard focus is (a box per line it runs over), in the
        label's coordinates; empty when no link has it."""
        label = self._label
        keyboard = label.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        if not (label.hasFocus() and keyboard and label.hasSelectedText()):
            return []
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(label.text())
        area = label.contentsRect()
        if label.wordWrap():
            document.setTextWidth(area.width())
        start = label.selectionStart()
        end = start + len(label.selectedText())
        boxes: list[QRectF] = []
        block = document.findBlock(start)
        while block.isValid() and block.position() < end:
            top = document.documentLayout().blockBoundingRect(block).topLeft()
            layout = block.layout()
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                first = max(start - block.position(), line.textStart())
                last = min(end - block.position(), line.textStart() + line.textLength())
                if first < last:
                    x0, x1 = _x(line.cursorToX(first)), _x(line.cursorToX(last))
                    part = QRectF(x0, line.y(), x1 - x0, line.height()).translated(top)
                    boxes.append(part)
            block = block.next()
        # The label places its text by its vertical alignment in the room it has.
        spare = area.height() - document.size().height()
        align = label.alignment()
        drop = spare if align & Qt.AlignmentFlag.AlignBottom else 0.0
        if align & Qt.AlignmentFlag.AlignVCenter:
            drop = spare / 2
        return [box.translated(area.left(), area.top() + max(drop, 0.0)) for box in boxes]

    def paintEvent(self, event: QPaintEvent) -> None:
        boxes = self.focused_link()
        if not boxes:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colours(self._label.palette()).focus), RING_WIDTH))
        pad = RING_WIDTH
        room = QRectF(self.rect()).adjusted(pad / 2, pad / 2, -pad / 2, -pad / 2)
        for box in boxes:
            ring = box.adjusted(-pad, -pad / 2, pad, pad / 2).intersected(room)
            painter.drawRoundedRect(ring, 3, 3)
        painter.end()


def ring_focused_links(label: QLabel) -> None:
    """Draw the focus ring around ``label``'s links as Tab reaches them."""
    ring = _LinkRing(label)
    ring.setGeometry(label.rect())
    ring.show()
