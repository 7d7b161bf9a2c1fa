"""The selected week in full: speaker, review form and deadline, readings, slides.

Rendered as rich text in a QTextBrowser: links stay real links (keyboard-focusable, hover
shows the address) and the whole pane is selectable and copyable. Links never navigate inside
the pane; they are handed out through ``link_activated`` for the desktop's browser.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from app.domain.course import Course, Reading, Week, WeekKind
from app.domain.deadline import DueStatus
from app.ui import time_text
from app.ui.week_delegate import DUE_TODAY_COLOR
from app.ui.week_list import DAY_OFF_KINDS, blend, muted_text

NOT_POSTED = "not posted yet"


class _Colors:
    def __init__(self, palette: QPalette) -> None:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        self.text = text.name()
        self.muted = muted_text(palette).name()
        self.link = link_color(palette).name()
        self.tag_back = blend(base, highlight, 0.13).name()
        self.tag_text = blend(text, highlight, 0.45).name()
        self.box = blend(base, highlight, 0.07).name()
        self.box_border = blend(base, highlight, 0.35).name()
        self.rule = blend(base, text, 0.15).name()
        self.due_today = QColor(DUE_TODAY_COLOR).name()


def link_color(palette: QPalette) -> QColor:
    # Fusion's default link colour is pure #0000ff; the selection blue, a little deeper, reads
    # as a link without glaring, and follows dark themes.
    return blend(
        palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Text), 0.2
    )


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _link(url: str | None, label: str) -> str:
    if not url:
        return escape(label)
    return f'<a href="{escape(url, quote=True)}">{escape(label)}</a>'


class _Page:
    """Builds the HTML of one week; sizes are relative to the pane's font."""

    def __init__(self, colors: _Colors, point_size: float) -> None:
        self.c = colors
        self.pt = point_size
        self.parts: list[str] = []

    def add(self, html: str) -> None:
        self.parts.append(html)

    def size(self, factor: float) -> str:
        return f"font-size:{self.pt * factor:.1f}pt"

    def heading(self, text: str, count: int | None = None) -> None:
        number = (
            f'&nbsp;&nbsp;<span style="color:{self.c.muted}; font-weight:normal">{count}</span>'
            if count is not None
            else ""
        )
        self.add(
            f'<p style="margin-top:20px; margin-bottom:6px; {self.size(1.08)}; font-weight:600">'
            f"{escape(text)}{number}</p>"
        )

    def reading(self, reading: Reading) -> None:
        line = f"<b>{_link(reading.url, reading.title)}</b>"
        if reading.venue:
            line += (
                f'&nbsp;&nbsp;<span style="background-color:{self.c.tag_back}; '
                f'color:{self.c.tag_text}; {self.size(0.85)}">'
                f"&nbsp;{escape(reading.venue)}&nbsp;</span>"
            )
        # Required or optional is the section heading; below the title, where the link goes.
        below = [
            f'<span style="color:{self.c.muted}; {self.size(0.9)}">'
            f"{escape(_host(reading.url)) if reading.url else 'no link'}</span>"
        ]
        if reading.note:
            below.append(f'<span style="{self.size(0.95)}">{escape(reading.note)}</span>')
        self.add(
            '<p style="margin-top:0px; margin-bottom:10px; margin-left:2px">'
            + "<br>".join([line, *below])
            + "</p>"
        )

    def html(self) -> str:
        return f'<body style="color:{self.c.text}">{"".join(self.parts)}</body>'


def week_html(
    week: Week, course: Course, now: datetime, palette: QPalette, point_size: float
) -> str:
    page = _Page(_Colors(palette), point_size)
    c = page.c
    eyebrow = f"Week {week.number}"
    if week.date is not None:
        eyebrow += f" · {time_text.long_date(week.date)}"
    page.add(
        f'<p style="margin:0; color:{c.muted}; {page.size(0.9)}; font-weight:600">'
        f"{escape(eyebrow.upper())}</p>"
        f'<p style="margin-top:4px; margin-bottom:8px; {page.size(1.6)}; font-weight:600">'
        f"{escape(week.title)}</p>"
    )
    for speaker in week.speakers:
        affiliation = f" · {escape(speaker.affiliation)}" if speaker.affiliation else ""
        page.add(
            f'<p style="margin:0 0 4px 0"><span style="color:{c.muted}">Guest speaker</span>'
            f"&nbsp;&nbsp;{_link(speaker.url, speaker.name)}{affiliation}</p>"
        )
    if week.kind in DAY_OFF_KINDS:
        page.add(
            f'<p style="margin-top:14px; color:{c.muted}; {page.size(1.05)}">'
            "<i>No class this week.</i></p>"
        )
        return page.html()

    _review(page, week, course, now)
    if week.description:
        page.add(f'<p style="margin-top:14px">{escape(week.description)}</p>')

    if week.readings:
        for label, readings in (
            ("Required reading", week.required_readings),
            ("Optional reading", week.optional_readings),
        ):
            if readings:
                page.heading(label, len(readings))
                for reading in readings:
                    page.reading(reading)
    elif week.kind == WeekKind.LECTURE:
        page.heading("Readings")
        page.add(f'<p style="color:{c.muted}">No readings listed yet.</p>')

    if week.slides:
        page.heading("Slides")
        items = []
        for slide in week.slides:
            if slide.url:
                items.append(f"{_link(slide.url, slide.label)}")
            else:
                items.append(
                    f'<span style="color:{c.muted}">{escape(slide.label)} — {NOT_POSTED}</span>'
                )
        page.add('<p style="margin-top:0px; line-height:150%">' + "<br>".join(items) + "</p>")
    return page.html()


def _review(page: _Page, week: Week, course: Course, now: datetime) -> None:
    c = page.c
    review = week.review
    if review is None:
        if (
            week.kind == WeekKind.LECTURE
            and week.date is not None
            and week.date >= time_text.local(now).date()
        ):
            page.add(
                f'<p style="margin-top:10px; color:{c.muted}">Review form {NOT_POSTED}: the course '
                "usually posts it a few days before the lecture. Sync to check.</p>"
            )
        return
    if review.due is None:
        line = f"<b>Review</b>&nbsp;&nbsp;{_link(review.form_url, review.label)}"
        note = ""
    else:
        status = time_text.status_of(review.due, now)
        due = escape(time_text.due_text(review.due))
        remaining = escape(time_text.countdown_text(review.due, now))
        if status == DueStatus.PAST:
            when = f'<span style="color:{c.muted}">was due {due} · closed</span>'
        else:
            color = c.due_today if status == DueStatus.DUE_TODAY else c.link
            today = " today" if status == DueStatus.DUE_TODAY else ""
            when = f'due{today} {due} · <b style="color:{color}">{remaining}</b>'
        line = f"<b>Review</b>&nbsp;&nbsp;{when}"
        zone = time_text.course_zone_note(review.due, course.timezone)
        note = (
            f'<br><span style="color:{c.muted}; {page.size(0.9)}">{escape(zone)}</span>'
            if zone
            else ""
        )
    form = f"{_link(review.form_url, review.label + ' ↗')}"
    page.add(
        f'<table width="100%" border="0" cellspacing="0" cellpadding="10" '
        f'style="margin-top:12px; background-color:{c.box}">'
        f"<tr><td>{line}{note}</td>"
        f'<td align="right" valign="middle">{form}</td></tr></table>'
    )


class WeekDetailView(QTextBrowser):
    """Shows one week; emits ``link_activated`` instead of following links itself."""

    link_activated = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # the pane is not a browser: links go to the desktop's one
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.document().setDocumentMargin(18)
        self.anchorClicked.connect(self.link_activated)
        self._week: Week | None = None
        self._course: Course | None = None

    @property
    def week(self) -> Week | None:
        return self._week

    def show_week(self, week: Week | None, course: Course, now: datetime) -> None:
        self._week, self._course = week, course
        self._render(now, keep_scroll=False)

    def set_now(self, now: datetime) -> None:
        """The countdown moved on: redraw in place, keeping the reader's scroll position."""
        self._render(now, keep_scroll=True)

    def _render(self, now: datetime, *, keep_scroll: bool) -> None:
        if self._week is None or self._course is None:
            self.setHtml(f'<p style="color:{muted_text(self.palette()).name()}">Select a week.</p>')
            return
        position = self.verticalScrollBar().value()
        # Colored, not underlined: the pane is mostly links, underlines would shout.
        link = link_color(self.palette()).name()
        self.document().setDefaultStyleSheet(f"a {{ color: {link}; text-decoration: none; }}")
        self.setHtml(
            week_html(self._week, self._course, now, self.palette(), self.font().pointSizeF())
        )
        if keep_scroll:
            self.verticalScrollBar().setValue(position)
