"""``syllabus.json``: the syllabus as JSON (schema in resources/), to and from the domain model.

The same shape is printed by ``study-companion syllabus parse`` and shipped as the embedded
default, so a fresh install works offline.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.course import (
    Course,
    Instructor,
    Link,
    Reading,
    ReviewForm,
    Slide,
    Speaker,
    Syllabus,
    Week,
    WeekKind,
)
from app.domain.errors import UserFacingError
from app.resources import schema_path

SCHEMA_VERSION = 1
Json = dict[str, Any]


class SyllabusFileError(UserFacingError):
    """A syllabus.json that is not valid JSON or does not follow the schema."""


def reading_to_json(reading: Reading) -> Json:
    return {
        "id": reading.id,
        "title": reading.title,
        "venue": reading.venue,
        "url": reading.url,
        "required": reading.required,
        "note": reading.note,
        "extra_links": _links_json(reading.extra_links),
    }


def _links_json(links: tuple[Link, ...]) -> list[Json]:
    return [{"label": link.label, "url": link.url} for link in links]


def _links(document: list[Json]) -> tuple[Link, ...]:
    return tuple(Link(link["label"], link["url"]) for link in document)


def week_to_json(week: Week) -> Json:
    review = week.review
    return {
        "number": week.number,
        "date": week.date.isoformat() if week.date else None,
        "title": week.title,
        "kind": str(week.kind),
        "description": week.description,
        "speakers": [
            {"name": s.name, "affiliation": s.affiliation, "url": s.url} for s in week.speakers
        ],
        "review": None
        if review is None
        else {
            "form_url": review.form_url,
            "due": review.due.isoformat() if review.due else None,
            "label": review.label,
        },
        "slides": [{"label": s.label, "url": s.url} for s in week.slides],
        "readings": [reading_to_json(r) for r in week.readings],
        "links": _links_json(week.links),
    }


def to_json(syllabus: Syllabus) -> Json:
    course = syllabus.course
    return {
        "schema_version": SCHEMA_VERSION,
        "course": {
            "title": course.title,
            "term": course.term,
            "timezone": course.timezone,
            "site_url": course.site_url,
            "source_url": course.source_url,
            "meeting": course.meeting,
            "instructors": [
                {"name": i.name, "url": i.url, "role": i.role} for i in course.instructors
            ],
        },
        "weeks": [week_to_json(w) for w in syllabus.weeks],
    }


def dumps(syllabus: Syllabus) -> str:
    return json.dumps(to_json(syllabus), indent=2, ensure_ascii=False) + "\n"


def validate(document: Json) -> None:
    import jsonschema  # only needed on first start and for files a user hands us

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    try:
        jsonschema.validate(document, schema)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "top level"
        raise SyllabusFileError(
            f"syllabus.json does not follow the schema at {where}: {error.message}"
        ) from None


def from_json(document: Json) -> Syllabus:
    validate(document)
    c = document["course"]
    instructors = tuple(
        Instructor(i["name"], i["url"], i.get("role", "Instructor"))
        for i in c.get("instructors", [])
    )
    course = Course(
        c["title"],
        c["term"],
        c["timezone"],
        c["site_url"],
        c["source_url"],
        c.get("meeting"),
        instructors,
    )
    return Syllabus(course, tuple(_week(w) for w in document["weeks"]))


def load(path: Path) -> Syllabus:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SyllabusFileError(f"cannot read {path}: {error}") from None
    return from_json(document)


def _week(w: Json) -> Week:
    review = w["review"]
    return Week(
        number=w["number"],
        date=date.fromisoformat(w["date"]) if w["date"] else None,
        title=w["title"],
        kind=WeekKind(w["kind"]),
        speakers=tuple(Speaker(s["name"], s["affiliation"], s["url"]) for s in w["speakers"]),
        review=None
        if review is None
        else ReviewForm(
            form_url=review["form_url"],
            due=datetime.fromisoformat(review["due"]) if review["due"] else None,
            label=review.get("label", "Submit your review"),
        ),
        slides=tuple(Slide(s["label"], s["url"]) for s in w["slides"]),
        readings=tuple(
            Reading(
                id=r["id"],
                title=r["title"],
                url=r["url"],
                required=r["required"],
                venue=r["venue"],
                note=r.get("note"),
                extra_links=_links(r.get("extra_links", [])),
            )
            for r in w["readings"]
        ),
        description=w.get("description"),
        links=_links(w.get("links", [])),
    )
