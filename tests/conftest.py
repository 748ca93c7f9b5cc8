"""Shared fixtures: the bundled example and the third-party dev corpus (read from ../shared)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a failure there is then reproducible locally with
# HYPOTHESIS_PROFILE=ci); local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") or os.environ.get("HYPOTHESIS_PROFILE") == "ci":
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "2019-09-theme-education-roundup.txt"
SHARED = ROOT.parent / "shared" / "corpus"
DEV = SHARED / "dev"
SEED_GOLD = SHARED / "seed" / "gold.jsonl"
FIXTURE = ROOT / "tests" / "fixtures" / "accuracy"  # reports written for readout's tests, with gold


def dev_files() -> list[Path]:
    if not (DEV / "gold.jsonl").exists():
        return []
    return [DEV / json.loads(line)["file"] for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "gold.jsonl").exists():
        pytest.skip(f"dev corpus not found at {DEV} (it lives in ../shared, beside the clone)")
    return DEV


@pytest.fixture(scope="session")
def seed_doc():
    import readout

    docs = readout.read_file(SEED)
    assert len(docs) == 1
    return docs[0]
