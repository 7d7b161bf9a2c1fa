"""A student who annotates until the program is killed, for the SIGKILL test.

``annotate_until_killed(data_dir, reading_id, count)`` starts the child below, SIGKILLs it once
it has printed ``count`` ids and returns every id it printed (whole lines only).

The child, ``python -m tests.integration.annotate_until_killed DATA_DIR READING_ID``, opens
the services over DATA_DIR and adds sticky notes to the reading (which must have a PDF) one
after another through ``services.annotations``, printing each new id on a line of its own once
``add_at`` has returned. The test kills it with SIGKILL and then looks in the database for
every id it printed: a printed id is one the app told the student was made.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from app.services.app_services import open_services
from tests.integration.cli_process import environment

LIMIT = 100_000  # a bound for a child nobody kills (the test kills it after a few dozen)
REPO = Path(__file__).resolve().parent.parent.parent


def annotate_until_killed(data_dir: Path, reading_id: str, count: int) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", __name__, str(data_dir), reading_id],
        cwd=REPO,
        env=environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    printed: list[str] = []
    try:
        assert child.stdout is not None
        while len(printed) < count:
            line = child.stdout.readline()  # blocks until the child prints (or ends)
            assert line.endswith("\n"), "the child ended before it was killed"
            printed.append(line.strip())
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        rest, errors = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, errors
    # What it printed between the last line read and the kill counts too; a cut line cannot be.
    return printed + [line for line in rest.split("\n")[:-1] if line]


def main(data_dir: str, reading_id: str) -> int:
    services = open_services(Path(data_dir))
    try:
        for number in range(LIMIT):
            made = services.annotations.add_at(
                reading_id,
                page=0,
                x=20.0 + number % 25 * 20.0,
                y=400.0,
                colour="#2ea8e5",
                comment=f"note {number}",
            )
            print(made.id, flush=True)  # one write of a whole line: never half an id
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
