"""The Annotations menu: Export Annotated PDF… (read back with pypdf), Import Annotations…
(from a copy other viewers annotated), Copy as Markdown (against text built here from the
marks), and Colour Meanings and Name… (a renamed meaning shown at once and after a restart).

Menu items are found in the window's menu bar by their text and triggered, as a click on them
does; the file dialogs are answered through the controller's ``file_dialog``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE, AnnotationKind
from app.services.app_services import AppServices, open_services
from app.services.clock import Clock
from app.ui.main_window import MainWindow
from tests.annotations.other_tools import annotate_like_viewers
from tests.gui.annotation_scene import (
    FIRST_MARKS,
    SECOND_MARKS,
    WEAKNESS,
    WEEK,
    Mark,
    annotated_week,
    open_reading,
)
from tests.gui.conftest import Desktop, WindowFactory

WAIT_MS = 15_000
MENU = "Annotations"
SUBTYPES = {
    AnnotationKind.HIGHLIGHT: "/Highlight",
    AnnotationKind.UNDERLINE: "/Underline",
    AnnotationKind.NOTE: "/Text",
}
MEANINGS = {entry.colour: entry.meaning for entry in DEFAULT_PALETTE}


def menu_item(window: MainWindow, text: str) -> QAction:
    """The enabled item ``text`` of the Annotations menu in the window's menu bar."""
    menus = [a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == MENU]
    assert menus, "there is no Annotations menu"
    items = [a for a in menus[0].actions() if a.text().replace("&", "") == text]
    assert items, f"{text!r} is not in the Annotations menu"
    assert items[0].isEnabled(), f"{text!r} is disabled"
    return items[0]


def answer(dialog: QFileDialog | None, path: Path) -> None:
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def markup_in(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, subtype, /Contents) of every annotation pypdf finds, popups aside, sorted."""
    found = []
    for number, page in enumerate(PdfReader(pdf).pages):
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation["/Subtype"] != "/Popup":
                contents = str(annotation.get("/Contents", ""))
                found.append((number, str(annotation["/Subtype"]), contents))
    return sorted(found)


# -- export --------------------------------------------------------------------------------------


def test_export_writes_an_annotated_copy_and_says_what_was_left_out(
    make_window: WindowFactory,
    services: AppServices,
    tmp_path: Path,
    home: Path,
    qtbot: QtBot,
    desktop: Desktop,
) -> None:
    first = annotated_week(services, tmp_path / "pdfs")[0]
    gone = next(a for a in first.annotations if a.kind is AnnotationKind.UNDERLINE)
    # The paper changed under it: its quote is not in the PDF the student has now.
    services.annotations.restore([replace(gone, anchored=False)])
    library_pdf = sha256(first.pdf)
    window = make_window()
    open_reading(qtbot, window, first.reading_id)

    menu_item(window, "Export Annotated PDF…").trigger()
    dialog = window.annotations.transfer.file_dialog
    assert dialog is not None
    assert dialog.selectedFiles() == [str(home / f"{first.pdf.stem}-annotated.pdf")]
    dest = tmp_path / "out" / "notes.pdf"
    dest.parent.mkdir()
    busy: list[bool] = []
    window.annotations.transfer.runner.running_changed.connect(busy.append)
    answer(dialog, dest)
    banner = window.annotations.banner
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=WAIT_MS)

    kept = [mark for mark in FIRST_MARKS if mark.kind is not AnnotationKind.UNDERLINE]
    assert markup_in(dest) == sorted((m.page, SUBTYPES[m.kind], m.comment) for m in kept)
    assert busy == [True, False]  # the busy bar was up while the worker wrote
    assert banner.text == (
        f"Exported {len(kept)} annotations to <b>notes.pdf</b>. "
        "Left out 1: 1 not found in this version of the PDF."
    )
    assert sha256(first.pdf) == library_pdf  # the library's file is never written

    open_folder = [b for b in banner.findChildren(QPushButton) if b.text() == "Open Folder"]
    assert open_folder and open_folder[0].isVisible()
    qtbot.mouseClick(open_folder[0], Qt.MouseButton.LeftButton)
    assert desktop.opened == [QUrl.fromLocalFile(str(dest.parent))]


# -- import --------------------------------------------------------------------------------------


def test_import_takes_in_another_copys_annotations_once(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    first = annotated_week(services, tmp_path / "pdfs")[0]
    elsewhere = tmp_path / "from-a-friend.pdf"
    written = annotate_like_viewers(first.pdf, elsewhere)
    window = make_window()
    open_reading(qtbot, window, first.reading_id)
    banner = window.annotations.banner

    menu_item(window, "Import Annotations…").trigger()
    answer(window.annotations.transfer.file_dialog, elsewhere)
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=WAIT_MS)
    assert banner.text == f"Imported {len(written)} annotations from <b>{elsewhere.name}</b>."

    window.tabs.setCurrentIndex(0)  # the term: the week's annotations have the new ones
    rows = window.detail.annotations.list.row_texts()
    assert len(rows) == len(FIRST_MARKS) + len(SECOND_MARKS) + len(written)
    for comment in (w.comment for w in written if w.comment):
        assert any(comment in row for row in rows), f"{comment!r} is not listed"

    window.tabs.setCurrentIndex(1)
    banner.hide()
    menu_item(window, "Import Annotations…").trigger()
    answer(window.annotations.transfer.file_dialog, elsewhere)
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=WAIT_MS)
    assert banner.text == (
        f"Imported 0 annotations from <b>{elsewhere.name}</b>. {len(written)} were already here."
    )


# -- Markdown ------------------------------------------------------------------------------------


def expected_markdown(title: str, marks: tuple[Mark, ...], level: int = 1) -> str:
    """The review notes as the README describes them: a title, then a section per meaning in
    the palette's order, each mark as "“quote” (p. N)" with its comment below."""
    lines = [f"{'#' * level} {title}"]
    if not marks:
        lines.append("No annotations yet.")
    for entry in DEFAULT_PALETTE:
        mine = [mark for mark in marks if mark.colour == entry.colour]
        if mine:
            lines.append(f"{'#' * (level + 1)} {entry.meaning.capitalize()}")
            items = []
            for mark in mine:
                head = f"“{mark.quote}”" if mark.quote else f"({mark.kind.value}"
                where = f" (p. {mark.page + 1})" if mark.quote else f", p. {mark.page + 1})"
                items.append(f"- {head}{where}" + (f"\n  {mark.comment}" if mark.comment else ""))
            lines.append("\n".join(items))
    return "\n\n".join(lines) + "\n"


def test_copy_as_markdown_puts_the_review_notes_on_the_clipboard(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    readings = annotated_week(services, tmp_path / "pdfs")
    window = make_window()
    open_reading(qtbot, window, readings[0].reading_id)

    menu_item(window, "Copy Reading as Markdown").trigger()
    assert QGuiApplication.clipboard().text() == expected_markdown(readings[0].title, FIRST_MARKS)
    assert window.statusBar().currentMessage() == (
        f"Copied {len(FIRST_MARKS)} annotations of “{readings[0].title}” to the clipboard "
        "as Markdown."
    )

    window.tabs.setCurrentIndex(0)
    window.select_week(WEEK)
    copy = window.detail.annotations.copy_button
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    parts = [
        expected_markdown(reading.title, marks, level=2)
        for reading, marks in zip(readings, (FIRST_MARKS, SECOND_MARKS, ()), strict=True)
    ]
    assert QGuiApplication.clipboard().text() == "\n".join([f"# Week {WEEK}\n", *parts])


# -- colour meanings and the author's name -------------------------------------------------------


def retype(qtbot: QtBot, box: QLineEdit, text: str) -> None:
    """Select what the box says and type ``text`` over it."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)


def weakness_rows(window: MainWindow) -> list[str]:
    window.select_week(WEEK)
    rows = window.detail.annotations.list.row_texts()
    return [row for row in rows if "memory pressure" in row]


def test_a_renamed_meaning_relabels_the_annotations_and_survives_a_restart(
    make_window: WindowFactory,
    services: AppServices,
    data_dir: Path,
    clock: Clock,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    annotated_week(services, tmp_path / "pdfs")
    window = make_window()
    assert f" · {MEANINGS[WEAKNESS]} · " in weakness_rows(window)[0]

    menu_item(window, "Colour Meanings and Name…").trigger()
    dialog = window.annotations.settings_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    retype(qtbot, dialog.meaning_boxes[WEAKNESS], "")
    assert not ok.isEnabled() and dialog.problem.text() == "Every colour needs a meaning."
    qtbot.keyClicks(dialog.meaning_boxes[WEAKNESS], "limitation")
    retype(qtbot, dialog.author_box, "Ada Lovelace")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    row = weakness_rows(window)
    assert len(row) == 1 and " · limitation · " in row[0] and MEANINGS[WEAKNESS] not in row[0]
    offered = window.detail.annotations.list.meaning_box
    names = [offered.itemText(n) for n in range(offered.count())]
    assert "limitation" in names and MEANINGS[WEAKNESS] not in names

    window.close()
    services.close()  # the first run ends: only what reached the data directory is left
    restarted = open_services(data_dir, clock=clock)
    again = make_window(services=restarted)
    row = weakness_rows(again)
    assert len(row) == 1 and " · limitation · " in row[0]
    assert restarted.settings.author() == "Ada Lovelace"
