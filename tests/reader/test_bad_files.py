"""Bad files in a tab: a password is asked for inline, a damaged file opens with a banner, an
empty or non-PDF file says what is wrong; none of them crashes or holds up another tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.reader import expected
from tests.reader.conftest import Files, OpenTab, painted, settle
from tests.reader.papers import PASSWORD


def test_an_encrypted_file_asks_for_its_password(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    locked = open_tab(files.encrypted)
    other = open_tab(files.paper.path)  # reading goes on elsewhere while it asks
    assert locked.state == "password"
    page = locked.password_page
    assert locked.stack.currentWidget() is page
    assert "password" in page.prompt.text()
    qtbot.keyClicks(page.field, "wrong guess")
    qtbot.keyClick(page.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.error.isVisible())
    assert locked.state == "password" and "Wrong password" in page.error.text()
    assert page.field.isEnabled() and page.field.text() == ""
    other.view.go_to(6)
    settle(qtbot, other)
    assert 6 in painted(other)
    qtbot.keyClicks(page.field, PASSWORD)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: locked.state == "reading")
    settle(qtbot, locked)
    assert 0 in painted(locked)


def test_a_damaged_file_opens_with_a_banner(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.truncated)
    assert tab.state == "reading"
    assert tab.banner.isVisible()
    assert "damaged" in tab.banner.text
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_End)  # pages past the damage do not crash anything
    settle(qtbot, tab)
    last = expected.page_count(files.truncated) - 1  # the last page PyMuPDF's repair recovers
    assert tab.view.current_page() == last and last in painted(tab)


def test_an_empty_file_says_so(open_tab: OpenTab, files: Files) -> None:
    tab = open_tab(files.empty)
    assert tab.state == "failed"
    assert tab.stack.currentWidget() is tab.message_page
    assert "empty" in tab.message_page.text.text()
    assert not tab.toolbar.isVisible()


def test_a_web_page_named_pdf_says_so(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.html)
    failures: list[str] = []
    tab.failed.connect(failures.append)
    assert tab.state == "failed"
    assert "web page" in tab.message_page.text.text()
    qtbot.mouseClick(tab.message_page.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(failures))  # tried again, failed again, still no crash
    assert tab.state == "failed"


def test_a_file_replaced_after_a_failure_opens_on_try_again(
    open_tab: OpenTab, files: Files, qtbot: QtBot, tmp_path: object
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    path = tmp_path / "later.pdf"
    path.write_bytes(b"")
    tab = open_tab(path)
    assert tab.state == "failed"
    path.write_bytes(files.paper.path.read_bytes())  # the download finished meanwhile
    qtbot.mouseClick(tab.message_page.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.state == "reading")
    settle(qtbot, tab)
    assert 0 in painted(tab)
