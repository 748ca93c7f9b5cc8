"""The project's own lint gate, run by `make test` like every other test: ruff and mypy over the code."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT


def test_lint_ruff_clean() -> None:
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "scripts"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    if "No module named ruff" in res.stderr:
        pytest.skip("ruff is not installed: pip install -e '.[dev]'")
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]


def test_lint_mypy_clean() -> None:
    res = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    if "No module named mypy" in res.stderr:
        pytest.skip("mypy is not installed: pip install -e '.[dev]'")
    assert res.returncode == 0, res.stdout[-6000:]
