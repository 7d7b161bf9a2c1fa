"""The selected week in full: speaker, review form and deadline, readings, links, slides.

The header (title, speaker, review deadline, description), the week's other links (Google
Docs, project pages, sign-up sheets) and the slides are rich-text labels: links stay real
links (keyboard-focusable, hover shows the address) and the text is selectable. Between them,
each reading is a row widget (``readings_section``) with its library state and actions (and
the bullet's extra links beside its title), then the student's annotations on the week's
readings (filled in by the annotations controller when ``week_shown`` says which week is up).
Links never navigate inside the pane; they are handed out through ``link_activated`` for the
desktop's browser.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.course import Course, Reading, Syllabus, Week, WeekKind
from app.domain.deadline import DueStatus
from app.domain.library import LibraryEntry
from app.ui import time_text
from app.ui.annotations.annotation_views import WeekAnnotationsSection
from app.ui.reading_row import ReadingRow
from app.ui.readings_section import ReadingsSection
from app.ui.term_span import is_over, lecture_span
from app.ui.theme import colours, on_theme_change
from app.ui.theme.link_focus import ring_focused_links
from app.ui.week_list import DAY_OFF_KINDS, blend, link_color, muted_text

__all__ = ["WeekDetailView", "header_html", "link_color", "links_html", "slides_html"]

NOT_POSTED = "not posted yet"
NBSP = "\u00a0"


class _Colors:
    def __init__(self, palette: QPalette) -> None:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        self.text = text.name()
        self.muted = muted_text(palette).name()
        self.link = link_color(palette).name()
        tones = colours(palette)
        self.tag_back = tones.tag_back
        self.tag_text = tones.tag_text
        self.box = tones.box_back
        self.box_border = blend(base, highlight, 0.35).name()
        self.rule = blend(base, text, 0.15).name()
        self.due_today = tones.urgent


def _link(url: str | None, label: str) -> str:
    if not url:
        return escape(label)
    # Coloured, not underlined (the label's palette gives the colour): underlines would shout.
    return f'<a href="{escape(url, quote=True)}" style="text-decoration:none">{escape(label)}</a>'


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

    def html(self) -> str:
        return f'<body style="color:{self.c.text}">{"".join(self.parts)}</body>'


def _term_ended(page: _Page, term: tuple[date, date]) -> None:
    first, last = term
    span = f"{time_text.short_date(first)} – {time_text.short_date(last)}, {last.year}"
    page.add(
        f'<table width="100%" border="0" cellspacing="0" cellpadding="10" '
        f'style="margin-top:8px; margin-bottom:6px; background-color:{page.c.box}">'
        f'<tr><td><b>The term has ended</b> <span style="color:{page.c.muted}">'
        f"({escape(span)})</span><br>Its readings, your annotations and reviews stay here: "
        "choose any week on the left to look back.</td></tr></table>"
    )


def header_html(
    week: Week,
    course: Course,
    now: datetime,
    palette: QPalette,
    point_size: float,
    *,
    ended: tuple[date, date] | None = None,
    review_words: str | None = None,
) -> str:
    """The week's title, speakers, review deadline and description (or "No class");
    ``ended``: the term's first and last lecture days, once it is over; ``review_words``:
    where the student's review stands ("Submitted")."""
    page = _Page(_Colors(palette), point_size)
    c = page.c
    if ended is not None:
        _term_ended(page, ended)
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
    _review(page, week, course, now, review_words)
    if week.description:
        page.add(f'<p style="margin-top:14px">{escape(week.description)}</p>')
    bare = not (week.readings or week.review or week.links or week.slides or week.description)
    if bare and week.kind != WeekKind.LECTURE:  # a lecture says "No readings listed yet"
        page.add(
            f'<p style="margin-top:14px; color:{c.muted}">'
            "Nothing to read or review for this week.</p>"
        )
    return page.html()


def slides_html(week: Week, palette: QPalette, point_size: float) -> str:
    """The week's slide decks, or "" when it has none."""
    if not week.slides or week.kind in DAY_OFF_KINDS:
        return ""
    page = _Page(_Colors(palette), point_size)
    page.heading("Slides")
    items = []
    for slide in week.slides:
        if slide.url:
            items.append(_link(slide.url, slide.label))
        else:
            items.append(
                f'<span style="color:{page.c.muted}">{escape(slide.label)} — {NOT_POSTED}</span>'
            )
    page.add('<p style="margin-top:0px; line-height:150%">' + "<br>".join(items) + "</p>")
    return page.html()


def links_html(week: Week, palette: QPalette, point_size: float) -> str:
    """The week's other links, each with the site it leads to, or "" when it has none."""
    if not week.links:
        return ""
    page = _Page(_Colors(palette), point_size)
    page.heading("Links")
    items = [
        f'{_link(link.url, link.label)}&nbsp;&nbsp;<span style="color:{page.c.muted}">'
        f"{escape(urlsplit(link.url).hostname or '')}</span>"
        for link in week.links
    ]
    page.add('<p style="margin-top:0px; line-height:150%">' + "<br>".join(items) + "</p>")
    return page.html()


def _review(
    page: _Page, week: Week, course: Course, now: datetime, words: str | None = None
) -> None:
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
        level = time_text.urgency(review.due, now)
        if status == DueStatus.PAST:
            when = f'<span style="color:{c.muted}">was due {due} · closed</span>'
        else:
            color = {time_text.Urgency.SOON: c.link, time_text.Urgency.LATER: c.muted}
            tint = c.due_today if status == DueStatus.DUE_TODAY else color.get(level, c.text)
            weight = "bold" if time_text.is_emphasised(level) else "normal"
            when = (
                f'due <span style="color:{tint}; font-weight:{weight}">'
                f"{escape(time_text.unbroken(time_text.deadline_text(review.due, now)))}</span>"
            )
        line = f"<b>Review</b>&nbsp;&nbsp;{when}"
        if words:  # where the student's own review stands, after the term too
            yours = escape(time_text.unbroken(f"yours: {words}"))
            line += f' <span style="color:{c.muted}">· {yours}</span>'
        zone = time_text.course_zone_note(review.due, course.timezone)
        note = (
            f'<br><span style="color:{c.muted}; {page.size(0.9)}">{escape(zone)}</span>'
            if zone
            else ""
        )
    # The arrow is joined to the last word (no-break space): a narrow pane never leaves it
    # alone on a line.
    form = f"{_link(review.form_url, review.label + NBSP + '↗')}"
    page.add(
        f'<table width="100%" border="0" cellspacing="0" cellpadding="10" '
        f'style="margin-top:12px; background-color:{c.box}">'
        f"<tr><td>{line}{note}</td>"
        f'<td align="right" valign="middle">{form}</td></tr></table>'
    )


def _rich_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label.setOpenExternalLinks(False)  # links go out through link_activated
    ring_focused_links(label)
    return label  # links take the palette's Link role: the theme's one link blue


def _plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


class WeekDetailView(QScrollArea):
    """Shows one week; emits ``link_activated`` instead of following links itself."""

    link_activated = Signal(QUrl)
    highlighted = Signal(QUrl)  # a link under the pointer, or an empty URL when it left
    week_shown = Signal(object)  # the Week now shown (None: no week), for its annotations

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setBackgroundRole(QPalette.ColorRole.Base)
        body.setAutoFillBackground(True)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(0)
        self.header = _rich_label()
        self.readings = ReadingsSection()
        self.annotations = WeekAnnotationsSection()
        self.links = _rich_label()
        self.links.setAccessibleName("Links")
        self.slides = _rich_label()
        self.empty = QLabel("Choose a week on the left to see its readings and review.")
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # the muted grey
        for label in (self.header, self.links, self.slides):
            label.linkActivated.connect(self._activate)
            label.linkHovered.connect(self._hover)
        self.readings.link_activated.connect(self._activate)
        self.readings.link_hovered.connect(self._hover)
        widgets = (
            self.empty,
            self.header,
            self.readings,
            self.links,
            self.annotations,
            self.slides,
        )
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self._week: Week | None = None
        self._course: Course | None = None
        self._entries: dict[str, LibraryEntry] = {}
        self._active: frozenset[str] = frozenset()
        self._archived: dict[int, list[Reading]] = {}
        self._term: tuple[date, date] | None = None  # first and last lecture days
        self._review_words: dict[int, str] = {}  # week -> "Drafting", "Submitted", ...
        self._now: datetime | None = None
        self._render(None, keep_scroll=False)
        # The header's HTML again, in the new colours (rows and headings follow by themselves).
        on_theme_change(self, lambda: self._render(self._now, keep_scroll=True))

    @property
    def week(self) -> Week | None:
        return self._week

    def show_week(self, week: Week | None, course: Course, now: datetime) -> None:
        self._week, self._course = week, course
        self._render(now, keep_scroll=False)
        self.week_shown.emit(week)

    def set_now(self, now: datetime) -> None:
        """The countdown moved on: redraw the header in place, keeping the scroll position."""
        self._render(now, keep_scroll=True)

    def set_review_words(self, words: dict[int, str]) -> None:
        """Where each week's review stands, in words; the shown week's header follows."""
        if words != self._review_words:
            self._review_words = dict(words)
            if self._now is not None:
                self._render(self._now, keep_scroll=True)

    def set_term(self, syllabus: Syllabus) -> None:
        """The term's first and last lecture days: once past, the pane says it has ended."""
        self._term = lecture_span(syllabus)

    def set_archived(self, by_week: dict[int, list[Reading]]) -> None:
        """The readings each live week lost to a sync (shown the next time a week is shown)."""
        self._archived = by_week

    # -- the library's state -------------------------------------------------------------

    def set_library(self, entries: dict[str, LibraryEntry], active: frozenset[str]) -> None:
        """Every reading's state (a reload); rows of the shown week follow."""
        self._entries, self._active = dict(entries), active
        self.readings.update_entries(self._entries.values(), active)

    def update_entries(self, entries: list[LibraryEntry], active: frozenset[str]) -> None:
        for entry in entries:
            self._entries[entry.reading_id] = entry
        self._active = active
        self.readings.update_entries(entries, active)
        self.readings.set_active(active)

    def row(self, reading_id: str) -> ReadingRow | None:
        return self.readings.rows.get(reading_id)

    def tab_stops(self) -> list[QWidget]:
        """Where Tab goes inside the pane (after the pane itself, whose arrow keys scroll),
        top to bottom as on screen: the header's links, each reading's links and buttons, the
        week's links, its annotations, the slides. Rows are made anew for each week, after
        the labels below them, so the chain Qt keeps by creation order would jump them."""
        # Only widgets made here: walking Qt's whole chain would wrap widgets Qt makes and
        # deletes by itself (tab close buttons), whose reused addresses confuse PySide.
        stops: list[QWidget] = [self.header]
        for row in self.readings.rows.values():
            stops += [row.title, *row.buttons.values()]
        return [*stops, self.links, self.annotations, self.slides]

    def plain_text(self) -> str:
        """What the pane says, top to bottom (tests and accessibility checks read this)."""
        parts = [
            _plain(self.header.text()),
            self.readings.plain_text(),
            _plain(self.links.text()) if self.links.isVisibleTo(self) else "",
            _plain(self.slides.text()),
        ]
        return "\n".join(part for part in parts if part)

    # -- drawing ---------------------------------------------------------------------------

    def _render(self, now: datetime | None, *, keep_scroll: bool) -> None:
        week, course = self._week, self._course
        shown = week is not None and course is not None and now is not None
        self.empty.setVisible(not shown)
        self.header.setVisible(shown)
        if week is None or course is None or now is None:
            self.readings.hide()
            self.links.hide()
            self.slides.hide()
            return
        self._now = now
        position = self.verticalScrollBar().value()
        point_size = self.font().pointSizeF()
        term = self._term
        ended = term if term and is_over(term, time_text.local(now).date()) else None
        words = self._review_words.get(week.number, "Not started")
        self.header.setText(
            header_html(
                week, course, now, self.palette(), point_size, ended=ended, review_words=words
            )
        )
        if not keep_scroll:
            archived = self._archived.get(week.number, [])
            self.readings.show_week(week, self._entries, self._active, archived)
        links = links_html(week, self.palette(), point_size)
        self.links.setText(links)
        self.links.setVisible(bool(links))
        slides = slides_html(week, self.palette(), point_size)
        self.slides.setText(slides)
        self.slides.setVisible(bool(slides))
        self.verticalScrollBar().setValue(position if keep_scroll else 0)

    def _activate(self, url: str) -> None:
        self.link_activated.emit(QUrl(url))

    def _hover(self, url: str) -> None:
        self.highlighted.emit(QUrl(url))
