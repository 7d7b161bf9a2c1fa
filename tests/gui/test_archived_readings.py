"""A reading the course page dropped stays in its week under "No longer on the syllabus",
with its PDF (Open PDF opens it where the student left it)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.reading_position import ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import AppServices
from app.ui.reading_row import RowAction
from tests.gui.conftest import WindowFactory
from tests.pdfs import write_pdf

DROPPED_TITLE = "Mixed precision training. [ICLR’18]"
DROPPED_LINE = f"* [{DROPPED_TITLE}](https://openreview.net/pdf?id=r1gs9JgRZ)\n"
OPEN_MS = 10_000


def test_a_dropped_reading_stays_in_its_week_with_its_pdf(
    make_window: WindowFactory,
    services: AppServices,
    course_index_text: str,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    week_3 = services.course.readings(3)
    dropped = next(r.reading for r in week_3 if r.reading.url and "r1gs9JgRZ" in r.reading.url)
    source = tmp_path / "paper.pdf"
    write_pdf(source, pages=5, seed=7)
    services.library.attach(dropped.id, source)
    services.progress.save(dropped.id, ReadingPosition(page=3), ReadingProgress())
    assert course_index_text.count(DROPPED_LINE) == 1
    page = tmp_path / "index.md"
    page.write_text(course_index_text.replace(DROPPED_LINE, ""), encoding="utf-8")

    window = make_window(sync_source=str(page))
    with qtbot.waitSignal(window.sync_runner.succeeded, timeout=15_000):
        window.sync_action.trigger()
    assert window.change_dialog is not None
    window.change_dialog.reject()
    assert window.select_week(3)

    text = window.detail.plain_text()
    assert "No longer on the syllabus  1" in text
    assert text.index("No longer on the syllabus") < text.index(dropped.title)
    row = window.detail.row(dropped.id)
    assert row is not None
    qtbot.waitUntil(lambda: row.buttons[RowAction.OPEN].isVisibleTo(row))
    row.buttons[RowAction.OPEN].click()
    tab = window.tabs.reading_tab(dropped.id)
    assert tab is not None
    qtbot.waitUntil(lambda: tab.document is not None, timeout=OPEN_MS)
    assert tab.toolbar.page_box.value() == 4  # page index 3, where it was left


def test_a_week_with_nothing_dropped_has_no_such_heading(make_window: WindowFactory) -> None:
    window = make_window()
    assert window.select_week(3)
    assert "No longer on the syllabus" not in window.detail.plain_text()
