"""Keeping the student's term safe: backups (daily, on request, before a restore), the
database's check, restoring a copy, and what to say when the database is damaged.

Built from the data directory alone, never through ``open_services``: ``check`` and
``restore`` must work on a database that cannot be opened, and ``backup`` copies the file as
it is (a migration is the next start's business, with its own backup first).
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.errors import UserFacingError
from app.services.clock import Clock, SystemClock
from app.store import backup as copies
from app.store.backup import BackupFile
from app.store.damaged_database import DamagedDatabaseError
from app.store.integrity import in_use, problem_of, stored_revision
from app.store.paths import data_dir as resolve_data_dir
from app.store.schema_version import DATABASE_NAME, HEAD_REVISION

DAILY_INTERVAL = timedelta(hours=24)
PROGRAM = "study-companion"


class RestoreError(UserFacingError):
    """A restore refused before anything changed; str() says why and what to do."""


@dataclass(frozen=True)
class ListedBackup:
    backup: BackupFile
    problem: str | None  # None: passes SQLite's quick check


@dataclass(frozen=True)
class Health:
    database: Path
    exists: bool
    problem: str | None  # None: sound (or no database yet)
    newest_good: BackupFile | None


@dataclass(frozen=True)
class Restored:
    source: Path
    kept_as: Path | None  # the database replaced, backed up as before-restore
    moved_aside: Path | None  # or, damaged, renamed beside itself


class BackupService:
    def __init__(self, data_dir: Path, clock: Clock) -> None:
        self.data_dir = data_dir
        self.database = data_dir / DATABASE_NAME
        self.folder = data_dir / copies.BACKUP_FOLDER
        self.clock = clock

    def back_up(self, to: Path | None = None) -> Path:
        """A copy the student asked for: into ``backups/``, or the folder ``to`` (never
        rotated either way)."""
        if not self.database.exists():
            raise UserFacingError(f"there is no database to back up yet at {self.database}")
        if problem := problem_of(self.database):  # said as the start says it, before any copy
            raise self.explained(DamagedDatabaseError.of(self.database, problem))
        target = self.folder if to is None else to.expanduser().resolve()
        if target.exists() and not target.is_dir():
            raise UserFacingError(f"--to {to} is a file, not a folder")
        try:
            return copies.write_backup(self.database, target, copies.MANUAL, self.clock.now())
        except DamagedDatabaseError as error:
            raise self.explained(error) from None

    def daily_if_due(self) -> Path | None:
        """The day's copy when the newest automatic one is older than a day; then the
        oldest automatic ones beyond the seventh go. A damaged database is not copied
        (DamagedDatabaseError) and nothing is rotated."""
        if not self.database.exists():
            return None
        now = self.clock.now()
        newest = next((b for b in copies.backups_in(self.folder) if b.automatic), None)
        if newest is not None and now - newest.taken_at < DAILY_INTERVAL:
            return None
        written = copies.write_backup(self.database, self.folder, copies.DAILY, now)
        copies.prune(self.folder)
        return written

    def listed(self) -> list[ListedBackup]:
        """Every backup in ``backups/``, newest first, each with its quick check."""
        return [
            ListedBackup(backup, problem_of(backup.path))
            for backup in copies.backups_in(self.folder)
        ]

    def health(self, *, thorough: bool = True) -> Health:
        exists = self.database.exists()
        problem = problem_of(self.database, thorough=thorough) if exists else None
        return Health(
            self.database, exists, problem, copies.newest_good(self.folder) if problem else None
        )

    def newest_good(self) -> BackupFile | None:
        return copies.newest_good(self.folder)

    def move_aside(self) -> Path:
        """The damaged database renamed beside itself (never deleted); the next open starts
        fresh."""
        return copies.move_aside(self.database, self.clock.now())

    def restore(self, file: Path) -> Restored:
        """Put the copy ``file`` in place of the database, after checking it. The database
        replaced is backed up as ``before-restore`` first (or, damaged, moved aside)."""
        source = file.expanduser().resolve()
        self._check_restorable(source)
        self._check_not_in_use()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        temporary = self.database.with_name(
            f".{DATABASE_NAME}.restoring.{os.getpid()}{copies.PARTIAL_SUFFIX}"
        )
        try:
            copies.copy_database(source, temporary)
            kept = moved = None
            if self.database.exists():
                if problem_of(self.database) is None:
                    kept = copies.write_backup(
                        self.database, self.folder, copies.BEFORE_RESTORE, self.clock.now()
                    )
                else:
                    moved = self.move_aside()
            copies.put_in_place(temporary, self.database)
        finally:
            temporary.unlink(missing_ok=True)
        return Restored(source, kept, moved)

    def explained(self, error: DamagedDatabaseError) -> DamagedDatabaseError:
        """``error`` with the way out: the newest good backup's restore command, or moving
        the file aside."""
        database = error.path or self.database
        good = copies.newest_good(self.folder)
        command = PROGRAM
        if self.data_dir != resolve_data_dir(None):  # the student's command named it
            command += f" --data-dir {shlex.quote(str(self.data_dir))}"
        aside = f"mv {shlex.quote(str(database))} {shlex.quote(str(database) + '.damaged')}"
        if good is None:
            way_out = f"No good backup was found: move it aside to start fresh: {aside}"
        else:
            way_out = (
                f"Restore the newest good backup, from {when(good.taken_at, self.clock.now())}: "
                f"{command} restore {shlex.quote(str(good.path))} (or move it aside to start "
                f"fresh: {aside})"
            )
        return DamagedDatabaseError(f"{error}. {way_out}", database, error.problem)

    def _check_restorable(self, source: Path) -> None:
        if source == self.database.resolve():
            raise RestoreError(f"{source} is the database itself: give a backup to restore")
        if problem := problem_of(source, thorough=True):
            raise RestoreError(f"{source} cannot be restored: {problem}; nothing was changed")
        revision = stored_revision(source)
        if revision is None:
            raise RestoreError(f"{source} is not a Study Companion database; nothing was changed")
        if revision > HEAD_REVISION:
            raise RestoreError(
                f"{source} was written by a newer Study Companion (schema {revision}, this one "
                f"knows up to {HEAD_REVISION}): update the app first; nothing was changed"
            )

    def _check_not_in_use(self) -> None:
        from app.notify.window_channel import SHOW, ask_window

        if ask_window(self.data_dir, SHOW) is not None:  # raised: the student sees which
            raise RestoreError(
                "the Study Companion window is open on this data directory: close it, then "
                "restore again; nothing was changed"
            )
        if self.database.exists() and in_use(self.database):
            raise RestoreError(
                "another Study Companion program is using the database (a sync, a download or "
                "the reminder check): let it finish, then restore again; nothing was changed"
            )


def when(taken: datetime, now: datetime) -> str:
    """'Mon 30 Nov 14:02', with the year when it is not this one."""
    local = taken.astimezone()
    if local.year != now.astimezone().year:
        return local.strftime("%a %d %b %Y %H:%M")
    return local.strftime("%a %d %b %H:%M")


def backup_service(data_dir: str | Path | None = None, clock: Clock | None = None) -> BackupService:
    """The backups of the data directory the commands resolve (``--data-dir``, the
    environment, the platform's), without opening the database."""
    return BackupService(resolve_data_dir(data_dir), clock or SystemClock())


def damage_in(error: BaseException, data_dir: str | Path | None) -> DamagedDatabaseError | None:
    """``error`` as a damaged database with its way out, when it is SQLite saying the file is
    damaged (directly, or inside SQLAlchemy's error); None for any other failure."""
    import sqlite3

    cause = getattr(error, "orig", error)  # SQLAlchemy keeps the driver's error there
    if not isinstance(cause, sqlite3.DatabaseError):
        return None
    words = str(cause)
    name = getattr(cause, "sqlite_errorname", "") or ""
    damaged = name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB"
    if not (damaged or "malformed" in words or "not a database" in words):
        return None  # locked, read-only, a full disk, a constraint (a bug): not damage
    service = backup_service(data_dir)
    return service.explained(DamagedDatabaseError.of(service.database, words))
