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


class CommandError(UserFacingError):
    """A command could not do its job; str() is the one-line reason."""


@contextmanager
def opened_services(args: argparse.Namespace) -> Iterator[AppServices]:
    import logging

    from app.services.app_services import open_services

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    services = open_services(args.data_dir)
    try:
        yield services
    finally:
        services.close()


def print_json(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
