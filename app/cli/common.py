"""What the commands share: services opened for one command, JSON output, the error type."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from app.services.app_services import AppServices

EXIT_OK, EXIT_FAILED = 0, 1
FILE_LOGGED_COMMANDS = frozenset({"sync", "download", "remind", "review", "outbox"})


class CommandError(UserFacingError):
    """A command could not do its job; str() is the one-line reason."""


@contextmanager
def opened_services(args: argparse.Namespace) -> Iterator[AppServices]:
    from app.services.app_services import open_services

    # A log file for the commands that reach the network; a quick read (``due``, timed) opens
    # none and imports nothing more than the warnings on stderr need.
    if args.command in FILE_LOGGED_COMMANDS:
        from app.log_setup import set_up_logging

        set_up_logging(args.data_dir, to_file=True)
    else:
        import logging

        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    services = open_services(args.data_dir)
    try:
        yield services
    finally:
        services.close()


def data_dir_problem(value: str | None) -> str | None:
    """Why ``--data-dir value`` cannot be used (one line), or None when it can (or is not given)."""
    if value is None:
        return None
    if not value.strip():
        return "--data-dir is empty: give the folder for the database and files"
    from pathlib import Path

    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        return f"--data-dir {value} is a file, not a folder: give a folder (it is made if missing)"
    return None


def check_source(source: str | None) -> None:
    """Refuse a course page address the app cannot read (ftp://...) before anything is opened."""
    from app.domain.course_source import source_problem

    problem = source_problem(source or "")
    if problem:
        raise CommandError(problem)


def print_json(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
