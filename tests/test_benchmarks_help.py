"""`python -m benchmarks --help` says what it runs instead of running every benchmark."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_the_benchmarks_and_runs_none() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "available:" in result.stdout and "geowebnews" in result.stdout
    assert "==" not in result.stdout  # no benchmark started


def test_the_robustness_benchmark_runs_test_files_that_exist() -> None:
    from benchmarks.robustness import SUITE

    for item in SUITE:
        path = ROOT / item.split("::")[0]
        assert path.exists(), f"benchmarks/robustness.py runs {item}, which does not exist"
