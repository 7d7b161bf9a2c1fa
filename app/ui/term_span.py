"""When the term runs: its first and last lecture days, and whether it is over (the last
lecture's week has passed). The week pane and the Due view say so the same way."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.course import Syllabus

TERM_WEEK = timedelta(days=6)  # the last lecture's week runs to its Sunday


def lecture_span(syllabus: Syllabus) -> tuple[date, date] | None:
    days = [week.date for week in syllabus.weeks if week.date is not None]
    return (min(days), max(days)) if days else None


def is_over(span: tuple[date, date], today: date) -> bool:
    return today > span[1] + TERM_WEEK


def ended_span(syllabus: Syllabus, today: date) -> tuple[date, date] | None:
    """The term's span once it is over, else None (running, to come, or without dates)."""
    span = lecture_span(syllabus)
    return span if span is not None and is_over(span, today) else None
