"""Entry point and composition root: a command runs in the terminal, no command opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.build_parser().parse_args(argv)
    if args.command is None:
        import logging

        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        from app.ui.launch import run_window

        return run_window(args.data_dir, exit_when_shown=bool(args.exit_when_shown))
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
