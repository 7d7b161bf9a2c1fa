"""The week pane shows every link of the week: "Links" under the readings, extra links beside
their reading. The term is the Fall 2019 offering's page (tests/fixtures/other_offerings), whose
week 5 has a PC meeting's scribe notes (a Google Doc) and a reading with its slides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.domain.changes import plan_merge
from app.domain.provenance import Origin, SyncRecord
from app.services.app_services import AppServices
from app.store.course_store import CourseStore
from app.syllabus.jekyll_index import parse_index_md
from tests.gui.conftest import WindowFactory

FA19 = Path(__file__).resolve().parents[1] / "fixtures" / "other_offerings" / "fa19_index.md"
SCRIBE_NOTES = "https://docs.google.com/document/d/1Fa19ScribeNotes/edit"
TFX_SLIDES = "https://www.kdd.org/kdd2017/papers/view/tfx-example-slides"


def test_week_links_and_a_readings_extra_links_are_shown_and_open_outside(
    make_window: WindowFactory, services: AppServices
) -> None:
    store = CourseStore(services.database)
    old, new = store.syllabus(), parse_index_md(FA19.read_text(encoding="utf-8")).syllabus
    assert old is not None
    record = SyncRecord(str(FA19), Origin.FILE, datetime(2019, 9, 1, tzinfo=UTC), None, None, None)
    store.apply_sync(new, plan_merge(old, new), record)
    window = make_window()
    opened: list[str] = []
    window.detail.link_activated.connect(lambda url: opened.append(url.toString()))

    assert window.select_week(5)
    text = window.detail.plain_text().splitlines()
    [tfx] = [
        row for row in window.detail.readings.rows.values() if row.reading.title.startswith("TFX")
    ]
    window.detail.links.linkActivated.emit(SCRIBE_NOTES)  # as a click on it does
    tfx.title.linkActivated.emit(TFX_SLIDES)

    assert "Links" in text
    assert "scribe notes  docs.google.com" in [line.replace("\xa0", " ") for line in text]
    assert f'href="{TFX_SLIDES}"' in tfx.title.text() and ">slides</a>" in tfx.title.text()
    assert opened == [SCRIBE_NOTES, TFX_SLIDES]

    assert window.select_week(1)  # no links: no empty "Links" heading
    assert not window.detail.links.isVisibleTo(window.detail)
