"""The SQLAlchemy side of the database: engine (WAL, foreign keys on), sessions, Alembic.

Imported only when something is written or migrated (see database.py): SQLAlchemy alone costs
about 0.2 s of start-up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from app.store.damaged_database import DamagedDatabaseError
from app.store.schema_version import HEAD_REVISION

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode; a crash keeps commits
    cursor.close()


def create_database_engine(path: Path) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (creating it in an empty file)."""
    try:
        if current_revision(engine) != HEAD_REVISION:
            _upgrade(engine)
    except exc.DatabaseError as error:
        raise DamagedDatabaseError.of(engine.url.database, str(error.orig)) from None


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    log.info("migrating database schema to %s", HEAD_REVISION)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
