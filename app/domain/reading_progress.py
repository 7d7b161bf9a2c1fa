"""How much of a reading the student has read: pages seen and time spent, for later features."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadingProgress:
    pages_seen: frozenset[int] = field(default_factory=frozenset)  # 0-based page numbers
    seconds_read: float = 0.0

    def share_seen(self, page_count: int) -> float:
        """The fraction of the document's pages seen, 0 to 1."""
        if page_count <= 0:
            return 0.0
        return len({p for p in self.pages_seen if 0 <= p < page_count}) / page_count
