"""The sync's change dialog says plainly when a paper moved to another week, and wraps long
lines inside the dialog instead of running them off its edge."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.gui.conftest import WindowFactory

MOVED_TITLE = (
    "Resilient Distributed Datasets: A Fault-Tolerant Abstraction for In-Memory Cluster Computing"
)
MOVED_LINE = f"* [{MOVED_TITLE}](https://www.usenix.org/system/files/conference/nsdi12/nsdi12-final138.pdf)\n"
WEEK_3_ANCHOR = "* [Mixed precision training. [ICLR’18]](https://openreview.net/pdf?id=r1gs9JgRZ)\n"


def test_a_paper_moved_to_another_week_is_said_plainly_and_long_lines_wrap(
    make_window: WindowFactory, course_index_text: str, tmp_path: Path, qtbot: QtBot
) -> None:
    assert course_index_text.count(MOVED_LINE) == 1 and WEEK_3_ANCHOR in course_index_text
    moved = course_index_text.replace(MOVED_LINE, "").replace(
        WEEK_3_ANCHOR, WEEK_3_ANCHOR + MOVED_LINE
    )
    page = tmp_path / "index.md"
    page.write_text(moved, encoding="utf-8")
    window = make_window(sync_source=str(page))
    with qtbot.waitSignal(window.sync_runner.succeeded, timeout=15_000):
        window.sync_action.trigger()

    dialog = window.change_dialog
    assert dialog is not None
    assert dialog.lines() == [f"“{MOVED_TITLE}” moved here from week 2"]
    group = dialog.tree.topLevelItem(0)
    assert group is not None and group.text(0).startswith("Week 3")

    qtbot.waitExposed(dialog)
    dialog.resize(420, 360)  # narrower than the line
    qtbot.waitUntil(lambda: dialog.tree.viewport().width() < 420)
    row = group.child(0)
    assert row is not None
    shown = dialog.tree.visualItemRect(row)
    line_height = dialog.tree.fontMetrics().height()
    # Inside the visible width, over more than one line.
    assert shown.right() <= dialog.tree.viewport().width()
    assert shown.height() >= 2 * line_height
    assert not dialog.tree.horizontalScrollBar().isVisible()
    dialog.reject()
