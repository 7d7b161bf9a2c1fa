"""The database file: plain sqlite3 for reads, SQLAlchemy (loaded on first write) for writes.

Reads are what start-up needs, and the standard library's sqlite3 answers them without the
0.2 s SQLAlchemy import. Writes (sync, first-start import) and migrations go through the ORM
models and Alembic, which are loaded the first time they are needed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.damaged_database import DamagedDatabaseError
from app.store.integrity import problem_of
from app.store.schema_version import HEAD_REVISION

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A short read-only connection; rows come back as sqlite3.Row."""
        connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        try:
            yield connection
        finally:
            connection.close()

    @cached_property
    def engine(self) -> Engine:
        from app.store.engine import create_database_engine

        return create_database_engine(self.path)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        from app.store.engine import session_factory

        return session_factory(self.engine)

    def migrate(self) -> None:
        """Create or upgrade the schema; a damaged file is reported, not touched. An existing
        database is copied into ``backups/`` before a migration changes it."""
        if self.path.exists():
            if problem := problem_of(self.path):  # quick_check: milliseconds on a term
                raise DamagedDatabaseError.of(self.path, problem)
            try:
                revision = self._revision()
            except sqlite3.DatabaseError as error:
                raise DamagedDatabaseError.of(self.path, str(error)) from None
            if revision == HEAD_REVISION:
                return
            if revision is not None and revision < HEAD_REVISION:
                self._back_up_before_migration()
        from app.store.engine import migrate

        migrate(self.engine)

    def _back_up_before_migration(self) -> None:
        from datetime import datetime

        from app.store.backup import BACKUP_FOLDER, before_migration, prune, write_backup

        folder = self.path.parent / BACKUP_FOLDER
        now = datetime.now().astimezone()
        write_backup(self.path, folder, before_migration(HEAD_REVISION), now)
        prune(folder)

    def _revision(self) -> str | None:
        with self.reading() as connection:
            has_table = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_table:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return str(row[0]) if row else None

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
