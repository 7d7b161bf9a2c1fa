"""The single-instance channel: how other processes reach the window that runs on a data directory.

The window listens on a Unix socket named after its data directory (QLocalServer, in
``ui/single_instance.py``); this side is the standard library's, so that ``remind`` (no Qt)
can hand a click over and a second start can raise the running window. One request, one line:
``show`` or ``review N``; the window answers with one JSON line saying what it now shows.

The socket lives in $XDG_RUNTIME_DIR (the user's own, mode 0700), else in a folder of the
user's under the temporary directory; a folder someone else owns is never used.

Two starts at the same instant would both find no window and both open one. So the start that
is to become the window first takes a claim, an exclusive lock on a file beside the socket held
for as long as its process lives (the kernel drops it with a crashed process); another start
that finds the claim taken waits for that window's channel and hands its request over there.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import socket
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHOW = "show"
REVIEW = "review"
ANSWER_TIMEOUT_S = 5.0  # a window that takes longer is hung: the caller acts as if none ran
MAX_LINE = 256  # a request or an answer longer than this is not ours
_PATH_LIMIT = 100  # sun_path holds 108 bytes on Linux, with its terminating zero
START_WAIT_S = 60.0  # a start that opens its window slower than this is stuck (or asking)
_POLL_S = 0.1


class WindowBusyError(Exception):
    """Another start holds the claim on this data directory and never opened its window."""


class Claim:
    """The right to be the window on a data directory, held until ``release`` or exit."""

    def __init__(self, descriptor: int | None) -> None:
        self._descriptor = descriptor  # None: no channel here, so nothing to claim

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing drops the lock
            self._descriptor = None


def channel_path(data_dir: Path) -> Path | None:
    """Where the window on ``data_dir`` listens; None where no safe place exists (no AF_UNIX,
    or the fallback folder is not the user's alone)."""
    if not hasattr(socket, "AF_UNIX") or not hasattr(os, "getuid"):
        return None
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    folder = _runtime_dir()
    if folder is None:
        return None
    path = folder / f"study-companion-{digest}.sock"
    return path if len(os.fsencode(path)) <= _PATH_LIMIT else None


def review_request(week: int) -> str:
    return f"{REVIEW} {week}"


def parse_request(line: str) -> tuple[str, int | None] | None:
    """``show`` -> (SHOW, None); ``review 8`` -> (REVIEW, 8); anything else None."""
    words = line.split()
    if words == [SHOW]:
        return SHOW, None
    if len(words) == 2 and words[0] == REVIEW and words[1].isdigit() and len(words[1]) < 6:
        return REVIEW, int(words[1])
    return None


def ask_window(
    data_dir: Path, request: str, timeout: float = ANSWER_TIMEOUT_S
) -> dict[str, Any] | None:
    """Send ``request`` to the window on ``data_dir``; its answer, or None when no window
    answered (none runs, a socket left by one that crashed, or it hung)."""
    path = channel_path(data_dir)
    if path is None:
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        try:
            connection.connect(os.fspath(path))
            connection.sendall(request.encode("utf-8") + b"\n")
            answer = _read_line(connection)
        except OSError:  # none there (ENOENT, ECONNREFUSED), or no answer in time
            return None
    try:
        reply = json.loads(answer)
    except ValueError:
        return None
    return reply if isinstance(reply, dict) else None


def become_window(data_dir: Path, request: str, wait: float = START_WAIT_S) -> Claim | None:
    """None when a window on ``data_dir`` took ``request``; else the claim to open one.

    While another start holds the claim without answering yet, this waits for its window
    (up to ``wait`` seconds, then ``WindowBusyError``), saying so once on stderr.
    """
    path = channel_path(data_dir)
    if path is None:
        return Claim(None)
    deadline = time.monotonic() + wait
    said = False
    while True:
        if ask_window(data_dir, request) is not None:
            return None
        claim = _try_claim(path.with_suffix(".lock"))
        if claim is not None:
            return claim
        if time.monotonic() > deadline:
            raise WindowBusyError(f"another Study Companion is starting on {data_dir}")
        if not said:
            print("Study Companion is starting already; waiting for its window…", file=sys.stderr)
            said = True
        time.sleep(_POLL_S)


def _try_claim(lock: Path) -> Claim | None:
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return Claim(descriptor)


def _read_line(connection: socket.socket) -> bytes:
    received = b""
    while b"\n" not in received and len(received) <= MAX_LINE:
        chunk = connection.recv(MAX_LINE)
        if not chunk:
            break
        received += chunk
    return received.split(b"\n", 1)[0]


def _runtime_dir() -> Path | None:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_absolute() and _owned_and_private(Path(runtime)):
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"study-companion-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    return folder if _owned_and_private(folder) else None


def _owned_and_private(folder: Path) -> bool:
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077
