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
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.notify.window_channel import SHOW, ask_window, channel_path, review_request
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
