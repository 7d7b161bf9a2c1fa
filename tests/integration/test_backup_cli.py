"""``backup``, ``restore`` and ``check`` as a student runs them, on a database full of a term's
work: the 0006 fixture (annotations, review drafts, an outbox with its receipts, settings,
made by that commit's command line), upgraded by the first command. What each copy holds is
read with plain sqlite3, apart from the code under test."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from app.services.app_services import open_services
from app.store.schema_version import DATABASE_NAME
from tests.integration.cli_process import run
from tests.integration.damaged_files import DAMAGES, damage, one_line_failure
from tests.integration.fixture_databases import DATABASES, Rows, every_row

STUDENT_WORK = ("annotations", "reviews", "outbox", "outbox_receipts", "settings")
BACKUP_NAME = re.compile(r"study-companion-\d{8}-\d{6}-manual\.sqlite3")


@pytest.fixture
def term(data_dir: Path) -> Path:
    """The 0006 student's data directory, upgraded to head by a first start."""
    data_dir.mkdir(parents=True)
    shutil.copy(DATABASES / "0006_outbox.sqlite3", data_dir / DATABASE_NAME)
    open_services(data_dir).close()  # the first start after the update: migrated
    return data_dir


def _work(rows: Rows) -> Rows:
    return {table: rows[table] for table in STUDENT_WORK}


def _written(result_stdout: str) -> Path:
    lines = result_stdout.strip().splitlines()
    assert len(lines) == 1, result_stdout
    return Path(lines[0])


def test_a_backup_holds_the_whole_term_and_a_restore_brings_it_back(term: Path) -> None:
    database = term / DATABASE_NAME
    before = every_row(database)
    assert all(before[table] for table in STUDENT_WORK), "the fixture lost its student work"

    made = run(term, "backup")
    assert made.returncode == 0, made.stderr
    backup = _written(made.stdout)
    assert backup.parent == term / "backups" and BACKUP_NAME.fullmatch(backup.name)
    assert every_row(backup) == before  # annotations, drafts, outbox, receipts: all of it
    # Only databases in backups/: the PDFs stay in library/, never copied.
    assert {path.suffix for path in (term / "backups").iterdir()} == {".sqlite3"}

    changed = run(term, "config", "set", "identity.name", "Someone Else")
    assert changed.returncode == 0, changed.stderr
    after_change = every_row(database)
    assert after_change["settings"] != before["settings"]

    restored = run(term, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert every_row(database) == before
    kept = [
        path
        for path in (term / "backups").iterdir()
        if path.name.endswith("-before-restore.sqlite3")
    ]
    assert len(kept) == 1 and str(kept[0]) in restored.stdout  # it says where the old one went
    assert every_row(kept[0]) == after_change
    # The restored database is the app's again: the next command reads it.
    assert run(term, "check").stdout.startswith("ok")
    assert run(term, "config", "get", "identity.name").stdout.strip() != "Someone Else"


def test_backup_to_a_folder_of_the_students(term: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb stick"
    made = run(term, "backup", "--to", str(usb))
    assert made.returncode == 0, made.stderr
    backup = _written(made.stdout)
    assert backup.parent == usb and BACKUP_NAME.fullmatch(backup.name)
    assert _work(every_row(backup)) == _work(every_row(term / DATABASE_NAME))


def test_the_list_says_when_how_big_and_whether_each_backup_is_sound(term: Path) -> None:
    good = _written(run(term, "backup").stdout)
    listed = run(term, "backup", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    entries = {Path(entry["path"]).name: entry for entry in json.loads(listed.stdout)}
    # The upgrade at the first start copied the 0006 database first.
    assert [name for name in entries if name.endswith("-before-migration-0007.sqlite3")]
    assert entries[good.name]["ok"] is True
    assert entries[good.name]["size"] == good.stat().st_size
    damage(good, DAMAGES["cut short"])
    relisted = json.loads(run(term, "backup", "--list", "--json").stdout)
    entries = {Path(entry["path"]).name: entry for entry in relisted}
    assert entries[good.name]["ok"] is False and "cut short" in entries[good.name]["problem"]


def test_restore_refuses_a_file_that_is_no_sound_database_and_changes_nothing(
    term: Path, tmp_path: Path
) -> None:
    database = term / DATABASE_NAME
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    notes = tmp_path / "notes.sqlite3"
    damage(notes, DAMAGES["a text file"])
    line = one_line_failure(run(term, "restore", str(notes)))
    assert "not a SQLite database" in line and "nothing was changed" in line
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert not [path for path in (term / "backups").iterdir() if "before-restore" in path.name]


def test_check_says_ok_on_a_sound_database_and_names_the_newest_backup(term: Path) -> None:
    result = run(term, "check")
    assert result.returncode == 0 and result.stdout.startswith("ok"), result.stderr
    (upgrade_copy,) = (term / "backups").iterdir()  # made before the upgrade
    assert str(upgrade_copy) in result.stdout.splitlines()[1]


@pytest.mark.parametrize("how", DAMAGES.values(), ids=DAMAGES.keys())
@pytest.mark.parametrize("command", [("check",), ("due",), ("backup",)])
def test_a_damaged_database_is_one_line_naming_the_newest_good_backup(
    term: Path, how: object, command: tuple[str, ...]
) -> None:
    good = _written(run(term, "backup").stdout)
    database = term / DATABASE_NAME
    damage(database, how)  # type: ignore[arg-type]
    damaged_bytes = database.read_bytes()
    backups = sorted(path.name for path in (term / "backups").iterdir())

    line = one_line_failure(run(term, *command))
    assert "damaged" in line and str(database) in line
    assert f"restore {good}" in line  # the way out, to copy and paste
    # Never overwritten: not migrated, not written, no backup made or rotated.
    assert database.read_bytes() == damaged_bytes
    assert sorted(path.name for path in (term / "backups").iterdir()) == backups


def test_with_no_good_backup_the_way_out_is_moving_it_aside(term: Path) -> None:
    shutil.rmtree(term / "backups")
    damage(term / DATABASE_NAME, DAMAGES["garbage in its middle pages"])
    line = one_line_failure(run(term, "check"))
    assert "No good backup" in line and "move it aside" in line


@pytest.mark.parametrize("how", DAMAGES.values(), ids=DAMAGES.keys())
def test_restore_replaces_a_damaged_database_and_keeps_it_aside(term: Path, how: object) -> None:
    good = _written(run(term, "backup").stdout)
    database = term / DATABASE_NAME
    damage(database, how)  # type: ignore[arg-type]
    damaged_bytes = database.read_bytes()

    restored = run(term, "restore", str(good))
    assert restored.returncode == 0, restored.stderr
    assert every_row(database) == every_row(good)
    aside = list(term.glob(f"{DATABASE_NAME}.damaged-*[0-9]"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes
    assert str(aside[0]) in restored.stdout
    assert run(term, "check").returncode == 0
