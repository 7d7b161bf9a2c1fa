"""The first-run welcome: shown once over the window of a new data directory (never for a
start-up measurement, a reminder's click or a directory an older version filled), skipped
without changing anything, and finished by storing every page's choices at once, which a
later run of ``config get`` reads back. Help › Welcome… opens it again, filled in.

Real parts: the window as ``launch`` builds and runs it, the services over a temporary data
directory, the course page over HTTP, the program itself for ``config get``.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton, QWizard
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from app.domain.reading_position import ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import AppServices, open_services
from app.services.config import EMAIL, REMINDERS, SCHEDULE_START
from app.ui.launch import run_window
from app.ui.main_window import MainWindow
from app.ui.week_list import DATE_ROLE
from app.ui.welcome.opening import greet_on_start
from app.ui.welcome.saving import write_all
from app.ui.welcome.wizard import WelcomeWizard
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import click
from tests.gui.term import MID_TERM

REPO = Path(__file__).resolve().parents[2]
WAIT_MS = 20_000  # a bound that only catches a hang
MARKDOWN = "text/markdown; charset=utf-8"
PICKED = date(2027, 1, 6)  # a Wednesday
MONDAY = date(2027, 1, 4)  # the Monday of its week


def shown_welcome(window: MainWindow) -> WelcomeWizard | None:
    shown = [w for w in window.findChildren(WelcomeWizard) if w.isVisible()]
    assert len(shown) <= 1
    return shown[0] if shown else None


def open_from_help(qtbot: QtBot, window: MainWindow) -> WelcomeWizard:
    [help_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
    [action] = [a for a in help_menu.actions() if a.text() == "&Welcome…"]  # type: ignore[union-attr]
    assert isinstance(action, QAction)
    action.trigger()
    qtbot.waitUntil(lambda: shown_welcome(window) is not None, timeout=WAIT_MS)
    wizard = shown_welcome(window)
    assert wizard is not None
    return wizard


def press(wizard: WelcomeWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled()
    button.click()


def type_into(qtbot: QtBot, field: object, text: str) -> None:
    field.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)


def config_get(data_dir: Path, key: str) -> str:
    """What the command line reads, in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "config", "get", key],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def welcome_done(data_dir: Path) -> bool | None:
    later = open_services(data_dir)
    try:
        return later.settings.welcome_done()
    finally:
        later.close()


def after_what_is_queued(qtbot: QtBot) -> None:
    """Two turns of the event loop: what was queued before (the welcome's opening) has run."""
    turned: list[bool] = []
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: turned.append(True)))
    qtbot.waitUntil(lambda: bool(turned), timeout=WAIT_MS)


def read_a_little(services: AppServices) -> None:
    reading = services.library.items()[0].reading.id
    services.progress.save(reading, ReadingPosition(page=3), ReadingProgress(frozenset({0, 3}), 90))


# -- when it is shown ------------------------------------------------------------------------


class _WelcomeWatch(QObject):
    """Watches a whole run of the window: each welcome shown (and whether the window was up
    behind it), then Skip; the run ends once the welcome is skipped or, with none coming,
    once the window is shown and the events queued at its showing have run."""

    def __init__(self, app: QApplication, *, expect_welcome: bool) -> None:
        super().__init__()
        self._app = app
        self._expect = expect_welcome
        self.welcomes: list[tuple[bool, Qt.WindowModality]] = []
        self.timed_out = False
        self.safety = QTimer(self)
        self.safety.setSingleShot(True)
        self.safety.timeout.connect(self._give_up)
        self.safety.start(WAIT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Show:
            return False
        if isinstance(watched, WelcomeWizard):
            parent = watched.parentWidget()
            self.welcomes.append(
                (parent is not None and parent.isVisible(), watched.windowModality())
            )
            QTimer.singleShot(0, lambda: self._skip(watched))
        elif isinstance(watched, MainWindow) and not self._expect:
            # Two turns of the loop: whatever the showing queued has run by then.
            QTimer.singleShot(0, lambda: QTimer.singleShot(0, self._end))
        return False

    def _skip(self, wizard: WelcomeWizard) -> None:
        press(wizard, QWizard.WizardButton.CancelButton)
        self._end()

    def _give_up(self) -> None:
        self.timed_out = True
        self._app.quit()

    def _end(self) -> None:
        self.safety.stop()
        self._app.quit()


def run_watched(qapp: QApplication, data_dir: Path, **options: object) -> _WelcomeWatch:
    watch = _WelcomeWatch(qapp, expect_welcome=not options and welcome_done(data_dir) is None)
    qapp.installEventFilter(watch)
    try:
        assert run_window(data_dir, **options) == 0  # type: ignore[arg-type]
    finally:
        qapp.removeEventFilter(watch)
    assert not watch.timed_out
    return watch


def test_a_new_data_directory_is_welcomed_once_and_skip_is_remembered(
    data_dir: Path, qapp: QApplication
) -> None:
    first = run_watched(qapp, data_dir)
    # Over the window, shown behind it; the window's own input waits for it.
    assert first.welcomes == [(True, Qt.WindowModality.WindowModal)]
    assert welcome_done(data_dir) is True

    again = run_watched(qapp, data_dir)

    assert again.welcomes == []
    assert config_get(data_dir, "identity.email") == ""  # Skip changed nothing


def test_a_start_up_measurement_never_shows_it_and_leaves_it_owed(
    data_dir: Path, qapp: QApplication
) -> None:
    watch = run_watched(qapp, data_dir, exit_when_shown=True)

    assert watch.welcomes == []
    assert welcome_done(data_dir) is None  # the first real start still greets


def test_a_reminders_click_start_leaves_it_for_the_next_start(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    window = make_window()
    greet_on_start(window, services, review_start=True)
    after_what_is_queued(qtbot)  # an ordinary start would have opened it by now
    assert shown_welcome(window) is None
    read_a_little(services)  # work done in that run: the directory is still owed its welcome

    greet_on_start(window, services, review_start=False)

    qtbot.waitUntil(lambda: shown_welcome(window) is not None, timeout=WAIT_MS)
    wizard = shown_welcome(window)
    assert wizard is not None
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # Escape is a Skip
    qtbot.waitUntil(lambda: shown_welcome(window) is None, timeout=WAIT_MS)
    assert services.settings.welcome_done() is True


def test_a_directory_an_older_version_filled_is_not_greeted(
    make_window: WindowFactory, services: AppServices, qtbot: QtBot
) -> None:
    read_a_little(services)  # an older version's start: the student's reading progress
    window = make_window()

    greet_on_start(window, services, review_start=False)
    after_what_is_queued(qtbot)

    assert shown_welcome(window) is None
    assert services.settings.welcome_done() is None


# -- what it stores --------------------------------------------------------------------------


@pytest.fixture
def window_on_mid_term(make_window: WindowFactory) -> MainWindow:
    return make_window()


def test_finish_stores_every_page_and_offers_a_sync_from_the_chosen_page(
    window_on_mid_term: MainWindow,
    services: AppServices,
    data_dir: Path,
    home: Path,
    tmp_path: Path,
    httpserver: HTTPServer,
    course_url: str,
    modified_index: str,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_on_mid_term
    course = {w.number: w.date for w in services.course.course_syllabus().weeks if w.date}
    wizard = open_from_help(qtbot, window)
    assert wizard.currentPage() is wizard.course

    click(qtbot, wizard.course.other)
    type_into(qtbot, wizard.course.url, course_url)
    press(wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.you
    type_into(qtbot, wizard.you.name, "Ada Lovelace")
    type_into(qtbot, wizard.you.email, "ada@berkeley.edu")
    type_into(qtbot, wizard.you.student_id, "3031234567")
    press(wizard, QWizard.WizardButton.NextButton)
    wizard.term.choose(PICKED)
    assert "is in the week of" in wizard.term.snapped.text()
    press(wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard.reminders.boxes[timedelta(days=7)])
    click(qtbot, wizard.reminders.boxes[timedelta(hours=2)])
    click(qtbot, wizard.reminders.when_closed)
    assert wizard.reminders.times.text() == "168h,48h,24h"
    press(wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.data
    assert wizard.data.path.text() == str(data_dir)

    no_systemd = tmp_path / "empty-bin"  # a desktop without systemd: a login entry
    no_systemd.mkdir()
    monkeypatch.setenv("PATH", str(no_systemd))
    with qtbot.waitSignal(wizard.finished, timeout=WAIT_MS):
        press(wizard, QWizard.WizardButton.FinishButton)
    monkeypatch.undo()

    assert config_get(data_dir, "sync.source") == course_url
    assert config_get(data_dir, "identity.name") == "Ada Lovelace"
    assert config_get(data_dir, "identity.email") == "ada@berkeley.edu"
    assert config_get(data_dir, "identity.student_id") == "3031234567"
    assert config_get(data_dir, "schedule.start") == MONDAY.isoformat()
    assert config_get(data_dir, "reminders") == "168h,48h,24h"
    assert config_get(data_dir, "reminders.when_closed") == "true"
    assert (home / ".config" / "autostart" / "study-companion-remind.desktop").is_file()
    # Week 1 moved by the whole weeks from its own Monday to the one picked, as the window shows.
    weeks = (MONDAY - (course[1] - timedelta(days=course[1].weekday()))).days // 7
    moved = {w.number: w.date for w in services.course.syllabus().weeks if w.date}
    assert moved[1] == course[1] + timedelta(weeks=weeks)
    shown = f"{moved[1]:%a %b} {moved[1].day}"  # the week list's "Mon Jan 4" (locale C)
    assert window.model.index(0).data(DATE_ROLE) == shown  # the window shows it at once
    assert window.statusBar().currentMessage() == "Your choices are saved"

    # The new page is offered, not fetched: the window's own sync, when the student asks.
    assert len(httpserver.log) == 0
    assert (
        window.banner.isVisible()
        and f"page is now {urlsplit(course_url).hostname}" in window.banner.text
    )
    [sync_now] = [b for b in window.banner.findChildren(QPushButton) if b.text() == "Sync now"]
    httpserver.expect_request("/index.md").respond_with_data(modified_index, content_type=MARKDOWN)
    sync_now.click()
    assert window.busy.isVisible()  # the usual progress
    qtbot.waitUntil(lambda: not window.sync_runner.running, timeout=WAIT_MS)
    assert [request.path for request, _ in httpserver.log] == ["/index.md"]
    assert window.change_dialog is not None
    window.change_dialog.reject()


def test_an_address_that_is_no_course_page_is_refused_on_its_page(
    window_on_mid_term: MainWindow, data_dir: Path, qtbot: QtBot
) -> None:
    wizard = open_from_help(qtbot, window_on_mid_term)
    click(qtbot, wizard.course.other)

    for address, said in (
        ("ftp://example.org/index.md", "ftp:// addresses are not supported"),
        ("example.org/index.md", "'example.org/index.md' is not an address"),
        ("", "Write the course page's address"),
    ):
        type_into(qtbot, wizard.course.url, address)
        press(wizard, QWizard.WizardButton.NextButton)
        assert wizard.currentPage() is wizard.course
        assert wizard.course.error.isVisible() and said in wizard.course.error.text()

    press(wizard, QWizard.WizardButton.CancelButton)
    assert config_get(data_dir, "sync.source") == ""


def test_an_email_the_setting_refuses_sends_finish_back_to_its_page_and_stores_nothing(
    window_on_mid_term: MainWindow, data_dir: Path, qtbot: QtBot
) -> None:
    wizard = open_from_help(qtbot, window_on_mid_term)
    press(wizard, QWizard.WizardButton.NextButton)
    type_into(qtbot, wizard.you.name, "Ada Lovelace")
    type_into(qtbot, wizard.you.email, "ada at berkeley")
    for _ in range(3):
        press(wizard, QWizard.WizardButton.NextButton)
    wizard.term.choose(MONDAY)  # (a change on an earlier page, also not stored)

    press(wizard, QWizard.WizardButton.FinishButton)

    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.you, timeout=WAIT_MS)
    assert wizard.isVisible() and wizard.you.error.isVisible()
    assert "'ada at berkeley' is not an email address" in wizard.you.error.text()
    assert wizard.you.email.hasFocus()
    assert config_get(data_dir, "identity.name") != "Ada Lovelace"
    assert config_get(data_dir, "schedule.start") == ""
    press(wizard, QWizard.WizardButton.CancelButton)


def test_a_refusal_after_other_settings_were_written_puts_them_back(
    services: AppServices,
) -> None:
    before = services.config.get(REMINDERS).value

    refusal = write_all(
        services.config, {REMINDERS: "72h", EMAIL: "ada@berkeley.edu", SCHEDULE_START: "someday"}
    )

    assert refusal is not None and refusal.key == SCHEDULE_START
    assert "'someday' is not a date" in refusal.message
    assert services.config.get(REMINDERS).value == before
    assert services.config.email() == ""


def test_help_welcome_opens_it_again_with_the_stored_values(
    window_on_mid_term: MainWindow, services: AppServices, course_url: str, qtbot: QtBot
) -> None:
    config = services.config
    for key, text in (
        ("sync.source", course_url),
        ("identity.name", "Ada Lovelace"),
        ("identity.email", "ada@berkeley.edu"),
        ("identity.student_id", "3031234567"),
        ("schedule.start", MONDAY.isoformat()),
        ("reminders", "90m"),
    ):
        config.set(key, text)

    wizard = open_from_help(qtbot, window_on_mid_term)

    assert wizard.course.other.isChecked() and wizard.course.url.text() == course_url
    you = wizard.you
    assert (you.name.text(), you.email.text(), you.student_id.text()) == (
        "Ada Lovelace",
        "ada@berkeley.edu",
        "3031234567",
    )
    assert wizard.term.own.isChecked() and wizard.term.start() == MONDAY
    assert wizard.reminders.times.text() == "90m"
    assert not any(box.isChecked() for box in wizard.reminders.boxes.values())
    assert not wizard.reminders.when_closed.isChecked()
    assert wizard.changes() == {}  # as stored: Finish would change nothing
    press(wizard, QWizard.WizardButton.CancelButton)
    assert services.settings.welcome_done() is None  # opened from Help: not the first run's


def test_the_clock_of_the_window_gives_the_self_paced_default(
    window_on_mid_term: MainWindow, qtbot: QtBot
) -> None:
    wizard = open_from_help(qtbot, window_on_mid_term)
    wizard.term.own.setChecked(True)
    # The Monday after the window's today (Thursday 10 March 2022), worked out here.
    today = MID_TERM.date()
    assert wizard.term.start() == today + timedelta(days=7 - today.weekday())
    press(wizard, QWizard.WizardButton.CancelButton)


def test_the_screenshot_view_shows_the_welcome_over_the_window(
    data_dir: Path, tmp_path: Path, qapp: QApplication
) -> None:
    from PySide6.QtGui import QImage

    from app.ui.screenshot import ScreenshotRequest, take_screenshot

    pictures = {}
    for view in ("term", "welcome"):
        out = tmp_path / f"{view}.png"
        assert take_screenshot(str(data_dir), ScreenshotRequest(out, view=view)) == 0
        pictures[view] = QImage(str(out))
    welcome, term = pictures["welcome"], pictures["term"]
    assert (welcome.width(), welcome.height()) == (1280, 800)
    # The window is dimmed behind the dialog at its corner, and the dialog fills the middle.
    assert welcome.pixelColor(4, 790).lightness() < term.pixelColor(4, 790).lightness()
    assert welcome.pixelColor(640, 400) != term.pixelColor(640, 400)
    assert welcome_done(data_dir) is None  # a screenshot is not a first run


def test_reminder_boxes_and_their_text_follow_each_other(
    window_on_mid_term: MainWindow, qtbot: QtBot
) -> None:
    wizard = open_from_help(qtbot, window_on_mid_term)
    for _ in range(3):
        press(wizard, QWizard.WizardButton.NextButton)
    page = wizard.reminders
    assert wizard.currentPage() is page
    checked = lambda: {o for o, box in page.boxes.items() if box.isChecked()}  # noqa: E731
    assert page.times.text() == "48h,24h,2h"  # the app's default, filled in
    assert checked() == {timedelta(hours=48), timedelta(hours=24), timedelta(hours=2)}

    type_into(qtbot, page.times, "1d, 90m")
    assert checked() == {timedelta(hours=24)}  # 90 minutes has no box, and keeps its text
    click(qtbot, page.boxes[timedelta(hours=1)])
    assert page.times.text() == "24h,90m,1h"

    type_into(qtbot, page.times, "none")
    assert checked() == set()
    press(wizard, QWizard.WizardButton.CancelButton)
