"""Front door 1: the ``study-companion`` command line. Argument parsing and output, no logic.

Every command that prints data takes ``--json``. Success exits 0; a failure prints one line
``study-companion: <reason>`` on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from app import __version__
from app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from app.services.app_services import AppServices

# Services are imported inside the commands: SQLAlchemy alone costs 0.2 s, and `due` answers
# from a plain sqlite3 read in a fraction of that (see store/quick_read.py).

PROGRAM = "study-companion"
EXIT_OK, EXIT_FAILED = 0, 1


class CommandError(UserFacingError):
    """A command could not do its job; str() is the one-line reason."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    _json_flag(sync)

    _json_flag(commands.add_parser("weeks", help="list the term's weeks"))

    readings = commands.add_parser("readings", help="list the readings")
    readings.add_argument("--week", type=int, metavar="N", help="only week N")
    _json_flag(readings)

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


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run one command (``args.command`` is set); returns the exit code."""
    try:
        return _HANDLERS[args.command](args, out, err)
    except UserFacingError as error:
        err.write(f"{PROGRAM}: {error}\n")
    except OSError as error:  # e.g. a --data-dir that is a file or cannot be created
        where = f"{error.filename}: " if error.filename else ""
        err.write(f"{PROGRAM}: {where}{error.strerror or error}\n")
    return EXIT_FAILED


@contextmanager
def _services(args: argparse.Namespace) -> Iterator[AppServices]:
    import logging

    from app.services.app_services import open_services

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    services = open_services(args.data_dir)
    try:
        yield services
    finally:
        services.close()


def _print_json(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _syllabus_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.net.http import make_session
    from app.net.source_fetch import fetch_source, is_url
    from app.syllabus import json_format
    from app.syllabus.jekyll_index import parse_index_md

    fetched = fetch_source(args.source, make_session)
    assert fetched.text is not None  # nothing known to compare with, so always read
    parsed = parse_index_md(fetched.text, source_url=args.source if is_url(args.source) else None)
    if not parsed.syllabus.weeks:  # before the warnings: a failure is one line on stderr
        raise CommandError(f"{args.source} is not a course syllabus: no syllabus entries found")
    for warning in parsed.warnings:
        err.write(f"{args.source}: {warning}\n")
    out.write(json_format.dumps(parsed.syllabus))
    return EXIT_OK


def _sync(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with _services(args) as services:
        outcome = services.sync.sync(args.source)
    for warning in outcome.warnings:
        err.write(f"{outcome.source}: {warning}\n")
    if args.json:
        changes = [
            {"change": str(c.change), "item": str(c.item), "week": c.week, "detail": c.detail}
            for c in outcome.changes
        ]
        _print_json({"status": str(outcome.status), "changes": changes}, out)
        return EXIT_OK
    if not outcome.changes:
        out.write(f"Syllabus {outcome.status}: nothing changed ({outcome.source}).\n")
    else:
        out.write(
            f"Syllabus {outcome.status} from {outcome.source}: {len(outcome.changes)} changes\n"
        )
        for change in outcome.changes:
            out.write(f"  {change}\n")
    return EXIT_OK


def _weeks(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.syllabus import json_format

    with _services(args) as services:
        syllabus = services.course.syllabus()
    if args.json:
        _print_json([json_format.week_to_json(w) for w in syllabus.weeks], out)
        return EXIT_OK
    course = syllabus.course
    out.write(f"{course.title}" + (f" ({course.term})" if course.term else "") + "\n")
    for week in syllabus.weeks:
        day = week.date.strftime("%a %b %d") if week.date else "no date   "
        speaker = f" — {week.speakers[0].name}" if week.speakers else ""
        count = len(week.readings)
        readings = f"  [{count} reading{'s' if count != 1 else ''}]" if count else ""
        out.write(f"{week.number:>3}  {day}  {week.title}{speaker}{readings}\n")
    return EXIT_OK


def _readings(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.syllabus import json_format

    with _services(args) as services:
        listed = services.course.readings(args.week)
        known = args.week is None or services.course.syllabus().week(args.week) is not None
    if not listed and not known:
        raise CommandError(f"there is no week {args.week}")
    if args.json:
        _print_json(
            [
                {
                    **json_format.reading_to_json(item.reading),
                    "week": item.week,
                    "archived": item.archived,
                }
                for item in listed
            ],
            out,
        )
        return EXIT_OK
    for item in listed:
        reading = item.reading
        flags = "required" if reading.required else "optional"
        if item.archived:
            flags += ", archived"
        venue = f" [{reading.venue}]" if reading.venue else ""
        out.write(f"{item.week:>3}  {reading.id}  {reading.title}{venue} ({flags})\n")
        out.write(f"     {reading.url or 'no link'}\n")
    return EXIT_OK


def _due(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.domain.deadline import countdown

    with _services(args) as services:
        now = args.now or services.clock.now()
        deadlines = services.course.deadlines(now)
    if args.json:
        _print_json(
            [
                {
                    "week": d.week,
                    "title": d.title,
                    "due": d.due.isoformat(),
                    "status": d.status.value,
                }
                for d in deadlines
            ],
            out,
        )
        return EXIT_OK
    if not deadlines:
        out.write("No review deadlines in the syllabus.\n")
    for d in deadlines:
        local = d.due.astimezone().strftime("%a %b %d %Y %H:%M %Z")  # the user's zone
        remaining = f", {countdown(d.due, now)}" if d.status != "past" else ""
        out.write(f"{d.week:>3}  {local}  {d.status}{remaining}  {d.title}\n")
    return EXIT_OK


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]
_HANDLERS: dict[str, Handler] = {
    "syllabus": _syllabus_parse,
    "sync": _sync,
    "weeks": _weeks,
    "readings": _readings,
    "due": _due,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args)
