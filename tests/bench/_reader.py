"""What the reader benchmarks share: generated papers, a measuring child process, waiting.

A reader benchmark measures inside one process (a fresh one per benchmark): the subject and its
baseline run in the same process, alternately, so that they share the machine's state. The
parent generates the papers in a temporary directory, starts the child with offscreen Qt and
reads one JSON object from its stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.bench._harness import REPO_ROOT, CommandFailedError

CHILD_TIMEOUT_SECONDS = 600.0
QT_ENV = {"QT_QPA_PLATFORM": "offscreen"}


@contextmanager
def papers(*page_counts: int) -> Iterator[dict[int, Path]]:
    """Two-column papers of these page counts (fonts, vector figures, photos), in a temp dir."""
    from tests.reader.papers import make_paper

    with tempfile.TemporaryDirectory(prefix="study-companion-papers-") as folder:
        made = {}
        for count in page_counts:
            path = Path(folder) / f"paper-{count}.pdf"
            make_paper(path, count)
            made[count] = path
        yield made


def run_child(module: str, arguments: Sequence[str]) -> dict[str, float]:
    """Run ``python -m module --measure ARGS`` and return the JSON object it prints."""
    cmd = [sys.executable, "-m", module, "--measure", *arguments]
    try:
        finished = subprocess.run(
            cmd,
            cwd=REPO_ROOT,
            env={**os.environ, **QT_ENV},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=CHILD_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as timeout:
        stderr = (timeout.stderr or b"").decode(errors="replace")
        raise CommandFailedError(cmd, "did not finish in time", stderr) from None
    stderr = finished.stderr.decode(errors="replace")
    if finished.returncode != 0:
        raise CommandFailedError(cmd, f"exited with status {finished.returncode}", stderr)
    lines = finished.stdout.decode().strip().splitlines()
    if not lines:
        raise CommandFailedError(cmd, "printed no result", stderr)
    result: dict[str, float] = json.loads(lines[-1])
    return result


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the Qt event loop until ``condition`` holds (checked after each batch of events)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the reader did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)


def rss_bytes(field: str = "VmRSS", status: Path = Path("/proc/self/status")) -> int:
    """A process's resident memory (``VmRSS``) or its peak so far (``VmHWM``), from /proc
    (this process's, or another's ``/proc/PID/status``)."""
    for line in status.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")
