"""The backups on disk: one a day, seven automatic ones kept, one before every migration, none
half-written, none made of (or rotated away by) a damaged database."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError as SqlAlchemyError

from app.services.app_services import open_services
from app.services.backup import BackupService, damage_in
from app.store.damaged_database import DamagedDatabaseError
from app.store.schema_version import DATABASE_NAME, HEAD_REVISION
from tests.integration.cli_process import environment, run
from tests.integration.damaged_files import DAMAGES, damage
from tests.integration.fixture_databases import DATABASES, every_row, stored_revision

START = datetime.fromisoformat("2026-11-02T08:30:00-08:00")


class SettableClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def set(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def _name(moment: datetime, reason: str) -> str:
    return f"study-companion-{moment.astimezone():%Y%m%d-%H%M%S}-{reason}.sqlite3"


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def test_one_backup_a_day_and_the_seven_newest_automatic_ones_kept(data_dir: Path) -> None:
    clock = SettableClock(START)
    open_services(data_dir, clock=clock).close()
    backups = BackupService(data_dir, clock)
    mine = backups.back_up()  # the student's: never rotated
    days = [START + timedelta(days=day, minutes=day) for day in range(10)]
    for moment in days:
        clock.set(moment)
        assert backups.daily_if_due() == data_dir / "backups" / _name(moment, "daily")
        clock.set(moment + timedelta(hours=23))  # later the same day: not due
        assert backups.daily_if_due() is None
    assert _names(data_dir / "backups") == {mine.name} | {
        _name(moment, "daily") for moment in days[-7:]
    }


def test_a_damaged_database_is_not_copied_and_rotates_nothing_away(data_dir: Path) -> None:
    clock = SettableClock(START)
    open_services(data_dir, clock=clock).close()
    backups = BackupService(data_dir, clock)
    for day in range(7):
        clock.set(START + timedelta(days=day))
        backups.daily_if_due()
    kept = _names(data_dir / "backups")
    damage(data_dir / DATABASE_NAME, DAMAGES["garbage in its middle pages"])
    clock.set(START + timedelta(days=30))
    with pytest.raises(DamagedDatabaseError):
        backups.daily_if_due()
    assert _names(data_dir / "backups") == kept  # the seven good ones are all still there


def test_a_migration_is_preceded_by_a_backup_of_the_old_revision(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    shutil.copy(DATABASES / "0006_outbox.sqlite3", data_dir / DATABASE_NAME)
    before = every_row(data_dir / DATABASE_NAME)
    open_services(data_dir).close()
    assert stored_revision(data_dir / DATABASE_NAME) == HEAD_REVISION
    copies = list((data_dir / "backups").glob(f"*-before-migration-{HEAD_REVISION}.sqlite3"))
    assert len(copies) == 1
    assert stored_revision(copies[0]) == "0006"
    assert every_row(copies[0]) == before
    open_services(data_dir).close()  # at head: no migration, no second copy
    assert len(list((data_dir / "backups").iterdir())) == 1


def test_a_first_start_makes_no_backup(data_dir: Path) -> None:
    open_services(data_dir).close()
    assert not (data_dir / "backups").exists()


# The program that copies, held inside the backup API's step until the test kills it.
_HELD_COPY = """
import sys
from datetime import datetime
from pathlib import Path
from app.store.backup import write_backup

def held(remaining, total):
    print("copying", flush=True)
    sys.stdin.readline()  # the test kills us here

write_backup(Path(sys.argv[1]), Path(sys.argv[2]), "manual", datetime.now().astimezone(),
             progress=held)
"""


def test_a_backup_killed_half_way_leaves_nothing_at_a_backup_name(data_dir: Path) -> None:
    open_services(data_dir).close()
    folder = data_dir / "backups"
    process = subprocess.Popen(
        [sys.executable, "-c", _HELD_COPY, str(data_dir / DATABASE_NAME), str(folder)],
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "copying\n"
        in_flight = _names(folder)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert in_flight and all(name.startswith(".") for name in in_flight)  # hidden, temporary
    assert not list(folder.glob("study-companion-*"))
    services = open_services(data_dir)
    try:
        written = services.backups.back_up()
    finally:
        services.close()
    assert _names(folder) == {written.name}  # the next copy cleared what the killed one left


def test_the_background_reminder_check_makes_the_days_backup(data_dir: Path) -> None:
    open_services(data_dir).close()
    for _ in range(2):  # the second check, the same day, finds it made
        result = run(data_dir, "remind", "--no-wait")
        assert result.returncode == 0, result.stderr
    copies = list((data_dir / "backups").glob("study-companion-*-daily.sqlite3"))
    assert len(copies) == 1
    assert every_row(copies[0]) == every_row(data_dir / DATABASE_NAME)


def test_damage_met_mid_command_is_told_with_its_way_out_and_other_failures_are_not(
    data_dir: Path,
) -> None:
    open_services(data_dir).close()
    good = BackupService(data_dir, SettableClock(START)).back_up()
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    for error in (malformed, SqlAlchemyError("SELECT 1", None, malformed)):
        told = damage_in(error, data_dir)
        assert told is not None and f"restore {good}" in str(told)
    assert damage_in(sqlite3.OperationalError("database is locked"), data_dir) is None
    assert damage_in(ValueError("no"), data_dir) is None
