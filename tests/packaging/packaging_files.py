"""Where the packaging files are, what pyproject says of the package, and the system tools
that judge desktop files (skipped, naming the Debian package, where a tool is absent)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

PACKAGING = REPO / "packaging"
DESKTOP_ENTRY = PACKAGING / "study-companion.desktop"
METAINFO = PACKAGING / "io.github.studycompanion.StudyCompanion.metainfo.xml"
ICONS = REPO / "resources" / "icons"
HICOLOR = ICONS / "hicolor"
# The sizes desktops look an application icon up at (issue 13: 16 to 512).
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
TOOL_BOUND_S = 60.0  # each tool answers at once: the bound only catches a hang


def project() -> dict[str, object]:
    with (REPO / "pyproject.toml").open("rb") as file:
        table: dict[str, object] = tomllib.load(file)["project"]
    return table


def run_tool(program: str, package: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed (Debian package {package}; .ci/run installs it)")
    return subprocess.run(
        [program, *args], capture_output=True, text=True, timeout=TOOL_BOUND_S, check=False
    )


def build_script() -> ModuleType:
    """packaging/build.py as a module (packaging/ is no package: it is run as a script)."""
    spec = importlib.util.spec_from_file_location("packaging_build", PACKAGING / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True)
