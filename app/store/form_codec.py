"""A review form to JSON and back, for the cache: what was fetched is what the student drafts
against offline, so every field round-trips (a test checks this for each question kind)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from app.domain.form import (
    EmailMode,
    Form,
    FormItem,
    FormPage,
    GridRow,
    Question,
    QuestionKind,
)


def form_to_json(form: Form) -> str:
    data = asdict(form)
    data["fetched_at"] = form.fetched_at.isoformat() if form.fetched_at else None
    return json.dumps(data, ensure_ascii=False)


def form_from_json(text: str) -> Form:
    data: dict[str, Any] = json.loads(text)
    fetched = data.get("fetched_at")
    return Form(
        form_id=data["form_id"],
        url=data["url"],
        title=data["title"],
        description=data.get("description", ""),
        email=EmailMode(data.get("email", EmailMode.OFF)),
        requires_signin=bool(data.get("requires_signin", False)),
        pages=tuple(FormPage(**page) for page in data.get("pages", [{}])),
        questions=tuple(_question(question) for question in data.get("questions", [])),
        items=tuple(FormItem(**item) for item in data.get("items", [])),
        fetched_at=datetime.fromisoformat(fetched) if fetched else None,
    )


def _question(data: dict[str, Any]) -> Question:
    return Question(
        item_id=data["item_id"],
        entry_id=data["entry_id"],
        title=data["title"],
        kind=QuestionKind(data["kind"]),
        page=data["page"],
        help=data.get("help", ""),
        required=data.get("required", False),
        options=tuple(data.get("options", ())),
        other=data.get("other", False),
        scale_labels=_pair(data.get("scale_labels")),
        rows=tuple(GridRow(**row) for row in data.get("rows", ())),
        google_type=data.get("google_type"),
    )


def _pair(value: Any) -> tuple[str, str]:
    low, high = [*list(value or []), "", ""][:2]
    return str(low), str(high)
