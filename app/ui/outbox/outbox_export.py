"""Export receipts…: the outbox as JSON, in the shape ``outbox --json`` prints.

The command line's shape is the contract (tests/gui/test_outbox_view.py compares the two on one
data directory); the front doors may not import each other, so it is written out here too.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.outbox import OutboxEntry, OutboxState


def entry_json(entry: OutboxEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "week": entry.week,
        "revision": entry.revision,
        "state": entry.state.value,
        "reason": entry.reason.value if entry.reason else None,
        "message": entry.message or _waiting(entry),
        "changes": list(entry.changes),
        "created": entry.created.isoformat(),
        "sent_at": entry.sent_at.isoformat() if entry.sent_at else None,
        "next_try_at": entry.next_try_at.isoformat() if entry.next_try_at else None,
        "attempts": [
            {
                "time": receipt.time.isoformat(),
                "status": receipt.status,
                "url": receipt.url,
                "outcome": receipt.outcome.value,
                "fields": [[key, value] for key, value in receipt.fields],
                "message": receipt.message,
            }
            for receipt in entry.receipts
        ],
    }


def write_receipts(entries: list[OutboxEntry], path: Path) -> None:
    """The entries as JSON at ``path``, written whole or not at all (a temporary file renamed)."""
    text = json.dumps([entry_json(entry) for entry in entries], ensure_ascii=False, indent=2)
    part = path.with_name(f".{path.name}.part")
    part.write_text(text + "\n", encoding="utf-8")
    part.replace(path)


def _waiting(entry: OutboxEntry) -> str:
    if entry.state is OutboxState.SENDING:
        return "Being sent now."
    if entry.state is OutboxState.QUEUED:
        return "Queued: it will be sent when the network is there."
    return ""
