"""``backup``, ``restore`` and ``check``: the student's copies of the database.

None of them opens the services (which migrate): ``check`` and ``restore`` must work on a
database that cannot be opened, and ``backup`` copies the file as it is. The services are
imported inside the handlers, so building the parser (``--help``) stays cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.cli.common import EXIT_FAILED, EXIT_OK, print_json

if TYPE_CHECKING:
    from app.services.backup import BackupService, ListedBackup


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    backup = commands.add_parser(
        "backup",
        help="copy the database (annotations, drafts, outbox, settings; not the PDFs) into "
        "the data directory's backups/ folder, or --to a folder of yours",
    )
    backup.add_argument("--to", metavar="DIR", type=Path, help="write the copy into DIR")
    backup.add_argument(
        "--list", action="store_true", help="list the backups instead: time, size, check"
    )
    backup.add_argument("--json", action="store_true", help="print JSON (with --list)")

    restore = commands.add_parser(
        "restore",
        help="replace the database by a backup (checked first; the database replaced is kept "
        "as a before-restore backup)",
    )
    restore.add_argument("file", metavar="FILE", type=Path)

    commands.add_parser(
        "check",
        help="run SQLite's integrity check on the database: 'ok', or what is wrong and the way out",
    )


def backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    service = _service(args)
    if args.list:
        listed = service.listed()
        if args.json:
            print_json([_backup_json(entry) for entry in listed], out)
        else:
            _print_list(listed, service, out)
        return EXIT_OK
    if args.json:
        err.write("study-companion: --json goes with --list\n")
        return EXIT_FAILED
    out.write(f"{service.back_up(args.to)}\n")
    return EXIT_OK


def restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.services.backup import backup_service

    done = backup_service(args.data_dir).restore(args.file)
    out.write(f"Restored {done.source} as {backup_service(args.data_dir).database}\n")
    if done.kept_as is not None:
        out.write(f"The database it replaced is kept as {done.kept_as}\n")
    if done.moved_aside is not None:
        out.write(f"The damaged database it replaced is kept as {done.moved_aside}\n")
    return EXIT_OK


def check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.store.damaged_database import DamagedDatabaseError

    service = _service(args)
    health = service.health(thorough=True)
    if not health.exists:
        out.write(f"ok: no database yet at {health.database} (the first start makes one)\n")
    elif health.problem is None:
        out.write(f"ok: {health.database} passes SQLite's integrity check\n")
        out.write(f"{_backups_said(service)}\n")
    else:
        raise service.explained(DamagedDatabaseError.of(health.database, health.problem))
    return EXIT_OK


def _service(args: argparse.Namespace) -> BackupService:
    from app.services.backup import backup_service

    return backup_service(args.data_dir)


def _backups_said(service: BackupService) -> str:
    from app.services.backup import when

    good = service.newest_good()
    if good is None:
        return f"No good backup yet in {service.folder} (study-companion backup makes one)"
    return f"The newest good backup is from {when(good.taken_at, service.clock.now())}: {good.path}"


def _print_list(listed: list[ListedBackup], service: BackupService, out: TextIO) -> None:
    from app.services.backup import when

    if not listed:
        out.write(f"No backups yet in {service.folder}\n")
        return
    now = service.clock.now()
    for entry in listed:
        state = "ok" if entry.problem is None else f"damaged: {entry.problem}"
        reason = entry.backup.reason or "-"
        out.write(
            f"{when(entry.backup.taken_at, now):<17}  {_size(entry.backup.size):>8}  "
            f"{reason:<26}  {state}  {entry.backup.path}\n"
        )


def _backup_json(entry: ListedBackup) -> dict[str, object]:
    return {
        "path": str(entry.backup.path),
        "taken_at": entry.backup.taken_at.isoformat(),
        "reason": entry.backup.reason,
        "size": entry.backup.size,
        "automatic": entry.backup.automatic,
        "ok": entry.problem is None,
        "problem": entry.problem,
    }


def _size(size: int) -> str:
    return f"{size / 1000:.0f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"
