"""Shared fixtures: offscreen Qt, the real course file, a fresh data directory, leak checks."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.keyring_memory import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "America/Los_Angeles")  # deterministic local-time rendering
time.tzset()  # the C library reads TZ only at start-up or here

REPO = Path(__file__).resolve().parent.parent
COURSE_INDEX = REPO.parent / "shared" / "course" / "cs294-ai-sys-sp22" / "index.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/gui/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def course_index_path() -> Path:
    if not COURSE_INDEX.exists():
        pytest.fail(f"the course page source is missing: {COURSE_INDEX}")
    return COURSE_INDEX


@pytest.fixture(scope="session")
def course_index_text(course_index_path: Path) -> str:
    return course_index_path.read_text(encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory, also exported so nothing falls back to the user's real one."""
    directory = tmp_path / "data"
    monkeypatch.setenv("STUDY_COMPANION_DATA_DIR", str(directory))
    return directory


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Every test gets an empty in-memory keyring: none ever touches the real one.

    Programs the tests start get keyring's always-failing backend (a machine without a
    keyring) through the variable keyring reads at start-up.
    """
    import keyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return backend


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """A test must not leave threads running behind it (Qt pools are checked in tests/gui)."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for thread in leaked:
        thread.join(timeout=2)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running: {still}"
