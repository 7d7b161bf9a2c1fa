"""A PDF the student attached shows Replace… and Detach in its row. Detach asks first, keeps
the file aside for Undo and the annotations in the database, and the reading can then be
downloaded from its link again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE, AnnotationKind
from app.domain.library import FetchState
from app.services.app_services import AppServices
from app.services.library_detach import DetachError
from app.ui.main_window import MainWindow
from app.ui.message_banner import BannerKind
from app.ui.reading_row import RowAction
from tests.gui.conftest import Week8Opener
from tests.gui.readings import press, row, state, wait_for, wait_idle
from tests.integration.pdf_server import PdfServer
from tests.pdfs import make_pdf, write_pdf


def banner_button(window: MainWindow) -> QPushButton:
    [shown] = [b for b in window.banner.findChildren(QPushButton) if b.isVisibleTo(window.banner)]
    return shown


def answer(qtbot: QtBot, window: MainWindow, label: str) -> None:
    """Press a button of the open Detach question."""
    dialog = window.library.detaching.dialog
    assert dialog is not None and dialog.isVisible()
    [button] = [b for b in dialog.buttons() if b.text() == label]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_detach_asks_keeps_the_file_for_undo_and_the_annotations(
    week_8_window: Week8Opener,
    services: AppServices,
    pdf_server: PdfServer,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    from_the_link = make_pdf(5, seed=9)
    links = [pdf_server.serve(f"/{n}.pdf", from_the_link) for n in range(3)]
    window, ids = week_8_window(links)
    mine = tmp_path / "my copy.pdf"
    my_bytes = write_pdf(mine, pages=3, seed=4)
    window.library.attach_file(ids[0], str(mine))
    wait_for(qtbot, window, ids[0], FetchState.ATTACHED)
    note = services.annotations.add_at(
        ids[0], page=0, x=72, y=72, colour=DEFAULT_PALETTE[0].colour, comment="my note"
    )
    assert note.kind is AnnotationKind.NOTE
    shown = row(window, ids[0])
    assert shown.offered() == [RowAction.OPEN, RowAction.FOLDER, RowAction.ATTACH, RowAction.DETACH]
    assert [shown.buttons[a].text() for a in shown.offered()] == [
        "Open PDF",
        "Show in folder",
        "Replace…",
        "Detach",
    ]
    attached = Path(str(window.library.entry(ids[0]).path))
    assert attached.read_bytes() == my_bytes

    # Detach asks first, and says what becomes of the annotations; Cancel changes nothing.
    press(qtbot, window, ids[0], RowAction.DETACH)
    dialog = window.library.detaching.dialog
    assert isinstance(dialog, QMessageBox)
    assert "Your annotations on it stay" in dialog.informativeText()
    answer(qtbot, window, "Cancel")
    assert state(window, ids[0]) is FetchState.ATTACHED

    press(qtbot, window, ids[0], RowAction.DETACH)
    answer(qtbot, window, "Detach")
    wait_for(qtbot, window, ids[0], FetchState.NOT_FETCHED)
    assert shown.status.text() == "Not downloaded"
    assert shown.offered() == [RowAction.DOWNLOAD, RowAction.ATTACH]
    assert shown.buttons[RowAction.ATTACH].text() == "Attach PDF…"
    assert not attached.exists()
    kept = services.library.files_dir / "detached" / attached.name
    assert kept.read_bytes() == my_bytes  # aside, not deleted
    assert [a.id for a in services.annotations.for_reading(ids[0])] == [note.id]
    assert window.banner.isVisible() and window.banner.kind == BannerKind.INFO
    assert window.banner.text.startswith("Detached your PDF from “")
    assert banner_button(window).text() == "Undo"

    # Undo puts the same file back, annotations and all.
    qtbot.mouseClick(banner_button(window), Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, ids[0], FetchState.ATTACHED)
    assert attached.read_bytes() == my_bytes and not kept.exists()
    assert shown.status.text().startswith("✓ Your PDF · 3 pages")
    assert not window.banner.isVisible()
    assert [a.id for a in services.annotations.for_reading(ids[0])] == [note.id]

    # Detached again, the reading downloads its link's PDF; the note follows it, and the
    # offer to undo the Detach goes: the reading has another file now.
    press(qtbot, window, ids[0], RowAction.DETACH)
    answer(qtbot, window, "Detach")
    wait_for(qtbot, window, ids[0], FetchState.NOT_FETCHED)
    assert banner_button(window).text() == "Undo"
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    wait_idle(qtbot, window)
    assert state(window, ids[0]) is FetchState.READY
    assert Path(str(window.library.entry(ids[0]).path)).read_bytes() == from_the_link
    assert [a.id for a in services.annotations.for_reading(ids[0])] == [note.id]
    assert not window.banner.isVisible()
    assert kept.read_bytes() == my_bytes  # still aside: the student may attach it again


def test_an_undo_that_would_throw_a_newer_file_away_is_refused(
    services: AppServices, tmp_path: Path
) -> None:
    reading = services.course.readings(3)[0].reading
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    write_pdf(first, pages=2, seed=1)
    newer = write_pdf(second, pages=4, seed=2)
    services.library.attach(reading.id, first)
    detachment = services.library.detach(reading.id)
    services.library.attach(reading.id, second)

    with pytest.raises(DetachError, match="the reading has another file since"):
        services.library.undo_detach(detachment)
    entry = services.library.items(3)[0].entry
    assert entry.state is FetchState.ATTACHED
    assert Path(str(entry.path)).read_bytes() == newer
