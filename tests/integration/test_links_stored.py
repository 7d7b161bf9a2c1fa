"""Every link a parsed course holds survives the store: instructors, extra links, week links.

The pages are the other offerings, whose entries carry second papers, slide decks, Google Docs
and Slides, sign-up sheets: what the parser made of them is written to a real SQLite file and
read back through plain sqlite3 (the start-up path) and through ``readings --json``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.changes import plan_merge
from app.domain.course import Syllabus
from app.domain.provenance import Origin, SyncRecord
from app.store.course_store import CourseStore
from app.store.database import Database
from app.store.schema_version import DATABASE_NAME
from app.syllabus.jekyll_index import parse_index_md

OFFERINGS = Path(__file__).resolve().parents[1] / "fixtures" / "other_offerings"


def stored(data_dir: Path, page: Path) -> tuple[Syllabus, Syllabus]:
    """The page as parsed, and as the store gives it back after writing it to a new database."""
    parsed = parse_index_md(page.read_text(encoding="utf-8")).syllabus
    database = Database(data_dir / DATABASE_NAME)
    data_dir.mkdir(parents=True, exist_ok=True)
    database.migrate()
    store = CourseStore(database)
    record = SyncRecord(str(page), Origin.FILE, datetime(2019, 9, 1, tzinfo=UTC), None, None, None)
    store.apply_sync(parsed, plan_merge(Syllabus(parsed.course, ()), parsed), record)
    database.close()
    back = store.syllabus()
    assert back is not None
    return parsed, back


@pytest.mark.parametrize("name", ["fa19_index.md", "sp19_index.md"])
def test_the_stored_term_is_the_parsed_one_links_and_all(name: str, data_dir: Path) -> None:
    parsed, back = stored(data_dir, OFFERINGS / name)

    assert any(week.links for week in parsed.weeks)
    assert any(reading.extra_links for _, reading in parsed.readings)
    assert parsed.course.instructors
    assert back == parsed


def test_readings_json_lists_each_readings_extra_links(data_dir: Path) -> None:
    stored(data_dir, OFFERINGS / "fa19_index.md")
    listed = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "readings", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    extra = {
        reading["title"]: reading["extra_links"]
        for reading in json.loads(listed.stdout)
        if reading["extra_links"]
    }
    # Written out from the page (tests/fixtures/other_offerings/fa19_index.md), lines 102-175.
    assert extra == {
        "Post on Compute in ML": [
            {
                "label": "twitter debate",
                "url": "https://twitter.com/example/status/1106534178676506624?lang=en",
            }
        ],
        "TFX: A TensorFlow-Based Production-Scale Machine Learning Platform": [
            {"label": "slides", "url": "https://www.kdd.org/kdd2017/papers/view/tfx-example-slides"}
        ],
        "Theano: A Python Framework for Fast Computation of Mathematical Expressions": [
            {
                "label": "Theano: A CPU and GPU Math Compiler in Python",
                "url": "http://www.iro.umontreal.ca/~lisa/pointeurs/theano_scipy2010.pdf",
            }
        ],
    }
