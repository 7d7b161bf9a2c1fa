"""Insert from annotations: with a reading open in front, Ctrl+E opens its week's review, and
the quotes ticked in the chooser land in the field the student was typing in, as citations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from tests.gui.annotation_scene import annotated_week, open_reading
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import WAIT_MS, WEEK, click, field_of, stored_answers


def test_ticked_quotes_go_into_the_field_as_citations_and_are_saved(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot, tmp_path: Path
) -> None:
    week = annotated_week(services, tmp_path)
    quoted = [a for reading in week for a in reading.annotations if a.quote.strip()]
    assert len(quoted) >= 2
    first, second = quoted[0], quoted[1]
    window = make_window()
    open_reading(qtbot, window, week[0].reading_id)
    assert window.select_week(2)  # another week selected: the reading in front decides
    with qtbot.waitActive(window):
        window.activateWindow()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.review.dock.isVisible, timeout=WAIT_MS)
    editor = window.review.editor
    editor.autosave.setInterval(30)
    assert editor.week == WEEK
    summary = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert summary is not None
    click(qtbot, summary)
    qtbot.keyClicks(summary, "As they put it:")

    click(qtbot, editor.quote_button)
    chooser = editor.chooser
    assert chooser is not None
    qtbot.waitExposed(chooser)
    shown = [chooser.list.item(row).text() for row in range(chooser.list.count())]
    assert len(shown) == len([a for r in week for a in r.annotations if a.quote.strip()])
    for wanted in (first, second):
        row = next(i for i, text in enumerate(shown) if " ".join(wanted.quote.split()) in text)
        chooser.list.setCurrentRow(row)
        QTest.keyClick(chooser.list, Qt.Key.Key_Space)  # ticks the current item
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        click(qtbot, chooser.buttons.button(QDialogButtonBox.StandardButton.Ok))

    lines = [f"“{' '.join(a.quote.split())}” (p. {a.page + 1})" for a in (first, second)]
    expected = "As they put it:\n" + "\n".join(lines) + "\n"
    assert summary.toPlainText() == expected
    assert stored_answers(services.data_dir)["template.summary"] == expected
