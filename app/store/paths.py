"""Where the user's data lives: platformdirs, unless ``--data-dir`` or the environment says."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "STUDY_COMPANION_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` first, then ``$STUDY_COMPANION_DATA_DIR``, then the platform's data dir."""
    chosen = override or os.environ.get(DATA_DIR_VARIABLE)
    if chosen:
        return Path(chosen).expanduser().resolve()
    from platformdirs import user_data_path

    return user_data_path("study-companion", appauthor=False)
