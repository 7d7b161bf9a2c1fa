"""Benchmarks: whole-process timings compared with a baseline measured in the same run.

Run ``python -m tests.bench [NAME] [--json]`` from the repository root; see docs/benchmarks.md.
Each public module here that defines ``run() -> list[Figure]`` is a benchmark.
"""
