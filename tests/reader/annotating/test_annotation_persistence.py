"""Annotations are never lost: what a student made is in the database the moment it is made,
is drawn again after a restart, and survives the app being killed (SIGKILL, no chance to
save) right after the last stroke."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE
from app.domain.annotation_geometry import Point, Stroke, smooth_stroke
from app.services.app_services import AppServices, open_services
from tests.conftest import REPO
from tests.reader import expected
from tests.reader.annotating import annotate_then_wait as script
from tests.reader.annotating.conftest import AnnotatingTab, Reading
from tests.reader.annotating.gestures import (
    annotating,
    commonest,
    hue_distance,
    key,
    line_boxes,
    quad_boxes,
    same_boxes,
    stored,
    stroke,
    wait_for_focus,
)
from tests.reader.conftest import settle
from tests.reader.helpers import click, drag, on_page, screen

YELLOW = DEFAULT_PALETTE[0].colour
STARTUP_GUARD_S = 120  # against a hung child only; a healthy one prints "done" in seconds


def test_annotations_are_drawn_again_after_a_restart(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    tab = annotating_tab()
    words = expected.words(reading.path, 0)[40:46]
    key(qtbot, tab, Qt.Key.Key_H)
    drag(tab, on_page(tab, 0, *words[0].centre), on_page(tab, 0, *words[-1].centre))
    key(qtbot, tab, Qt.Key.Key_T)
    click(tab, on_page(tab, 0, 330.0, 500.0))
    editor = annotating(tab).editors.text_editor
    assert editor is not None
    wait_for_focus(qtbot, editor)
    qtbot.keyClicks(editor, "read again")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    made = stored(data_dir)
    assert [row["kind"] for row in made] == ["highlight", "freetext"]
    tab.close()
    services.close()  # the first run is over: only what reached the data directory is left

    later = open_services(data_dir)
    try:
        assert [a.id for a in later.annotations.for_reading(reading.id)] == [r["id"] for r in made]
        again = annotating_tab(over=later)
        try:
            assert {a.id for a in annotating(again).layer.all()} == {r["id"] for r in made}
            settle(qtbot, again)
            box = line_boxes(words)[0]
            one = on_page(again, 0, box[0], box[1]), on_page(again, 0, box[2], box[3])
            tinted = commonest(screen(again), *one)
            assert hue_distance(tinted, QColor(YELLOW)) < 15 and tinted.hslSaturationF() > 0.3
        finally:
            again.close()
    finally:
        later.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_nothing_is_lost_when_the_app_is_killed_right_after_annotating(
    services: AppServices, reading: Reading, data_dir: Path, tmp_path: Path
) -> None:
    services.close()  # the data directory is the child's now
    errors = tmp_path / "stderr.txt"  # a file, not a pipe: a full pipe would stall the child
    with errors.open("w") as error_file:
        child = subprocess.Popen(
            [sys.executable, "-m", script.__name__, str(data_dir), reading.id],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=error_file,
            text=True,
        )
    try:
        assert child.stdout is not None
        with selectors.DefaultSelector() as waiting:
            waiting.register(child.stdout, selectors.EVENT_READ)
            ready = waiting.select(timeout=STARTUP_GUARD_S)
        line = child.stdout.readline() if ready else ""
        if line.strip() != "done":
            pytest.fail(f"the app did not finish annotating ({line!r}):\n{errors.read_text()}")
        assert child.poll() is None, "the app must still be running when it is killed"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()

    rows = stored(data_dir)
    assert [row["kind"] for row in rows] == ["highlight", "note", "ink"]
    highlight, note, ink = rows
    words = expected.words(reading.path, 0)[script.HIGHLIGHTED]
    assert same_boxes(quad_boxes(highlight), line_boxes(words))
    assert highlight["quote"] == " ".join(word.text for word in words)
    assert note["comment"] == script.COMMENT
    x, y = script.NOTE_AT
    assert note["geometry"]["rect"] == pytest.approx([x - 9, y - 9, x + 9, y + 9])
    wanted = smooth_stroke(Stroke(tuple(Point(*point) for point in script.INK), 1.5))
    [drawn] = ink["geometry"]["strokes"]
    flat = [value for point in drawn["points"] for value in point]
    assert flat == pytest.approx([value for p in wanted.points for value in (p.x, p.y)])
    # And the app starts over the database the kill left, and serves them.
    later = open_services(data_dir)
    try:
        assert [a.kind.value for a in later.annotations.for_reading(reading.id)] == [
            row["kind"] for row in rows
        ]
    finally:
        later.close()


def test_a_stroke_is_stored_before_the_next_event(
    annotating_tab: AnnotatingTab, data_dir: Path, qtbot: QtBot
) -> None:
    """No save step, no delay: the row is there as soon as the mouse button is up."""
    tab = annotating_tab()
    key(qtbot, tab, Qt.Key.Key_P)
    stroke(tab, 0, [(60.0, 600.0), (90.0, 612.0), (120.0, 598.0)])
    assert [row["kind"] for row in stored(data_dir)] == ["ink"]
