"""``study-companion config …``, ``schedule …`` and ``export-ics``: the settings, the term
followed from a Monday of the student's own, and that term as a calendar file.

Values are checked by the services (``ConfigService``, ``CourseService.follow_from``): a value
they refuse is one line on stderr, exit 1, and nothing changed. The arguments are declared in
``reminder_parsers``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_OK, CommandError, opened_services, print_json

if TYPE_CHECKING:
    from app.domain.course import Syllabus
    from app.services.app_services import AppServices
    from app.services.config import SettingValue


def config(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    with opened_services(args) as services:
        if args.config_command == "get":
            out.write(services.config.get(args.key).value + "\n")
        elif args.config_command == "set":
            _set(services, args.key, args.value, out)
        else:
            _list(services.config.list(), args.json, out)
    return EXIT_OK


def schedule(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.services.config import parse_start

    start = None
    if args.schedule_command == "shift":
        start = parse_start(args.start)
        if start is None:
            raise CommandError("--start needs a Monday (YYYY-MM-DD); to undo a shift: reset")
    with opened_services(args) as services:
        followed = services.course.follow_from(start)
        course = services.course.course_syllabus()
    first, original = _first_date(followed), _first_date(course)
    if start is None or first is None or original is None:
        out.write(f"Following the course's own dates: week 1 {_on(original)}.\n")
    else:
        weeks = (first - original).days // 7
        out.write(
            f"Following the term from {start.isoformat()}: week 1 {_on(first)} "
            f"(the course had it {_on(original)}), every date {_weeks(weeks)}.\n"
        )
    return EXIT_OK


def export_ics(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    from app.domain.schedule import week_dates
    from app.services.calendar import calendar_ics, write_calendar

    with opened_services(args) as services:
        course, followed = services.course.course_syllabus(), services.course.syllabus()
        stamp = services.clock.now()
    # The course's syllabus and the dates followed: the calendar moves lectures and deadlines.
    ics = calendar_ics(course, stamp, followed=week_dates(followed))
    path = Path(args.out)
    write_calendar(path, ics)
    out.write(f"Wrote {path}: the term's lectures and review deadlines.\n")
    return EXIT_OK


def _set(services: AppServices, key: str, value: str, out: TextIO) -> None:
    from app.services.config import WHEN_CLOSED

    changed = services.config.set(key, value)
    out.write(f"{changed.key} = {changed.value}\n")
    if key == WHEN_CLOSED:
        status = services.config.background()
        if status.method is None:
            out.write("Reminders come only while the app is open.\n")
        else:
            files = ", ".join(str(path) for path in status.files)
            out.write(f"Reminders run while the app is closed, through {status.method.value}")
            out.write(f" ({files}).\n")


def _list(values: list[SettingValue], as_json: bool, out: TextIO) -> None:
    if as_json:
        print_json(
            [
                {"key": v.key, "value": v.value, "default": v.is_default, "about": v.about}
                for v in values
            ],
            out,
        )
        return
    for v in values:
        mark = "  (default)" if v.is_default else ""
        out.write(f"{v.key} = {v.value}{mark}\n    {v.about}\n")


def _first_date(syllabus: Syllabus) -> date | None:
    return next((week.date for week in syllabus.weeks if week.date is not None), None)


def _on(day: date | None) -> str:
    return f"on {day:%a %b %d %Y}" if day else "without a date"


def _weeks(count: int) -> str:
    if count == 0:
        return "as the course has it"
    moved = f"{abs(count)} week{'s' if abs(count) != 1 else ''}"
    return f"{moved} {'later' if count > 0 else 'earlier'}"
