"""Spell checking in the review editor: misspelled words get a red wavy underline once the
dictionary has loaded (on a worker, when the dock first opens), the right-click menu offers
suggestions that replace the word and "Add to dictionary", which a later run remembers; the
course's vocabulary, acronyms, names, numbers and addresses are left alone; the setting
``review.spellcheck`` turns it off. Week 8's review is on the usual template (no form yet)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain.form import QuestionKind
from app.domain.review import ReviewStatus
from app.services.app_services import AppServices, open_services
from app.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import (
    EVERY_KIND,
    WAIT_MS,
    cache_form,
    click,
    field_of,
    open_editor,
    q,
    stored_answers,
)

RED = QColor("#d0312d")


def summary_of(window: MainWindow) -> QPlainTextEdit:
    found = field_of(window.review.editor, "Summary").findChild(QPlainTextEdit)
    assert found is not None
    return found


def underlined(edit: QPlainTextEdit) -> list[str]:
    """The words drawn with a red wavy underline, in order."""
    found: list[str] = []
    block = edit.document().begin()
    while block.isValid():
        for span in block.layout().formats():
            style = span.format.underlineStyle()
            if style == QTextCharFormat.UnderlineStyle.WaveUnderline:
                assert span.format.underlineColor() == RED
                found.append(block.text()[span.start : span.start + span.length])
        block = block.next()
    return found


def write(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    click(qtbot, edit)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)


def right_click_word(window: MainWindow, edit: QPlainTextEdit, word: str) -> QMenu:
    cursor = QTextCursor(edit.document())
    cursor.setPosition(edit.toPlainText().index(word) + 1)
    where = edit.cursorRect(cursor).center()
    viewport = edit.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, viewport.mapToGlobal(where))
    QCoreApplication.sendEvent(viewport, event)
    spelling = window.review.editor.spelling
    assert spelling is not None and spelling.menu is not None
    return spelling.menu


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def trigger(menu: QMenu, text: str) -> None:
    [action] = [a for a in menu.actions() if a.text() == text]
    action.trigger()
    menu.close()


def test_a_misspelled_word_is_underlined_once_the_dictionary_has_loaded(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window()
    assert not window.review.speller.is_ready()  # nothing loaded at start-up
    open_editor(qtbot, window)
    summary = summary_of(window)
    write(qtbot, summary, "The modle learns which\nindex to use, and it's fast.")
    qtbot.waitUntil(lambda: underlined(summary) == ["modle"], timeout=WAIT_MS)


def test_a_suggestion_from_the_menu_replaces_the_word_and_is_saved(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    editor = open_editor(qtbot, window)
    summary = summary_of(window)
    write(qtbot, summary, "Learned indexes recieve keys.")
    qtbot.waitUntil(lambda: underlined(summary) == ["recieve"], timeout=WAIT_MS)

    menu = right_click_word(window, summary, "recieve")
    shown = texts(menu)
    assert "receive" in shown[:5]
    add_at = shown.index("Add “recieve” to dictionary")
    assert 1 <= add_at <= 5  # up to five suggestions, then Add to dictionary
    assert any("Copy" in text for text in shown[add_at + 1 :])  # the usual edit actions
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        trigger(menu, "receive")

    assert summary.toPlainText() == "Learned indexes receive keys."
    assert underlined(summary) == []
    assert "Learned indexes receive keys." in stored_answers(services.data_dir).values()


def test_add_to_dictionary_is_remembered_by_the_next_run(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    open_editor(qtbot, window)
    summary = summary_of(window)
    write(qtbot, summary, "Kraskaish indexes")
    qtbot.waitUntil(lambda: underlined(summary) == ["Kraskaish"], timeout=WAIT_MS)
    trigger(right_click_word(window, summary, "Kraskaish"), "Add “Kraskaish” to dictionary")
    assert underlined(summary) == []

    later = open_services(services.data_dir, clock=services.clock)
    again = make_window(services=later)
    open_editor(qtbot, again)
    summary = summary_of(again)
    summary.clear()
    write(qtbot, summary, "Kraskaish indexes wrold")
    qtbot.waitUntil(lambda: underlined(summary) == ["wrold"], timeout=WAIT_MS)


def test_the_course_vocabulary_acronyms_names_numbers_and_addresses_are_not_flagged(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    titles = [r.title for w in services.course.syllabus().weeks for r in w.readings]
    assert any("Pensieve" in title for title in titles)  # a paper's name, in no dictionary
    window = make_window()
    open_editor(qtbot, window)
    summary = summary_of(window)
    write(
        qtbot,
        summary,
        "Pensieve trains on GPUs and TPUs with PyTorch or TensorFlow, 3x faster in fp16 "
        "(arxiv.org/abs/1712.01208, https://example.org/pensievee, me@exampel.edu). NVIDIA's "
        "teh end.",
    )
    qtbot.waitUntil(lambda: underlined(summary) == ["teh"], timeout=WAIT_MS)


def red_pixels(line: QLineEdit) -> int:
    """Pixels of the drawn line edit that are clearly red (the wave is drawn anti-aliased)."""
    image = line.grab().toImage()
    colours = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return sum(1 for c in colours if c.red() > c.green() + 60 and c.red() > c.blue() + 60)


def test_a_one_line_answer_is_underlined_too(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    one_line = q(900100, "In one line", QuestionKind.SHORT, 1)
    cache_form(services, replace(EVERY_KIND, questions=(*EVERY_KIND.questions, one_line)))
    window = make_window()
    open_editor(qtbot, window)
    paper = field_of(window.review.editor, "In one line").findChild(QLineEdit)
    assert paper is not None
    click(qtbot, paper)
    qtbot.keyClicks(paper, "Pensieve recieve")
    qtbot.waitUntil(lambda: red_pixels(paper) > 5, timeout=WAIT_MS)
    paper.setSelection(len("Pensieve "), len("recieve"))
    qtbot.keyClicks(paper, "receive")
    qtbot.waitUntil(lambda: red_pixels(paper) == 0, timeout=WAIT_MS)
    assert paper.text() == "Pensieve receive"


def test_the_setting_turns_spell_checking_off_and_on(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    services.config.set("review.spellcheck", "false")
    window = make_window()
    open_editor(qtbot, window)
    summary = summary_of(window)
    write(qtbot, summary, "The modle")
    assert underlined(summary) == [] and not window.review.speller.is_ready()

    services.config.set("review.spellcheck", "true")
    window.review.dock.hide()
    open_editor(qtbot, window)
    qtbot.waitUntil(lambda: underlined(summary_of(window)) == ["modle"], timeout=WAIT_MS)


def test_a_ready_review_stays_ready_when_its_words_are_coloured_again(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    services.reviews.set_answers(
        8,
        {
            "template.paper": "The Case for Learned Index Structures",
            "template.strengths": "Clear evaluation.",
            "template.weaknesses": "Inserts are left open.",
            "template.rating": "4",
            "template.confidence": "3",
        },
    )
    window = make_window()
    editor = open_editor(qtbot, window)
    summary = summary_of(window)
    with qtbot.waitSignal(editor.saved, timeout=WAIT_MS):
        write(qtbot, summary, "The modle learns which index to use.")
    qtbot.waitUntil(lambda: underlined(summary) == ["modle"], timeout=WAIT_MS)
    click(qtbot, editor.ready_button)
    assert services.reviews.draft(8).draft.status is ReviewStatus.READY
    field = field_of(editor, "Summary")
    edits: list[None] = []
    field.edited.connect(lambda: edits.append(None))  # type: ignore[attr-defined]

    trigger(right_click_word(window, summary, "modle"), "Add “modle” to dictionary")

    assert underlined(summary) == []  # every paragraph coloured again
    assert edits == []  # no edit of the student's
    assert not editor.autosave.isActive()
    assert services.reviews.draft(8).draft.status is ReviewStatus.READY
    assert "Ready" in editor.status.text()
    qtbot.keyClicks(summary, " Fast.")  # typing still counts
    assert edits and editor.autosave.isActive()
