"""Upgrading a student's database, full of data made by the app of an earlier revision, to head.

tests/fixtures/databases holds one database per earlier revision, written by the code of that
time (make_databases.py there says how, and from which commits): the term after syncs that
archived a reading and a week, and from 0002 on the library's states, from 0003 on reading
positions, from 0004 on annotations of every kind and the student's settings. Each test copies
one, reads it with plain sqlite3 first (the expectation, taken independently of the code under
test), opens it the way the app does (``open_services`` migrates) and checks that what the
student had is still there, through the services.

Every migration must ship a database of the revision before it: a test fails otherwise.
"""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.annotation import Annotation
from app.domain.reading_position import FitMode, ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import open_services
from app.store.database import HEAD_REVISION
from app.store.schema_version import DATABASE_NAME
from tests.integration.paper_versions import phrase_rects
from tests.pdfs import write_pdf

REPO = Path(__file__).resolve().parent.parent.parent
VERSIONS = REPO / "app" / "store" / "migrations" / "versions"
DATABASES = REPO / "tests" / "fixtures" / "databases"
FIXTURES = sorted(DATABASES.glob("*.sqlite3"))

Rows = dict[str, list[dict[str, Any]]]


def migrations() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files' source (not through Alembic)."""
    found: dict[str, str | None] = {}
    for path in sorted(VERSIONS.glob("[0-9]*.py")):
        values = {
            target.id: node.value.value
            for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        found[values["revision"]] = values["down_revision"]
    return found


def stored_revision(database: Path) -> str:
    with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def every_row(database: Path) -> Rows:
    """Every row of every table as column -> value, in a stable order; plain sqlite3."""
    with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(
                (dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')), key=repr
            )
            for table in tables
        }


def schema(database: Path) -> dict[str, Any]:
    """Tables with their columns, foreign keys and indexes, as SQLite describes them."""
    with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]

        def pragma(name: str, table: str) -> list[Any]:
            return connection.execute(f'PRAGMA {name}("{table}")').fetchall()

        return {
            table: {
                "columns": pragma("table_info", table),
                "foreign keys": pragma("foreign_key_list", table),
                "indexes": sorted(row[1] for row in pragma("index_list", table)),
            }
            for table in tables
        }


def week_numbers(rows: Rows) -> dict[int, int]:
    """Week row id -> the week's number (readings point at week rows)."""
    return {week["id"]: week["number"] for week in rows["weeks"]}


def copied(database: Path, folder: Path) -> Path:
    """The fixture as a data directory's database: never opened in place (WAL adds files)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(database, folder / DATABASE_NAME))


# -- every migration ships a database to upgrade from ----------------------------------------


def test_every_migration_ships_a_database_made_at_the_revision_before_it(tmp_path: Path) -> None:
    chain = migrations()
    assert len(chain) >= 3, f"the migrations were not found in {VERSIONS}"
    heads = set(chain) - {down for down in chain.values() if down is not None}
    assert heads == {HEAD_REVISION}, "HEAD_REVISION is not the newest migration file"
    by_revision: dict[str, str] = {}
    for database in FIXTURES:
        revision = stored_revision(copied(database, tmp_path / database.stem))
        assert database.name.startswith(f"{revision}_"), f"{database.name} is at {revision}"
        by_revision[revision] = database.name
    for revision, down in sorted(chain.items()):
        if down is not None:
            assert down in by_revision, (
                f"migration {revision} ships no database of revision {down} to upgrade from: "
                "make one with the code of that revision (tests/fixtures/databases/"
                "make_databases.py) and commit it there"
            )


# -- an upgrade keeps what the student had ---------------------------------------------------


class Upgraded:
    """A fixture database before (plain sqlite3) and after ``open_services`` upgraded it."""

    def __init__(self, name: str, before: Rows, revision: str, data_dir: Path) -> None:
        self.name, self.before, self.revision, self.data_dir = name, before, revision, data_dir
        self.database = data_dir / DATABASE_NAME
        self.services = open_services(data_dir)

    def had(self, table: str) -> bool:
        return table in self.before


@pytest.fixture(params=FIXTURES, ids=[database.stem for database in FIXTURES])
def upgraded(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Upgraded]:
    database = copied(request.param, data_dir)
    before, revision = every_row(database), stored_revision(database)
    assert request.param.name.startswith(f"{revision}_"), f"{request.param.name} is at {revision}"
    # The database holds what its version could store: an archive, and its own tables' rows.
    assert [week for week in before["weeks"] if week["archived_at"]]
    assert [reading for reading in before["readings"] if reading["archived_at"]]
    subject = Upgraded(request.param.name, before, revision, data_dir)
    yield subject
    subject.services.close()


def test_the_schema_is_at_head_and_every_stored_row_is_unchanged(
    upgraded: Upgraded, first_start: Path
) -> None:
    after = every_row(upgraded.database)
    assert stored_revision(upgraded.database) == HEAD_REVISION
    # The upgraded schema is the one a fresh install builds.
    assert schema(upgraded.database) == schema(first_start / DATABASE_NAME)
    kept = {table: rows for table, rows in after.items() if table in upgraded.before}
    assert {table: rows for table, rows in kept.items() if table != "alembic_version"} == {
        table: rows for table, rows in upgraded.before.items() if table != "alembic_version"
    }


def test_the_term_its_readings_and_the_archive_come_through_the_services(
    upgraded: Upgraded,
) -> None:
    before = upgraded.before
    live_weeks = sorted(
        (week["number"], week["date"], week["title"], week["review_form_url"])
        for week in before["weeks"]
        if week["archived_at"] is None
    )
    numbers = week_numbers(before)
    readings = {
        reading["id"]: (
            numbers[reading["week_id"]],
            reading["title"],
            reading["url"],
            bool(reading["required"]),
            reading["archived_at"] is not None,
        )
        for reading in before["readings"]
    }

    syllabus = upgraded.services.course.syllabus()
    listed = upgraded.services.course.readings()

    assert [
        (
            week.number,
            week.date.isoformat() if week.date else None,
            week.title,
            week.review.form_url if week.review else None,
        )
        for week in syllabus.weeks
    ] == live_weeks
    assert {
        item.reading.id: (
            item.week,
            item.reading.title,
            item.reading.url,
            item.reading.required,
            item.archived,
        )
        for item in listed
    } == readings
    assert len(listed) == len(readings), "a reading is listed twice"


def test_each_readings_file_state_and_path_come_through_the_library(upgraded: Upgraded) -> None:
    stored = {row["reading_id"]: row for row in upgraded.before.get("library", [])}
    if upgraded.had("library"):
        states = {row["state"] for row in stored.values()}
        assert {"ready", "attached", "failed", "web"} <= states, states
        archived = {row["id"] for row in upgraded.before["readings"] if row["archived_at"]}
        assert archived & set(stored), "no archived reading with a file in the fixture"

    entries = {item.reading.id: item.entry for item in upgraded.services.library.items()}

    assert set(stored) <= set(entries)
    for reading_id, entry in entries.items():
        row = stored.get(reading_id)
        if row is None:  # never fetched, or a database from before the library
            assert entry.state.value == "not_fetched" and entry.path is None
            continue
        fetched_at = datetime.fromisoformat(row["fetched_at"]) if row["fetched_at"] else None
        assert (
            entry.state.value,
            entry.path,
            entry.bytes,
            entry.total_bytes,
            entry.pages,
            entry.sha256,
            entry.fetched_at,
            entry.error,
            entry.error_kind.value if entry.error_kind else None,
            entry.source_url,
            entry.link,
        ) == (
            row["state"],
            row["path"],
            row["bytes"],
            row["total_bytes"],
            row["pages"],
            row["sha256"],
            fetched_at,
            row["error"],
            row["error_kind"],
            row["source_url"],
            row["link"],
        ), reading_id


def test_each_readings_position_and_progress_come_back(upgraded: Upgraded) -> None:
    stored = {row["reading_id"]: row for row in upgraded.before.get("reading_progress", [])}
    if upgraded.had("reading_progress"):
        archived = {row["id"] for row in upgraded.before["readings"] if row["archived_at"]}
        assert len(stored) >= 2 and archived & set(stored), "the fixture holds too few positions"
    reading_ids = [row["id"] for row in upgraded.before["readings"]]
    assert reading_ids

    for reading_id in reading_ids:
        position, progress = upgraded.services.progress.load(reading_id)
        row = stored.get(reading_id)
        if row is None:
            assert position is None and progress == ReadingProgress(), reading_id
            continue
        assert position == ReadingPosition(
            row["page"], row["offset"], row["zoom"], FitMode(row["fit"])
        )
        assert progress == ReadingProgress(
            frozenset(json.loads(row["pages_seen"])), row["seconds_read"]
        )


def test_an_upgraded_store_keeps_new_files_positions_and_annotations_across_a_restart(
    upgraded: Upgraded, tmp_path: Path
) -> None:
    had_file = {row["reading_id"] for row in upgraded.before.get("library", [])}
    live = [
        row["id"]
        for row in upgraded.before["readings"]
        if row["archived_at"] is None and row["id"] not in had_file
    ]
    assert live
    reading_id = live[0]
    pdf = tmp_path / "own-copy.pdf"
    write_pdf(pdf, pages=3, seed=7)  # page 2 says "Page 2 of 3"
    where = ReadingPosition(page=2, offset=0.5, zoom=1.5, fit=FitMode.NONE)
    read = ReadingProgress(frozenset({0, 2}), 42.0)

    attached = upgraded.services.library.attach(reading_id, pdf)
    upgraded.services.progress.save(reading_id, where, read)
    notes = upgraded.services.annotations
    made = [
        notes.add_by_quote(reading_id, page=1, quote="Page 2 of 3", colour="#2ea8e5"),
        notes.add_at(reading_id, page=2, x=300, y=400, colour="#5fb236", comment="Good"),
    ]
    upgraded.services.close()
    reopened = open_services(upgraded.data_dir)
    try:
        [entry] = [item.entry for item in reopened.library.items() if item.reading.id == reading_id]
        loaded = reopened.progress.load(reading_id)
        annotated = reopened.annotations.for_reading(reading_id)
    finally:
        reopened.close()

    assert entry.state.value == "attached" and entry.path == attached.path
    assert Path(attached.path or "").read_bytes() == pdf.read_bytes()
    assert loaded == (where, read)
    assert annotated == made and [item.meaning for item in made] == ["question", "strength"]
    assert made[0].quads[0].rect.to_json() == pytest.approx(
        phrase_rects(pdf, 1, "Page 2 of 3")[0], abs=0.5
    )
    after = {row["id"] for row in every_row(upgraded.database)["annotations"]}
    assert after == {row["id"] for row in upgraded.before.get("annotations", [])} | {
        item.id for item in made
    }


# -- annotations (0004 on) ---------------------------------------------------------------------


# The columns of the annotations table that hold an Annotation's field of the same name as is.
PLAIN_COLUMNS = (
    *("id", "reading_id", "pdf_sha256", "page", "pdf_subtype", "colour", "meaning", "quote"),
    *("comment", "text", "author", "created", "modified", "anchored", "import_key"),
)


def _as_stored(annotation: Annotation) -> dict[str, Any]:
    """An annotation from the services as the columns of its row (geometry as parsed JSON)."""
    geometry = {
        "quads": [quad.to_json() for quad in annotation.quads],
        "strokes": [stroke.to_json() for stroke in annotation.strokes],
        "rect": annotation.rect.to_json() if annotation.rect else None,
    }
    plain = {column: getattr(annotation, column) for column in PLAIN_COLUMNS}
    return {**plain, "kind": annotation.kind.value, "geometry": geometry}


def test_each_annotation_and_setting_comes_back_through_the_services(upgraded: Upgraded) -> None:
    rows = upgraded.before.get("annotations", [])
    settings = {row["key"]: json.loads(row["value"]) for row in upgraded.before.get("settings", [])}
    if upgraded.had("annotations"):
        kinds = {row["kind"] for row in rows}
        assert {"highlight", "underline", "strikeout", "squiggly", "note", "ink"} <= kinds
        assert {"freetext", "other"} <= kinds and not all(row["anchored"] for row in rows)
        assert {"identity.full_name", "annotations.palette"} <= set(settings)
    stored = {
        row["id"]: {
            **row,
            "geometry": json.loads(row["geometry"]),
            "created": datetime.fromisoformat(row["created"]),
            "modified": datetime.fromisoformat(row["modified"]),
            "anchored": bool(row["anchored"]),
        }
        for row in rows
    }
    served = {
        annotation.id: _as_stored(annotation)
        for reading in upgraded.before["readings"]
        for annotation in upgraded.services.annotations.for_reading(reading["id"])
    }

    assert served == stored
    palette = [
        {"colour": entry.colour, "meaning": entry.meaning}
        for entry in upgraded.services.settings.palette()
    ]
    if "annotations.palette" in settings:
        assert palette == settings["annotations.palette"]
        assert upgraded.services.settings.author() == settings["identity.full_name"]
    else:  # nothing chosen yet: the default palette, yellow first
        assert palette[0] == {"colour": "#ffd400", "meaning": "key idea"} and len(palette) == 5
