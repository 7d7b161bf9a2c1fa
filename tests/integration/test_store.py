"""The SQLite store on a real file: migrations, pragmas, schema, round trips and transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.domain.changes import MergePlan, plan_merge
from app.domain.provenance import Origin, SyncRecord
from app.resources import embedded_syllabus_path
from app.services.app_services import open_services
from app.store import engine as store_engine
from app.store.course_store import CourseStore
from app.store.database import Database
from app.store.engine import (
    create_database_engine,
    current_revision,
    migrate,
    session_factory,
)
from app.store.models import Base, ReadingRow
from app.store.paths import data_dir as resolve_data_dir
from app.store.schema_version import DATABASE_NAME, HEAD_REVISION
from app.syllabus import json_format
from tests.integration.store_rows import table_rows

MOMENT = datetime(2022, 2, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    created = create_database_engine(tmp_path / "data" / DATABASE_NAME)
    migrate(created)
    yield created
    created.dispose()


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Iterator[CourseStore]:
    opened = Database(tmp_path / "data" / DATABASE_NAME)
    yield CourseStore(opened)
    opened.close()


def test_head_revision_constant_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(store_engine.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD_REVISION]


def test_migrate_records_the_head_revision_and_a_second_run_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "fresh" / DATABASE_NAME
    engine = create_database_engine(path)
    try:
        assert current_revision(engine) is None
        migrate(engine)
        assert current_revision(engine) == HEAD_REVISION
        schema = _schema(engine)
        migrate(engine)
        assert current_revision(engine) == HEAD_REVISION
        assert _schema(engine) == schema
        assert {name for name, _ in schema} == {*Base.metadata.tables, "alembic_version"}
    finally:
        engine.dispose()


def _schema(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        )
        return [(name, sql) for name, sql in rows]


def test_wal_mode_and_foreign_keys_are_on(engine: Engine, tmp_path: Path) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    # WAL is a property of the file: any other program opening it sees it too.
    with closing(sqlite3.connect(tmp_path / "data" / DATABASE_NAME)) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_reading_cannot_point_at_a_week_that_does_not_exist(engine: Engine) -> None:
    sessions = session_factory(engine)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sessions.begin() as session:
        session.add(ReadingRow(id="orphan", week_id=999, position=0, title="t", required=True))


def test_the_migrated_schema_is_the_models_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        inspector = inspect(connection)
        migrated = {
            name: {
                column["name"]: (str(column["type"]), column["nullable"])
                for column in inspector.get_columns(name)
            }
            for name in inspector.get_table_names()
            if name != "alembic_version"
        }
        # Indexes, foreign keys (with ON DELETE), types and nullability, as Alembic sees them.
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    declared = {
        name: {
            column.name: (str(column.type.compile(engine.dialect)), column.nullable)
            for column in table.columns
        }
        for name, table in Base.metadata.tables.items()
    }
    assert migrated == declared
    assert differences == []


def test_the_embedded_syllabus_round_trips_through_the_store(store: CourseStore) -> None:
    embedded = json_format.load(embedded_syllabus_path())
    empty = replace(embedded, weeks=())
    record = SyncRecord("embedded", Origin.EMBEDDED, MOMENT)
    store.apply_sync(embedded, plan_merge(empty, embedded), record)
    assert store.syllabus() == embedded
    assert store.sync_record() == record
    listed = [(item.week, item.reading, item.archived) for item in store.readings()]
    assert listed == [(w.number, r, False) for w, r in embedded.readings]


def test_a_write_that_fails_halfway_leaves_the_store_as_it_was(data_dir: Path) -> None:
    services = open_services(data_dir)
    services.close()
    opened = Database(data_dir / DATABASE_NAME)
    try:
        store = CourseStore(opened)
        current = store.syllabus()
        assert current is not None
        renamed = replace(current, course=replace(current.course, title="Renamed"))
        plan = plan_merge(current, renamed)
        broken = MergePlan((*plan.week_pairs, (None, len(renamed.weeks))), {}, ())
        before = table_rows(data_dir)
        with pytest.raises(IndexError):  # the course row is already written when this fails
            store.apply_sync(renamed, broken, SyncRecord("x", Origin.FILE, MOMENT))
        assert table_rows(data_dir) == before
    finally:
        opened.close()


def test_reopening_a_data_directory_keeps_it_and_does_not_import_again(data_dir: Path) -> None:
    first = open_services(data_dir)
    record = first.course.sync_record()
    first.close()
    before = table_rows(data_dir)
    again = open_services(data_dir)
    try:
        assert again.course.sync_record() == record
        assert record is not None and record.origin == Origin.EMBEDDED
    finally:
        again.close()
    assert table_rows(data_dir) == before


def test_data_dir_override_then_environment_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDY_COMPANION_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir() == tmp_path / "from-env"
    monkeypatch.delenv("STUDY_COMPANION_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir() == tmp_path / "xdg" / "study-companion"
