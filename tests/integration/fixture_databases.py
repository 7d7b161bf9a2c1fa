"""The fixture databases of tests/fixtures/databases, as plain sqlite3 reads them.

Each is a student's database made by the code of an earlier revision (make_databases.py there);
tests/integration/test_migrations.py upgrades them. What is read here is the expectation, taken
without our code: the stored revision, every row, the schema, the migrations' own chain, and
the JSON a review row holds.
"""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.review_answers import Answer, Other
from app.store.schema_version import DATABASE_NAME

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


# The fields of a cached review form that a student drafts against (0005 on).
FORM_FIELDS = ("form_id", "url", "title", "description", "requires_signin")
QUESTION_FIELDS = ("entry_id", "title", "page", "required", "other")


def stored_answer(stored: Any) -> Answer:
    """An answer as its JSON was stored, read by hand: text, ``{"other": text}`` or a list."""
    if isinstance(stored, list):
        return tuple(Other(c["other"]) if isinstance(c, dict) else c for c in stored)
    return Other(stored["other"]) if isinstance(stored, dict) else stored


def stored_form(data: dict[str, Any]) -> dict[str, Any]:
    """A cached form's JSON as stored, by hand (the fields a student drafts against)."""
    questions = [
        {f: q[f] for f in QUESTION_FIELDS}
        | {"kind": q["kind"], "options": q["options"], "rows": [r["title"] for r in q["rows"]]}
        for q in data["questions"]
    ]
    plain = {f: data[f] for f in (*FORM_FIELDS, "email", "fetched_at", "pages")}
    return plain | {"questions": questions}


def stored_draft(row: dict[str, Any]) -> tuple[dict[str, Answer], dict[str, Answer], datetime]:
    """A review row's answers, what was kept "not on the form", and when it was last changed."""
    return (
        {key: stored_answer(value) for key, value in json.loads(row["answers"]).items()},
        {title: stored_answer(value) for title, value in json.loads(row["not_on_form"]).items()},
        datetime.fromisoformat(row["updated_at"]),
    )
