"""Shared fixtures: the machine's settings pinned, the course page, a fresh data directory,
an in-memory keyring, no proxy from outside, leak checks, and the fake Google Forms (for the
form tests, the review commands and the window's sync alike).

Tests must pass on any machine, whatever its time zone, language or home folder: the zone and
language are forced here before anything reads them, and every test gets a home folder (with
its XDG folders) of its own under ``tmp_path``.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.integration.local_network import PROXY_VARIABLES, closed_port
from tests.keyring_memory import MemoryKeyring

if TYPE_CHECKING:
    from tests.forms.google_forms_server import GoogleFormsServer
    from tests.integration.tls_server import Certificates

# Forced, not defaulted: a machine set to UTC or Asia/Kolkata must see the same deadlines.
os.environ["TZ"] = "America/Los_Angeles"  # a student in Berkeley, the course's own zone
time.tzset()  # the C library reads TZ only at start-up or here
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["LANG"] = "C.UTF-8"
os.environ.pop("LANGUAGE", None)
os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Until a test's own home is set (session fixtures, the QApplication), a throwaway one:
# nothing a test run does may land in the real home folder.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="study-companion-tests-home-"))
HOME_VARIABLES = {
    "HOME": "",
    "XDG_DATA_HOME": ".local/share",
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
}


def _point_home_at(home: Path, setenv: Callable[[str, str], None] = os.environ.__setitem__) -> None:
    for name, below in HOME_VARIABLES.items():
        folder = home / below if below else home
        folder.mkdir(parents=True, exist_ok=True)
        setenv(name, str(folder))


_point_home_at(_SESSION_HOME)

REPO = Path(__file__).resolve().parent.parent
COURSE_INDEX = REPO / "resources" / "course" / "index.md"
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


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, with its XDG folders (file dialogs open here).

    Beside the test's ``tmp_path``, not in it: tests that list what a download left in their
    folder must find only their own files.
    """
    folder = tmp_path_factory.mktemp("home")
    _point_home_at(folder, monkeypatch.setenv)
    return folder


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
def no_proxy_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.0/8 go straight to the test servers, whatever the machine's proxy;
    any other host goes to a proxy port where nothing listens, so a test that forgot a host
    fails fast instead of sending traffic off this machine.

    A test that wants a proxy sets one itself.
    """
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    dead_end = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("HTTP_PROXY", dead_end)
    monkeypatch.setenv("HTTPS_PROXY", dead_end)
    monkeypatch.setenv("NO_PROXY", "127.0.0.0/8,localhost")


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


# -- the fake Google Forms (imported when a test asks: TLS and the server cost a little) --------


@pytest.fixture(scope="session")
def form_certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    from tests.forms.google_forms_server import HOSTS
    from tests.integration.tls_server import make_certificates

    return make_certificates(tmp_path_factory.mktemp("forms-tls"), HOSTS)


@pytest.fixture
def google(
    form_certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> Iterator[GoogleFormsServer]:
    """forms.gle, docs.google.com and accounts.google.com on one local TLS server.

    Behind a CONNECT proxy set as ``HTTPS_PROXY`` and ``HTTP_PROXY``, with the test's certificate
    authority trusted through ``REQUESTS_CA_BUNDLE``: the app asks for the real URLs, over TLS,
    and nothing leaves the machine (tests/forms/google_forms_server.py).
    """
    from tests.forms.google_forms_server import GoogleFormsServer
    from tests.integration.connect_proxy import ConnectProxy
    from tests.integration.tls_server import https_server

    with https_server(form_certificates) as site, ConnectProxy(site.port) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(form_certificates.authority))
        server = GoogleFormsServer(site)
        yield server
        server.close()  # answers any POST still held, so the server's threads can end
