"""The running window and the backups: it makes the day's copy once shown, and a restore
waits for it to close. The window is the program started as a student starts it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from app.services.app_services import open_services
from app.store.schema_version import DATABASE_NAME
from tests.integration.cli_process import run, start
from tests.integration.damaged_files import one_line_failure
from tests.integration.fixture_databases import every_row
from tests.notification_daemon import stop_child, wait_until


def test_the_shown_window_makes_the_days_backup_and_a_restore_waits_for_it(
    data_dir: Path, tmp_path: Path
) -> None:
    with closing(open_services(data_dir)) as services:
        mine = services.backups.back_up(tmp_path / "mine")  # the student's, not automatic
    database = data_dir / DATABASE_NAME
    window = start(data_dir)  # no command: the window
    try:
        daily = data_dir / "backups"
        wait_until(lambda: any(daily.glob("study-companion-*-daily.sqlite3")), "the day's copy")
        copies = list(daily.glob("study-companion-*-daily.sqlite3"))
        assert len(copies) == 1 and every_row(copies[0])["weeks"] == every_row(database)["weeks"]

        before = every_row(database)
        line = one_line_failure(run(data_dir, "restore", str(mine)))
        assert "window is open" in line and "nothing was changed" in line
        assert every_row(database) == before
    finally:
        stop_child(window)  # type: ignore[arg-type]


def test_a_restore_waits_for_a_command_still_using_the_database(
    data_dir: Path, tmp_path: Path
) -> None:
    with closing(open_services(data_dir)) as services:
        mine = services.backups.back_up(tmp_path / "mine")
    database = data_dir / DATABASE_NAME
    with closing(sqlite3.connect(database)) as busy:  # a sync or download, holding it open
        busy.execute("SELECT count(*) FROM weeks").fetchone()
        line = one_line_failure(run(data_dir, "restore", str(mine)))
    assert "using the database" in line and "nothing was changed" in line
    assert not (data_dir / "backups").exists()  # not even a before-restore copy
