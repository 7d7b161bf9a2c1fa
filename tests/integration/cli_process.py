"""The program as a user runs it, ``python -m app``, in a subprocess; and killed mid-download.

The subprocess gets this environment without proxies or a data directory (each call passes
``--data-dir``; a test that wants a proxy hands it over in ``env``), no terminal on stdin (so
nobody is asked for a login) and the keyring backend tests/conftest.py chose for programs:
none, as on a bare machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tests.integration.local_network import PROXY_VARIABLES, closed_port
from tests.integration.pdf_server import HANG_BOUND

MODULE = (sys.executable, "-m", "app")
LOCAL_HOSTS = "127.0.0.0/8,localhost"


def environment() -> dict[str, str]:
    """This environment without its proxies or a data directory, and with a dead-end proxy.

    Programs under test reach 127.0.0.0/8 directly; any other host goes to a proxy port where
    nothing listens, so a test that forgot a host (a review form linked by a course page, say)
    fails fast here instead of sending traffic off this machine. A test that wants a proxy
    hands it over in ``env``.
    """
    kept = {
        name: value
        for name, value in os.environ.items()
        if name.upper() not in PROXY_VARIABLES and name != "STUDY_COMPANION_DATA_DIR"
    }
    dead_end = f"http://127.0.0.1:{closed_port()}"
    return {**kept, "HTTP_PROXY": dead_end, "HTTPS_PROXY": dead_end, "NO_PROXY": LOCAL_HOSTS}


def start(
    data_dir: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """The program on ``data_dir``; ``env`` adds to (or overrides) the clean environment."""
    return subprocess.Popen(
        [*MODULE, "--data-dir", str(data_dir), *args],
        cwd=data_dir.parent,
        env={**environment(), **(env or {})},
        stdin=subprocess.DEVNULL,  # not a terminal: a login is not asked for
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(
    data_dir: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    process = start(data_dir, *args, env=env)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def json_of(result: subprocess.CompletedProcess[str]) -> Any:
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)  # stdout holds the JSON and nothing else


def has_bytes_on_disk(library: Path) -> bool:
    """Whether a download has written some bytes into a ``.part`` file in this folder."""
    return any(part.stat().st_size for part in library.glob("*.part"))


def kill_download_when(data_dir: Path, ready: Callable[[], bool], *args: str) -> list[str]:
    """Run ``download`` until ``ready()``, then SIGKILL it; the library's names at that moment.

    ``ready`` looks at the server (requests held at a gate) and the files: the server holds
    the download where the test wants it killed, whatever the machine's speed.
    """
    library = data_dir / "library"
    process = start(data_dir, "download", *args)
    try:
        deadline = time.monotonic() + HANG_BOUND  # bounds a hang only
        while not ready():
            assert process.poll() is None, f"the download ended first: {process.stderr}"
            assert time.monotonic() < deadline, "the download never got there"
            time.sleep(0.01)
        in_place = sorted(path.name for path in library.iterdir()) if library.exists() else []
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return in_place
