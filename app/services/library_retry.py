"""Which readings "Retry failed" tries again: those a new attempt can fix.

The network or the server failing, or a file that came in broken, may go well next time. A
login wall, a web page, a file over the size limit or a copy the student attached will not
change by asking again: their rows say what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.library import FailureKind, FetchState, LibraryEntry

_FIXED_BY_TRYING_AGAIN = frozenset(
    {
        FailureKind.NETWORK,
        FailureKind.UNREACHABLE,
        FailureKind.OFFLINE,
        FailureKind.HTTP_STATUS,  # a server error after its retries, or a link the site fixes
        FailureKind.NOT_PDF,  # bytes that came in broken
    }
)


def worth_retrying(entry: LibraryEntry) -> bool:
    if entry.state is FetchState.FAILED:
        # No kind: the disk (full, read-only) or a bug, which a new attempt may well get past.
        return entry.error_kind is None or entry.error_kind in _FIXED_BY_TRYING_AGAIN
    if entry.state is FetchState.DAMAGED:  # a downloaded copy, not one the student attached
        return not (entry.source_url or "").startswith("file:")
    return False


def retryable_ids(entries: Iterable[LibraryEntry]) -> list[str]:
    return [entry.reading_id for entry in entries if worth_retrying(entry)]
