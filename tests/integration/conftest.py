"""Integration fixtures: a first-start data directory, copied for each test and opened as the
app opens it, and the PDF server on 127.0.0.1.

(No proxy from outside reaches any test: tests/conftest.py sees to that.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.app_services import AppServices, open_services
from app.services.clock import Clock
from tests.integration.pdf_server import PdfServer


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
