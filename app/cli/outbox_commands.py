"""``study-companion submit`` and ``outbox …``: reviews sent to their forms, and their receipts.

The arguments are declared in ``review_parsers``. ``submit`` and ``outbox resend`` exit 0 when
the review went out or waits for the network (queued), 1 when it needs the student; the JSON
keys are the contract of the issue (extra keys are allowed).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_FAILED, EXIT_OK, opened_services, print_json
from app.domain.outbox import OutboxEntry, OutboxState, entry_json, entry_message

if TYPE_CHECKING:
    from app.services.outbox import SubmitReport


def submit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_services(args) as services:
        report = services.outbox.submit(args.week)
    return _reported([report], args.json, out, single=True)


def outbox(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_services(args) as services:
        action = args.outbox_command
        if action == "flush":
            # Asked for by the student: what waits for its next try goes now too.
            reports = services.outbox.flush(waiting_too=True)
            return _reported(reports, args.json, out, single=False)
        if action == "resend":
            report = services.outbox.resend(args.entry_id)
            return _reported([report], args.json, out, single=True)
        if action == "confirm":
            entry = services.outbox.confirm(args.entry_id)
            out.write(
                f"outbox {entry.id}: sent (you confirmed it arrived); "
                f"the review of week {entry.week} is submitted\n"
            )
            return EXIT_OK
        entries = services.outbox.entries()
    if args.json:
        print_json([entry_json(entry) for entry in entries], out)
    else:
        _print_entries(entries, out)
    return EXIT_OK


def _reported(reports: list[SubmitReport], as_json: bool, out: TextIO, *, single: bool) -> int:
    if as_json:
        shown = [report_json(report) for report in reports]
        print_json(shown[0] if single else shown, out)
    elif not reports:
        out.write("nothing to send now\n")
    else:
        for report in reports:
            why = f" ({report.reason.replace('_', ' ')})" if report.reason else ""
            outcome = report.outcome.replace("_", " ")
            out.write(
                f"week {report.week}: {outcome}{why} [outbox {report.outbox_id}]\n"
                f"  {report.message}\n"
            )
    attention = any(report.outcome == OutboxState.NEEDS_ATTENTION for report in reports)
    return EXIT_FAILED if attention else EXIT_OK


def report_json(report: SubmitReport) -> dict[str, object]:
    return {
        "week": report.week,
        "outbox_id": report.outbox_id,
        "outcome": report.outcome,
        "reason": report.reason,
        "message": report.message,
    }


def _print_entries(entries: list[OutboxEntry], out: TextIO) -> None:
    if not entries:
        out.write("the outbox is empty\n")
        return
    for entry in entries:
        state = entry.state.value.replace("_", " ")
        why = f" ({entry.reason.value.replace('_', ' ')})" if entry.reason else ""
        tries = len(entry.receipts)
        out.write(
            f"{entry.id}  week {entry.week} (revision {entry.revision}): {state}{why}, "
            f"{tries} attempt{'s' if tries != 1 else ''}\n"
        )
        message = entry_message(entry)
        if message:
            out.write(f"    {message}\n")
