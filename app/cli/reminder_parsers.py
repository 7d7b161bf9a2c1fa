"""The arguments of ``remind``, ``config …``, ``schedule …`` and ``export-ics`` (their work is in
reminder_commands and settings_commands).

Every command builds the whole parser, so this module imports nothing but argparse.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

# How long `remind` listens to what it showed at most: past this, a click opens nothing. The
# timer's unit asks for less (notify/scheduling.py), so a run ends before the next is due.
DEFAULT_WAIT_MINUTES = 60.0


def add_parsers(commands: argparse._SubParsersAction[Any], moment: Callable[[str], Any]) -> None:
    """``moment`` reads an ISO 8601 ``--now`` (the one the other commands use)."""
    remind = commands.add_parser(
        "remind",
        help="show the review reminders due now, each once; a click on one opens its draft "
        "(what the background timer runs)",
    )
    remind.add_argument("--now", metavar="ISO8601", type=moment, help="check as of this moment")
    remind.add_argument(
        "--loop", action="store_true", help="keep checking until stopped (the login entry's way)"
    )
    remind.add_argument(
        "--every-minutes",
        type=_minutes,
        metavar="N",
        help="with --loop: check every N minutes (default 15)",
    )
    remind.add_argument(
        "--json", action="store_true", help="print JSON (one line per check with --loop)"
    )
    waiting = remind.add_mutually_exclusive_group()
    waiting.add_argument(
        "--wait-minutes",
        type=_minutes,
        default=DEFAULT_WAIT_MINUTES,
        metavar="N",
        help=f"listen for clicks on what was shown for at most N minutes "
        f"(default {DEFAULT_WAIT_MINUTES:g})",
    )
    waiting.add_argument(
        "--no-wait",
        action="store_true",
        help="exit once the reminders are shown (a click on one then opens nothing)",
    )

    config = commands.add_parser("config", help="read or change a setting")
    actions = config.add_subparsers(dest="config_command", metavar="ACTION")
    actions.required = True
    get = actions.add_parser("get", help="print a setting's value")
    get.add_argument("key", metavar="KEY")
    change = actions.add_parser("set", help="change a setting (checked before it is stored)")
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    listing = actions.add_parser("list", help="every setting, its value and what it does")
    listing.add_argument("--json", action="store_true", help="print JSON")

    schedule = commands.add_parser("schedule", help="follow the term from a Monday of your own")
    moves = schedule.add_subparsers(dest="schedule_command", metavar="ACTION")
    moves.required = True
    shift = moves.add_parser("shift", help="move the term so week 1 falls in the week of START")
    shift.add_argument("--start", required=True, metavar="YYYY-MM-DD", help="a Monday")
    moves.add_parser("reset", help="follow the course's own dates again")

    export = commands.add_parser(
        "export-ics", help="write the term (lectures, review deadlines) as a calendar file"
    )
    export.add_argument("out", metavar="OUT.ics")


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 < minutes < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"checks need some minutes between them, not {text}")
    return minutes
