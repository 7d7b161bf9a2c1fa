"""Integration fixtures: no proxy from outside, and a first-start data directory to copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.app_services import open_services
from tests.integration.local_network import PROXY_VARIABLES


@pytest.fixture(autouse=True)
def no_proxy_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests talk to 127.0.0.1 directly unless a test sets a proxy itself."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(scope="module")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory as the first start leaves it (built once; each test gets a copy)."""
    directory = tmp_path_factory.mktemp("first-start") / "data"
    open_services(directory).close()
    return directory
