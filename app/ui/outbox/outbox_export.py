"""Export receipts…: the outbox as JSON, in the shape ``outbox --json`` prints.

Both front doors take the shape from ``app.domain.outbox.entry_json`` (tests/gui/test_outbox_view.py
compares the file with the command's output on one data directory).
"""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.outbox import OutboxEntry, entry_json


def write_receipts(entries: list[OutboxEntry], path: Path) -> None:
    """The entries as JSON at ``path``, written whole or not at all (a temporary file renamed)."""
    text = json.dumps([entry_json(entry) for entry in entries], ensure_ascii=False, indent=2)
    part = path.with_name(f".{path.name}.part")
    part.write_text(text + "\n", encoding="utf-8")
    part.replace(path)
