"""``python -m tests.bench [NAME] [--json] [--runs N]``: run one benchmark, or all of them.

Prints a table by default, or one JSON object per figure and line with ``--json``. Progress
goes to stderr, so stdout holds only the results. Exits 1 if a benchmark failed to run (a
missed goal is reported, not an error: timings on a shared machine are for people to judge).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Callable, Sequence

import tests.bench as bench_package
from tests.bench._harness import CommandFailedError, Figure

Benchmark = Callable[..., list[Figure]]


def discover() -> dict[str, Benchmark]:
    """Every public module of this package that defines ``run``, by module name."""
    found: dict[str, Benchmark] = {}
    for info in pkgutil.iter_modules(bench_package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{bench_package.__name__}.{info.name}")
        run = getattr(module, "run", None)
        if callable(run):
            found[info.name] = run
    return dict(sorted(found.items()))


def main(argv: Sequence[str] | None = None) -> int:
    benchmarks = discover()
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description="Run benchmarks against their baselines."
    )
    parser.add_argument("name", nargs="?", choices=sorted(benchmarks), help="only this one")
    parser.add_argument("--json", action="store_true", help="one JSON object per figure")
    parser.add_argument("--runs", type=int, metavar="N", help="timed runs per command")
    args = parser.parse_args(argv)

    selected = [args.name] if args.name else list(benchmarks)
    results: list[tuple[str, Figure]] = []
    failed = False
    for name in selected:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            figures = benchmarks[name]() if args.runs is None else benchmarks[name](args.runs)
        except CommandFailedError as error:
            print(f"{name}: a command failed:\n{error}", file=sys.stderr)
            failed = True
            continue
        for figure in figures:
            if args.json:
                print(json.dumps(figure.as_json()), flush=True)
            results.append((name, figure))
    if not args.json and results:
        print(format_table(results))
    return 1 if failed else 0


def format_table(results: Sequence[tuple[str, Figure]]) -> str:
    header = ("Benchmark", "Figure", "Value", "Baseline", "Ratio", "Goal")
    rows = [header]
    for name, figure in results:
        rows.append(
            (
                name,
                figure.name,
                _quantity(figure.value, figure.unit),
                _quantity(figure.baseline, figure.unit),
                f"{figure.ratio:.2f}",
                _goal(figure),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _quantity(value: float, unit: str) -> str:
    return f"{value:.3f} {unit}"


def _goal(figure: Figure) -> str:
    if figure.goal is None:
        return ""
    met = figure.goal_met()
    if met is None:
        return figure.goal
    return f"{figure.goal} ({'met' if met else 'MISSED'})"


if __name__ == "__main__":
    sys.exit(main())
