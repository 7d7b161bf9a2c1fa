"""Paints one week as a two-line card: a calendar date block, title and details, deadline.

A plain table would clip the long lecture titles in a narrow pane; two lines per week keep the
list readable at 400 px while still showing date, speaker, readings and the review countdown.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.deadline import DueStatus
from app.ui import time_text
from app.ui.theme.colours import colours
from app.ui.week_list import (
    COUNTDOWN_ROLE,
    CURRENT_ROLE,
    DAY_OFF_ROLE,
    DETAILS_ROLE,
    DUE_LINE_ROLE,
    DUE_STATUS_ROLE,
    URGENCY_ROLE,
    WEEK_ROLE,
    blend,
)

AnyIndex = QModelIndex | QPersistentModelIndex

_PAD = 8  # px around a card's content


class WeekDelegate(QStyledItemDelegate):
    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont, QFont]:
        title = QFont(base)
        title.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
        day = QFont(base)
        day.setPointSizeF(base.pointSizeF() * 1.35)
        day.setBold(True)
        month = QFont(small)
        month.setPointSizeF(max(base.pointSizeF() * 0.75, 6.5))
        month.setBold(True)
        return title, small, day, month

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        title, small, _, _ = self._fonts(option.font)
        height = QFontMetrics(title).height() + QFontMetrics(small).height() + 3 * _PAD
        return QSize(360, height)

    def _right_width(self, small: QFont) -> int:
        # One width for every row so the deadlines line up: the widest usual texts, measured
        # in the locale's own time format. A rarer, longer text (another day) is elided.
        metrics = QFontMetrics(small)
        bold = QFont(small)
        bold.setBold(True)
        noon = datetime(2000, 1, 1, 12, 59)
        return max(
            metrics.horizontalAdvance(f"Review due {time_text.clock_time(noon)}"),
            metrics.horizontalAdvance("not posted yet"),
            QFontMetrics(bold).horizontalAdvance("in 88 days"),
            QFontMetrics(bold).horizontalAdvance("tomorrow"),
        )

    def _chrome_width(self, base: QFont) -> int:
        """A card's width besides its title: paddings, the date block, the deadline column."""
        _, small, day_font, _ = self._fonts(base)
        block_width = QFontMetrics(day_font).horizontalAdvance("00") + _PAD
        return 2 * (_PAD + 4) + block_width + 2 * _PAD + _PAD + self._right_width(small)

    def _title_width(self, rect: QRect, base: QFont) -> int:
        return rect.width() - self._chrome_width(base)

    def shown_title(self, option: QStyleOptionViewItem, index: AnyIndex) -> str:
        """The title as the card draws it: whole, or elided to the room there is (the row's
        tooltip then says it in full)."""
        title_font = self._fonts(option.font)[0]
        if index.data(DAY_OFF_ROLE):
            title_font.setBold(False)
            title_font.setItalic(True)
        return QFontMetrics(title_font).elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole)),
            Qt.TextElideMode.ElideRight,
            self._title_width(option.rect, option.font),
        )

    def width_for(self, base: QFont, titles: list[str]) -> int:
        """The list width that shows every title whole (the splitter's first choice)."""
        title_font = self._fonts(base)[0]
        metrics = QFontMetrics(title_font)
        widest = max((metrics.horizontalAdvance(t) for t in titles), default=0)
        return widest + self._chrome_width(base) + 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The style draws background, hover and selection; we draw the text ourselves.
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        palette: QPalette = opt.palette
        rect: QRect = opt.rect
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        day_off = bool(index.data(DAY_OFF_ROLE))
        current = bool(index.data(CURRENT_ROLE))
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        tones = colours(palette)
        # On the selection only a trace of blue keeps secondary text apart: more would drop
        # below 4.5:1 on the highlight.
        muted = (
            blend(text, palette.color(QPalette.ColorRole.Highlight), 0.1)
            if selected
            else QColor(tones.day_off_text if day_off else tones.muted)
        )
        accent = text if selected else QColor(tones.soon)
        title_font, small, day_font, month_font = self._fonts(opt.font)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if current and not selected:
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), accent)
        if not selected:  # a hairline between cards
            painter.setPen(blend(palette.color(QPalette.ColorRole.Base), text, 0.1))
            painter.drawLine(rect.left() + _PAD, rect.bottom(), rect.right() - _PAD, rect.bottom())

        inner = rect.adjusted(_PAD + 4, _PAD, -_PAD - 4, -_PAD)
        block_width = QFontMetrics(day_font).horizontalAdvance("00") + _PAD
        self._draw_date_block(
            painter,
            QRect(inner.left(), inner.top(), block_width, inner.height()),
            index,
            (day_font, month_font),
            accent if current else (muted if day_off else text),
            muted,
        )

        right_width = self._right_width(small)
        left = inner.left() + block_width + 2 * _PAD
        middle = QRect(left, inner.top(), self._title_width(rect, opt.font), inner.height())
        title_metrics = QFontMetrics(title_font)
        line_one = QRect(middle.left(), middle.top(), middle.width(), title_metrics.height())
        line_two = QRect(
            middle.left(),
            line_one.bottom() + _PAD // 2,
            middle.width(),
            QFontMetrics(small).height(),
        )
        if day_off:
            title_font.setBold(False)
            title_font.setItalic(True)
        painter.setFont(title_font)
        painter.setPen(muted if day_off else text)
        title = self.shown_title(opt, index)
        painter.drawText(
            line_one, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title
        )
        painter.setFont(small)
        painter.setPen(muted)
        details = QFontMetrics(small).elidedText(
            str(index.data(DETAILS_ROLE)), Qt.TextElideMode.ElideRight, middle.width()
        )
        painter.drawText(
            line_two, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), details
        )

        self._draw_deadline(
            painter,
            index,
            small,
            (line_one, line_two),
            inner.right() - right_width,
            right_width,
            (text, muted, accent if not selected else text),
        )
        painter.restore()

    def _draw_date_block(
        self,
        painter: QPainter,
        block: QRect,
        index: AnyIndex,
        fonts: tuple[QFont, QFont],
        color: QColor,
        muted: QColor,
    ) -> None:
        day_font, month_font = fonts
        week = index.data(WEEK_ROLE)
        centered = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        if week is None or week.date is None:
            painter.setFont(day_font)
            painter.setPen(muted)
            painter.drawText(block, centered, "–")
            return
        month_height = QFontMetrics(month_font).height()
        day_height = QFontMetrics(day_font).height()
        top = block.top() + (block.height() - month_height - day_height) // 2
        painter.setFont(month_font)
        painter.setPen(color if color != muted else muted)
        painter.drawText(
            QRect(block.left(), top, block.width(), month_height),
            centered,
            time_text.month_abbreviation(week.date).upper(),
        )
        painter.setFont(day_font)
        painter.setPen(color)
        painter.drawText(
            QRect(block.left(), top + month_height, block.width(), day_height),
            centered,
            str(week.date.day),
        )

    def _draw_deadline(
        self,
        painter: QPainter,
        index: AnyIndex,
        font: QFont,
        lines: tuple[QRect, QRect],
        left: int,
        width: int,
        colors: tuple[QColor, QColor, QColor],
    ) -> None:
        text, muted, accent = colors
        line = str(index.data(DUE_LINE_ROLE) or "")
        countdown = str(index.data(COUNTDOWN_ROLE) or "")
        status = index.data(DUE_STATUS_ROLE)
        if not line:
            return
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        one = QRect(left, lines[0].top(), width, lines[0].height())
        two = QRect(left, lines[1].top(), width, lines[1].height())
        painter.setFont(font)
        line = QFontMetrics(font).elidedText(line, Qt.TextElideMode.ElideRight, width)
        if status is None:  # a lecture whose form is not out yet
            painter.setPen(muted)
            painter.drawText(one, right, line)
            painter.drawText(two, right, countdown)
            return
        stored = index.data(URGENCY_ROLE)  # Qt hands the enum back as its string
        level = time_text.Urgency(stored) if stored else None
        past = status == DueStatus.PAST
        painter.setPen(muted if past else text)
        painter.drawText(one, right, line)
        # Weight by urgency: only what is due within two days is bold, later weeks recede.
        strong = QFont(font)
        strong.setBold(level is not None and time_text.is_emphasised(level))
        painter.setFont(strong)
        if past or level is time_text.Urgency.LATER:
            painter.setPen(muted)
        elif status == DueStatus.DUE_TODAY:
            painter.setPen(
                text if accent == text else QColor(colours(QApplication.palette()).urgent)
            )
        elif level is time_text.Urgency.SOON:
            painter.setPen(accent)
        else:
            painter.setPen(text)
        painter.drawText(two, right, countdown)
