"""The desktop entry and the AppStream metainfo pass the freedesktop validators, and name
what the package really installs: its command, its icon, its version."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET

import app
from tests.conftest import REPO
from tests.packaging.packaging_files import (
    DESKTOP_ENTRY,
    HICOLOR,
    METAINFO,
    project,
    run_tool,
)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string(DESKTOP_ENTRY.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_passes_desktop_file_validate_without_a_hint() -> None:
    done = run_tool("desktop-file-validate", "desktop-file-utils", str(DESKTOP_ENTRY))
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_metainfo_passes_appstreamcli_validate() -> None:
    done = run_tool("appstreamcli", "appstream", "validate", "--no-net", str(METAINFO))
    assert done.returncode == 0, done.stdout + done.stderr
    # Errors and warnings are lines "E: ..." and "W: ...". Infos ("I: ...") are not held
    # against it: AppStream 0.16 (Debian 12) knows only <developer_name>, which 1.0 reports
    # as deprecated; the pedantic note on the id's capitals (org.gnome.Maps style) neither.
    issues = [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert issues == [], done.stdout


def test_metainfo_release_is_the_package_version() -> None:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "the metainfo lists no release"
    newest = releases[0].get("version")  # AppStream lists releases newest first
    assert newest == project()["version"] == app.__version__


def test_desktop_entry_starts_the_installed_command_with_the_shipped_icon() -> None:
    entry = desktop_entry()
    scripts = project()["scripts"]
    assert isinstance(scripts, dict) and list(scripts) == ["study-companion"]
    assert entry["Exec"] == entry["TryExec"] == "study-companion"
    icons = {path.stem for path in HICOLOR.glob("*/apps/*")}
    assert icons == {entry["Icon"]}


def test_metainfo_launches_the_desktop_entry_and_provides_the_command() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_ENTRY.name
    assert root.findtext("provides/binary") == "study-companion"
    assert METAINFO.name == f"{root.findtext('id')}.metainfo.xml"


def test_metainfo_screenshots_are_the_readme_screenshots() -> None:
    """Software centres fetch them from the repository: each must be a committed picture."""
    images = [image.text or "" for image in ET.parse(METAINFO).getroot().iter("image")]
    assert images
    for url in images:
        assert url.startswith("https://") and "/main/docs/screenshots/" in url
        assert (REPO / "docs" / "screenshots" / url.rsplit("/", 1)[1]).is_file(), url
