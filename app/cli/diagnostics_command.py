"""``diagnostics``: what Help > Copy Diagnostic Info puts on the clipboard, for a bug report
written from a terminal (or about a window that will not start), with the shipped libraries
and their licences as About lists them."""

from __future__ import annotations

import argparse
import platform
from typing import TextIO

from app.cli.common import EXIT_OK, opened_services


def diagnostics(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.log_setup import log_file
    from app.services.diagnostics import bundled_libraries, diagnostic_report

    with opened_services(args) as services:
        extra = {"Qt platform": "none (command line)", "System": platform.system()}
        out.write(diagnostic_report(services, extra, log_file(args.data_dir), services.clock.now()))
    libraries = bundled_libraries()
    out.write(f"Libraries ({len(libraries)}):\n" if libraries else "Libraries: no metadata found\n")
    for library in libraries:
        out.write(f"  {library.name} {library.version} ({library.licence})\n")
    return EXIT_OK
