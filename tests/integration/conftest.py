"""Integration fixtures: a first-start data directory to copy, and the PDF server on 127.0.0.1.

(No proxy from outside reaches any test: tests/conftest.py sees to that.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.app_services import open_services
from tests.integration.pdf_server import PdfServer


@pytest.fixture(scope="module")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory as the first start leaves it (built once; each test gets a copy)."""
    directory = tmp_path_factory.mktemp("first-start") / "data"
    open_services(directory).close()
    return directory


@pytest.fixture
def server() -> Iterator[PdfServer]:
    with PdfServer() as running:
        yield running
