"""Front door 1: the ``study-companion`` command line. Argument parsing and output, no logic.

Every command that prints data takes ``--json``. Success exits 0; a failure prints one line
``study-companion: <reason>`` on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import import_module
from typing import NoReturn, TextIO

from app import __version__
from app.cli import annotation_parsers, reminder_parsers, review_parsers
from app.cli.common import EXIT_FAILED
from app.domain.errors import UserFacingError

PROGRAM = "study-companion"


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, like every other failure (subcommands inherit the class)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROGRAM}: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROGRAM,
        description="Study Companion: the seminar's syllabus, readings and reviews. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the database and files live (default: $STUDY_COMPANION_DATA_DIR, "
        "else the platform's data directory)",
    )
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    syllabus = commands.add_parser("syllabus", help="work with syllabus sources")
    syllabus_commands = syllabus.add_subparsers(dest="syllabus_command", metavar="ACTION")
    syllabus_commands.required = True
    parse = syllabus_commands.add_parser(
        "parse", help="print a course index.md (path or URL) as syllabus JSON"
    )
    parse.add_argument("source", metavar="SOURCE")

    sync = commands.add_parser("sync", help="fetch the course page and merge its changes")
    sync.add_argument("--source", metavar="URL_OR_PATH", help="index.md to sync from")
    sync.add_argument(
        "--allow-removals",
        action="store_true",
        help="apply the page even if it would archive more than a quarter of the weeks or "
        "readings (such a sync is otherwise held back; archived data returns with the page)",
    )
    _json_flag(sync)

    _json_flag(commands.add_parser("weeks", help="list the term's weeks"))

    readings = commands.add_parser("readings", help="list the readings")
    readings.add_argument("--week", type=int, metavar="N", help="only week N")
    _json_flag(readings)

    download = commands.add_parser(
        "download", help="fetch the readings' PDFs (all of them unless --week is given)"
    )
    scope = download.add_mutually_exclusive_group()
    scope.add_argument("--week", type=int, metavar="N", help="only week N")
    scope.add_argument("--all", action="store_true", help="every reading of the term (default)")
    _json_flag(download)

    shot = commands.add_parser(
        "screenshot", help="render the main window offscreen to a PNG (for docs and reviews)"
    )
    shot.add_argument("out", metavar="OUT.png")
    shot.add_argument("--week", type=int, metavar="N", help="select week N")
    shot.add_argument("--reading", metavar="ID", help="open this reading's PDF in its tab")
    shot.add_argument("--page", type=int, metavar="P", help="at page P (with --reading)")
    shot.add_argument("--dark", action="store_true", help="the reader in dark mode")
    shot.add_argument("--size", default="1280x800", metavar="WxH", help="window size")
    shot.add_argument(
        "--view",
        default="term",
        metavar="NAME",
        help="what to show, e.g. term (default), reader, annotations; an unknown name lists all",
    )

    annotation_parsers.add_parsers(commands)
    review_parsers.add_parsers(commands)
    reminder_parsers.add_parsers(commands, moment=_moment)

    due = commands.add_parser("due", help="review deadlines, soonest first")
    due.add_argument("--now", metavar="ISO8601", type=_moment, help="look as of this moment")
    _json_flag(due)
    return parser


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 moment: {text!r}") from None
    return moment if moment.tzinfo else moment.astimezone()


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command (``args.command`` is set); returns the exit code.

    The streams default to the ones in force at the call (not at import), so a caller that
    redirects ``sys.stdout`` gets the output.
    """
    out, err = out or sys.stdout, err or sys.stderr
    try:
        module_name, function = _HANDLERS[args.command]
        handler: Handler = getattr(import_module(f"app.cli.{module_name}"), function)
        return handler(args, out, err)
    except UserFacingError as error:
        err.write(f"{PROGRAM}: {error}\n")
    except BrokenPipeError:  # the reader went away (`| head`): nobody is left to tell
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
    except OSError as error:  # e.g. a --data-dir that is a file or cannot be created
        where = f"{error.filename}: " if error.filename else ""
        err.write(f"{PROGRAM}: {where}{error.strerror or error}\n")
    return EXIT_FAILED


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]
# command -> (module in app.cli, function): a command imports only its own module
_HANDLERS: dict[str, tuple[str, str]] = {
    "syllabus": ("course_commands", "syllabus_parse"),
    "sync": ("course_commands", "sync"),
    "weeks": ("course_commands", "weeks"),
    "readings": ("course_commands", "readings"),
    "due": ("course_commands", "due"),
    "download": ("download_command", "download"),
    "attach": ("annotation_commands", "attach"),
    "annotations": ("annotation_commands", "annotations_command"),
    "form": ("review_commands", "form"),
    "review": ("review_commands", "review"),
    "submit": ("outbox_commands", "submit"),
    "outbox": ("outbox_commands", "outbox"),
    "remind": ("reminder_commands", "remind"),
    "config": ("settings_commands", "config"),
    "schedule": ("settings_commands", "schedule"),
    "export-ics": ("settings_commands", "export_ics"),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args)
