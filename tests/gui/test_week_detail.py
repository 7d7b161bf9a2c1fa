"""The selected week in full: readings split required/optional, slides, speaker, form link."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState, LibraryEntry
from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.reading_row import ReadingRow
from app.ui.week_list import muted_text
from tests.gui.conftest import Desktop, WindowFactory
from tests.gui.term import BERKELEY, MID_TERM, SettableClock, plain, selected_number


@dataclass(frozen=True)
class Fragment:
    text: str
    href: str
    color: QColor


def fragments(label: QLabel) -> Iterator[Fragment]:
    """The rich text of a pane label, piece by piece, with its link and colour."""
    document = QTextDocument()
    document.setHtml(label.text())
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            part = it.fragment()
            fmt = part.charFormat()
            yield Fragment(part.text(), fmt.anchorHref(), fmt.foreground().color())
            it += 1
        block = block.next()


def pane_fragments(window: MainWindow) -> list[Fragment]:
    return [*fragments(window.detail.header), *fragments(window.detail.slides)]


def rows(window: MainWindow) -> list[ReadingRow]:
    return list(window.detail.readings.rows.values())


def _sections(text: str) -> dict[str, list[str]]:
    """Lines of the pane grouped under the section headings."""
    found: dict[str, list[str]] = {"top": []}
    current = "top"
    for line in text.splitlines():
        head = line.split("  ")[0].strip()
        if head in ("Required reading", "Optional reading", "Slides", "Readings"):
            current = head
            found[current] = []
        else:
            found[current].append(line.strip())
    return found


def test_week_8_shows_speaker_review_required_readings_and_unposted_slides(
    window: MainWindow,
) -> None:
    assert window.detail.week is not None and window.detail.week.number == 8
    sections = _sections(window.detail.plain_text())
    assert "Machine learning Applied to Systems" in sections["top"]
    assert any("Prof. Tim Kraska · MIT" in line for line in sections["top"])
    assert any(line.startswith("Review") and "in 4 days" in line for line in sections["top"])
    assert [row.reading.title for row in rows(window)] == [
        "The Case for Learned Index Structures",
        "Device Placement Optimization with Reinforcement Learning",
        "Neural Adaptive Video Streaming with Pensieve",
    ]
    assert sections["Required reading"][:3] == [
        "The Case for Learned Index Structures",
        "arxiv.org",
        "Not downloaded",
    ]
    assert "Optional reading" not in sections
    assert sections["Slides"] == [
        "Lecture slides (PDF) — not posted yet",
        "Lecture slides (PPTX) — not posted yet",
    ]

    muted = muted_text(window.detail.palette())
    unposted = [f for f in pane_fragments(window) if "not posted yet" in f.text]
    assert len(unposted) == 2
    for fragment in unposted:
        assert not fragment.href  # greyed text, not a link to nothing
        assert fragment.color.name() == muted.name()

    links = {f.text.strip(): f.href for f in pane_fragments(window) if f.href}
    assert links["Prof. Tim Kraska"] == "https://www.csail.mit.edu/person/tim-kraska"
    # The arrow is kept with its word by a no-break space.
    assert links["Submit your review\u00a0↗"] == "https://forms.gle/NhtiFZ4GsxYuug3W6"
    first = rows(window)[0]
    title_links = {f.text: f.href for f in fragments(first.title) if f.href}
    assert title_links == {first.reading.title: "https://arxiv.org/abs/1712.01208"}
    venues = [f.text.strip() for row in rows(window) for f in fragments(row.title)]
    assert [v for v in venues if v in ("ICMD’18", "ICML’17", "SIGCOMM’17")] == [
        "ICMD’18",
        "ICML’17",
        "SIGCOMM’17",
    ]


def test_required_and_optional_readings_are_split_and_posted_slides_are_links(
    window: MainWindow,
) -> None:
    assert window.select_week(6)
    sections = _sections(window.detail.plain_text())
    required = " ".join(sections["Required reading"])
    optional = " ".join(sections["Optional reading"])
    assert "Scaling Laws for Neural Language Models" in required
    assert "Scaling Vision Transformers" in optional
    assert "Scaling Vision Transformers" not in required
    assert "review" in " ".join(sections["top"]).lower() and "closed" in " ".join(sections["top"])
    links = {f.text.strip(): f.href for f in pane_fragments(window) if f.href}
    assert links["Guest Lecture slides (PDF)"].endswith("UCB_MLSys_Mike_Houston.pdf")


def test_reading_notes_and_the_week_description_are_shown(window: MainWindow) -> None:
    assert window.select_week(1)
    text = window.detail.plain_text()
    assert "This lecture will be an overview of the class" in text
    assert "Read Chapter 1 of Principles of Computer System Design" in text


def test_a_holiday_says_no_class(window: MainWindow) -> None:
    assert window.select_week(5)
    text = window.detail.plain_text()
    assert "Holiday (Presidents Day)" in text and "No class this week." in text
    assert "reading" not in text.lower()


def test_archived_readings_are_listed_apart_from_the_live_ones(
    window: MainWindow, services: AppServices, course_index_text: str, tmp_path: Path
) -> None:
    removed = "* [Neural Adaptive Video Streaming with Pensieve [SIGCOMM’17]]"
    lines = [line for line in course_index_text.splitlines() if not line.startswith(removed)]
    source = tmp_path / "index.md"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    services.sync.sync(source=str(source))
    listed = services.course.readings(8)
    assert [r.reading.title for r in listed if r.archived] == [
        "Neural Adaptive Video Streaming with Pensieve"
    ]
    window.reload()
    assert selected_number(window) == 8
    text = window.detail.plain_text()
    live, _, gone = text.partition("No longer on the syllabus  1")
    assert "Pensieve" in gone and "Pensieve" not in live
    assert "Device Placement Optimization" in live


def test_clicking_a_link_opens_it_in_the_browser(
    window: MainWindow, desktop: Desktop, qtbot: QtBot
) -> None:
    title = rows(window)[0].title
    point = QPoint(20, title.fontMetrics().height() // 2 + 1)
    with qtbot.waitSignal(window.detail.link_activated, timeout=2000):
        qtbot.mouseClick(title, Qt.MouseButton.LeftButton, pos=point)
    assert [url.toString() for url in desktop.opened] == ["https://arxiv.org/abs/1712.01208"]
    assert window.detail.week is not None and window.detail.week.number == 8  # no navigation


# -- layout at the widths students use -------------------------------------------------------


def _lines_of(html: str, font: QFont, width: float, words: str) -> set[int]:
    """The line numbers ``words`` fall on when ``html`` is laid out ``width`` wide."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.setHtml(html)
    document.setTextWidth(width)
    document.size()  # lays the text out (lazy until asked)
    text = document.toRawText()  # no-break spaces kept as they are
    start = text.index(words)
    found: set[int] = set()
    for position in range(start, start + len(words)):
        block = document.findBlock(position)
        layout = block.layout()
        line = layout.lineForTextPosition(position - block.position())
        found.add(block.firstLineNumber() + line.lineNumber())
    return found


def test_a_venue_tag_never_breaks_inside_at_any_width(window: MainWindow) -> None:
    assert window.select_week(3)
    eyeriss = next(r for r in rows(window) if r.reading.title.startswith("Eyeriss"))
    font = eyeriss.title.font()
    tag = "SIGRAPH,\u00a02016"
    plain_tag = eyeriss.title.text().replace("SIGRAPH,&nbsp;2016", "SIGRAPH, 2016")
    broken_somewhere = False
    for width in range(160, 700, 4):
        assert len(_lines_of(eyeriss.title.text(), font, width, tag)) == 1, width
        # The same title with an ordinary space would split the tag at some of these widths.
        broken_somewhere |= len(_lines_of(plain_tag, font, width, "SIGRAPH, 2016")) > 1
    assert broken_somewhere


def _buttons_beside_status(row: ReadingRow) -> bool:
    bar = row.action_bar.geometry()
    status = row.status.geometry()
    return bar.top() < status.bottom() and bar.bottom() > status.top()


def test_every_reading_row_of_a_week_places_its_buttons_alike(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.select_week(3)  # five readings, tags and extra links of every length
    ids = [row.reading.id for row in rows(window)]
    # States whose buttons and status differ in width: ready, failed, not fetched.
    window.detail.set_library(
        {
            ids[0]: LibraryEntry(ids[0], FetchState.READY, path="/tmp/a.pdf"),
            ids[1]: LibraryEntry(ids[1], FetchState.FAILED, error="Server said 404 Not Found"),
        },
        frozenset(),
    )
    seen: set[bool] = set()
    for width in range(800, 1700, 40):
        window.resize(width, 800)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        for _ in range(3):  # the nested layouts settle pass by pass, no clock involved
            QApplication.sendPostedEvents()
            QApplication.processEvents()
        placed = {_buttons_beside_status(row) for row in rows(window)}
        assert len(placed) == 1, f"rows disagree at {width} px"
        seen |= placed
    assert seen == {True, False}  # narrow: all below; wide: all beside


def test_after_the_term_the_pane_says_it_ended_and_keeps_what_is_useful(
    make_window: WindowFactory, clock: SettableClock
) -> None:
    clock.moment = datetime(2022, 6, 1, 9, 0, tzinfo=BERKELEY)  # weeks after May 9, week 16
    window = make_window()
    assert selected_number(window) == 16
    text = window.detail.plain_text()
    assert "The term has ended" in text and "Jan 24 – Mon May 9, 2022" in plain(text)
    assert "Nothing to read or review for this week." in text  # not a lone heading
    assert window.select_week(8)
    text = plain(window.detail.plain_text())
    assert "The term has ended" in text
    assert "was due Mon Mar 14, 1:00 PM · closed" in text
    assert rows(window)[0].reading.title == "The Case for Learned Index Structures"


def test_during_the_term_no_end_is_announced(window: MainWindow) -> None:
    assert "The term has ended" not in window.detail.plain_text()


def test_empty_states_say_what_to_do_next(window: MainWindow, services: AppServices) -> None:
    syllabus = services.course.syllabus()
    week_8 = syllabus.week(8)
    assert week_8 is not None
    window.detail.show_week(replace(week_8, readings=()), syllabus.course, MID_TERM)
    assert "No readings listed yet: Sync (Ctrl+R) checks the course page." in (
        window.detail.plain_text()
    )
    window.detail.show_week(None, syllabus.course, MID_TERM)
    assert window.detail.empty.isVisible()
    assert window.detail.empty.text().startswith("Choose a week on the left")

    due = window.review.due
    due.set_term(replace(syllabus, weeks=tuple(replace(w, review=None) for w in syllabus.weeks)))
    shown = [due.item(i).text() for i in range(due.count())]
    assert "No review deadlines in this term" in shown
    assert any(line.startswith("Sync (Ctrl+R) fetches the course page") for line in shown)


def test_the_deadline_and_the_review_link_keep_their_words_together(
    make_window: WindowFactory, clock: SettableClock
) -> None:
    clock.moment = datetime(2022, 3, 14, 11, 28, tzinfo=BERKELEY)  # 1 h 32 min before 1 PM
    window = make_window()
    header = window.detail.header
    font = header.font()
    for width in range(240, 700, 6):
        for words in ("today\u00a01:00", "in\u00a01\u00a0h\u00a032\u00a0min", "review\u00a0↗"):
            assert len(_lines_of(header.text(), font, width, words)) == 1, (width, words)


def test_the_pane_says_where_the_students_review_stands_after_the_term_too(
    make_window: WindowFactory, services: AppServices, clock: SettableClock
) -> None:
    services.reviews.mark_submitted(4)
    services.reviews.set_answers(6, {"Summary": "Pipelines, then more pipelines."})
    clock.moment = datetime(2022, 6, 1, 9, 0, tzinfo=BERKELEY)
    window = make_window()
    lines = {
        week: next(
            line for line in plain(window.detail.plain_text()).splitlines() if "was due" in line
        )
        for week in (4, 6, 8)
        if window.select_week(week)
    }
    assert lines[4].endswith("· closed · yours: Submitted")
    assert lines[6].endswith("· closed · yours: Drafting")
    assert lines[8].endswith("· closed · yours: Not started")
    # Marked submitted now: the pane shown follows without choosing the week again.
    services.reviews.mark_submitted(8)
    window.review.due.reload()
    assert "yours: Submitted" in plain(window.detail.plain_text())
