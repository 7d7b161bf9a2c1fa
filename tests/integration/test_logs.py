"""The log file: where it is, who writes it, and that no secret reaches it.

Commands that reach the network and the window write ``logs/study-companion.log`` inside a
chosen data directory (the platform's log folder otherwise); a quick read like ``due`` opens no
file. A download behind a login, logged at its most talkative, leaves neither the password nor
its Authorization token nor a cookie in the file. Expected values are the literals the tests
wrote and the page's own warning.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from app.log_setup import LOG_NAME, redact, set_up_logging
from app.services.app_services import open_services
from tests.integration.cli_process import run
from tests.integration.pdf_server import PdfServer, basic_auth
from tests.integration.test_library import (
    PASSWORD,
    TOKEN,
    USER,
    Prompt,
    Site,
    fetch_all,
    secured_page,
)
from tests.keyring_memory import MemoryKeyring
from tests.pdfs import make_pdf

COOKIE = "SID=g.a000-secret-cookie-value"


@pytest.fixture
def logging_here() -> Iterator[None]:
    """The app's logging set up in this process, taken down again after the test."""
    root = logging.getLogger()
    level = root.level
    yield
    for handler in ours():
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def ours() -> list[logging.Handler]:
    """The handlers ``set_up_logging`` added (pytest has its own beside them)."""
    return [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, RotatingFileHandler) or type(handler).__module__ == "app.log_setup"
    ]


def test_sync_logs_into_the_data_folder_and_due_opens_no_log(
    fresh_data: Path, tmp_path: Path, course_index_text: str
) -> None:
    page = tmp_path / "index.md"
    page.write_text(course_index_text, encoding="utf-8")
    logs = fresh_data / "logs"

    assert run(fresh_data, "due").returncode == 0
    assert not logs.exists()

    synced = run(fresh_data, "sync", "--source", str(page))

    assert synced.returncode == 0, synced.stderr
    text = (logs / LOG_NAME).read_text(encoding="utf-8")
    # The run's first line says what ran; the page's warning goes to the file too.
    first = text.splitlines()[0]
    assert "INFO app: Study Companion " in first and first.endswith(f"sync --source {page}")
    assert "More reading coming soon" in text and "INFO app.services.sync" in text


def test_a_download_behind_a_login_leaves_no_secret_in_the_log(
    logging_here: None,
    fresh_data: Path,
    server: PdfServer,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    set_up_logging(fresh_data, to_file=True)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)  # the most a run can write: the libraries' own debug lines
    for handler in ours():
        handler.setLevel(logging.DEBUG)
    services = open_services(fresh_data)
    try:
        Site(tmp_path).publish(services, secured_page(server, {"First": make_pdf(2, seed=3)}))
        services.library.set_credentials_prompt(Prompt((USER, PASSWORD)))
        [entry] = fetch_all(services).values()
        # What a library might log of a request it sent, in the shapes they use.
        sent = logging.getLogger("urllib3.connectionpool")
        sent.debug("headers: %s", {"Authorization": basic_auth(USER, PASSWORD), "Cookie": COOKIE})
        sent.debug("Cookie: %s\r\nSet-Cookie: %s", COOKIE, COOKIE)
        try:
            raise ValueError(f"login failed for password={PASSWORD.split()[0]}")
        except ValueError:
            logging.getLogger("app.test").exception("a failure with a secret in it")
    finally:
        services.close()

    assert entry.state.value == "ready"
    assert memory_keyring.passwords  # the login was really used and kept
    text = (fresh_data / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "/library/first.pdf" in text  # the run was logged, request by request
    for secret in (PASSWORD, PASSWORD.split()[0], TOKEN, COOKIE, COOKIE.split("=")[1]):
        assert secret not in text
    assert "Authorization" in text and "[hidden]" in text  # what was there is still said


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Authorization: Basic c3R1ZGVudDpwdw==", "Authorization: [hidden]"),
        ("{'authorization': 'Bearer abc.def'}", "{'authorization': '[hidden]'}"),
        ("Cookie: SID=abc; HSID=def", "Cookie: [hidden]"),
        ("password=hunter2&user=ada", "password=[hidden]&user=ada"),
        ('{"password": "hunter2"}', '{"password": "[hidden]"}'),
        (
            "POST formResponse entry.123=My answer&entry.9.other_option_response=x&fbzx=7",
            "POST formResponse entry.123=[hidden]&entry.9.other_option_response=[hidden]&fbzx=7",
        ),
        ("emailAddress=ada@example.org", "emailAddress=[hidden]"),
        ("https://ada:hunter2@example.org/x.pdf", "https://ada:[hidden]@example.org/x.pdf"),
        ("GET https://arxiv.org/pdf/1904.03257 200", "GET https://arxiv.org/pdf/1904.03257 200"),
    ],
)
def test_secrets_in_every_shape_are_hidden_and_the_rest_kept(line: str, shown: str) -> None:
    assert redact(line) == shown


def test_the_log_rotates_at_a_megabyte_keeping_five_older_files(
    logging_here: None, data_dir: Path
) -> None:
    set_up_logging(data_dir, to_file=True)
    log = logging.getLogger("app.test")
    for number in range(7 * 1000):  # about 7 MB of lines of 1 kB
        log.info("%05d %s", number, "x" * 1000)

    files = sorted(path.name for path in (data_dir / "logs").iterdir())
    assert files == [LOG_NAME, *(f"{LOG_NAME}.{n}" for n in range(1, 6))]
    assert all(path.stat().st_size <= 1_000_000 for path in (data_dir / "logs").iterdir())
    newest = (data_dir / "logs" / LOG_NAME).read_text(encoding="utf-8").splitlines()
    assert newest[-1].split(" INFO app.test: ")[1].startswith("06999 ")


def test_the_window_logs_into_the_data_folder_from_its_start(fresh_data: Path) -> None:
    started = run(fresh_data, "--exit-when-shown")

    assert started.returncode == 0, started.stderr
    lines = (fresh_data / "logs" / LOG_NAME).read_text(encoding="utf-8").splitlines()
    assert "INFO app: Study Companion " in lines[0] and lines[0].endswith("--exit-when-shown")
