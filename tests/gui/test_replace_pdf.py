"""A reading's PDF can be replaced from its row's right-click menu, with another file chosen
in the file dialog: the row then shows the new file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.services.app_services import AppServices
from tests.gui.conftest import WindowFactory
from tests.pdfs import write_pdf


def test_an_attached_pdf_is_replaced_through_the_row_menu(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    reading = services.course.readings(3)[0].reading
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    write_pdf(first, pages=2, seed=1)
    newer = write_pdf(second, pages=6, seed=2)
    services.library.attach(reading.id, first)
    window = make_window()
    assert window.select_week(3)
    row = window.detail.row(reading.id)
    assert row is not None and "2 pages" in row.status.text()

    row.customContextMenuRequested.emit(QPoint(10, 10))  # as a right click does
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    labels = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert labels == ["Open PDF", "Show in folder", "Replace…", "Detach"]  # as its buttons
    replace = next(action for action in menu.actions() if action.text() == "Replace…")
    menu.close()
    replace.trigger()

    dialog = window.library.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(second))
    dialog.accept()
    qtbot.waitUntil(lambda: "6 pages" in row.status.text(), timeout=10_000)
    entry = window.library.entry(reading.id)
    assert entry.state is FetchState.ATTACHED
    assert entry.path is not None and Path(entry.path).read_bytes() == newer
