"""``services.annotations`` where the command line does not reach: renaming what a colour means,
changing an annotation, Undo of a delete, search over the term, and a new version of the paper
that arrives by download (not attach) and moves the annotations onto itself.

The services are the app's own over a real data directory (``open_services``), restarted by
closing them and opening the directory again. Expectations come from elsewhere: the database
through plain sqlite3 (store_rows.py), where a quote is from PyMuPDF's word boxes
(paper_versions.py), the files other tools annotated from their makers (other_tools.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.annotation import Annotation, AnnotationKind
from app.domain.library import FetchState
from app.services.annotations import AnnotationError
from app.services.app_services import AppServices, open_services
from app.services.clock import FixedClock
from tests.annotations.other_tools import annotate_like_viewers
from tests.integration.course_page import course_page
from tests.integration.library_runs import fetch
from tests.integration.paper_versions import (
    GONE_PHRASE,
    MOVED_PHRASE,
    TURNED_PHRASE,
    Versions,
    near,
    phrase_rects,
    stored_columns,
)
from tests.integration.pdf_server import PdfServer, sha
from tests.integration.store_rows import table_rows

YELLOW, GREEN, RED = "#ffd400", "#5fb236", "#ff6666"  # key idea, strength, weakness
MADE = datetime(2022, 3, 1, 9, 30, tzinfo=UTC)
CHANGED = datetime(2022, 3, 8, 17, 45, tzinfo=UTC)


def week_readings(services: AppServices, count: int = 2) -> list[str]:
    """The first readings of week 3 (every one has a link in the embedded syllabus)."""
    ids = [listed.reading.id for listed in services.course.readings(3)]
    assert len(ids) >= count
    return ids[:count]


def meanings(data_dir: Path) -> dict[str, str]:
    """The meaning column of the annotations table by id, through plain sqlite3."""
    return {key: str(meaning) for key, (meaning,) in stored_columns(data_dir, "meaning").items()}


def rows_by_id(data_dir: Path) -> dict[str, tuple[object, ...]]:
    """The annotations table through plain sqlite3, by id (the first column)."""
    return {str(row[0]): row for row in table_rows(data_dir)["annotations"]}


# -- what a colour means -----------------------------------------------------------------------


def test_renaming_a_meaning_relabels_its_annotations_and_survives_a_restart(
    services: AppServices, fresh_data: Path, two_versions: Versions, tmp_path: Path
) -> None:
    reading = week_readings(services, 1)[0]
    viewers = tmp_path / "viewers.pdf"
    annotate_like_viewers(two_versions.first, viewers)  # Stamp, Redact, 3D: yellow, no meaning
    services.library.attach(reading, viewers)
    notes = services.annotations
    yellow = notes.add_by_quote(reading, page=0, quote=MOVED_PHRASE, colour=YELLOW)
    green = notes.add_by_quote(reading, page=0, quote=GONE_PHRASE, colour=GREEN)
    before = meanings(fresh_data)
    colours = stored_columns(fresh_data, "colour")
    # Imported without a colour (Stamp, Redact, 3D): drawn yellow, but meaning nothing.
    assert {key for key, meaning in before.items() if not meaning and colours[key] == (YELLOW,)}

    notes.rename_meaning(YELLOW, "  central   claim ")
    services.close()
    reopened = open_services(fresh_data)
    try:
        palette = {entry.colour: entry.meaning for entry in reopened.settings.palette()}
        after = {item.id: item.meaning for item in reopened.annotations.for_reading(reading)}
        newer = reopened.annotations.add_at(reading, page=0, x=10, y=10, colour=YELLOW)
    finally:
        reopened.close()

    assert (palette[YELLOW], palette[GREEN]) == ("central claim", "strength")
    relabelled = {key for key, meaning in before.items() if meaning == "key idea"}
    # Ours in the palette's yellow, and imported ones in yellows near it (Acrobat's #ffd100).
    assert yellow.id in relabelled and len({colours[key] for key in relabelled}) > 1
    assert after == {
        key: "central claim" if key in relabelled else meaning for key, meaning in before.items()
    }
    assert after[green.id] == "strength"
    assert meanings(fresh_data)[newer.id] == "central claim"


# -- changing, deleting, undoing ---------------------------------------------------------------


def test_an_update_sets_modified_and_keeps_created_across_restarts(
    fresh_data: Path, two_versions: Versions
) -> None:
    first = open_services(fresh_data, clock=FixedClock(MADE))
    try:
        reading = week_readings(first, 1)[0]
        first.library.attach(reading, two_versions.first)
        made = first.annotations.add_by_quote(
            reading, page=0, quote=MOVED_PHRASE, colour=YELLOW, comment="first thought"
        )
    finally:
        first.close()
    later = open_services(fresh_data, clock=FixedClock(CHANGED))
    try:
        stored = later.annotations.get(made.id)
        changed = later.annotations.update(replace(stored, comment="second thought", colour=RED))
    finally:
        later.close()
    again = open_services(fresh_data)
    try:
        reread = again.annotations.get(made.id)
    finally:
        again.close()

    assert stored == made
    assert (made.created, made.modified) == (MADE, MADE)
    assert reread == changed
    assert (reread.created, reread.modified) == (MADE, CHANGED)
    assert (reread.comment, reread.colour, reread.meaning) == ("second thought", RED, "weakness")
    assert (reread.quads, reread.quote) == (made.quads, made.quote)
    row = rows_by_id(fresh_data)[made.id]
    assert MADE.isoformat() in row and CHANGED.isoformat() in row


def test_delete_then_restore_gives_back_the_very_same_annotation(
    services: AppServices, fresh_data: Path, two_versions: Versions
) -> None:
    reading = week_readings(services, 1)[0]
    services.library.attach(reading, two_versions.first)
    notes = services.annotations
    kept = notes.add_at(reading, page=1, x=40, y=50, colour=GREEN, comment="kept")
    made = notes.add_by_quote(
        reading,
        page=1,
        quote=TURNED_PHRASE,
        kind=AnnotationKind.SQUIGGLY,
        colour=RED,
        comment="odd",
    )
    before = rows_by_id(fresh_data)

    gone = notes.delete(made.id)
    with pytest.raises(AnnotationError):
        notes.get(made.id)
    assert set(rows_by_id(fresh_data)) == {kept.id}
    notes.restore([gone])

    assert gone == made
    assert notes.get(made.id) == made
    assert rows_by_id(fresh_data) == before  # every column, as plain sqlite3 reads it


# -- search ------------------------------------------------------------------------------------


def test_search_finds_quotes_comments_and_box_text_of_every_reading_literally(
    services: AppServices, two_versions: Versions
) -> None:
    first, second = week_readings(services)
    services.library.attach(first, two_versions.first)
    services.library.attach(second, two_versions.second)
    notes = services.annotations
    made: list[Annotation] = [
        notes.add_by_quote(first, page=0, quote=MOVED_PHRASE, colour=YELLOW),
        notes.add_at(first, page=0, x=10, y=10, colour=RED, comment="scales to 100% of nodes"),
        notes.add_at(first, page=0, x=10, y=40, colour=RED, comment="100 percent? 1000?"),
        notes.add_at(second, page=1, x=10, y=10, colour=GREEN, comment="uses snake_case names"),
        notes.add_at(second, page=1, x=10, y=40, colour=GREEN, comment="uses snakeXcase names"),
        notes.add_at(
            second,
            page=2,
            x=10,
            y=10,
            kind=AnnotationKind.FREETEXT,
            colour=GREEN,
            text="UPPER Case box",
        ),
    ]

    def expected(text: str) -> set[str]:
        """Whose quote, comment or box text holds ``text``, ignoring case: str, not SQL."""
        wanted = text.casefold()
        return {
            item.id
            for item in made
            if any(wanted in field.casefold() for field in (item.quote, item.comment, item.text))
        }

    for text in ("OVERLAPS communication", "100%", "e_c", "upper case", "uses", "%", "_"):
        found = {item.id for item in notes.search(text)}
        assert found == expected(text), text
        assert found, text  # every query here matches something
    assert {item.reading_id for item in notes.search("uses")} == {second}
    assert len(expected("100%")) == 1 and len(expected("e_c")) == 1  # % and _ are not wild
    assert notes.search("   ") == []


# -- a new version by download -----------------------------------------------------------------


def test_a_new_version_downloaded_moves_the_annotations_onto_it(
    services: AppServices,
    fresh_data: Path,
    server: PdfServer,
    two_versions: Versions,
    tmp_path: Path,
) -> None:
    first_bytes, second_bytes = two_versions.first.read_bytes(), two_versions.second.read_bytes()
    old_link = server.serve("/scheduling-preprint.pdf", first_bytes)
    new_link = server.serve("/scheduling-camera-ready.pdf", second_bytes)

    def publish(link: str, name: str) -> None:
        page = tmp_path / name
        page.write_text(course_page([("Scheduling with overlap", link)]), encoding="utf-8")
        services.sync.sync(str(page), allow_removals=True)  # replaces the term

    publish(old_link, "index-1.md")
    assert fetch(services, old_link)[old_link].state is FetchState.READY
    [item] = [item for item in services.library.items() if item.reading.url == old_link]
    reading = item.reading.id
    notes = services.annotations
    moved = notes.add_by_quote(reading, page=0, quote=MOVED_PHRASE, colour=YELLOW)
    lost = notes.add_by_quote(reading, page=0, quote=GONE_PHRASE, colour=RED)

    publish(new_link, "index-2.md")  # the staff point the reading at the camera-ready version
    entry = fetch(services, new_link)[new_link]

    assert (entry.reading_id, entry.state, entry.sha256) == (
        reading,
        FetchState.READY,
        sha(second_bytes),
    )
    now = {item.id: item for item in notes.for_reading(reading)}
    assert set(now) == {moved.id, lost.id}
    assert (now[moved.id].page, now[moved.id].anchored) == (1, True)
    rects = [quad.rect.to_json() for quad in now[moved.id].quads]
    assert near(rects, phrase_rects(two_versions.second, 1, MOVED_PHRASE))
    assert now[lost.id] == replace(lost, pdf_sha256=sha(second_bytes), anchored=False)
    assert stored_columns(fresh_data, "pdf_sha256", "page", "anchored") == {
        moved.id: (sha(second_bytes), 1, 1),
        lost.id: (sha(second_bytes), 0, 0),
    }
