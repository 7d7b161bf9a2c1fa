"""Paints one annotation as a card: the reading (above the first of its rows, when the list
mixes readings), a swatch with what the colour means, page and kind, the quote over at most
two lines, and the comment.

A quote is set off by a bar in the annotation's own colour, as the highlight looks on the
page, so a list of many annotations can be scanned by colour before reading a word.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from app.domain.annotation import Annotation
from app.ui.annotations.annotation_model import (
    ANNOTATION_ROLE,
    MEANING_ROLE,
    NO_MEANING,
    NOT_FOUND,
    TITLE_ROLE,
    body_text,
    kind_word,
)
from app.ui.theme import colours as theme_colours
from app.ui.week_list import blend, muted_text

AnyIndex = QModelIndex | QPersistentModelIndex

_PAD = 8
_GAP = 3  # between a card's lines
_SWATCH = 10
_BAR = 3  # the quote's colour bar
_QUOTE_LINES = 2
_COMMENT_LINES = 2
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def wrapped(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` px; past ``max_lines`` the last line
    ends in an ellipsis."""
    if not text or width <= 0:
        return []
    layout = QTextLayout(text, font)
    layout.beginLayout()
    starts: list[tuple[int, int]] = []
    while len(starts) <= max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start : start + length].strip() for start, length in starts[:max_lines]]
    if len(starts) > max_lines:
        rest = text[starts[max_lines - 1][0] :]
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


class _Fonts:
    def __init__(self, base: QFont) -> None:
        self.body = QFont(base)
        self.small = QFont(base)
        self.small.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
        self.meaning = QFont(self.small)
        self.meaning.setBold(True)
        self.title = QFont(self.small)
        self.title.setWeight(QFont.Weight.DemiBold)
        self.comment = QFont(base)
        self.comment.setItalic(True)


def shown_title(index: AnyIndex) -> str:
    """The reading's title, on the first of its rows only: the rows below are under it."""
    title = str(index.data(TITLE_ROLE) or "")
    if title and index.row() > 0:
        above = index.model().index(index.row() - 1, 0, index.parent())
        if above.data(TITLE_ROLE) == title:
            return ""
    return title


class AnnotationDelegate(QStyledItemDelegate):
    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = option.widget
        width = (
            view.viewport().width() if isinstance(view, QAbstractItemView) else option.rect.width()
        )
        return max(width - 2 * _PAD - _BAR - _PAD, 40)

    def _parts(
        self, annotation: Annotation, fonts: _Fonts, width: int
    ) -> tuple[list[str], list[str]]:
        quote = wrapped(body_text(annotation), fonts.body, width, _QUOTE_LINES)
        comment = " ".join(annotation.comment.split())
        return quote, wrapped(comment, fonts.comment, width + _BAR + _PAD, _COMMENT_LINES)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        annotation = index.data(ANNOTATION_ROLE)
        if not isinstance(annotation, Annotation):
            return super().sizeHint(option, index)
        fonts = _Fonts(option.font)
        quote, comment = self._parts(annotation, fonts, self._text_width(option))
        small = QFontMetrics(fonts.small).height()
        height = 2 * _PAD + small
        if shown_title(index):
            height += QFontMetrics(fonts.title).height() + _PAD
        height += len(quote) * (QFontMetrics(fonts.body).height()) + (_GAP if quote else 0)
        height += len(comment) * QFontMetrics(fonts.comment).height() + (_GAP if comment else 0)
        return QSize(280, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        annotation = index.data(ANNOTATION_ROLE)
        if not isinstance(annotation, Annotation):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws background, hover and selection; the text is ours
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        palette: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = (
            blend(text, palette.color(QPalette.ColorRole.Highlight), 0.1)
            if selected
            else muted_text(palette)
        )
        fonts = _Fonts(opt.font)
        rect: QRect = opt.rect
        inner = rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not selected:  # a hairline between cards
            painter.setPen(blend(palette.color(QPalette.ColorRole.Base), text, 0.1))
            painter.drawLine(rect.left() + _PAD, rect.bottom(), rect.right() - _PAD, rect.bottom())
        y = inner.top()
        title = shown_title(index)
        if title:
            y = self._line(painter, fonts.title, text, inner, y, title) + _PAD
        y = self._meta(painter, fonts, (text, muted), inner, y, annotation, index) + _GAP
        quote, comment = self._parts(annotation, fonts, self._text_width(opt))
        if quote:
            body_height = QFontMetrics(fonts.body).height()
            painter.fillRect(
                QRect(inner.left(), y, _BAR, body_height * len(quote)), QColor(annotation.colour)
            )
            quote_box = inner.adjusted(_BAR + _PAD, 0, 0, 0)
            for line in quote:
                y = self._line(painter, fonts.body, text, quote_box, y, line)
            y += _GAP
        for line in comment:
            y = self._line(painter, fonts.comment, text, inner, y, line)
        painter.restore()

    def _line(
        self, painter: QPainter, font: QFont, colour: QColor, box: QRect, y: int, line: str
    ) -> int:
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(colour)
        shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, box.width())
        painter.drawText(QRect(box.left(), y, box.width(), metrics.height()), _LEFT, shown)
        return y + metrics.height()

    def _meta(
        self,
        painter: QPainter,
        fonts: _Fonts,
        colours: tuple[QColor, QColor],
        box: QRect,
        y: int,
        annotation: Annotation,
        index: AnyIndex,
    ) -> int:
        """The swatch, the meaning, "p. 5 · Highlight"; "not found in this version" at the
        right when the quote is not in the PDF the student has now."""
        text, muted = colours
        metrics = QFontMetrics(fonts.small)
        height = metrics.height()
        swatch = QRect(box.left(), y + (height - _SWATCH) // 2, _SWATCH, _SWATCH)
        painter.setPen(blend(QColor(annotation.colour), text, 0.35))
        painter.setBrush(QColor(annotation.colour))
        painter.drawEllipse(swatch)
        left = swatch.right() + _PAD
        right = box.right()
        if not annotation.anchored:
            warning = f"⚠ {NOT_FOUND}"
            width = metrics.horizontalAdvance(warning)
            painter.setFont(fonts.small)
            painter.setPen(QColor(theme_colours(QApplication.palette()).warning))
            painter.drawText(QRect(right - width, y, width, height), _RIGHT, warning)
            right -= width + _PAD
        meaning = str(index.data(MEANING_ROLE) or "") or NO_MEANING
        bold = QFontMetrics(fonts.meaning)
        meaning = bold.elidedText(meaning, Qt.TextElideMode.ElideRight, max(right - left, 0))
        painter.setFont(fonts.meaning)
        painter.setPen(text)
        meaning_width = bold.horizontalAdvance(meaning)
        painter.drawText(QRect(left, y, meaning_width, height), _LEFT, meaning)
        rest = f"  ·  {annotation.page_label}  ·  {kind_word(annotation)}"
        start = QPoint(left + meaning_width, y)
        rest = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, max(right - start.x(), 0))
        painter.setFont(fonts.small)
        painter.setPen(muted)
        painter.drawText(QRect(start.x(), y, right - start.x(), height), _LEFT, rest)
        return y + height
