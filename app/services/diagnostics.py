"""What About and "Copy diagnostic info" say: the versions and licences of what the app runs
on, and a plain-text report for a bug report.

The libraries are this app's installed dependencies, followed from its own metadata (the wheel's
or the bundle's), so the list is what ships, not a list kept by hand. A licence comes from the
distribution's metadata: ``License-Expression``, else a short ``License`` field, else its
classifiers.

The report never holds a secret: no password, cookie, email, student id or name (the log lines
it quotes have passed the log's redactor, and are redacted again here in case the file was
written by an older version).
"""

from __future__ import annotations

import importlib
import platform
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.provenance import Origin

if TYPE_CHECKING:
    from app.services.app_services import AppServices

APP_DISTRIBUTION = "study-companion"
LOG_LINES = 50
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_SHORT_LICENCE = 80  # longer License fields are the licence's whole text


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    licence: str

    @property
    def is_agpl(self) -> bool:
        return "AFFERO" in self.licence.upper() or "AGPL" in self.licence.upper()


def app_version() -> str:
    from app import __version__

    return __version__


def bundled_libraries(root: str = APP_DISTRIBUTION) -> list[Library]:
    """Every installed distribution ``root`` depends on, directly or not, by name."""
    found: dict[str, metadata.Distribution] = {}
    waiting = _requirements(root)
    while waiting:
        name = waiting.pop()
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:  # another platform's dependency
            continue
        key = _canonical(distribution.metadata["Name"])
        if key in found:
            continue
        found[key] = distribution
        waiting.extend(_requirements(name))
    return sorted(
        (Library(d.metadata["Name"], d.version, licence_of(d.metadata)) for d in found.values()),
        key=lambda library: library.name.casefold(),
    )


def licence_of(fields: metadata.PackageMetadata) -> str:
    if expression := _field(fields, "License-Expression"):
        return expression
    written = _field(fields, "License")
    if written and "\n" not in written and len(written) <= _SHORT_LICENCE:
        return written
    classified = [
        classifier.rsplit(" :: ", 1)[-1]
        for classifier in fields.get_all("Classifier") or []
        if classifier.startswith("License ::")
    ]
    if classified:
        return ", ".join(classified)
    return written.splitlines()[0] if written else "not stated"


def _field(fields: metadata.PackageMetadata, name: str) -> str:
    return str((fields.get_all(name) or [""])[0]).strip()


def core_versions() -> dict[str, str]:
    """The versions a bug report needs first (Qt's are added by the window)."""
    versions = {
        "Study Companion": app_version(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
    }
    for label, module, attribute in (
        ("PyMuPDF", "pymupdf", "VersionBind"),
        ("SQLAlchemy", "sqlalchemy", "__version__"),
        ("requests", "requests", "__version__"),
    ):
        versions[label] = _version(label, module, attribute)
    versions["MuPDF"] = mupdf_version()
    return versions


def mupdf_version() -> str:
    """The MuPDF inside PyMuPDF (importing it costs a moment: call off the GUI thread)."""
    from app.pdf import MUPDF_LOCK
    from app.pdf.mupdf import mupdf

    try:
        with MUPDF_LOCK:
            return str(mupdf().mupdf_version)
    except ImportError:
        return "not installed"


def diagnostic_report(
    services: AppServices, extra: Mapping[str, str], log_file: Path, now: datetime
) -> str:
    """Plain text for a bug report: versions, platform, data folder, what the store holds, the
    last sync and the log's last lines. ``extra`` adds the window's facts (Qt, its platform)."""
    from app.log_setup import last_lines, redact

    versions = {**core_versions(), **extra}
    lines = [f"{label}: {value}" for label, value in versions.items()]
    lines.append(f"Platform: {platform.platform()} ({platform.machine()})")
    lines.append(f"Frozen bundle: {'yes' if getattr(sys, 'frozen', False) else 'no'}")
    lines.append(f"Data folder: {services.data_dir}")
    lines.append(f"Log file: {log_file}")
    lines.extend(f"{label}: {value}" for label, value in _store_facts(services))
    lines.append(f"Settings: {_settings_text(services)}")
    record = services.course.sync_record()
    if record is None or record.origin is Origin.EMBEDDED:
        lines.append("Last sync: never (the syllabus that came with the app)")
    else:
        ago = now - record.synced_at
        lines.append(
            f"Last sync: {record.synced_at.isoformat(timespec='seconds')} "
            f"({_hours(ago.total_seconds())} ago, {record.origin.value})"
        )
    tail = last_lines(log_file, LOG_LINES)
    lines.append(f"Last {len(tail)} log lines:" if tail else "Log: empty")
    lines.extend(f"  {redact(line)}" for line in tail)
    return "\n".join(lines) + "\n"


def _store_facts(services: AppServices) -> Iterable[tuple[str, str]]:
    with services.database.reading() as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        yield "Database revision", revision[0] if revision else "none"
        for label, query in (
            ("Weeks", "SELECT count(*) FROM weeks WHERE archived_at IS NULL"),
            ("Readings", "SELECT count(*) FROM readings WHERE archived_at IS NULL"),
            ("Archived readings", "SELECT count(*) FROM readings WHERE archived_at IS NOT NULL"),
            ("Library entries", "SELECT count(*) FROM library"),
            ("Annotations", "SELECT count(*) FROM annotations"),
            ("Reviews", "SELECT count(*) FROM reviews"),
            ("Outbox entries", "SELECT count(*) FROM outbox"),
        ):
            yield label, str(connection.execute(query).fetchone()[0])


PRIVATE_SETTINGS = ("identity.",)  # never in a report, not even whether they are set
ADDRESS_SETTINGS = ("sync.source",)  # said only as set or not: an address may hold a token


def _settings_text(services: AppServices) -> str:
    shown = []
    for setting in services.config.list():
        if setting.key.startswith(PRIVATE_SETTINGS):
            continue
        if setting.key in ADDRESS_SETTINGS:
            value = "(the course's own)" if setting.is_default else "(chosen)"
        else:
            value = setting.value or "(none)"
        shown.append(f"{setting.key}={value}")
    return ", ".join(shown)


def _hours(seconds: float) -> str:
    if seconds < 3600:
        return f"{max(0, int(seconds // 60))} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


def _version(name: str, module: str, attribute: str) -> str:
    """From the distribution's metadata, else (a bundle may carry none) from the module."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    try:
        return str(getattr(importlib.import_module(module), attribute))
    except (ImportError, AttributeError):
        return "not installed"


def _requirements(name: str) -> list[str]:
    """The names ``name`` requires, leaving out those of optional extras."""
    try:
        required = metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for requirement in required:
        if "extra ==" in requirement.replace('"', "'").replace("extra==", "extra =="):
            continue
        if found := _NAME.match(requirement):
            names.append(found.group(0))
    return names


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
