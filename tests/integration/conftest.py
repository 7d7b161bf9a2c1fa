"""Integration fixtures: a first-start data directory, copied for each test and opened as the
app opens it, the PDF server on 127.0.0.1, and a term whose readings the student annotated
through the command line (annotated_term.py), copied for each test. For the reminders: a real
dunst on a private bus (tests/notification_daemon.py), or a bus where it starts when the test
says, as a desktop's notification service may come up after the app at login.

(No proxy from outside reaches any test: tests/conftest.py sees to that.)
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.services.app_services import AppServices, open_services
from app.services.clock import Clock
from tests.integration.annotated_term import Term, annotate
from tests.integration.paper_versions import Versions, write_versions
from tests.integration.pdf_server import PdfServer
from tests.notification_daemon import NotificationDaemon, SessionBus
from tests.notification_daemon import notification_daemon as notification_daemon
from tests.notification_daemon import session_bus as session_bus


@pytest.fixture(scope="module")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory as the first start leaves it (built once; each test gets a copy)."""
    directory = tmp_path_factory.mktemp("first-start") / "data"
    open_services(directory).close()
    return directory


@pytest.fixture
def fresh_data(first_start: Path, data_dir: Path) -> Path:
    """The test's data directory as the first start left it: a copy of ``first_start``."""
    shutil.copytree(first_start, data_dir)
    return data_dir


@pytest.fixture
def clock() -> Clock | None:
    """The clock the ``services`` read: the system's (None); a module may override this."""
    return None


@pytest.fixture
def services(fresh_data: Path, clock: Clock | None) -> Iterator[AppServices]:
    """The app after its first start, over the test's own copy; closed after the test."""
    opened = open_services(fresh_data, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def server() -> Iterator[PdfServer]:
    with PdfServer() as running:
        yield running


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """Two versions of one paper: the second moves its text a page on and drops a line."""
    return write_versions(tmp_path_factory.mktemp("papers"))


@pytest.fixture(scope="module")
def annotated_term(
    first_start: Path, tmp_path_factory: pytest.TempPathFactory, two_versions: Versions
) -> Term:
    """The student's annotations on two readings (built once per module: read, never change)."""
    data_dir = tmp_path_factory.mktemp("annotated-term") / "data"
    return annotate(Path(shutil.copytree(first_start, data_dir)), two_versions)


@pytest.fixture
def term(annotated_term: Term, tmp_path: Path) -> Term:
    """The annotated term in the test's own data directory, to change at will."""
    return annotated_term.copied_to(tmp_path)


@pytest.fixture
def dunst_later(
    session_bus: SessionBus, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], NotificationDaemon]]:
    """Starts dunst on the test's bus (which has no notification service until then) when the
    test calls it; stopped after the test."""
    started: list[NotificationDaemon] = []

    def start_dunst() -> NotificationDaemon:
        started.append(NotificationDaemon(tmp_path_factory.mktemp("dunst-later"), session_bus))
        return started[-1]

    yield start_dunst
    for daemon in started:
        daemon.stop()
