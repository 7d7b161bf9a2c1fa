"""Changing annotations on the page: select with a click, recolour, comment, move, delete, and
undo / redo of each, every step stored at once (read back with plain sqlite3: undo must give
back the very row that was there, same id and times)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE, AnnotationKind
from app.domain.annotation_geometry import Quad, Rect
from app.services.app_services import AppServices
from app.ui.reader.annotation_tools import Tool
from tests.reader import expected
from tests.reader.annotating.conftest import AnnotatingTab, Reading
from tests.reader.annotating.gestures import (
    annotating,
    click_menu_item,
    colour_button,
    double_click,
    key,
    right_click,
    stored,
    stroke,
    wait_for_focus,
)
from tests.reader.helpers import click, drag, on_page

YELLOW, RED = DEFAULT_PALETTE[0].colour, DEFAULT_PALETTE[2].colour
UNDO = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
REDO = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def _highlight_words(services: AppServices, reading: Reading, first: int, last: int) -> str:
    """A highlight over words ``first``..``last`` of page 1 (one line), made elsewhere (the
    command line does it this way): the tab opened after it finds it in the store."""
    words = expected.words(reading.path, 0)[first : last + 1]
    assert len({(word.block, word.line) for word in words}) == 1
    box = Rect(words[0].x0, min(w.y0 for w in words), words[-1].x1, max(w.y1 for w in words))
    made = services.annotations.create(
        reading.id,
        page=0,
        kind=AnnotationKind.HIGHLIGHT,
        colour=YELLOW,
        quads=[Quad.from_rect(box)],
        quote=" ".join(word.text for word in words),
    )
    return made.id


def _centre_of_word(reading: Reading, index: int) -> tuple[float, float]:
    return expected.words(reading.path, 0)[index].centre


def test_delete_then_undo_and_redo(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    made = _highlight_words(services, reading, 41, 43)
    tab = annotating_tab()
    [before] = stored(data_dir)

    click(tab, on_page(tab, 0, *_centre_of_word(reading, 42)))
    assert annotating(tab).layer.selected_id == made
    key(qtbot, tab, Qt.Key.Key_Delete)
    assert stored(data_dir) == []
    assert annotating(tab).layer.get(made) is None

    key(qtbot, tab, *UNDO)
    assert stored(data_dir) == [before]  # the same row: id, times, geometry, all of it
    key(qtbot, tab, *REDO)
    assert stored(data_dir) == []
    key(qtbot, tab, *UNDO)
    assert stored(data_dir) == [before]
    assert annotating(tab).layer.get(made) is not None  # and it is drawn again


def test_undo_of_a_new_highlight_removes_it_and_redo_brings_back_the_same_one(
    annotating_tab: AnnotatingTab, reading: Reading, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    words = expected.words(reading.path, 0)
    key(qtbot, tab, Qt.Key.Key_H)
    drag(tab, on_page(tab, 0, *words[40].centre), on_page(tab, 0, *words[44].centre))
    [made] = stored(data_dir)

    key(qtbot, tab, *UNDO)
    assert stored(data_dir) == []
    key(qtbot, tab, *REDO)
    assert stored(data_dir) == [made]
    # Undo and redo are also in the tool strip, named after what they undo.
    assert annotating(tab).undo_action.text() == "Undo Highlight"


def test_recolour_with_a_key_and_a_swatch_and_undo_it(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    _highlight_words(services, reading, 41, 43)
    tab = annotating_tab()
    [original] = stored(data_dir)
    click(tab, on_page(tab, 0, *_centre_of_word(reading, 41)))

    key(qtbot, tab, Qt.Key.Key_3)
    [row] = stored(data_dir)
    assert (row["colour"], row["meaning"]) == (RED, "weakness")
    assert colour_button(tab, RED).isChecked()

    key(qtbot, tab, *UNDO)
    assert stored(data_dir) == [original]

    blue = DEFAULT_PALETTE[3]
    qtbot.mouseClick(colour_button(tab, blue.colour), Qt.MouseButton.LeftButton)
    [row] = stored(data_dir)
    assert (row["colour"], row["meaning"]) == (blue.colour, "question")


def test_comment_by_double_click_and_through_the_context_menu(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    _highlight_words(services, reading, 41, 43)
    tab = annotating_tab()
    on_it = on_page(tab, 0, *_centre_of_word(reading, 42))

    double_click(tab, on_it)
    editor = annotating(tab).editors.comment_editor
    assert editor is not None and editor.title.text() == "Comment · key idea · p. 1"
    wait_for_focus(qtbot, editor.field)
    qtbot.keyClicks(editor.field, "Is this measured?")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert [row["comment"] for row in stored(data_dir)] == ["Is this measured?"]

    menu = right_click(qtbot, tab, on_it)
    click_menu_item(qtbot, tab, menu, "Comment…")
    editor = annotating(tab).editors.comment_editor
    assert editor is not None and editor.field.toPlainText() == "Is this measured?"
    wait_for_focus(qtbot, editor.field)
    qtbot.keyClicks(editor.field, " No.")
    qtbot.keyClick(editor.field, Qt.Key.Key_Escape)  # cancelled: the comment stays as it was
    assert annotating(tab).editors.comment_editor is None
    assert [row["comment"] for row in stored(data_dir)] == ["Is this measured?"]

    key(qtbot, tab, *UNDO)
    assert [row["comment"] for row in stored(data_dir)] == [""]


def test_recolour_from_the_context_menu(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    _highlight_words(services, reading, 41, 43)
    tab = annotating_tab()
    menu = right_click(qtbot, tab, on_page(tab, 0, *_centre_of_word(reading, 41)))
    colours = [action for action in menu.actions() if action.isCheckable()]
    assert [action.text() for action in colours] == [entry.meaning for entry in DEFAULT_PALETTE]
    assert [action.isChecked() for action in colours] == [True, False, False, False, False]
    click_menu_item(qtbot, tab, menu, "weakness")
    [row] = stored(data_dir)
    assert (row["colour"], row["meaning"]) == (RED, "weakness")


def test_delete_from_the_context_menu(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    _highlight_words(services, reading, 41, 43)
    tab = annotating_tab()
    menu = right_click(qtbot, tab, on_page(tab, 0, *_centre_of_word(reading, 41)))
    click_menu_item(qtbot, tab, menu, "Delete")
    assert stored(data_dir) == []
    key(qtbot, tab, *UNDO)
    assert len(stored(data_dir)) == 1


def test_the_context_menu_marks_selected_text(
    annotating_tab: AnnotatingTab, reading: Reading, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    words = expected.words(reading.path, 0)
    drag(tab, on_page(tab, 0, *words[40].centre), on_page(tab, 0, *words[44].centre))
    menu = right_click(qtbot, tab, on_page(tab, 0, *words[42].centre))
    assert [action.text() for action in menu.actions() if action.text()] == [
        "Highlight",
        "Underline",
        "Strike out",
        "Squiggly",
        "Copy",
    ]
    click_menu_item(qtbot, tab, menu, "Squiggly")
    [row] = stored(data_dir)
    assert row["kind"] == "squiggly"
    assert row["quote"] == " ".join(word.text for word in words[40:45])


def test_a_note_is_moved_by_dragging_and_the_move_undone(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    services.annotations.create(
        reading.id, page=0, kind=AnnotationKind.NOTE, colour=YELLOW, rect=Rect(30, 300, 48, 318)
    )
    tab = annotating_tab()
    [original] = stored(data_dir)

    stroke(tab, 0, [(39.0, 309.0), (45.0, 320.0), (59.0, 349.0)])  # by (+20, +40) points
    [row] = stored(data_dir)
    assert row["geometry"]["rect"] == pytest.approx([50.0, 340.0, 68.0, 358.0])
    assert row["id"] == original["id"]

    key(qtbot, tab, *UNDO)
    assert stored(data_dir) == [original]


def test_a_text_box_is_retyped_by_double_click_and_emptied_away(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    services.annotations.create(
        reading.id,
        page=0,
        kind=AnnotationKind.FREETEXT,
        colour=YELLOW,
        rect=Rect(320, 420, 480, 460),
        text="first words",
    )
    tab = annotating_tab()
    double_click(tab, on_page(tab, 0, 400.0, 440.0))
    editor = annotating(tab).editors.text_editor
    assert editor is not None and editor.toPlainText() == "first words"
    wait_for_focus(qtbot, editor)
    editor.selectAll()
    qtbot.keyClicks(editor, "better words")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [row["text"] for row in stored(data_dir)] == ["better words"]

    double_click(tab, on_page(tab, 0, 400.0, 440.0))
    editor = annotating(tab).editors.text_editor
    assert editor is not None
    wait_for_focus(qtbot, editor)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert stored(data_dir) == []  # a text box with no text is no text box
    key(qtbot, tab, *UNDO)
    assert [row["text"] for row in stored(data_dir)] == ["better words"]


def test_escape_leaves_a_selected_annotation_and_a_tool(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    qtbot: QtBot,
) -> None:
    made = _highlight_words(services, reading, 41, 43)
    tab = annotating_tab()
    click(tab, on_page(tab, 0, *_centre_of_word(reading, 42)))
    assert annotating(tab).layer.selected_id == made
    key(qtbot, tab, Qt.Key.Key_Escape)
    assert annotating(tab).layer.selected_id is None
    key(qtbot, tab, Qt.Key.Key_N)
    key(qtbot, tab, Qt.Key.Key_Escape)
    assert annotating(tab).tool is Tool.SELECT
