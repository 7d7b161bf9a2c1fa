"""build.py's last guard: a test or development package that reached the bundle, as a
folder, a compiled module, its dist-info or a module in the archive, fails the build."""

from __future__ import annotations

from pathlib import Path

from tests.packaging.packaging_files import build_script

build = build_script()


def test_test_and_development_packages_are_found_by_their_files() -> None:
    files = [
        Path("_internal/pytest_qt-4.5.0.dist-info/METADATA"),
        Path("_internal/pytest_qt-4.5.0.dist-info"),
        Path("_internal/mypy/api.cpython-311-x86_64-linux-gnu.so"),
        Path("_internal/mypy"),
        Path("_internal/ruff"),
        Path("_internal/PySide6/QtCore.abi3.so"),
        Path("_internal/app/_data/resources/icons/study-companion.svg"),
    ]
    assert build.leaked(files, []) == {"pytest_qt", "mypy", "ruff"}


def test_test_and_development_packages_are_found_among_the_archive_modules() -> None:
    modules = [
        "app.cli",
        "hypothesis.strategies",
        "_pytest.fixtures",
        "pip._internal",
        "jsonschema",
    ]
    assert build.leaked([], modules) == {"hypothesis", "_pytest", "pip"}


def test_the_runtime_packages_pass() -> None:
    modules = ["app", "PySide6.QtWidgets", "fitz", "sqlalchemy", "keyring", "requests", "alembic"]
    files = [Path("_internal/libpython3.11.so.1.0"), Path("_internal/pymupdf/_mupdf.so")]
    assert build.leaked(files, modules) == set()
