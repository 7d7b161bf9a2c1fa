"""``diagnostics`` prints what a bug report needs (versions, the database's state, the shipped
libraries and their licences) and nothing private, as the program runs it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.integration.cli_process import run


def test_diagnostics_reports_the_store_and_the_libraries_but_not_who_you_are(
    data_dir: Path,
) -> None:
    for key, value in (
        ("identity.name", "Ada Quill"),
        ("identity.email", "ada.quill@berkeley.edu"),
        ("identity.student_id", "3031234567"),
    ):
        assert run(data_dir, "config", "set", key, value).returncode == 0

    report = run(data_dir, "diagnostics")

    assert report.returncode == 0, report.stderr
    with sqlite3.connect(data_dir / "study-companion.sqlite3") as db:
        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        readings = db.execute("SELECT count(*) FROM readings WHERE archived_at IS NULL").fetchone()[
            0
        ]
    lines = report.stdout.splitlines()
    assert f"Database revision: {revision}" in lines
    assert f"Readings: {readings}" in lines
    assert f"Data folder: {data_dir}" in lines
    assert any(line.lower().startswith("  pymupdf ") and "AFFERO" in line.upper() for line in lines)
    for private in ("Ada Quill", "ada.quill@berkeley.edu", "3031234567"):
        assert private not in report.stdout
