"""A form host's cookie: given on standard input, kept only in the keyring, sent only to that
host over https; and the cheap probe the window's network state asks."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import requests

from app.cli import main
from app.services.app_services import _form_session, open_services
from tests.forms.google_forms_server import GoogleFormsServer
from tests.integration.cli_process import MODULE, environment
from tests.integration.local_network import closed_port
from tests.keyring_memory import MemoryKeyring

COOKIE = "SID=s3cr3t-sid; HSID=h5id-value"
FORM = "https://docs.google.com/forms/d/e/1FAIpQLSeX/viewform"


def cookie_header(session: requests.Session, url: str) -> str | None:
    prepared = session.prepare_request(requests.Request("GET", url))
    return prepared.headers.get("Cookie")


def test_a_cookie_from_standard_input_lives_in_the_keyring_and_goes_to_its_host_only(
    fresh_data: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(COOKIE + "\n"))

    code = main(["--data-dir", str(fresh_data), "review", "cookie", "set", "docs.google.com"])

    assert code == 0
    assert list(memory_keyring.passwords.values()) == [COOKIE]
    stored = b"".join(path.read_bytes() for path in fresh_data.rglob("*") if path.is_file())
    assert b"s3cr3t" not in stored  # not in the database, nor any file beside it
    with _form_session(FORM) as session:
        assert cookie_header(session, FORM) == "SID=s3cr3t-sid; HSID=h5id-value"
        assert cookie_header(session, "https://forms.gle/abc") is None
        assert cookie_header(session, "https://accounts.google.com/ServiceLogin") is None
        assert cookie_header(session, "http://docs.google.com/forms") is None  # https only
    assert (
        main(["--data-dir", str(fresh_data), "review", "cookie", "clear", "docs.google.com"]) == 0
    )
    assert memory_keyring.passwords == {}


def test_without_a_keyring_the_cookie_is_refused_and_written_nowhere(fresh_data: Path) -> None:
    # cli_process's environment gives the program no keyring, as on a bare machine.
    refused = subprocess.run(
        [*MODULE, "--data-dir", str(fresh_data), "review", "cookie", "set", "docs.google.com"],
        env=environment(),
        input=COOKIE,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (refused.returncode, refused.stdout) == (1, "")
    [line] = refused.stderr.splitlines()
    assert line.startswith("study-companion: the cookie for docs.google.com was not kept")
    assert "keyring" in line and "s3cr3t" not in line
    stored = b"".join(path.read_bytes() for path in fresh_data.rglob("*") if path.is_file())
    assert b"s3cr3t" not in stored


def test_the_probe_says_whether_the_forms_host_answers(
    fresh_data: Path, google: GoogleFormsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = open_services(fresh_data)
    try:
        online = services.outbox.probe()
        nowhere = f"http://127.0.0.1:{closed_port()}"
        monkeypatch.setenv("HTTPS_PROXY", nowhere)
        offline = services.outbox.probe()
    finally:
        services.close()

    assert (online, offline) == (True, False)
    assert ("docs.google.com", "/") in google.visited()
