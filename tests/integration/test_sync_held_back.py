"""A course page that lost much of its term is held back; archived data returns with the page.

The page is the real course ``index.md`` served by a real HTTP server on 127.0.0.1; the cut
page is that file truncated at an entry boundary, as a failed upload leaves it. The store is a
real SQLite file, and expected values are read from it with plain sqlite3.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from app.domain.annotation import AnnotationKind
from app.domain.reading_position import ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import AppServices
from app.services.sync import SyncStatus
from app.store.schema_version import DATABASE_NAME
from tests.integration.cli_process import json_of, run
from tests.integration.course_page import CourseSite
from tests.integration.paper_versions import Versions
from tests.integration.store_rows import table_rows

ENTRY = "{% include syllabus_entry %}"
KEPT_WEEKS = 6  # the cut page ends after week 6 of 16


def cut_after(text: str, weeks: int) -> str:
    """The page truncated just before entry ``weeks + 1`` (the file simply ends there)."""
    start = -1
    for _ in range(weeks + 1):
        start = text.index(ENTRY, start + 1)
    return text[:start]


def query(data_dir: Path, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        return connection.execute(sql, parameters).fetchall()


def live_counts(data_dir: Path, after_week: int) -> tuple[int, int, int, int]:
    """(live weeks after ``after_week``, live weeks, their readings, live readings)."""
    weeks = query(data_dir, "SELECT number FROM weeks WHERE archived_at IS NULL")
    readings = query(
        data_dir,
        "SELECT w.number FROM readings r JOIN weeks w ON r.week_id = w.id"
        " WHERE r.archived_at IS NULL AND w.archived_at IS NULL",
    )
    return (
        sum(n > after_week for (n,) in weeks),
        len(weeks),
        sum(n > after_week for (n,) in readings),
        len(readings),
    )


@pytest.fixture
def site(httpserver: HTTPServer, course_index_text: str) -> CourseSite:
    course_site = CourseSite(httpserver)
    course_site.publish(course_index_text)
    return course_site


@pytest.fixture
def synced(services: AppServices, site: CourseSite) -> AppServices:
    """The term synced once from the site, so the full page's ETag is the stored one."""
    services.sync.sync(site.url)
    return services


def test_a_page_cut_after_week_6_is_held_back_and_nothing_is_written(
    synced: AppServices, site: CourseSite, fresh_data: Path, course_index_text: str
) -> None:
    gone_weeks, weeks, gone_readings, readings = live_counts(fresh_data, KEPT_WEEKS)
    assert (gone_weeks, weeks) == (10, 16)
    before = table_rows(fresh_data)
    full_etag = query(fresh_data, "SELECT etag FROM sync_state")[0][0]
    site.publish(cut_after(course_index_text, KEPT_WEEKS))

    outcome = synced.sync.sync(site.url)

    assert outcome.status is SyncStatus.HELD_BACK
    archiving = outcome.archiving
    assert (archiving.weeks, archiving.of_weeks) == (gone_weeks, weeks)
    assert (archiving.readings, archiving.of_readings) == (gone_readings, readings)
    assert table_rows(fresh_data) == before  # not even the check time or the new ETag
    removed = {(c.item, c.week) for c in outcome.removals}
    assert {week for item, week in removed if item == "week"} == set(range(7, 17))

    # The next sync asks with the full page's ETag, so the cut page is judged again (no 304).
    again = synced.sync.sync(site.url)
    assert site.seen[-1].get("If-None-Match") == full_etag
    assert again.status is SyncStatus.HELD_BACK
    assert table_rows(fresh_data) == before


def test_a_page_whose_schedule_is_tba_again_is_held_back(
    synced: AppServices, site: CourseSite, fresh_data: Path, course_index_text: str
) -> None:
    before = table_rows(fresh_data)
    _, weeks, _, readings = live_counts(fresh_data, 0)
    site.publish(cut_after(course_index_text, 0) + "TBA\n\n</tbody>\n</table>\n")

    outcome = synced.sync.sync(site.url)

    assert outcome.status is SyncStatus.HELD_BACK
    assert (
        outcome.archiving.describe()
        == f"{weeks} of {weeks} weeks and {readings} of {readings} readings"
    )
    assert table_rows(fresh_data) == before


def test_a_small_edit_is_applied_as_before(
    synced: AppServices, site: CourseSite, fresh_data: Path, course_index_text: str
) -> None:
    """The last week dropped (1 of 16): an edit, not a cut."""
    site.publish(cut_after(course_index_text, 15))

    outcome = synced.sync.sync(site.url)

    assert outcome.status is SyncStatus.UPDATED
    assert live_counts(fresh_data, 0)[1] == 15


def test_the_command_exits_1_with_the_list_and_applies_it_when_allowed(
    synced: AppServices, site: CourseSite, fresh_data: Path, course_index_text: str
) -> None:
    gone_weeks, weeks, gone_readings, readings = live_counts(fresh_data, KEPT_WEEKS)
    titles = dict(query(fresh_data, "SELECT number, title FROM weeks WHERE archived_at IS NULL"))
    synced.close()
    site.publish(cut_after(course_index_text, KEPT_WEEKS))

    refused = run(fresh_data, "sync", "--source", site.url)

    assert refused.returncode == 1, refused.stderr
    lines = refused.stdout.splitlines()
    assert lines[0] == (
        f"The course page now lacks {gone_weeks} of {weeks} weeks and {gone_readings} of "
        f"{readings} readings: not applied. Run `sync --allow-removals` to apply it."
    )
    for number in range(KEPT_WEEKS + 1, weeks + 1):
        assert f"  week {number}: week removed: {titles[number]}" in lines
    assert sum(": reading removed: " in line for line in lines) == gone_readings
    assert live_counts(fresh_data, 0)[1] == weeks

    as_json = json_of(run(fresh_data, "sync", "--source", site.url, "--json"))
    assert as_json["status"] == "held_back"
    assert as_json["applied"] is False
    assert as_json["archives"] == {
        "weeks": gone_weeks,
        "of_weeks": weeks,
        "readings": gone_readings,
        "of_readings": readings,
    }
    assert len(as_json["removals"]) == gone_weeks + gone_readings

    applied = run(fresh_data, "sync", "--source", site.url, "--allow-removals", "--json")

    assert applied.returncode == 0, applied.stderr
    assert json_of(applied)["status"] == "updated"
    assert live_counts(fresh_data, 0)[1] == KEPT_WEEKS


# -- what is archived comes back, with its data ------------------------------------------------

STUDENT_DATA = {
    # table -> SQL of its rows with where they hang (the week's number, whether live)
    "annotations": "SELECT a.*, w.number, r.archived_at IS NULL, w.archived_at IS NULL"
    " FROM annotations a JOIN readings r ON a.reading_id = r.id JOIN weeks w ON r.week_id = w.id",
    "library": "SELECT l.*, w.number, r.archived_at IS NULL FROM library l"
    " JOIN readings r ON l.reading_id = r.id JOIN weeks w ON r.week_id = w.id",
    "reading_progress": "SELECT p.*, w.number, r.archived_at IS NULL FROM reading_progress p"
    " JOIN readings r ON p.reading_id = r.id JOIN weeks w ON r.week_id = w.id",
    "reviews": "SELECT v.*, w.number, w.title, w.archived_at IS NULL FROM reviews v"
    " JOIN weeks w ON v.week_id = w.id",
}


def student_data(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted(query(data_dir, sql), key=repr) for table, sql in STUDENT_DATA.items()}


def test_archived_weeks_come_back_with_their_data_when_the_page_has_them_again(
    synced: AppServices,
    site: CourseSite,
    fresh_data: Path,
    course_index_text: str,
    two_versions: Versions,
) -> None:
    services = synced
    week8 = [item.reading.id for item in services.library.items(8)]
    week12 = [item.reading.id for item in services.library.items(12)]
    services.library.attach(week8[0], two_versions.first)  # a reading in the library
    services.library.attach(week12[0], two_versions.second)
    services.annotations.add_at(
        week8[0], page=0, x=72.0, y=72.0, colour="#ffd400", comment="Compare with week 3"
    )
    services.annotations.add_at(
        week12[0], page=1, x=100.0, y=200.0, kind=AnnotationKind.NOTE, colour="#5fb236"
    )
    services.progress.save(
        week8[0],
        ReadingPosition(page=1, offset=0.25, zoom=1.5),
        ReadingProgress(frozenset({0, 1}), 300.0),
    )
    services.reviews.set_answers(8, {"template.summary": "A learned ABR controller."})
    before = student_data(fresh_data)
    assert [len(rows) for rows in before.values()] == [2, 2, 1, 1]
    assert all(row[-1] == 1 for rows in before.values() for row in rows)  # all live

    site.publish(cut_after(course_index_text, KEPT_WEEKS))
    cut = services.sync.sync(site.url, allow_removals=True)
    assert cut.status is SyncStatus.UPDATED
    archived = student_data(fresh_data)
    assert all(row[-1] == 0 for rows in archived.values() for row in rows)  # archived with them

    site.publish(course_index_text)
    back = services.sync.sync(site.url)

    assert back.status is SyncStatus.UPDATED
    assert student_data(fresh_data) == before
    assert live_counts(fresh_data, 0)[1] == 16
    assert services.reviews.draft(8).draft.answers["template.summary"] == (
        "A learned ABR controller."
    )
    added = {c.week for c in back.changes if c.item == "week" and c.change == "added"}
    assert added == set(range(7, 17))
