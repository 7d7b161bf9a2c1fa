"""Copies of the database: written whole or not at all, listed, rotated, put back.

A copy goes through SQLite's backup API (a consistent snapshot, WAL frames included, while
the app may be writing) into a hidden temporary name beside its final one, is checked,
fsynced and renamed: a copy killed half-way never sits at a backup's name. The copy is a
single file in rollback-journal mode, so a backup needs no -wal beside it.

Names say when and why: ``study-companion-YYYYMMDD-HHMMSS-REASON.sqlite3`` in local time.
Automatic copies (``daily``, ``before-migration-NNNN``) are rotated, the newest
``KEEP_AUTOMATIC`` kept; the student's own (``manual``, ``before-restore``) never are.
PDFs are not copied: they live in ``library/``, outside the database, and can be fetched
again; annotations, drafts, the outbox and its receipts are rows, so every copy holds them.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.store.damaged_database import DamagedDatabaseError
from app.store.integrity import problem_of

BACKUP_FOLDER = "backups"
KEEP_AUTOMATIC = 7
DAILY, MANUAL, BEFORE_RESTORE = "daily", "manual", "before-restore"
PARTIAL_SUFFIX = ".partial"
_NAME = re.compile(r"^study-companion-(\d{8})-(\d{6})(?:-([a-z0-9][a-z0-9-]*))?\.sqlite3$")
_STEP_PAGES = 1024  # pages per backup step: a writer is not held off for a whole large copy


def before_migration(revision: str) -> str:
    return f"before-migration-{revision}"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # local, from the name
    reason: str  # "" when the name gives none
    size: int

    @property
    def automatic(self) -> bool:
        return self.reason == DAILY or self.reason.startswith("before-migration")


def backup_name(now: datetime, reason: str) -> str:
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    return f"study-companion-{stamp}{'-' if reason else ''}{reason}.sqlite3"


def write_backup(
    database: Path,
    folder: Path,
    reason: str,
    now: datetime,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy ``database`` into ``folder``; the copy's path. A damaged database is not copied
    (DamagedDatabaseError); ``progress(remaining, total)`` hears each step (pages)."""
    folder.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_copies(folder)
    final = folder / backup_name(now, reason)
    temporary = folder / f".{final.name}.{os.getpid()}{PARTIAL_SUFFIX}"
    try:
        copy_database(database, temporary, progress=progress)
        if problem := problem_of(temporary):
            raise DamagedDatabaseError.of(database, problem)
        temporary.replace(final)
        _sync_folder(folder)
    finally:
        temporary.unlink(missing_ok=True)
    return final


def copy_database(
    source: Path, target: Path, *, progress: Callable[[int, int], None] | None = None
) -> None:
    """``source`` into a new file ``target`` with the backup API, fsynced before it returns."""
    target.unlink(missing_ok=True)
    reading = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        with closing(sqlite3.connect(target)) as copy:
            step = None if progress is None else lambda _status, left, total: progress(left, total)
            reading.backup(copy, pages=_STEP_PAGES, progress=step)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file: no -wal to carry along
    except sqlite3.DatabaseError as error:
        raise DamagedDatabaseError.of(source, str(error)) from None
    finally:
        reading.close()
    _sync_file(target)


def backups_in(folder: Path) -> list[BackupFile]:
    """The backups in ``folder`` (files named as ours), newest first."""
    found = []
    for path in folder.glob("study-companion-*.sqlite3") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match is None:
            continue
        try:
            taken = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").astimezone()
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupFile(path, taken, match[3] or "", size))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)


def newest_good(folder: Path) -> BackupFile | None:
    """The newest backup that passes SQLite's quick check."""
    return next((backup for backup in backups_in(folder) if problem_of(backup.path) is None), None)


def prune(folder: Path, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``; the paths deleted. Called only
    after a new copy was written and checked, so what stays includes a good one."""
    automatic = [backup for backup in backups_in(folder) if backup.automatic]
    removed = []
    for backup in automatic[keep:]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def move_aside(database: Path, now: datetime) -> Path:
    """Rename ``database`` (and its -wal, -shm) to ``<name>.damaged-YYYYMMDD-HHMMSS``; never
    deletes. The new name of the database file."""
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm", ""):  # the database last: it names the set
        part = database.with_name(database.name + suffix)
        if part.exists():
            part.replace(aside.with_name(aside.name + suffix))
    _sync_folder(database.parent)
    return aside


def put_in_place(copy: Path, database: Path) -> None:
    """Replace ``database`` by ``copy`` (a checked database in the same folder). The old
    -wal and -shm go first: SQLite would replay their frames onto the new file."""
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    copy.replace(database)
    _sync_folder(database.parent)


def _remove_abandoned_copies(folder: Path) -> None:
    """Temporary copies left by a process killed while writing (its pid is gone)."""
    for partial in folder.glob(f".*{PARTIAL_SUFFIX}"):
        pid = partial.name.removesuffix(PARTIAL_SUFFIX).rpartition(".")[2]
        if pid.isdigit() and not _running(int(pid)):
            partial.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """A rename is durable once its folder is synced (where the system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
