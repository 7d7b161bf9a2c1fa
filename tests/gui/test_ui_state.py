"""The window remembers its geometry, splitter and selected week, in the data directory."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.ui.ui_state import STATE_FILE_NAME
from tests.gui.conftest import WindowFactory
from tests.gui.term import BERKELEY, SettableClock


def test_geometry_splitter_and_selection_come_back(
    make_window: WindowFactory, data_dir: Path
) -> None:
    first = make_window()
    # Within the offscreen platform's 800x600 screen: restoreGeometry keeps windows on-screen.
    first.resize(740, 520)
    first.move(30, 20)
    first.splitter.setSizes([360, 380])
    assert first.select_week(3)
    sizes = first.splitter.sizes()
    place = first.geometry()
    first.close()
    assert (data_dir / STATE_FILE_NAME).is_file()

    second = make_window()
    assert second.size() == place.size()
    # The offscreen platform invents window frames, and restoring can drift by their width.
    assert (second.geometry().topLeft() - place.topLeft()).manhattanLength() <= 8
    assert second.splitter.sizes() == sizes
    selected = second.selected_week()
    assert selected is not None and selected.number == 3
    assert second.detail.week is not None and second.detail.week.number == 3


def test_a_new_week_of_term_opens_on_today_instead_of_a_stale_selection(
    make_window: WindowFactory, clock: SettableClock
) -> None:
    first = make_window()
    assert first.select_week(3)
    first.close()

    clock.moment = datetime(2022, 3, 16, 9, 0, tzinfo=BERKELEY)  # the term moved to week 9
    second = make_window()
    selected = second.selected_week()
    assert selected is not None and selected.number == 9


def test_a_fresh_data_directory_opens_at_a_sensible_size_on_today(
    make_window: WindowFactory,
) -> None:
    window = make_window()
    screen = window.screen().availableGeometry()
    assert window.width() == min(1200, int(screen.width() * 0.9))
    assert window.height() == min(780, int(screen.height() * 0.9))
    assert window.splitter.sizes()[0] >= 340
    selected = window.selected_week()
    assert selected is not None and selected.number == 8


def test_a_review_dock_left_open_comes_back_with_the_draft_in_it(
    make_window: WindowFactory,
) -> None:
    first = make_window()
    assert first.select_week(8)
    assert first.review.open_week(8)
    first.close()

    second = make_window()
    assert second.review.dock.isVisible()
    assert second.review.editor.week == 8
    assert "Week 8" in second.review.editor.heading.text()


def test_a_review_dock_that_was_closed_stays_closed(make_window: WindowFactory) -> None:
    first = make_window()
    assert first.review.open_week(8)
    first.review.dock.hide()
    first.close()

    assert not make_window().review.dock.isVisible()
