"""The annotation views: the list's filters, the week pane's "Your annotations", search
(Ctrl+Shift+F), and a click that opens the reading at the annotation.

Annotations are made through ``services.annotations`` on real PDFs attached to week 8's
readings (tests/gui/annotation_scene.py); what each view must show is stated from those marks:
their quotes, comments, pages and colours, and the readings' order in the syllabus.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE, AnnotationKind
from app.services.app_services import AppServices
from app.ui.annotations.annotation_list import NO_MATCHES, NOTHING_YET, AnnotationList
from tests.annotations.documents import PAGE_ONE, PAGE_TWO, phrase_quads
from tests.gui.annotation_scene import (
    FIRST_MARKS,
    SECOND_MARKS,
    WEAKNESS,
    WEEK,
    AnnotatedReading,
    Mark,
    annotated_week,
    make_marks,
    open_reading,
    shown_page,
)
from tests.gui.conftest import WindowFactory
from tests.reader.helpers import drag, hover, on_page

WAIT_MS = 10_000
MEANINGS = {entry.colour: entry.meaning for entry in DEFAULT_PALETTE}


def words_of(mark: Mark) -> list[str]:
    """What a row must show of a mark: its page as people number it, its quote, its comment,
    and what its colour means."""
    shown = [f"p. {mark.page + 1}", MEANINGS[mark.colour]]
    return shown + [text for text in (mark.quote, mark.comment) if text]


def rows_match(rows: list[str], marks: list[Mark], titles: list[str] | None = None) -> None:
    assert len(rows) == len(marks), rows
    for number, (row, mark) in enumerate(zip(rows, marks, strict=True)):
        for word in words_of(mark) + ([titles[number]] if titles else []):
            assert word in row, f"row {number} ({row!r}) does not show {word!r}"


def page_one_line(mark: Mark) -> int:
    """Where a mark's quote is down its page: the documents' line holding it (notes last)."""
    lines = PAGE_ONE if mark.page == 0 else PAGE_TWO
    return next((n for n, line in enumerate(lines) if mark.quote and mark.quote in line), 99)


def in_paper_order(marks: tuple[Mark, ...]) -> list[Mark]:
    return sorted(marks, key=lambda mark: (mark.page, page_one_line(mark)))


def choose(qtbot: QtBot, box: QComboBox, text: str) -> None:
    """Pick an item of a combo box with the arrow keys, as a keyboard user does."""
    wanted = box.findText(text)
    assert wanted >= 0, f"{text!r} is not offered: {[box.itemText(n) for n in range(box.count())]}"
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(wanted):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == text, f"typing {text!r} chose {box.currentText()!r}"


# -- the list ------------------------------------------------------------------------------------


def test_the_list_filters_by_colour_kind_and_words(
    qtbot: QtBot, services: AppServices, tmp_path: Path
) -> None:
    first = annotated_week(services, tmp_path / "pdfs")[0]
    shown = AnnotationList()
    qtbot.addWidget(shown)
    shown.set_annotations(first.annotations, services.settings.palette())
    shown.show()
    ordered = in_paper_order(FIRST_MARKS)
    rows_match(shown.row_texts(), ordered)

    choose(qtbot, shown.meaning_box, MEANINGS[WEAKNESS])
    rows_match(shown.row_texts(), [m for m in ordered if m.colour == WEAKNESS])
    choose(qtbot, shown.meaning_box, "All colours")
    choose(qtbot, shown.kind_box, "Highlight")
    rows_match(shown.row_texts(), [m for m in ordered if m.kind is AnnotationKind.HIGHLIGHT])
    choose(qtbot, shown.kind_box, "All kinds")

    qtbot.keyClicks(shown.text_box, "LARGE")  # any case, in a quote or a comment
    expected = [m for m in ordered if "large" in f"{m.quote} {m.comment}".lower()]
    assert len(expected) == 2
    rows_match(shown.row_texts(), expected)
    qtbot.keyClicks(shown.text_box, " zebra")
    assert shown.row_texts() == [] and shown.empty_text == NO_MATCHES


def test_an_empty_list_says_how_to_make_an_annotation(qtbot: QtBot) -> None:
    shown = AnnotationList()
    qtbot.addWidget(shown)
    shown.set_annotations([], DEFAULT_PALETTE)
    assert shown.empty_text == NOTHING_YET
    assert not shown.meaning_box.isVisibleTo(shown)  # nothing to filter: no boxes


def test_enter_on_a_row_hands_out_its_annotation(
    qtbot: QtBot, services: AppServices, tmp_path: Path
) -> None:
    first = annotated_week(services, tmp_path / "pdfs")[0]
    shown = AnnotationList()
    qtbot.addWidget(shown)
    shown.set_annotations(first.annotations, services.settings.palette())
    shown.show()
    shown.view.setFocus()
    QTest.keyClick(shown.view, Qt.Key.Key_Down)  # onto the first row
    QTest.keyClick(shown.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(shown.activated) as chosen:
        QTest.keyClick(shown.view, Qt.Key.Key_Return)
    second = in_paper_order(FIRST_MARKS)[1]
    made = next(a for a in first.annotations if a.quote == second.quote)
    assert chosen.args == [made.id]


# -- the week pane -------------------------------------------------------------------------------


def week_expectation(readings: list[AnnotatedReading]) -> tuple[list[Mark], list[str]]:
    """The week's marks in the order the pane must list them, and each one's reading title."""
    marks: list[Mark] = []
    titles: list[str] = []
    for reading, made in zip(readings, (FIRST_MARKS, SECOND_MARKS), strict=False):
        ordered = in_paper_order(made)
        marks += ordered
        titles += [reading.title] * len(ordered)
    return marks, titles


def test_the_week_pane_lists_the_weeks_annotations_by_reading(
    make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    readings = annotated_week(services, tmp_path / "pdfs")
    window = make_window()
    window.select_week(WEEK)
    section = window.detail.annotations
    assert section.isVisibleTo(window)
    marks, titles = week_expectation(readings)
    rows_match(section.list.row_texts(), marks, titles)
    assert str(len(marks)) in section.heading.text()
    assert all(readings[2].title not in row for row in section.list.row_texts())

    window.select_week(3)  # no PDFs, nothing marked: the pane says how to begin
    assert section.list.row_texts() == []
    assert "press H to highlight" in section.list.empty_text
    window.select_week(5)  # a holiday: no readings, no section
    assert not section.isVisibleTo(window)


def test_a_click_in_the_week_pane_opens_the_reading_at_the_annotation(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    readings = annotated_week(services, tmp_path / "pdfs")
    window = make_window()
    window.select_week(WEEK)
    shown = window.detail.annotations.list
    marks, _titles = week_expectation(readings)
    note = next(n for n, mark in enumerate(marks) if mark.kind is AnnotationKind.NOTE)
    assert marks[note].page == 1
    index = shown.rows.index(note, 0)
    window.detail.ensureWidgetVisible(shown)
    shown.view.scrollTo(index)
    qtbot.mouseClick(
        shown.view.viewport(), Qt.MouseButton.LeftButton, pos=shown.view.visualRect(index).center()
    )
    tab = window.tabs.reading_tab(readings[0].reading_id)
    assert tab is not None and window.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.document is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown_page(tab) == marks[note].page, timeout=WAIT_MS)


def test_the_week_pane_shows_what_was_marked_while_a_reading_was_in_front(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    readings = annotated_week(services, tmp_path / "pdfs")
    window = make_window()
    window.select_week(WEEK)
    section = window.detail.annotations
    before = len(section.list.row_texts())
    third = readings[2]
    late = Mark(0, AnnotationKind.SQUIGGLY, WEAKNESS, "sparse models", "Which sparsity?")
    open_reading(qtbot, window, readings[0].reading_id)  # a reading in front
    assert window.tabs.currentIndex() != 0
    make_marks(services, third.reading_id, (late,))  # marked in the reader meanwhile
    window.tabs.setCurrentIndex(0)  # back to the term
    rows = section.list.row_texts()
    assert len(rows) == before + 1
    rows_match(rows[-1:], [late], [third.title])


# -- search --------------------------------------------------------------------------------------


def test_ctrl_shift_f_finds_words_in_quotes_and_comments_of_every_reading(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    readings = annotated_week(services, tmp_path / "pdfs")
    window = make_window()
    with qtbot.waitActive(window):
        window.activateWindow()
    QTest.keyClick(
        window.windowHandle(),
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    panel = window.annotations.search
    assert panel.isVisible() and panel.query.hasFocus()
    qtbot.keyClicks(panel.query, "es")
    marks, titles = week_expectation(readings)
    expected = [
        (mark, title)
        for mark, title in zip(marks, titles, strict=True)
        if "es" in f"{mark.quote} {mark.comment}".lower()
    ]
    assert {title for _mark, title in expected} == {readings[0].title, readings[1].title}
    qtbot.waitUntil(lambda: len(panel.results.row_texts()) == len(expected), timeout=WAIT_MS)
    rows_match(panel.results.row_texts(), [m for m, _ in expected], [t for _, t in expected])
    assert panel.summary.text() == f"{len(expected)} annotations in 2 readings"

    last = panel.results.rows.index(len(expected) - 1, 0)  # the second reading's highlight
    qtbot.mouseClick(
        panel.results.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.results.view.visualRect(last).center(),
    )
    tab = window.tabs.reading_tab(readings[1].reading_id)
    assert tab is not None and window.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: shown_page(tab) == expected[-1][0].page, timeout=WAIT_MS)

    panel.query.selectAll()
    qtbot.keyClicks(panel.query, "nowhere to be found")
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert panel.results.row_texts() == []
    assert panel.results.empty_text == "No annotation holds “nowhere to be found”."


def test_search_results_follow_a_highlight_made_in_the_reader(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    first = annotated_week(services, tmp_path / "pdfs")[0]
    window = make_window()
    tab = open_reading(qtbot, window, first.reading_id)
    panel = window.annotations.search
    panel.start()
    qtbot.keyClicks(panel.query, "sparse models")
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert panel.results.row_texts() == []  # not marked yet

    quad = phrase_quads(first.pdf, 0, "sparse models")[0]  # PyMuPDF's words, not the app's
    middle = (quad.ul.y + quad.ll.y) / 2
    start, end = on_page(tab, 0, quad.ul.x + 1, middle), on_page(tab, 0, quad.ur.x - 1, middle)
    hover(tab, start)
    qtbot.waitUntil(lambda: 0 in tab.view.texts, timeout=WAIT_MS)
    drag(tab, start, end)
    tab.view.setFocus()
    QTest.keyClick(tab.view, Qt.Key.Key_H)  # the selected words highlighted

    qtbot.waitUntil(lambda: len(panel.results.row_texts()) == 1, timeout=WAIT_MS)
    row = panel.results.row_texts()[0]
    assert first.title in row and "“sparse models”" in row and "p. 1" in row
