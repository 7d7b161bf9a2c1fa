"""Annotations in the ``annotations`` table: sqlite3 reads, ORM writes, one transaction per
change (the settings are ``settings_store``'s).

Every change is committed the moment it is made (there is no save step): a student's stroke is
on disk before the call returns, so a crash or a kill right after loses nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from app.domain.annotation import Annotation, AnnotationKind
from app.domain.annotation_geometry import Quad, Rect, Stroke
from app.store.database import Database

_ANNOTATION_COLUMNS = (
    "id, reading_id, pdf_sha256, page, kind, pdf_subtype, geometry, colour, meaning, quote, "
    "comment, text, author, created, modified, anchored, import_key"
)


class AnnotationStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    # -- reads ---------------------------------------------------------------------------------

    def for_readings(self, reading_ids: Sequence[str]) -> list[Annotation]:
        """The readings' annotations, in page order, then as they were made."""
        if not reading_ids:
            return []
        marks = ", ".join("?" * len(reading_ids))
        return self._select(
            f"WHERE reading_id IN ({marks}) ORDER BY reading_id, page, created, id", reading_ids
        )

    def on_pages(self, reading_id: str, pages: Sequence[int]) -> list[Annotation]:
        """The reading's annotations on ``pages`` only: what a reader shows first."""
        if not pages:
            return []
        marks = ", ".join("?" * len(pages))
        return self._select(
            f"WHERE reading_id = ? AND page IN ({marks}) ORDER BY page, created, id",
            [reading_id, *pages],
        )

    def get(self, annotation_id: str) -> Annotation | None:
        found = self._select("WHERE id = ?", (annotation_id,))
        return found[0] if found else None

    def search(self, text: str) -> list[Annotation]:
        """Annotations whose quote, comment or box text holds ``text`` (any case)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return self._select(
            "WHERE quote LIKE ?1 ESCAPE '\\' OR comment LIKE ?1 ESCAPE '\\' "
            "OR text LIKE ?1 ESCAPE '\\' ORDER BY reading_id, page, created, id",
            (pattern,),
        )

    def colours_meaning(self, meaning: str) -> set[str]:
        """The colours of the annotations labelled ``meaning``."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT DISTINCT colour FROM annotations WHERE meaning = ?", (meaning,)
            ).fetchall()
        return {row[0] for row in rows}

    def import_keys(self, reading_id: str) -> set[str]:
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT import_key FROM annotations "
                "WHERE reading_id = ? AND import_key IS NOT NULL",
                (reading_id,),
            ).fetchall()
        return {row[0] for row in rows}

    def _select(self, where: str, parameters: Sequence[Any]) -> list[Annotation]:
        with self._database.reading() as connection:
            rows = connection.execute(
                f"SELECT {_ANNOTATION_COLUMNS} FROM annotations {where}", parameters
            ).fetchall()
        return [_annotation(row) for row in rows]

    # -- writes --------------------------------------------------------------------------------

    def save(self, annotations: Iterable[Annotation]) -> None:
        """Insert or replace each annotation (by id), all in one transaction."""
        from app.store.models import AnnotationRow

        with self._database.sessions.begin() as session:
            for annotation in annotations:
                row = session.get(AnnotationRow, annotation.id) or AnnotationRow(id=annotation.id)
                _fill(row, annotation)
                session.add(row)

    def warm_up(self) -> None:
        """Load and prepare what the first write needs (SQLAlchemy, the mapper, a lookup), so
        a reader can do it on a worker before the student's first stroke."""
        from app.store.models import AnnotationRow

        with self._database.sessions.begin() as session:
            session.get(AnnotationRow, "")

    def relabel(self, old_meaning: str, new_meaning: str, colours: Collection[str]) -> None:
        """Annotations in any of ``colours`` meaning ``old_meaning`` now mean ``new_meaning``."""
        from sqlalchemy import update

        from app.store.models import AnnotationRow

        with self._database.sessions.begin() as session:
            session.execute(
                update(AnnotationRow)
                .where(
                    AnnotationRow.colour.in_(list(colours)),
                    AnnotationRow.meaning == old_meaning,
                )
                .values(meaning=new_meaning)
            )

    def delete(self, annotation_ids: Iterable[str]) -> None:
        from sqlalchemy import delete

        from app.store.models import AnnotationRow

        wanted = list(annotation_ids)
        with self._database.sessions.begin() as session:
            session.execute(delete(AnnotationRow).where(AnnotationRow.id.in_(wanted)))


def _fill(row: Any, annotation: Annotation) -> None:
    row.reading_id, row.pdf_sha256 = annotation.reading_id, annotation.pdf_sha256
    row.page, row.kind, row.pdf_subtype = (
        annotation.page,
        annotation.kind.value,
        annotation.pdf_subtype,
    )
    row.geometry = json.dumps(
        {
            "quads": [quad.to_json() for quad in annotation.quads],
            "strokes": [stroke.to_json() for stroke in annotation.strokes],
            "rect": annotation.rect.to_json() if annotation.rect else None,
        }
    )
    row.colour, row.meaning = annotation.colour, annotation.meaning
    row.quote, row.comment, row.text = annotation.quote, annotation.comment, annotation.text
    row.author = annotation.author
    row.created, row.modified = annotation.created.isoformat(), annotation.modified.isoformat()
    row.anchored, row.import_key = annotation.anchored, annotation.import_key


def _annotation(row: sqlite3.Row) -> Annotation:
    geometry = json.loads(row["geometry"])
    return Annotation(
        id=row["id"],
        reading_id=row["reading_id"],
        pdf_sha256=row["pdf_sha256"],
        page=row["page"],
        kind=AnnotationKind(row["kind"]),
        pdf_subtype=row["pdf_subtype"],
        quads=tuple(Quad.from_json(quad) for quad in geometry["quads"]),
        strokes=tuple(Stroke.from_json(stroke) for stroke in geometry["strokes"]),
        rect=Rect.from_json(geometry["rect"]) if geometry["rect"] else None,
        colour=row["colour"],
        meaning=row["meaning"],
        quote=row["quote"],
        comment=row["comment"],
        text=row["text"],
        author=row["author"],
        created=datetime.fromisoformat(row["created"]),
        modified=datetime.fromisoformat(row["modified"]),
        anchored=bool(row["anchored"]),
        import_key=row["import_key"],
    )
