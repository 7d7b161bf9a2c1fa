"""Where a course page can be read from: http(s), a ``file://`` address or a local path.

One rule for ``sync --source`` and the ``sync.source`` setting, so both refuse an ``ftp://``
page with the same line.
"""

from __future__ import annotations

import re

SOURCE_SCHEMES = ("http", "https", "file")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def source_problem(source: str) -> str | None:
    """Why a course page cannot be read from ``source`` (one line), or None when it can."""
    found = _SCHEME.match(source)
    if found and found.group(1).lower() not in SOURCE_SCHEMES:
        return (
            f"{found.group(1)}:// addresses are not supported: give an http(s):// address or a"
            f" file's path ({source})"
        )
    return None
