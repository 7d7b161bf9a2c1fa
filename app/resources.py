"""Where the shipped data lives: ``syllabus.json`` and ``resources/``.

In a source checkout (and an editable install) they sit at the repository root; a built wheel
carries them inside the package under ``app/_data/`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _root() -> Path:
    return _BUNDLED if (_BUNDLED / "syllabus.json").exists() else _CHECKOUT


def embedded_syllabus_path() -> Path:
    return _root() / "syllabus.json"


def resources_dir() -> Path:
    return _root() / "resources"


def schema_path() -> Path:
    return resources_dir() / "syllabus.schema.json"
