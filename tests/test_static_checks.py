"""The code base stays clean: ruff (lint and format), mypy strict on app/, import contracts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.static

CHECKS = {
    "ruff check": [sys.executable, "-m", "ruff", "check", "--quiet", "."],
    "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "--quiet", "."],
    "mypy": [sys.executable, "-m", "mypy"],
    "import contracts": [str(BIN / "lint-imports")],
}


@pytest.mark.parametrize("name", CHECKS)
def test_the_code_base_passes(name: str) -> None:
    result = subprocess.run(
        CHECKS[name], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{name} found problems:\n{result.stdout}{result.stderr}"
