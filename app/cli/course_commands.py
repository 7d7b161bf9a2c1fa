"""The course commands: syllabus parse, sync, weeks, readings, due.

Services are imported inside the commands: SQLAlchemy alone costs 0.2 s, and a command should
load only what it uses.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, TextIO

from app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    CommandError,
    check_source,
    opened_services,
    print_json,
)

if TYPE_CHECKING:
    from app.domain.changes import Change
    from app.services.sync import SyncOutcome


def syllabus_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.services.course import syllabus_json_text
    from app.services.sync import read_course_page

    # A course page whose schedule is not posted yet is printed, with no weeks and a warning;
    # one that is no course page is refused before any warning (one line on stderr).
    check_source(args.source)
    page = read_course_page(args.source)
    for warning in page.warnings:
        err.write(f"{args.source}: {warning}\n")
    out.write(syllabus_json_text(page.syllabus))
    return EXIT_OK


def sync(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.services.reviews import linked_by

    check_source(args.source)
    with opened_services(args) as services:
        outcome = services.sync.sync(args.source, allow_removals=args.allow_removals)
        # The forms of links this sync brought, cached for offline drafting; a form out of
        # reach is recorded and said, and the sync still succeeded.
        linked = [] if outcome.held_back else linked_by(outcome.changes)
        fetches = services.reviews.fetch_missing_forms(linked)
    for warning in outcome.warnings:
        err.write(f"{outcome.source}: {warning}\n")
    for fetch in fetches:
        done = f'fetched: "{fetch.title}"' if fetch.error is None else f"not fetched: {fetch.error}"
        err.write(f"study-companion: week {fetch.week}: review form {done}\n")
    code = EXIT_FAILED if outcome.held_back else EXIT_OK
    if args.json:
        print_json(_sync_json(outcome), out)
        return code
    if outcome.held_back:
        out.write(
            f"The course page now lacks {outcome.archiving.describe()}: not applied. "
            "Run `sync --allow-removals` to apply it.\n"
        )
        for change in outcome.removals:
            out.write(f"  {change}\n")
        if others := len(outcome.changes) - len(outcome.removals):
            out.write(f"  and {others} other change{'s' if others != 1 else ''}\n")
        return code
    if not outcome.changes:
        out.write(f"Syllabus {outcome.status}: nothing changed ({outcome.source}).\n")
    else:
        out.write(
            f"Syllabus {outcome.status} from {outcome.source}: {len(outcome.changes)} changes\n"
        )
        for change in outcome.changes:
            out.write(f"  {change}\n")
    return EXIT_OK


def _sync_json(outcome: SyncOutcome) -> dict[str, object]:
    def change_json(c: Change) -> dict[str, object]:
        return {"change": str(c.change), "item": str(c.item), "week": c.week, "detail": c.detail}

    archiving = outcome.archiving
    return {
        "status": str(outcome.status),
        "changes": [change_json(c) for c in outcome.changes],
        # added for held-back syncs: "held_back" status, what it archives (or would)
        "applied": not outcome.held_back,
        "archives": {
            "weeks": archiving.weeks,
            "of_weeks": archiving.of_weeks,
            "readings": archiving.readings,
            "of_readings": archiving.of_readings,
        },
        "removals": [change_json(c) for c in outcome.removals],
    }


def weeks(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.services.course import week_json

    with opened_services(args) as services:
        syllabus = services.course.syllabus()  # as followed: a self-paced term's own dates
        course_dates = {w.number: w.date for w in services.course.course_syllabus().weeks}
    if args.json:
        print_json(
            [
                week_json(w) | {"original_date": _iso(course_dates.get(w.number))}
                for w in syllabus.weeks
            ],
            out,
        )
        return EXIT_OK
    course = syllabus.course
    out.write(f"{course.title}" + (f" ({course.term})" if course.term else "") + "\n")
    if not syllabus.weeks:
        out.write("The schedule is not posted yet.\n")
    for week in syllabus.weeks:
        day = week.date.strftime("%a %b %d") if week.date else "no date   "
        speaker = f" — {week.speakers[0].name}" if week.speakers else ""
        count = len(week.readings)
        readings = f"  [{count} reading{'s' if count != 1 else ''}]" if count else ""
        out.write(f"{week.number:>3}  {day}  {week.title}{speaker}{readings}\n")
    return EXIT_OK


def readings(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.cli.download_command import library_json
    from app.services.course import reading_json

    with opened_services(args) as services:
        items = services.library.items(args.week)
        week = None if args.week is None else services.course.syllabus().week(args.week)
    if not items and args.week is not None and week is None:
        raise CommandError(f"there is no week {args.week}")
    if args.json:
        print_json(
            [
                reading_json(item.reading)
                | {"week": item.listed.week, "archived": item.listed.archived}
                | library_json(item.entry)
                for item in items
            ],
            out,
        )
        return EXIT_OK
    if not items:  # said, not an empty screen that looks like a failure
        where = f"Week {args.week} ({week.title})" if week is not None else "The syllabus"
        out.write(f"{where} has no readings.\n")
    for item in items:
        reading = item.reading
        flags = "required" if reading.required else "optional"
        if item.listed.archived:
            flags += ", archived"
        flags += f", {item.entry.state.value.replace('_', ' ')}"
        venue = f" [{reading.venue}]" if reading.venue else ""
        out.write(f"{item.listed.week:>3}  {reading.id}  {reading.title}{venue} ({flags})\n")
        out.write(f"     {reading.url or 'no link'}\n")
    return EXIT_OK


def due(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.domain.deadline import countdown

    with opened_services(args) as services:
        now = args.now or services.clock.now()
        deadlines = services.course.deadlines(now)
        reviews = services.review_statuses()
    if args.json:
        print_json(
            [
                {
                    "week": d.week,
                    "title": d.title,
                    "due": d.due.isoformat(),
                    "status": d.status.value,
                    "review": reviews.get(d.week, "not_started"),
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
        review = reviews.get(d.week, "not_started")
        out.write(f"{d.week:>3}  {local}  {d.status}{remaining}  review {review}  {d.title}\n")
    return EXIT_OK


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
