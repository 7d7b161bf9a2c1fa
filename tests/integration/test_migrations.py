"""Upgrading a student's database, full of data made by the app of an earlier revision, to head.

tests/fixtures/databases holds one database per earlier revision, written by the code of that
time (make_databases.py there says how, and from which commits): the term after syncs that
archived a reading and a week, and from 0002 on the library's states, from 0003 on reading
positions, from 0004 on annotations of every kind and the student's settings, from 0005 on
cached review forms, drafts (on a form, on the template, submitted) and reminders given, from
0006 on review revisions and the outbox (an entry sent, one queued, their receipts).
Each test copies one, reads it with plain sqlite3 first (fixture_databases.py: the
expectation, taken independently of the code under test), opens it the way the app does
(``open_services`` migrates) and checks that what the student had is still there, through
the services.

Every migration must ship a database of the revision before it: a test fails otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.domain.annotation import Annotation
from app.domain.form import Form
from app.domain.reading_position import FitMode, ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.domain.review import ReviewStatus
from app.services.app_services import open_services
from app.store.database import HEAD_REVISION
from app.store.schema_version import DATABASE_NAME
from app.syllabus.jekyll_index import parse_index_md
from tests.integration.fixture_databases import (
    FIXTURES,
    FORM_FIELDS,
    QUESTION_FIELDS,
    VERSIONS,
    Rows,
    copied,
    every_row,
    migrations,
    schema,
    stored_draft,
    stored_form,
    stored_revision,
    week_numbers,
)
from tests.integration.local_network import closed_port
from tests.integration.paper_versions import phrase_rects
from tests.pdfs import write_pdf

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
    kept: Rows = {}
    for table, rows in after.items():
        if table not in upgraded.before or table == "alembic_version":
            continue
        had = upgraded.before[table]
        added = set(rows[0]) - set(had[0]) if rows and had else set()
        # A column added to an existing table holds its documented value in every old row.
        assert added <= set(ADDED_COLUMNS.get(table, {})), f"{table} gained {added}"
        for row in rows:
            assert {column: row.pop(column) for column in added} == {
                column: ADDED_COLUMNS[table][column] for column in added
            }, table
        kept[table] = sorted(rows, key=repr)
    assert kept == {
        table: rows for table, rows in upgraded.before.items() if table != "alembic_version"
    }


# Columns later migrations added to tables an earlier revision had, with what an upgrade puts
# in each existing row: 0006 numbers every existing review draft revision 1.
ADDED_COLUMNS: dict[str, dict[str, Any]] = {"reviews": {"revision": 1}}


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


# -- reviews (0005 on) -------------------------------------------------------------------------


def _form_served(form: Form) -> dict[str, Any]:
    questions = [
        {f: getattr(q, f) for f in QUESTION_FIELDS}
        | {"kind": q.kind.value, "options": list(q.options), "rows": [r.title for r in q.rows]}
        for q in form.questions
    ]
    return {f: getattr(form, f) for f in FORM_FIELDS} | {
        "email": form.email.value,
        "fetched_at": form.fetched_at.isoformat() if form.fetched_at else None,
        "pages": [{"title": page.title, "description": page.description} for page in form.pages],
        "questions": questions,
    }


def test_each_cached_form_and_review_draft_comes_back_through_the_services(
    upgraded: Upgraded, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = week_numbers(upgraded.before)
    forms = {numbers[row["week_id"]]: row for row in upgraded.before.get("review_forms", [])}
    drafts = {numbers[row["week_id"]]: row for row in upgraded.before.get("reviews", [])}
    if upgraded.had("reviews"):
        statuses = {row["status"] for row in drafts.values()}
        assert "drafting" in statuses and statuses & {"submitted", "queued"}, statuses
        assert None in {row["written_against"] for row in drafts.values()}  # on the template
        assert None in {row["form"] for row in forms.values()}  # a fetch that failed
        assert len([row for row in forms.values() if row["form"]]) >= 2
    cached = {week: json.loads(row["form"]) for week, row in forms.items() if row["form"]}
    # A cached form is read without the network: should it not be, the fetch fails here.
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")
    reviews = upgraded.services.reviews

    views = {week: reviews.form(week) for week in cached}
    statuses = reviews.statuses()
    served = {week: reviews.draft(week).draft for week in statuses}

    assert {week: (v.cached, v.link, _form_served(v.form)) for week, v in views.items()} == {
        week: (True, forms[week]["link"], stored_form(data)) for week, data in cached.items()
    }
    assert statuses == {week: ReviewStatus(row["status"]) for week, row in drafts.items()}
    assert {
        week: (draft.answers, draft.not_on_form, draft.updated_at) for week, draft in served.items()
    } == {week: stored_draft(row) for week, row in drafts.items()}


def test_reminders_given_before_the_upgrade_are_not_given_again(upgraded: Upgraded) -> None:
    given = {row["key"] for row in upgraded.before.get("reminders_given", [])}
    if upgraded.had("reminders_given"):
        assert {True, False} <= {bool(row["shown"]) for row in upgraded.before["reminders_given"]}
    # Every fixture's week 13 links a review, due Monday 18 April 2022 at 1:00 PM; at 10:00 AM
    # its 24-hour reminder is the one due (and the 48-hour one passed over).
    moment = datetime(2022, 4, 18, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    day_before = "review:week-13:24h:20220418T2000Z"

    plan = upgraded.services.reminders.due_now(moment)

    assert [reminder.key for reminder in plan.deliver] == (
        [] if day_before in given else [day_before]
    )


# -- revisions and the outbox (0006 on) ----------------------------------------------------------


def test_review_revisions_and_the_outbox_come_through_the_services(
    upgraded: Upgraded, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = week_numbers(upgraded.before)
    drafts = {numbers[row["week_id"]]: row for row in upgraded.before.get("reviews", [])}
    entries = upgraded.before.get("outbox", [])
    receipts = upgraded.before.get("outbox_receipts", [])
    if upgraded.had("outbox"):
        assert {"sent", "queued"} <= {row["state"] for row in entries}
        assert {"retry", "confirmed"} <= {row["outcome"] for row in receipts}
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")  # nothing is fetched
    reviews, outbox = upgraded.services.reviews, upgraded.services.outbox

    revisions = {week: reviews.draft(week).draft.revision for week in drafts}
    listed = outbox.entries()

    # Drafts from before the outbox are revision 1 (ADDED_COLUMNS); later ones keep theirs.
    assert revisions == {week: row.get("revision", 1) for week, row in drafts.items()}
    assert [
        (
            entry.id,
            entry.week,
            entry.revision,
            entry.state.value,
            [(receipt.outcome.value, receipt.message) for receipt in entry.receipts],
        )
        for entry in listed
    ] == [
        (
            row["id"],
            numbers[row["week_id"]],
            row["revision"],
            row["state"],
            [
                (receipt["outcome"], receipt["message"])
                for receipt in sorted(receipts, key=lambda receipt: receipt["id"])
                if receipt["entry_id"] == row["id"]
            ],
        )
        for row in sorted(entries, key=lambda row: -row["id"])
    ]
    submitted = sorted(week for week, row in drafts.items() if row["status"] == "submitted")
    if not upgraded.had("reviews") or upgraded.had("outbox"):
        return  # the outbox's own fixture sent week 11 again: it waits in the queue
    assert submitted, "the fixture holds no submitted review"
    week = submitted[0]
    revised = reviews.revise(week).draft
    assert (revised.revision, revised.status) == (2, ReviewStatus.DRAFTING)
    assert (revised.answers, revised.not_on_form) == stored_draft(drafts[week])[:2]


# -- every link of the course page (0007 on) ---------------------------------------------------


# The course page with the links 0007 keeps: a second paper in a reading's bullet, and week 2's
# scribe notes (a Google Doc).
SECOND_PAPER = "[RDD slides](https://example.org/rdd-slides.pdf)"
SCRIBE_NOTES = "* [Scribe notes](https://docs.google.com/document/d/Week2Notes/edit)\n"


def test_after_the_upgrade_a_sync_brings_every_link_and_keeps_what_the_student_had(
    upgraded: Upgraded, course_index_text: str, tmp_path: Path
) -> None:
    rdd = "(https://www.usenix.org/system/files/conference/nsdi12/nsdi12-final138.pdf)"
    review_2 = "* [Submit your review](https://forms.gle/Arj4xh3NzWWiDbSU7) before 1:00PM.\n"
    text = course_index_text.replace(rdd, f"{rdd} and {SECOND_PAPER}")
    text = text.replace(review_2, review_2 + SCRIBE_NOTES)
    assert text.count("example.org/rdd-slides") == text.count("Week2Notes") == 1
    source = tmp_path / "index.md"
    source.write_text(text, encoding="utf-8")
    page = parse_index_md(text).syllabus
    reading_ids = {row["id"] for row in upgraded.before["readings"]}
    files = {row["reading_id"]: row["path"] for row in upgraded.before.get("library", [])}

    upgraded.services.sync.sync(str(source))
    synced = upgraded.services.course.syllabus()
    listed = upgraded.services.course.readings()
    served_files = {item.reading.id: item.entry.path for item in upgraded.services.library.items()}

    assert synced.course.instructors == page.course.instructors
    assert [link.label for w in synced.weeks for link in w.links] == ["Scribe notes"]
    assert [link.label for _, r in synced.readings for link in r.extra_links] == ["RDD slides"]
    assert [(w.title, w.links) for w in synced.weeks] == [(w.title, w.links) for w in page.weeks]
    extra = {(r.title, r.extra_links) for _, r in synced.readings}
    assert extra == {(r.title, r.extra_links) for _, r in page.readings}
    assert reading_ids <= {item.reading.id for item in listed}  # nothing the student had is gone
    assert {reading: served_files[reading] for reading in files} == files
