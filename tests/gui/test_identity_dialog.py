"""View > Your name and email for forms…: what is saved there is what a later run of the app
reads (``identity.*`` through the config service); a value the setting refuses is said in
the dialog, which stays open, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.domain.identity import Identity
from app.services.app_services import open_services
from app.ui.identity_dialog import IdentityDialog
from app.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import click


def opened(window: MainWindow, qtbot: QtBot) -> IdentityDialog:
    window.review.identity_action.trigger()
    dialog = window.review.identity_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def fill(qtbot: QtBot, dialog: IdentityDialog, name: str, email: str, sid: str) -> None:
    for field, text in ((dialog.name, name), (dialog.email, email), (dialog.student_id, sid)):
        field.clear()
        click(qtbot, field)
        qtbot.keyClicks(field, text)


def saved(dialog: IdentityDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    button.click()


def later_run(data_dir: Path) -> Identity:
    services = open_services(data_dir)
    try:
        return services.config.identity()
    finally:
        services.close()


def test_what_is_saved_is_what_the_next_start_reads(
    make_window: WindowFactory, data_dir: Path, qtbot: QtBot
) -> None:
    window = make_window()
    dialog = opened(window, qtbot)
    assert (dialog.name.text(), dialog.email.text()) == ("", "")

    fill(qtbot, dialog, "Ada Lovelace", "ada@berkeley.edu", "3031234567")
    saved(dialog)

    qtbot.waitUntil(lambda: window.review.identity_dialog is None)
    assert later_run(data_dir) == Identity("Ada Lovelace", "ada@berkeley.edu", "3031234567")
    again = opened(window, qtbot)
    assert again.email.text() == "ada@berkeley.edu" and again.name.text() == "Ada Lovelace"
    again.reject()


def test_an_address_the_setting_refuses_is_said_and_nothing_is_stored(
    make_window: WindowFactory, data_dir: Path, qtbot: QtBot
) -> None:
    window = make_window()
    dialog = opened(window, qtbot)
    fill(qtbot, dialog, "Ada Lovelace", "ada at berkeley", "3031234567")

    saved(dialog)

    assert dialog.isVisible() and dialog.error.isVisible()
    assert "'ada at berkeley' is not an email address" in dialog.error.text()
    dialog.reject()
    assert later_run(data_dir) == Identity()
