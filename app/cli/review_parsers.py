"""The arguments of ``form``, ``review …``, ``submit`` and ``outbox …`` (their work is in
review_commands and outbox_commands).

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
    prefill = actions.add_parser(
        "prefill-link", help="the form's link pre-filled with every answer (to send in a browser)"
    )
    prefill.add_argument("week", type=int, metavar="WEEK")
    revise = actions.add_parser(
        "revise", help="start a new revision of a submitted review (an editable copy)"
    )
    revise.add_argument("week", type=int, metavar="WEEK")
    cookie = actions.add_parser(
        "cookie", help="a cookie for a form host, kept in the keyring (read from standard input)"
    )
    cookie.add_argument("cookie_action", choices=("set", "clear"), metavar="set|clear")
    cookie.add_argument("host", metavar="HOST", help="e.g. docs.google.com")
    _add_outbox_parsers(commands)


def _add_outbox_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    submit = commands.add_parser(
        "submit", help="send a ready review to its form (queued while offline)"
    )
    submit.add_argument("week", type=int, metavar="WEEK")
    submit.add_argument("--json", action="store_true", help="print JSON")

    outbox = commands.add_parser(
        "outbox", help="the reviews sent and waiting, each with its receipts"
    )
    outbox.add_argument("--json", action="store_true", help="print JSON")
    actions = outbox.add_subparsers(dest="outbox_command", metavar="ACTION")
    flush = actions.add_parser("flush", help="send the queued reviews whose time has come")
    flush.add_argument("--json", action="store_true", help="print JSON")
    confirm = actions.add_parser(
        "confirm", help="it arrived (you checked the form): mark the entry sent"
    )
    confirm.add_argument("entry_id", type=int, metavar="ID")
    resend = actions.add_parser("resend", help="send an entry that needs attention again")
    resend.add_argument("entry_id", type=int, metavar="ID")
    resend.add_argument("--json", action="store_true", help="print JSON")
