"""Issue 12: a search hit broken across two lines counts once, is stepped to once, and is
highlighted on both lines.

The PDF is written here with the phrase placed on purpose: once split over a line break,
once whole, and in a second column whole again; so the expected count is 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest
from pytestqt.qtbot import QtBot

from app.services.reader import ReaderService
from tests.reader.conftest import OpenTab

PHRASE = "distributed systems"
LINES = [
    (72, 100, "Our results hold for every kind of distributed"),  # the phrase begins here...
    (72, 114, "systems we measured, and distributed systems"),  # ...ends here; one whole
    (72, 128, "of every size behave the same."),
    (72, 300, "Other distributed systems were left out."),
]
EXPECTED_HITS = 3


@pytest.fixture(scope="module")
def split_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("split") / "split.pdf"
    document: Any = pymupdf.open()  # type: ignore[no-untyped-call]
    page = document.new_page()
    for x, y, text in LINES:
        page.insert_text((x, y), text, fontsize=11)
    document.save(path)
    document.close()
    return path


def test_the_document_returns_a_split_hit_as_one_hit_with_two_boxes(split_pdf: Path) -> None:
    document = ReaderService().open(split_pdf)
    try:
        hits = document.search_hits(0, PHRASE)
    finally:
        document.close()
    assert len(hits) == EXPECTED_HITS
    split = hits[0]
    assert len(split) == 2  # its first line's end and its second line's start
    first, second = split
    assert first.y0 < second.y0 and second.x0 < first.x0
    assert all(len(hit) == 1 for hit in hits[1:])


def test_the_tab_counts_a_split_hit_once_and_highlights_both_lines(
    open_tab: OpenTab, split_pdf: Path, qtbot: QtBot
) -> None:
    tab = open_tab(split_pdf)
    tab.toolbar.search_field.setText(PHRASE)
    tab.toolbar.search_field.step.emit(True)
    qtbot.waitUntil(lambda: not tab.search.running and tab.search.count > 0)
    assert tab.toolbar.hit_label.text() == f"1 of {EXPECTED_HITS}"
    assert len(tab.view.hits[0]) == EXPECTED_HITS + 1  # every line part is highlighted
    assert len(tab.view.current_hit_parts) == 2  # the current hit, on both its lines
    seen = set()
    for _ in range(EXPECTED_HITS):
        current = tab.search.current()
        assert current is not None
        seen.add(current)
        tab.search.step(True)
    assert len(seen) == EXPECTED_HITS and tab.toolbar.hit_label.text() == f"1 of {EXPECTED_HITS}"
