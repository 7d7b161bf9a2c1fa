"""A reading's own PDF from disk (file dialog, drag and drop) and readings behind a login.

The login tests run against a real server answering 401 without the right Basic credentials;
the keyring is the in-memory one every test gets (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.services.app_services import AppServices
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import MainWindow
from app.ui.message_banner import BannerKind
from app.ui.reading_row import ReadingRow, RowAction
from app.ui.week_list import DETAILS_ROLE
from tests.gui.conftest import Week8Opener, WindowFactory
from tests.gui.readings import press, row, state, wait_for, wait_idle
from tests.integration.pdf_server import (
    PdfServer,
    Reply,
    Seen,
    basic_auth,
    file_reply,
    login_required,
)
from tests.keyring_memory import MemoryKeyring
from tests.pdfs import make_pdf, write_pdf

USER, PASSWORD = "student", "s3cret: wörd"
GOOD_AUTH = basic_auth(USER, PASSWORD)
KEYRING_SERVICE = "study-companion:127.0.0.1"


# -- attaching ---------------------------------------------------------------------------------


def test_attach_a_local_pdf_through_the_file_dialog(
    week_8_window: Week8Opener,
    services: AppServices,
    pdf_server: PdfServer,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    window, ids = week_8_window([pdf_server.url(f"/missing{n}.pdf") for n in range(3)])
    mine = tmp_path / "from the library website.pdf"
    data = write_pdf(mine, pages=4, seed=9)

    press(qtbot, window, ids[0], RowAction.ATTACH)
    dialog = window.library.file_dialog
    assert dialog is not None and dialog.isVisible()
    assert "The Case for Learned Index Structures" in dialog.windowTitle()
    dialog.selectFile(str(mine))
    dialog.accept()
    wait_for(qtbot, window, ids[0], FetchState.ATTACHED)

    attached = row(window, ids[0])
    assert attached.status.text().startswith("✓ Your PDF · 4 pages · ")
    assert attached.offered() == [
        RowAction.OPEN,
        RowAction.FOLDER,
        RowAction.ATTACH,  # "Replace…"
        RowAction.DETACH,
    ]
    entry = window.library.entry(ids[0])
    assert entry.path is not None and Path(entry.path).read_bytes() == data
    assert Path(entry.path).parent == services.library.files_dir
    assert window.statusBar().currentMessage().startswith("Attached your PDF to “The Case")
    week_row = window.model.row_of_week(8)
    assert week_row is not None
    assert window.model.index(week_row).data(DETAILS_ROLE).endswith("3 readings · 1 ready")


def test_a_file_that_is_not_a_pdf_is_refused_in_words(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    window, ids = week_8_window([pdf_server.url(f"/missing{n}.pdf") for n in range(3)])
    notes = tmp_path / "notes.pdf"
    notes.write_text("my notes, not a PDF", encoding="utf-8")

    window.library.attach_file(ids[1], str(notes))
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert window.banner.kind == BannerKind.ERROR
    assert window.banner.text == (
        "Could not attach the PDF: notes.pdf is not a PDF that opens (it may be damaged)"
    )
    assert state(window, ids[1]) is FetchState.NOT_FETCHED
    assert row(window, ids[1]).status.text() == "Not downloaded"


def _drag(row_widget: ReadingRow, path: Path) -> tuple[bool, bool]:
    """Drag ``path`` over the row and drop it; whether the enter and the drop were accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    point = row_widget.rect().center()  # Qt's drag events take a QPoint, the drop a QPointF
    action, button, keys = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(point, action, mime, button, keys)
    QApplication.sendEvent(row_widget, enter)
    if not enter.isAccepted():
        return False, False
    QApplication.sendEvent(row_widget, QDragMoveEvent(point, action, mime, button, keys))
    drop = QDropEvent(QPointF(point), action, mime, button, keys)
    QApplication.sendEvent(row_widget, drop)
    return True, drop.isAccepted()


def test_dropping_a_pdf_on_a_reading_attaches_it(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    window, ids = week_8_window([pdf_server.url(f"/missing{n}.pdf") for n in range(3)])
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a PDF", encoding="utf-8")
    assert _drag(row(window, ids[2]), text_file) == (False, False)  # only PDFs are taken

    paper = tmp_path / "Pensieve.PDF"
    write_pdf(paper, pages=3)
    assert _drag(row(window, ids[2]), paper) == (True, True)
    wait_for(qtbot, window, ids[2], FetchState.ATTACHED)
    assert row(window, ids[2]).status.text().startswith("✓ Your PDF · 3 pages")
    assert state(window, ids[1]) is FetchState.NOT_FETCHED  # the row it was dropped on only


# -- a login -----------------------------------------------------------------------------------


def protected(data: bytes) -> Callable[[Seen], Reply]:
    return login_required(lambda seen: file_reply(data, seen), USER, PASSWORD)


def _private_first_reading(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    paper: bytes,
    path: str = "/private/paper.pdf",
) -> tuple[MainWindow, list[str]]:
    """Week 8 in a window, its first reading behind a login at ``path`` (the others 404)."""
    links = [
        pdf_server.route(path, protected(paper)),
        pdf_server.url("/b.pdf"),
        pdf_server.url("/c.pdf"),
    ]
    return week_8_window(links)


def _open_login(qtbot: QtBot, window: MainWindow, start: Callable[[], None]) -> LoginDialog:
    with qtbot.waitSignal(window.login_prompt.dialog_opened, timeout=10_000) as opened:
        start()
    dialog = opened.args[0]
    assert isinstance(dialog, LoginDialog) and dialog.isVisible()
    return dialog


def _sign_in(qtbot: QtBot, dialog: LoginDialog) -> None:
    assert not dialog.sign_in.isEnabled()  # nothing to send yet
    qtbot.keyClicks(dialog.user, USER)
    # Typed as text: QTest's key clicks know ASCII only, and the password is not.
    dialog.password.setText(PASSWORD)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)


def test_a_login_is_asked_in_a_dialog_and_kept_in_the_keyring(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    memory_keyring: MemoryKeyring,
    qtbot: QtBot,
) -> None:
    paper = make_pdf(5)
    window, ids = _private_first_reading(
        week_8_window, pdf_server, paper, path="/private/kraska18.pdf"
    )

    dialog = _open_login(qtbot, window, lambda: press(qtbot, window, ids[0], RowAction.DOWNLOAD))
    assert dialog.windowTitle() == "Sign in to 127.0.0.1"
    assert "kept only in your system keyring" in _dialog_text(dialog)
    # The window goes on while the dialog waits: its event loop runs, the row says so.
    assert row(window, ids[0]).offered() == [RowAction.CANCEL]
    _sign_in(qtbot, dialog)

    wait_for(qtbot, window, ids[0], FetchState.READY)
    assert row(window, ids[0]).status.text().startswith("✓ PDF ready · 5 pages")
    assert memory_keyring.passwords == {(KEYRING_SERVICE, USER): PASSWORD}
    assert pdf_server.seen("/private/kraska18.pdf")[-1].headers["authorization"] == GOOD_AUTH
    wait_idle(qtbot, window)


def _dialog_text(dialog: LoginDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_declining_the_login_fails_with_advice_and_retry_asks_again(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    memory_keyring: MemoryKeyring,
    qtbot: QtBot,
) -> None:
    window, ids = _private_first_reading(week_8_window, pdf_server, make_pdf(2))

    dialog = _open_login(qtbot, window, lambda: press(qtbot, window, ids[0], RowAction.DOWNLOAD))
    dialog.reject()
    wait_for(qtbot, window, ids[0], FetchState.FAILED)
    url = pdf_server.url("/private/paper.pdf")
    assert row(window, ids[0]).advice.text() == (
        f"{url} needs a login; open it in the browser or attach the PDF."
    )
    assert memory_keyring.passwords == {}
    wait_idle(qtbot, window)

    dialog = _open_login(qtbot, window, lambda: press(qtbot, window, ids[0], RowAction.DOWNLOAD))
    _sign_in(qtbot, dialog)
    wait_for(qtbot, window, ids[0], FetchState.READY)
    wait_idle(qtbot, window)


def test_a_login_in_the_keyring_is_used_without_asking(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    memory_keyring: MemoryKeyring,
    qtbot: QtBot,
) -> None:
    memory_keyring.set_password(KEYRING_SERVICE, USER, PASSWORD)
    window, ids = _private_first_reading(week_8_window, pdf_server, make_pdf(2))
    asked: list[object] = []
    window.login_prompt.dialog_opened.connect(asked.append)
    press(qtbot, window, ids[0], RowAction.DOWNLOAD)
    wait_for(qtbot, window, ids[0], FetchState.READY)
    wait_idle(qtbot, window)
    assert asked == []


def test_closing_the_window_during_the_login_dialog_cancels_the_download(
    week_8_window: Week8Opener,
    make_window: WindowFactory,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    window, ids = _private_first_reading(week_8_window, pdf_server, make_pdf(2))
    dialog = _open_login(qtbot, window, lambda: press(qtbot, window, ids[0], RowAction.DOWNLOAD))
    window.close()
    # The worker waits on the dialog with no time limit of its own: it ends only because
    # closing answered the dialog (the wait bounds a hang).
    assert window.download_runner.wait(10_000)
    assert not dialog.isVisible()
    assert not window.download_runner.running
    assert all("authorization" not in seen.headers for seen in pdf_server.requests)

    # The student did not decline the login, they closed the app: next time the reading is
    # simply not downloaded yet, with no advice about a login.
    again = make_window()
    again.select_week(8)
    assert row(again, ids[0]).status.text() == "Not downloaded"
    assert not row(again, ids[0]).advice.isVisible()


def test_cancel_all_during_the_login_dialog_cancels_the_download(
    week_8_window: Week8Opener,
    pdf_server: PdfServer,
    qtbot: QtBot,
) -> None:
    window, ids = _private_first_reading(week_8_window, pdf_server, make_pdf(2))
    dialog = _open_login(qtbot, window, lambda: press(qtbot, window, ids[0], RowAction.DOWNLOAD))

    assert dialog.isVisible()
    window.downloads_panel.cancel_all.click()
    wait_idle(qtbot, window)

    assert not [shown for shown in window.findChildren(LoginDialog) if shown.isVisible()]
    assert state(window, ids[0]) is FetchState.NOT_FETCHED
    assert row(window, ids[0]).status.text() == "Not downloaded"
    assert window.downloads_panel.summary.text() == "Finished: 1 cancelled"
