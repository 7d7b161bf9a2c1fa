"""One window per data directory: a second start raises the running window, the background
``remind`` hands a clicked reminder over to it, and with no window a start on ``--review N``
opens that draft.

Real parts: the window as ``launch`` builds it listening on its Unix socket (QLocalServer),
the standard-library client ``remind`` uses (``ask_window``) on a thread beside the GUI, and
the program itself started as the user starts it (``python -m app``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.notify.window_channel import (
    SHOW,
    ask_window,
    become_window,
    channel_path,
    review_request,
)
from app.services.app_services import AppServices
from app.ui.launch import build_main_window
from app.ui.main_window import MainWindow
from app.ui.window_presence import presence_of
from tests.integration.cli_process import start
from tests.notification_daemon import stop_child, wait_until

WAIT_MS = 30_000  # bounds that only catch a hang


@pytest.fixture
def listening_window(qtbot: QtBot, services: AppServices) -> Iterator[MainWindow]:
    """A window on the test's data directory, taking requests; not shown yet."""
    window = build_main_window(services)
    assert presence_of(window).listen(services.data_dir)
    yield window
    window.close()
    channel = presence_of(window).channel
    assert channel is not None
    channel.close()
    assert window.review.editor.fetcher.wait(WAIT_MS)
    window.deleteLater()
    qtbot.wait(1)


def ask_beside(qtbot: QtBot, data_dir: Path, request: str) -> dict[str, Any] | None:
    """``ask_window`` on a thread, as another process asks, while the GUI thread answers."""
    answers: list[dict[str, Any] | None] = []
    asking = threading.Thread(target=lambda: answers.append(ask_window(data_dir, request)))
    asking.start()
    qtbot.waitUntil(lambda: not asking.is_alive(), timeout=WAIT_MS)
    return answers[0]


def test_a_handed_over_click_raises_the_window_on_that_weeks_draft(
    qtbot: QtBot, listening_window: MainWindow, services: AppServices
) -> None:
    window = listening_window
    assert not window.isVisible()  # e.g. hidden in the tray

    answer = ask_beside(qtbot, services.data_dir, review_request(8))

    assert answer == {"pid": os.getpid(), "shown": True, "review": 8}
    assert window.isVisible()
    assert window.review.dock.isVisible()
    assert window.review.editor.week == 8


def test_a_second_start_raises_the_running_window_instead_of_opening_another(
    qtbot: QtBot, listening_window: MainWindow, services: AppServices
) -> None:
    window = listening_window
    second = start(services.data_dir)  # `study-companion`, no command

    qtbot.waitUntil(lambda: second.poll() is not None, timeout=WAIT_MS)

    assert second.returncode == 0, second.communicate()[1]
    assert window.isVisible()
    assert not window.review.dock.isVisible()  # raised as it was, no draft asked for


def test_a_socket_left_by_a_crashed_window_does_not_stop_the_next_one(
    qtbot: QtBot, services: AppServices
) -> None:
    path = channel_path(services.data_dir)
    assert path is not None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as crashed:
        crashed.bind(os.fspath(path))  # bound, never listened on, left behind
    assert path.exists()
    assert ask_window(services.data_dir, SHOW) is None  # nobody answers there

    window = build_main_window(services)
    try:
        assert presence_of(window).listen(services.data_dir)
        assert ask_beside(qtbot, services.data_dir, SHOW) == {
            "pid": os.getpid(),
            "shown": True,
            "review": None,
        }
    finally:
        window.close()
        channel = presence_of(window).channel
        assert channel is not None
        channel.close()
        window.deleteLater()
        qtbot.wait(1)
    assert not path.exists()  # the window that closed took its socket with it


def test_with_no_window_running_review_starts_the_app_on_that_draft(data_dir: Path) -> None:
    started = start(data_dir, "--review", "8")  # what a click on a reminder starts
    try:
        answers: list[dict[str, Any]] = []

        def answered() -> bool:
            assert started.poll() is None, started.communicate()[1]
            answer = ask_window(data_dir, SHOW)
            answers.extend([answer] if answer else [])
            return bool(answers)

        wait_until(answered, "the started window to answer")
        assert answers[0] == {"pid": started.pid, "shown": True, "review": 8}
    finally:
        stop_child(started)  # type: ignore[arg-type]


def first_line_of(qtbot: QtBot, process: subprocess.Popen[str]) -> str:
    """The first line ``process`` writes on stderr, waited for beside the GUI thread."""
    assert process.stderr is not None
    lines: list[str] = []
    reading = threading.Thread(target=lambda: lines.append(process.stderr.readline()))  # type: ignore[union-attr]
    reading.start()
    qtbot.waitUntil(lambda: not reading.is_alive(), timeout=WAIT_MS)
    return lines[0]


def test_a_start_beside_one_still_opening_hands_over_to_its_window(
    qtbot: QtBot, services: AppServices
) -> None:
    """Two starts at once: the first holds the claim while it builds its window; the second
    waits for that window instead of opening another."""
    claim = become_window(services.data_dir, SHOW)  # this process is the first start
    assert claim is not None
    second = start(services.data_dir)
    try:
        assert "waiting for its window" in first_line_of(qtbot, second)
        window = build_main_window(services)  # the first start's window comes up
        presence = presence_of(window)
        assert presence.listen(services.data_dir)
        try:
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=WAIT_MS)
            assert second.returncode == 0, second.communicate()[1]
            assert window.isVisible()  # raised by the second start, which opened none
        finally:
            window.close()
            assert presence.channel is not None
            presence.channel.close()
            assert window.review.editor.fetcher.wait(WAIT_MS)
            window.deleteLater()
    finally:
        claim.release()
        stop_child(second)  # type: ignore[arg-type]


def test_a_start_that_died_before_its_window_leaves_the_next_start_free(
    data_dir: Path, qtbot: QtBot
) -> None:
    claim = become_window(data_dir, SHOW)
    assert claim is not None
    second = start(data_dir)
    try:
        assert "waiting for its window" in first_line_of(qtbot, second)
        claim.release()  # what the kernel does for a start that crashed

        answers: list[dict[str, Any]] = []

        def answered() -> bool:
            assert second.poll() is None, second.communicate()[1]
            answer = ask_window(data_dir, SHOW)
            answers.extend([answer] if answer else [])
            return bool(answers)

        wait_until(answered, "the second start's own window to answer")
        assert answers[0]["pid"] == second.pid
    finally:
        stop_child(second)  # type: ignore[arg-type]


def test_two_starts_at_the_same_instant_open_one_window(data_dir: Path) -> None:
    starts = [start(data_dir), start(data_dir)]
    try:
        answers: list[dict[str, Any]] = []

        def one_answered() -> bool:
            answer = ask_window(data_dir, SHOW)
            answers.extend([answer] if answer else [])
            return bool(answers)

        wait_until(one_answered, "one of the two starts to open its window")
        window_pid = answers[0]["pid"]
        other = next(process for process in starts if process.pid != window_pid)
        assert other.wait(timeout=WAIT_MS / 1000) == 0, other.communicate()[1]
        assert next(p for p in starts if p.pid == window_pid).poll() is None
    finally:
        for process in starts:
            stop_child(process)  # type: ignore[arg-type]
