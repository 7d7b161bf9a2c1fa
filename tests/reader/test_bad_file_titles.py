"""Issue 12: a damaged, locked or unreadable file is named by the paper's title in its tab
(downloads are stored under generated names a student never chose), not by its file name."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.reader.conftest import Files, OpenTab

TITLE = "Attention Is All You Need"


def test_a_damaged_file_banner_names_the_paper(open_tab: OpenTab, files: Files) -> None:
    tab = open_tab(files.truncated, title=TITLE)
    assert tab.state == "reading"
    assert f"“{TITLE}” is damaged" in tab.banner.text
    assert files.truncated.name not in tab.banner.text


def test_a_password_page_names_the_paper(open_tab: OpenTab, files: Files) -> None:
    tab = open_tab(files.encrypted, title=TITLE)
    assert tab.state == "password"
    prompt = tab.password_page.prompt.text()
    assert TITLE in prompt and files.encrypted.name not in prompt


def test_an_empty_file_page_names_the_paper(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.empty, title=TITLE)
    assert tab.state == "failed"
    shown = tab.message_page.text.text()
    assert f"“{TITLE}” is empty" in shown and files.empty.name not in shown


def test_without_a_title_the_file_name_is_said(open_tab: OpenTab, files: Files) -> None:
    tab = open_tab(files.empty)
    assert files.empty.name in tab.message_page.text.text()
