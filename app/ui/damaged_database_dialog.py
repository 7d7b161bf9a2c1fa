"""Before the window: the database is damaged. Say what is wrong, and offer the ways out:
restore the newest good backup, move the file aside and start fresh, or quit.

Nothing here deletes or overwrites: moving aside renames the file (``.damaged-…``), and a
restore keeps the replaced file the same way (``BackupService.restore``).
"""

from __future__ import annotations

import logging
from enum import Enum
from html import escape
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import UserFacingError
from app.services.app_services import AppServices, open_services
from app.services.backup import BackupService, Health, backup_service, when
from app.store.damaged_database import DamagedDatabaseError

log = logging.getLogger(__name__)

APP_NAME = "Study Companion"


class Choice(Enum):
    RESTORE = "restore"
    MOVE_ASIDE = "move aside"
    QUIT = "quit"


class DamagedDatabaseDialog(QMessageBox):
    def __init__(self, health: Health, now_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDatabaseDialog")
        self.setWindowTitle(f"{APP_NAME}: the database is damaged")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setText("<b>Your study database is damaged.</b>")
        good = health.newest_good
        problem = escape(_sentence(health.problem or "it cannot be read"))
        paragraphs = [f"Study Companion cannot use it: {problem} Nothing was changed."]
        if good is not None:
            paragraphs.append(
                f"The newest good backup is from {escape(now_text)}. Restoring it brings back "
                "the term, annotations, review drafts and outbox as they were then; the "
                "damaged file is kept beside it."
            )
        else:
            paragraphs.append("No good backup was found.")
        paragraphs.append(
            f"{'Or move' if good else 'Move'} it aside: the file is renamed, never deleted, "
            "and you start with a fresh term. Your PDFs stay where they are."
        )
        paragraphs.append(f"<small>The file: {escape(str(health.database))}</small>")
        self.setInformativeText("".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))
        self.restore_button = None
        if good is not None:
            self.restore_button = self.addButton(
                f"Restore backup from {now_text}", QMessageBox.ButtonRole.AcceptRole
            )
        self.move_aside_button = self.addButton(
            "Move it aside and start fresh", QMessageBox.ButtonRole.DestructiveRole
        )
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.move_aside_button)
        self.setEscapeButton(self.quit_button)

    def choice(self) -> Choice:
        clicked = self.clickedButton()
        if clicked is not None and clicked is self.restore_button:
            return Choice.RESTORE
        if clicked is self.move_aside_button:
            return Choice.MOVE_ASIDE
        return Choice.QUIT


def open_or_rescue(
    data_dir: str | Path | None, damaged: DamagedDatabaseError
) -> AppServices | None:
    """After ``open_services`` found the database damaged: ask, act, open again. The
    services over the restored or fresh database; None when the student quits."""
    backups = backup_service(data_dir)
    while True:
        log.warning("%s", damaged)
        health = backups.health(thorough=False)
        if health.problem is None:  # SQLite failed past the quick check (a migration's read)
            health = Health(health.database, True, damaged.problem, backups.newest_good())
        choice = _ask(health, backups)
        if choice is Choice.QUIT:
            return None
        try:
            _act(choice, health, backups)
            return open_services(data_dir)
        except DamagedDatabaseError as again:
            damaged = again
        except (UserFacingError, OSError) as refused:  # a restore refused, a rename denied
            QMessageBox.warning(None, APP_NAME, str(refused))


def _ask(health: Health, backups: BackupService) -> Choice:
    good = health.newest_good
    dialog = DamagedDatabaseDialog(health, when(good.taken_at, backups.clock.now()) if good else "")
    dialog.exec()
    return dialog.choice()


def _act(choice: Choice, health: Health, backups: BackupService) -> None:
    if choice is Choice.RESTORE and health.newest_good is not None:
        done = backups.restore(health.newest_good.path)
        log.warning("restored %s; the damaged one is kept as %s", done.source, done.moved_aside)
    elif choice is Choice.MOVE_ASIDE and backups.database.exists():
        log.warning("the damaged database is kept as %s", backups.move_aside())


def _sentence(problem: str) -> str:
    text = problem[:1].upper() + problem[1:]
    return text if text.endswith(".") else f"{text}."
