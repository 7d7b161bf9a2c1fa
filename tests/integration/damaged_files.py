"""Ways a database file gets damaged, done to a real file: cut short, garbage written over its
middle pages, replaced by a text file, emptied. And the one-line failure a command must give."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Callable
from pathlib import Path

PAGE = 4096  # SQLite's default page size, the app's


def cut_short(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def garbage_in_the_middle(path: Path) -> None:
    pages = path.stat().st_size // PAGE
    noise = random.Random(13)  # the same bytes every run
    with path.open("r+b") as file:
        file.seek(PAGE * 2)  # the schema page and the first table's root stay readable
        file.write(bytes(noise.randrange(256) for _ in range(PAGE * max(1, pages // 2))))


def text_file(path: Path) -> None:
    path.write_text("Notes for week 3: read the Roofline paper twice.\n" * 40, encoding="utf-8")


def emptied(path: Path) -> None:
    path.write_bytes(b"")


DAMAGES: dict[str, Callable[[Path], None]] = {
    "cut short": cut_short,
    "garbage in its middle pages": garbage_in_the_middle,
    "a text file": text_file,
    "zero length": emptied,
}


def damage(path: Path, how: Callable[[Path], None]) -> None:
    """``how`` done to the database file; its -wal and -shm go (the file alone is damaged)."""
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    how(path)


def one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    """The command failed with exit 1 and one line on stderr, no traceback; that line."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("study-companion: "), lines[0]
    return lines[0]
