"""Build the one-folder bundle: dist/study-companion/ and its tarball.

    python3 packaging/build.py

A throw-away venv (build/venv) gets only what the app needs at run time (`pip install .`,
never `.[test]`) plus PyInstaller, which then runs packaging/study-companion.spec. install.sh,
the desktop entry, the AppStream metainfo and the icons go into the bundle. The bundle is
checked for test and development packages (the build fails if one slipped in), packed as
dist/study-companion-VERSION-linux-ARCH.tar.gz, and both sizes are printed.
Runs with the standard library only, on the Python the bundle is to carry (3.11+).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import venv
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
VENV = BUILD / "venv"
DIST = ROOT / "dist"
BUNDLE = DIST / "study-companion"
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "study-companion.spec"
APP_ID = "io.github.studycompanion.StudyCompanion"

# 6.x: the spec uses its one-folder layout (the executable beside _internal/) and its hooks
# for PySide6 6.6+; a new major release may change both, so it is taken on purpose, not by
# chance on the next build.
PYINSTALLER = "pyinstaller>=6.10,<7"

# Test and development packages (pyproject's `test` extra and the tools around it): none may
# reach a student's disk. Matched against the bundle's files and the modules in its archive.
FORBIDDEN = (
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_qt",
    "pytest_httpserver",
    "werkzeug",
    "hypothesis",
    "mypy",
    "mypyc",
    "ruff",
    "importlinter",
    "import_linter",
    "grimp",
    "pypdf",
    "pikepdf",
    "pip",
    "PyInstaller",
)


def main() -> int:
    started = time.monotonic()
    version = package_version()
    python = make_build_venv()
    run_pyinstaller(python)
    add_desktop_files(BUNDLE)
    leaked = development_packages(python)
    if leaked:
        sys.stderr.write(
            "build.py: the bundle carries test or development packages: "
            + ", ".join(sorted(leaked))
            + "\n"
        )
        return 1
    tarball = pack(version)
    print(f"bundle:  {BUNDLE.relative_to(ROOT)}/  {megabytes(folder_size(BUNDLE))}")
    print(f"tarball: {tarball.relative_to(ROOT)}  {megabytes(tarball.stat().st_size)}")
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


def package_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


def make_build_venv() -> Path:
    """A new venv each time: one left from an earlier build could hold anything."""
    step(f"build venv {VENV.relative_to(ROOT)}: the app's runtime dependencies and {PYINSTALLER}")
    shutil.rmtree(VENV, ignore_errors=True)
    venv.create(VENV, with_pip=True, clear=True)
    python = VENV / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    run([*pip, str(ROOT), PYINSTALLER])
    return python


def run_pyinstaller(python: Path) -> None:
    step(f"pyinstaller {SPEC.relative_to(ROOT)}")
    shutil.rmtree(BUNDLE, ignore_errors=True)
    run(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={BUILD / 'pyinstaller'}",
            str(SPEC),
        ]
    )


def add_desktop_files(bundle: Path) -> None:
    """What makes the bundle a desktop app, inside it, so the tarball alone installs:
    install.sh at the top, the .desktop entry, metainfo and hicolor icons under share/."""
    step("adding install.sh, the desktop entry, metainfo and icons")
    share = bundle / "share"
    shutil.rmtree(share, ignore_errors=True)
    for source, target in (
        (PACKAGING / "study-companion.desktop", share / "applications"),
        (PACKAGING / f"{APP_ID}.metainfo.xml", share / "metainfo"),
    ):
        target.mkdir(parents=True)
        shutil.copy2(source, target)
    shutil.copytree(ROOT / "resources" / "icons" / "hicolor", share / "icons" / "hicolor")
    shutil.copy2(PACKAGING / "install.sh", bundle / "install.sh")


def development_packages(python: Path) -> set[str]:
    """The forbidden packages found in the bundle: as folders or files in it (data, compiled
    extensions, dist-info) and as modules in the executable's archive."""
    step("checking the bundle for test and development packages")
    modules = archive_modules(python)
    if "app.cli" not in modules:  # an unreadable listing would pass anything
        sys.exit("build.py: the archive listing names no app.cli: cannot check the bundle")
    return leaked(BUNDLE.rglob("*"), modules)


def leaked(paths: Iterable[Path], modules: Iterable[str]) -> set[str]:
    """The FORBIDDEN names among the paths' names ("mypy", "pytest_qt-4.4.dist-info",
    "ruff.so") and the modules' top-level packages ("hypothesis.strategies")."""
    names = {path.name.split(".")[0].split("-")[0] for path in paths}
    names.update(module.split(".")[0] for module in modules)
    return names & set(FORBIDDEN)


def archive_modules(python: Path) -> set[str]:
    """Every entry name of the executable's archive, the pure-Python modules of its PYZ too,
    as pyi-archive_viewer lists them (a quoted name ends each entry's line)."""
    listing = subprocess.run(
        [
            str(python),
            "-m",
            "PyInstaller.utils.cliutils.archive_viewer",
            "--list",
            "--recursive",
            str(BUNDLE / "study-companion"),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(re.findall(r"'([^']+)'$", listing, flags=re.MULTILINE))


def pack(version: str) -> Path:
    machine = platform.machine() or "unknown"
    tarball = DIST / f"study-companion-{version}-linux-{machine}.tar.gz"
    step(f"packing {tarball.relative_to(ROOT)}")
    # gzip's level 6: level 9 (tarfile's default) took 116 s instead of 30 s here for 0.4%.
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(BUNDLE, arcname=BUNDLE.name)
    return tarball


def folder_size(folder: Path) -> int:
    """Bytes of the folder's files, as `du` counts them: a symbolic link's target once."""
    return sum(
        (Path(parent) / name).lstat().st_size
        for parent, _folders, files in os.walk(folder)
        for name in files
        if not (Path(parent) / name).is_symlink()
    )


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def step(message: str) -> None:
    print(f"--> {message}", flush=True)


def run(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode:
        sys.exit(f"build.py: {command[0]} {' '.join(command[1:3])} failed (exit {done.returncode})")


if __name__ == "__main__":
    sys.exit(main())
