"""The arguments of ``form`` and ``review …`` (their work is in review_commands).

Every command builds the whole parser, so this module imports nothing but argparse.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    form = commands.add_parser("form", help="a week's review form (cached for offline use)")
    form.add_argument("week", type=int, metavar="WEEK")
    form.add_argument("--refresh", action="store_true", help="fetch it even when cached")
    form.add_argument("--json", action="store_true", help="print JSON")

    review = commands.add_parser("review", help="a week's review draft")
    actions = review.add_subparsers(dest="review_command", metavar="ACTION")
    actions.required = True
    show = actions.add_parser("show", help="the draft, its status and what is missing")
    show.add_argument("week", type=int, metavar="WEEK")
    show.add_argument("--json", action="store_true", help="print JSON")
    answers = actions.add_parser("set", help="store answers from a JSON file")
    answers.add_argument("week", type=int, metavar="WEEK")
    answers.add_argument(
        "--answers",
        type=Path,
        required=True,
        metavar="FILE.json",
        help='{"entry.N" or a question title: "text" | ["option", {"other": "text"}] | ...}',
    )
    ready = actions.add_parser("ready", help="mark the draft ready (checks required answers)")
    ready.add_argument("week", type=int, metavar="WEEK")
    submitted = actions.add_parser(
        "submitted", help="record that it was submitted elsewhere (reminders stop)"
    )
    submitted.add_argument("week", type=int, metavar="WEEK")
