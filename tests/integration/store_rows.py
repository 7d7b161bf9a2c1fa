"""The store as plain sqlite3 reads it (not through our code): equal reads, nothing written."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from app.store.schema_version import DATABASE_NAME


def table_rows(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read with plain sqlite3 (not through our code)."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
