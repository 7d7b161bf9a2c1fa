"""Annotating fixtures: services over a fresh data directory with a reading whose library file
is a generated two-column paper, and reader tabs that annotate it (built by the reader's own
``open_tab``, so they are closed and checked after each test like every reader tab).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.ui.reader.reader_tab import ReaderTab
from tests.reader.conftest import Files, OpenTab, settle


@dataclass(frozen=True)
class Reading:
    """A reading of the term with a PDF in the library: what a tab over it needs."""

    id: str
    title: str
    path: Path  # the library's copy, which the reader shows and annotations belong to


@pytest.fixture
def services(data_dir: Path) -> Iterator[AppServices]:
    opened = open_services(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def reading(services: AppServices, files: Files) -> Reading:
    """Week 3's first reading with the four-page two-column paper attached."""
    listed = services.course.readings(3)[0].reading
    entry = services.library.attach(listed.id, files.plain.path)
    assert entry.path is not None
    return Reading(listed.id, listed.title, Path(entry.path))


AnnotatingTab = Callable[..., ReaderTab]


@pytest.fixture
def annotating_tab(
    open_tab: OpenTab, qtbot: QtBot, services: AppServices, reading: Reading
) -> AnnotatingTab:
    """Open the reading in a tab that annotates it (over ``services``, or other services
    given, as after a restart); returns once its pages are drawn and its annotations loaded."""

    def make(*, over: AppServices | None = None, **options: Any) -> ReaderTab:
        chosen = over or services
        tab = open_tab(
            reading.path,
            title=reading.title,
            reading_id=reading.id,
            annotation_service=chosen.annotations,
            settings=chosen.settings,
            **options,
        )
        annotating = tab.annotating
        assert annotating is not None
        qtbot.waitUntil(lambda: annotating.layer.loaded)
        settle(qtbot, tab)
        return tab

    return make
