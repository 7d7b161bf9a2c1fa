"""install.sh puts a bundle where a desktop finds it, for one user, and --uninstall takes
away exactly that. The bundle is laid out by build.py's own step, around a stand-in for the
PyInstaller executable (the real one is run by packaging/smoke.sh in CI)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.packaging.packaging_files import ICON_SIZES, build_script, project, run_tool

VERSION = str(project()["version"])


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "unpacked" / "study-companion"
    folder.mkdir(parents=True)
    executable = folder / "study-companion"
    # Says its version as the app does; any other command is recorded in the home folder.
    executable.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --version ] && echo "study-companion {VERSION}" && exit 0\n'
        'echo "$@" >> "$HOME/commands-run"\n'
    )
    executable.chmod(0o755)
    build_script().add_desktop_files(folder)
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    (folder / ".local" / "share" / "applications").mkdir(parents=True)
    return folder


def run_install(bundle: Path, home: Path, *args: str) -> str:
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        ["bash", str(bundle / "install.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_install_puts_the_command_menu_entry_icons_and_metainfo_in_place(
    bundle: Path, home: Path
) -> None:
    said = run_install(bundle, home)
    link = home / ".local" / "bin" / "study-companion"
    assert link.is_symlink()
    assert link.resolve() == (home / ".local" / "opt" / "study-companion" / "study-companion")
    assert subprocess.run(
        [link, "--version"], capture_output=True, text=True, check=True
    ).stdout == (f"study-companion {VERSION}\n")
    assert f"Installed Study Companion {VERSION}" in said
    share = home / ".local" / "share"
    entry = share / "applications" / "study-companion.desktop"
    assert f'Exec="{link}"\n' in entry.read_text()
    assert f"TryExec={link}\n" in entry.read_text()
    done = run_tool("desktop-file-validate", "desktop-file-utils", str(entry))
    assert (done.returncode, done.stdout) == (0, "")
    for size in ICON_SIZES:
        assert (
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "study-companion.png"
        ).is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "study-companion.svg").is_file()
    assert (share / "metainfo" / "io.github.studycompanion.StudyCompanion.metainfo.xml").is_file()


def test_uninstall_removes_only_what_install_put_there(bundle: Path, home: Path) -> None:
    other_entry = home / ".local" / "share" / "applications" / "other-app.desktop"
    other_entry.write_text("[Desktop Entry]\n")
    data = home / ".local" / "share" / "study-companion" / "study-companion.sqlite3"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"the student's term")
    run_install(bundle, home)

    said = run_install(home / ".local" / "opt" / "study-companion", home, "--uninstall")

    assert "Your data was left where it is" in said
    # update-desktop-database, where installed, leaves its cache in the folder: not ours.
    cache = ".local/share/applications/mimeinfo.cache"
    left = {str(path.relative_to(home)) for path in home.rglob("*") if path.is_file()} - {cache}
    assert left == {
        ".local/share/applications/other-app.desktop",
        ".local/share/study-companion/study-companion.sqlite3",
    }
    assert data.read_bytes() == b"the student's term"


def test_install_again_replaces_the_app_in_place(bundle: Path, home: Path) -> None:
    run_install(bundle, home)
    stale = home / ".local" / "opt" / "study-companion" / "from-the-old-version"
    stale.write_text("")
    run_install(bundle, home)
    assert not stale.exists()
    assert (home / ".local" / "bin" / "study-companion").resolve().is_file()


def test_uninstall_turns_off_reminders_that_run_the_installed_app(bundle: Path, home: Path) -> None:
    run_install(bundle, home)
    program = home / ".local" / "opt" / "study-companion" / "study-companion"
    unit = home / ".config" / "systemd" / "user" / "study-companion-remind.service"
    unit.parent.mkdir(parents=True)
    unit.write_text(f"[Service]\nExecStart={program} remind --wait-minutes 15\n")

    run_install(program.parent, home, "--uninstall")

    commands = (home / "commands-run").read_text().splitlines()
    assert commands == ["config set reminders.when_closed false"]


def test_uninstall_leaves_reminders_of_another_install_alone(bundle: Path, home: Path) -> None:
    run_install(bundle, home)
    unit = home / ".config" / "systemd" / "user" / "study-companion-remind.service"
    unit.parent.mkdir(parents=True)
    unit.write_text("[Service]\nExecStart=/usr/bin/study-companion remind\n")

    run_install(home / ".local" / "opt" / "study-companion", home, "--uninstall")

    assert not (home / "commands-run").exists()
