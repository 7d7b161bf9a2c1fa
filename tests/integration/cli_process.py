"""The program as a user runs it, ``python -m app``, in a subprocess; and killed mid-download.

The subprocess gets this environment without proxies or a data directory (each call passes
``--data-dir``), no terminal on stdin (so nobody is asked for a login) and the keyring backend
tests/conftest.py chose for programs: none, as on a bare machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.integration.local_network import PROXY_VARIABLES
from tests.integration.pdf_server import HANG_BOUND, Gate

MODULE = (sys.executable, "-m", "app")


def environment() -> dict[str, str]:
    """This environment without proxies or a data directory."""
    return {
        name: value
        for name, value in os.environ.items()
        if name.upper() not in PROXY_VARIABLES and name != "STUDY_COMPANION_DATA_DIR"
    }


def start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*MODULE, "--data-dir", str(data_dir), *args],
        cwd=data_dir.parent,
        env=environment(),
        stdin=subprocess.DEVNULL,  # not a terminal: a login is not asked for
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    process = start(data_dir, *args)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def json_of(result: subprocess.CompletedProcess[str]) -> Any:
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)  # stdout holds the JSON and nothing else


def kill_mid_download(data_dir: Path, gate: Gate, *args: str) -> list[str]:
    """Run ``download`` until the server holds it at ``gate`` with bytes on disk, then SIGKILL.

    The server sends the first bytes and holds the rest at the gate, so the kill lands in
    the middle of the file whatever the machine's speed. Returns the names in the library
    folder at the moment of the kill.
    """
    library = data_dir / "library"
    process = start(data_dir, "download", *args)
    try:
        assert gate.wait_for(1), "the download never reached the server's gate"
        # The client may still be writing what it received; some bytes on disk are enough.
        deadline = time.monotonic() + HANG_BOUND  # bounds a hang only
        while not any(part.stat().st_size for part in library.glob("*.part")):
            assert process.poll() is None, "the download ended before it could be killed"
            assert time.monotonic() < deadline, "no bytes reached the .part file"
            time.sleep(0.01)
        in_place = sorted(path.name for path in library.iterdir())
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return in_place
