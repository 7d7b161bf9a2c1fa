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
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeAlias

from app import __version__
from app.cli.common import EXIT_FAILED
from app.domain.errors import UserFacingError

PROGRAM = "study-companion"


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, like every other failure (subcommands inherit the class)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROGRAM}: {message} (see: {self.prog} --help)\n")


class _Formatter(argparse.HelpFormatter):
    """argparse's own, but sized without ``shutil``: argparse makes a formatter for every
    option it adds, and shutil's import (with its compression modules) would be a few
    percent of ``due``."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_help_width())


def _help_width() -> int:
    """As ``shutil.get_terminal_size`` finds it: $COLUMNS, else the terminal, else 80."""
    columns = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the arguments, only as much of it as they need.

    A command named in ``argv`` gets only its own subparser (and the top-level options):
    building all of them is a good part of a short command's run, such as ``due``; a start of
    the window (only the window's options) gets none. Otherwise (no ``argv``, ``--help``, a
    mistyped command) the whole tree is built, so help and errors list every command.
    """
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
    if argv is not None and _opens_the_window(argv):
        return parser
    named = None if argv is None else command_named(argv)
    for builder in dict.fromkeys(_BUILDERS.values()):  # each once, in the order of --help
        if named is None or builder is _BUILDERS[named]:
            builder(commands)
    return parser


if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[Any]
# The top-level options that take a value (``__main__`` adds --review): what follows them is
# not a command.
_OPTIONS_WITH_VALUES = ("--data-dir", "--review")


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is no option or option's value), if
    it is one; None otherwise."""
    takes_value = False
    for word in argv:
        if takes_value:
            takes_value = False
        elif word == "--" or word == "-h" or (len(word) > 2 and "--help".startswith(word)):
            return None  # the whole program's help (or no command at all)
        elif word.startswith("-"):
            # argparse takes any unambiguous prefix of a long option ("--data DIR").
            takes_value = "=" not in word and any(
                len(word) > 2 and option.startswith(word) for option in _OPTIONS_WITH_VALUES
            )
        else:
            return word if word in _BUILDERS else None
    return None


def _opens_the_window(argv: Sequence[str]) -> bool:
    """``argv`` holds only the window's options, spelled out (a prefix or ``--help`` is not)."""
    words = iter(argv)
    for word in words:
        if word in _OPTIONS_WITH_VALUES:
            if next(words, None) is None:
                return False  # argparse says what is missing
        elif word != "--exit-when-shown" and word.partition("=")[0] not in _OPTIONS_WITH_VALUES:
            return False
    return True


def _syllabus_parsers(commands: Commands) -> None:
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
    shot.add_argument(
        "--theme",
        choices=("light", "dark", "system"),
        help="the window's colours (default: the appearance.theme setting)",
    )
    shot.add_argument("--size", default="1280x800", metavar="WxH", help="window size")
    shot.add_argument(
        "--now", metavar="ISO8601", type=_moment, help="show the term as of this moment"
    )
    shot.add_argument(
        "--view",
        default="term",
        metavar="NAME",
        help="what to show, e.g. term (default), reader, annotations; an unknown name lists all",
    )


def _annotation_parsers(commands: Commands) -> None:
    from app.cli import annotation_parsers

    annotation_parsers.add_parsers(commands)


def _review_parsers(commands: Commands) -> None:
    from app.cli import review_parsers

    review_parsers.add_parsers(commands)


def _reminder_parsers(commands: Commands) -> None:
    from app.cli import reminder_parsers

    reminder_parsers.add_parsers(commands, moment=_moment)


def _due_parser(commands: Commands) -> None:
    due = commands.add_parser("due", help="review deadlines, soonest first")
    due.add_argument("--now", metavar="ISO8601", type=_moment, help="look as of this moment")
    _json_flag(due)


def _detach_parser(commands: Commands) -> None:
    detach = commands.add_parser(
        "detach", help="unlink your attached PDF from a reading (the file is kept aside)"
    )
    detach.add_argument("reading", metavar="READING_ID")
    _json_flag(detach)


def _diagnostics_parser(commands: Commands) -> None:
    commands.add_parser(
        "diagnostics",
        help="versions, platform, what the data folder holds and the log's last lines, for a "
        "bug report (no names, addresses or passwords)",
    )


def _backup_parsers(commands: Commands) -> None:
    from app.cli import backup_commands

    backup_commands.add_parsers(commands)


# command -> what adds its subparser (a builder may add several; --help lists them in this order)
_BUILDERS: dict[str, Callable[[Commands], None]] = {
    **dict.fromkeys(
        ("syllabus", "sync", "weeks", "readings", "download", "screenshot"), _syllabus_parsers
    ),
    **dict.fromkeys(("attach", "annotations"), _annotation_parsers),
    "detach": _detach_parser,
    **dict.fromkeys(("form", "review", "submit", "outbox"), _review_parsers),
    **dict.fromkeys(("remind", "config", "schedule", "export-ics"), _reminder_parsers),
    "due": _due_parser,
    **dict.fromkeys(("backup", "restore", "check"), _backup_parsers),
    "diagnostics": _diagnostics_parser,
}


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
    except Exception as error:  # damage a read met after the start's quick check
        from app.services.backup import damage_in

        if (damaged := damage_in(error, args.data_dir)) is None:
            raise
        err.write(f"{PROGRAM}: {damaged}\n")
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
    "detach": ("download_command", "detach"),
    "annotations": ("annotation_commands", "annotations_command"),
    "form": ("review_commands", "form"),
    "review": ("review_commands", "review"),
    "submit": ("outbox_commands", "submit"),
    "outbox": ("outbox_commands", "outbox"),
    "remind": ("reminder_commands", "remind"),
    "config": ("settings_commands", "config"),
    "schedule": ("settings_commands", "schedule"),
    "export-ics": ("settings_commands", "export_ics"),
    "backup": ("backup_commands", "backup"),
    "restore": ("backup_commands", "restore"),
    "check": ("backup_commands", "check"),
    "diagnostics": ("diagnostics_command", "diagnostics"),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    return run(args)
