"""Each annotation tool, used with the mouse and the keyboard as a student does, stores what it
made at once: checked in the database with plain sqlite3, against PyMuPDF's own word boxes for
the words dragged over and the points the pointer went through."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE
from app.domain.annotation_geometry import Point, Stroke, smooth_stroke
from app.services.app_services import AppServices
from app.ui.reader.annotation_editors import CommentEditor, TextBoxEditor
from app.ui.reader.annotation_tools import Tool
from tests.reader import expected
from tests.reader.annotating.conftest import AnnotatingTab, Reading
from tests.reader.annotating.gestures import (
    annotating,
    choose_from_menu_button,
    colour_button,
    key,
    line_boxes,
    quad_boxes,
    same_boxes,
    stored,
    stroke,
    tool_button,
    two_line_run,
    wait_for_focus,
)
from tests.reader.conftest import Files, OpenTab
from tests.reader.helpers import click, drag, on_page

YELLOW, GREEN, RED = (entry.colour for entry in DEFAULT_PALETTE[:3])


def test_the_highlight_tool_marks_the_words_dragged_over(
    annotating_tab: AnnotatingTab, reading: Reading, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    run = two_line_run(expected.words(reading.path, 0))
    key(qtbot, tab, Qt.Key.Key_H)
    assert tool_button(tab, Tool.HIGHLIGHT).isChecked()

    drag(tab, on_page(tab, 0, *run[0].centre), on_page(tab, 0, *run[-1].centre))

    [row] = stored(data_dir)
    assert (row["kind"], row["page"], row["colour"], row["meaning"]) == (
        "highlight",
        0,
        YELLOW,
        "key idea",
    )
    assert row["reading_id"] == reading.id
    assert same_boxes(quad_boxes(row), line_boxes(run))  # one quad per line, as PyMuPDF boxes
    assert row["quote"] == " ".join(word.text for word in run)
    assert tab.view.selection is None  # marked, not left selected
    assert annotating(tab).tool is Tool.HIGHLIGHT  # the tool stays in hand for the next passage


@pytest.mark.parametrize(
    ("pressed", "kind", "by_button"),
    [
        (Qt.Key.Key_H, "highlight", False),
        (Qt.Key.Key_U, "underline", True),
        (Qt.Key.Key_S, "strikeout", False),
        (Qt.Key.Key_Q, "squiggly", True),
    ],
)
def test_a_tool_chosen_with_text_selected_marks_that_text(
    annotating_tab: AnnotatingTab,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
    pressed: Qt.Key,
    kind: str,
    by_button: bool,
) -> None:
    tab = annotating_tab()
    words = expected.words(reading.path, 0)
    run = words[40:46]
    drag(tab, on_page(tab, 0, *run[0].centre), on_page(tab, 0, *run[-1].centre))
    assert tab.selected_text() == " ".join(word.text for word in run)  # the reader's selection

    tool = Tool(kind)
    if by_button:
        qtbot.mouseClick(tool_button(tab, tool), Qt.MouseButton.LeftButton)
    else:
        key(qtbot, tab, pressed)

    [row] = stored(data_dir)
    assert row["kind"] == kind
    assert same_boxes(quad_boxes(row), line_boxes(run))
    assert row["quote"] == " ".join(word.text for word in run)
    # The selection became the mark, and the hand is free again for reading.
    assert tab.view.selection is None
    assert annotating(tab).tool is Tool.SELECT and tool_button(tab, Tool.SELECT).isChecked()


def test_a_note_is_pinned_where_clicked_and_takes_its_comment(
    annotating_tab: AnnotatingTab, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    key(qtbot, tab, Qt.Key.Key_N)
    click(tab, on_page(tab, 0, 40.0, 300.0))  # in the left margin, beside the text

    [row] = stored(data_dir)  # stored at once, before any comment
    assert row["kind"] == "note" and row["geometry"]["rect"] == [31.0, 291.0, 49.0, 309.0]
    editor = annotating(tab).editors.comment_editor
    assert isinstance(editor, CommentEditor) and editor.isVisible()
    wait_for_focus(qtbot, editor.field)
    # Letters and digits that are tool and colour keys elsewhere are typed here, not obeyed.
    qtbot.keyClicks(editor.field, "3 hops? check h2")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    [row] = stored(data_dir)
    assert row["comment"] == "3 hops? check h2"
    assert annotating(tab).editors.comment_editor is None
    assert annotating(tab).tool is Tool.NOTE and annotating(tab).colour == YELLOW


def test_the_pen_stores_the_smoothed_stroke_at_the_chosen_width(
    annotating_tab: AnnotatingTab, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    key(qtbot, tab, Qt.Key.Key_P)
    choose_from_menu_button(qtbot, tab, annotating(tab).tools.pen_button, "Bold")
    key(qtbot, tab, Qt.Key.Key_2)  # green
    path = [(100.0, 400.0), (120.0, 412.0), (140.0, 396.0), (160.0, 420.0), (185.0, 401.0)]
    stroke(tab, 0, path)

    [row] = stored(data_dir)
    assert (row["kind"], row["colour"], row["meaning"]) == ("ink", GREEN, "strength")
    [drawn] = row["geometry"]["strokes"]
    wanted = smooth_stroke(Stroke(tuple(Point(x, y) for x, y in path), 3.0))
    assert drawn["width"] == 3.0
    points = [tuple(point) for point in drawn["points"]]
    assert len(points) == len(wanted.points) > len(path)  # smoothed: corners cut
    assert all(
        abs(x - p.x) < 1e-3 and abs(y - p.y) < 1e-3
        for (x, y), p in zip(points, wanted.points, strict=True)
    )


def test_a_text_box_is_typed_where_clicked(
    annotating_tab: AnnotatingTab, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    key(qtbot, tab, Qt.Key.Key_T)
    click(tab, on_page(tab, 0, 300.0, 500.0))
    editor = annotating(tab).editors.text_editor
    assert isinstance(editor, TextBoxEditor) and editor.isVisible()
    assert stored(data_dir) == []  # nothing typed yet, nothing kept
    wait_for_focus(qtbot, editor)
    qtbot.keyClicks(editor, "Batching trades latency")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    [row] = stored(data_dir)
    assert row["kind"] == "freetext" and row["text"] == "Batching trades latency"
    assert row["geometry"]["rect"] == [300.0, 500.0, 460.0, 540.0]  # the default box, 160 x 40


def test_a_text_box_dragged_takes_that_size_and_a_click_away_keeps_it(
    annotating_tab: AnnotatingTab, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    qtbot.mouseClick(tool_button(tab, Tool.FREETEXT), Qt.MouseButton.LeftButton)
    stroke(tab, 0, [(320.0, 420.0), (380.0, 450.0), (470.0, 480.0)])
    editor = annotating(tab).editors.text_editor
    assert editor is not None
    wait_for_focus(qtbot, editor)
    qtbot.keyClicks(editor, "see Fig. 2")
    click(tab, on_page(tab, 0, 100.0, 600.0))  # elsewhere: keeps the text, makes no new box

    [row] = stored(data_dir)
    assert row["text"] == "see Fig. 2"
    assert row["geometry"]["rect"] == [320.0, 420.0, 470.0, 480.0]
    assert annotating(tab).editors.text_editor is None


def test_keys_choose_tools_and_colours_and_escape_returns_to_select(
    annotating_tab: AnnotatingTab, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    keys = {
        Qt.Key.Key_H: Tool.HIGHLIGHT,
        Qt.Key.Key_U: Tool.UNDERLINE,
        Qt.Key.Key_S: Tool.STRIKEOUT,
        Qt.Key.Key_Q: Tool.SQUIGGLY,
        Qt.Key.Key_N: Tool.NOTE,
        Qt.Key.Key_P: Tool.INK,
        Qt.Key.Key_T: Tool.FREETEXT,
    }
    for pressed, tool in keys.items():
        key(qtbot, tab, pressed)
        assert annotating(tab).tool is tool and tool_button(tab, tool).isChecked()
        key(qtbot, tab, Qt.Key.Key_Escape)
        assert annotating(tab).tool is Tool.SELECT and tool_button(tab, Tool.SELECT).isChecked()
    key(qtbot, tab, Qt.Key.Key_P)
    key(qtbot, tab, Qt.Key.Key_V)
    assert annotating(tab).tool is Tool.SELECT

    for number, entry in enumerate(DEFAULT_PALETTE, start=1):
        key(qtbot, tab, getattr(Qt.Key, f"Key_{number}"))
        assert annotating(tab).colour == entry.colour
        assert colour_button(tab, entry.colour).isChecked()
        assert colour_button(tab, entry.colour).toolTip() == f"Colour: {entry.meaning} ({number})"

    # In the search field the same keys are text; j and k still scroll the pages.
    tab.focus_search()
    qtbot.keyClicks(tab.toolbar.search_field, "hq1")
    assert tab.toolbar.search_field.text() == "hq1" and annotating(tab).tool is Tool.SELECT
    tab.view.setFocus()
    before = tab.view.verticalScrollBar().value()
    key(qtbot, tab, Qt.Key.Key_J)
    assert tab.view.verticalScrollBar().value() > before


def test_a_mark_that_cannot_be_kept_says_why_and_leaves_nothing_to_undo(
    open_tab: OpenTab, services: AppServices, files: Files, data_dir: Path, qtbot: QtBot
) -> None:
    """A reading whose PDF is not in the library yet (the file was opened from elsewhere):
    the store refuses, the tab says so, and no half-made change sits on the undo stack."""
    elsewhere = services.course.readings(4)[0].reading
    tab = open_tab(
        files.plain.path,
        reading_id=elsewhere.id,
        annotation_service=services.annotations,
        settings=services.settings,
    )
    qtbot.waitUntil(lambda: annotating(tab).layer.loaded)
    words = expected.words(files.plain.path, 0)
    key(qtbot, tab, Qt.Key.Key_H)
    drag(tab, on_page(tab, 0, *words[40].centre), on_page(tab, 0, *words[43].centre))

    assert stored(data_dir) == []
    assert tab.banner.isVisible()
    assert "download or attach it first" in tab.banner.text
    assert not annotating(tab).undo_action.isEnabled()
    assert annotating(tab).layer.all() == []
