"""What every benchmark shares: the Figure it reports and wall-clock timing of subprocesses.

A benchmark measures whole processes, as a user meets them, against a baseline process measured
in the same run on the same machine; the ratio between the two is the figure that matters,
because the absolute times move with the machine and its load.
"""

from __future__ import annotations

import os
import re
import shlex
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
# Measured processes run as an installed app does, with its bytecode compiled once and reused
# (pip and PyInstaller ship it), even when the shell sets PYTHONDONTWRITEBYTECODE: the
# compiled files go to a cache outside the repository, which the warm-up run fills.
BYTECODE_CACHE = Path(tempfile.gettempdir()) / "study-companion-bench-bytecode"
# A run that takes longer than this is hung (a window that never quits, a lock never released).
RUN_TIMEOUT_SECONDS = 120.0
_STDERR_TAIL_CHARS = 2000
# "ratio <= 2.5", "ratio >= 0.9", "value <= 50": what a figure is judged by, and the limit
Subject = TypeVar("Subject")  # what one measurement of the subject returns
Baseline = TypeVar("Baseline")  # and of the baseline
_GOAL = re.compile(r"^\s*(?P<what>ratio|value)\s*(?P<op><=|>=)\s*(?P<limit>\d+(?:\.\d+)?)\b")


@dataclass(frozen=True)
class Figure:
    """One measured value next to the baseline it is compared with (ratio = value / baseline)."""

    name: str
    value: float
    unit: str
    baseline: float
    ratio: float
    goal: str | None = None

    @classmethod
    def compared(
        cls, name: str, value: float, baseline: float, unit: str = "s", goal: str | None = None
    ) -> Figure:
        return cls(name, value, unit, baseline, value / baseline, goal)

    def goal_met(self) -> bool | None:
        """True or False for a goal written ``ratio|value <=|>= N``; None for any other goal."""
        match = _GOAL.match(self.goal or "")
        if match is None:
            return None
        measured = self.ratio if match["what"] == "ratio" else self.value
        limit = float(match["limit"])
        return measured <= limit if match["op"] == "<=" else measured >= limit

    def as_json(self) -> dict[str, object]:
        return asdict(self)


class CommandFailedError(RuntimeError):
    """A measured command exited non-zero or hung; the message names it and quotes its stderr."""

    def __init__(self, cmd: Sequence[str], reason: str, stderr: str) -> None:
        tail = stderr.strip()[-_STDERR_TAIL_CHARS:] or "(nothing on stderr)"
        super().__init__(f"{shlex.join(cmd)}\n  {reason}\n  stderr:\n{_indent(tail)}")
        self.cmd = list(cmd)
        self.stderr = stderr


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def run_once(cmd: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    """Run ``cmd`` once from the repository root and return its wall time in seconds.

    ``env`` holds variables set on top of the current environment (and of ``BYTECODE_CACHE``
    as the place for compiled bytecode). Output is discarded
    (stderr is kept for the error message); a non-zero exit or a hang raises CommandFailedError.
    """
    full_env = {**os.environ, "PYTHONPYCACHEPREFIX": str(BYTECODE_CACHE), **(env or {})}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    try:
        finished = subprocess.run(
            list(cmd),
            cwd=REPO_ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as timeout:
        stderr = (timeout.stderr or b"").decode(errors="replace")
        raise CommandFailedError(
            cmd, f"did not finish in {RUN_TIMEOUT_SECONDS:.0f} s", stderr
        ) from None
    except OSError as error:
        raise CommandFailedError(cmd, f"could not start: {error}", "") from None
    elapsed = time.perf_counter() - started
    if finished.returncode != 0:
        stderr = finished.stderr.decode(errors="replace")
        raise CommandFailedError(cmd, f"exited with status {finished.returncode}", stderr)
    return elapsed


def median_seconds(cmd: Sequence[str], runs: int, env: Mapping[str, str] | None = None) -> float:
    """Median wall time of ``runs`` runs of ``cmd``, after one untimed warm-up run."""
    _check_runs(runs)
    run_once(cmd, env)
    return statistics.median(run_once(cmd, env) for _ in range(runs))


def compare(
    subject_cmd: Sequence[str],
    baseline_cmd: Sequence[str],
    runs: int,
    env: Mapping[str, str] | None = None,
    baseline_env: Mapping[str, str] | None = None,
) -> tuple[float, float]:
    """Median wall times ``(subject, baseline)`` of ``runs`` runs each, measured alternately.

    Each command first gets one untimed warm-up run (which also lets the subject create its
    database). The timed runs interleave in ABBA order, so a burst of load on a shared machine,
    or a cache warming over the run, falls on both sides alike. ``baseline_env`` defaults to
    ``env``.
    """
    _check_runs(runs)
    if baseline_env is None:
        baseline_env = env
    run_once(subject_cmd, env)
    run_once(baseline_cmd, baseline_env)
    subject_times, baseline_times = alternately(
        lambda: run_once(subject_cmd, env), lambda: run_once(baseline_cmd, baseline_env), runs
    )
    return statistics.median(subject_times), statistics.median(baseline_times)


def medians(
    commands: Sequence[Sequence[str]], runs: int, env: Mapping[str, str] | None = None
) -> list[float]:
    """Median wall times of ``runs`` runs of each command, in the order given.

    Like ``compare`` for more than two: one untimed warm-up run each, then rounds that run
    every command once, forwards and backwards in turn (ABC, CBA, ...), so load falls on all.
    """
    _check_runs(runs)
    for command in commands:
        run_once(command, env)
    times: list[list[float]] = [[] for _ in commands]
    for index in range(runs):
        order = list(range(len(commands)))
        for position in order if index % 2 == 0 else reversed(order):
            times[position].append(run_once(commands[position], env))
    return [statistics.median(each) for each in times]


def alternately(
    subject: Callable[[], Subject], baseline: Callable[[], Baseline], runs: int
) -> tuple[list[Subject], list[Baseline]]:
    """``runs`` measurements of each, in ABBA order: drift and load fall on both alike."""
    subjects: list[Subject] = []
    baselines: list[Baseline] = []
    for index in range(runs):
        if index % 2 == 0:
            subjects.append(subject())
            baselines.append(baseline())
        else:
            baselines.append(baseline())
            subjects.append(subject())
    return subjects, baselines


def _check_runs(runs: int) -> None:
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")


@contextmanager
def fresh_data_dir() -> Iterator[str]:
    """A new, empty data directory for the app, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="study-companion-bench-") as path:
        yield path
