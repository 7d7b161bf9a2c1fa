"""Opening a reading: the first screen's annotations come at once, the rest from the worker,
and what the student changed before the rest arrived is what stays."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from app.domain.annotation import AnnotationKind
from app.domain.annotation_geometry import Rect
from app.services.app_services import AppServices
from tests.reader.annotating.conftest import AnnotatingTab, Reading


def note(services: AppServices, reading: Reading, page: int, comment: str) -> str:
    made = services.annotations.create(
        reading.id,
        page=page,
        kind=AnnotationKind.NOTE,
        colour="#2ea8e5",
        rect=Rect(100, 100, 118, 118),
        comment=comment,
    )
    return made.id


def test_the_rest_arrives_without_undoing_what_changed_meanwhile(
    annotating_tab: AnnotatingTab, services: AppServices, reading: Reading, qtbot: QtBot
) -> None:
    first = note(services, reading, 0, "on the first page")
    later = note(services, reading, 3, "on the last page")
    edited = note(services, reading, 2, "before")
    tab = annotating_tab()
    layer = tab.annotating.layer  # type: ignore[union-attr]
    assert {a.id for a in layer.all()} == {first, later, edited}

    # As on a slow machine: the first screen is read, the full read is still on its way.
    stale = [services.annotations.get(i) for i in (first, later, edited)]
    layer.adopt([])
    layer.loaded = False
    layer.take_pages([0], services.annotations.on_pages(reading.id, [0]))
    assert {a.id for a in layer.all()} == {first}
    assert layer.has_page(0) and not layer.has_page(3)

    # The student deletes the first note and edits another before the rest arrives.
    layer.remove([first])
    layer.put([replace(stale[2], comment="after")])
    with qtbot.waitSignal(layer.changed):
        layer.take_all(stale)

    assert layer.loaded and layer.has_page(3)
    assert {a.id: a.comment for a in layer.all()} == {later: "on the last page", edited: "after"}
