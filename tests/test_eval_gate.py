"""The accuracy gate: readout must stay at or above the F1 floors pinned in eval_floors.json.

The floors belong to one version of each gold file, pinned by its SHA-256: a changed gold
file fails the gate until the floors are re-measured and the fingerprint updated with them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from readout.evaluate import evaluate

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FLOORS = json.loads((Path(__file__).with_name("eval_floors.json")).read_text(encoding="utf-8"))
METRICS = {
    "officials_f1": lambda t: t["officials"].f1,
    "events_f1": lambda t: t["events"].f1,
    "formulations_recall": lambda t: t["formulations"].recall,
    "formulations_precision": lambda t: t["formulations"].precision,
}


def _gold(corpus: str) -> Path:
    path = CORPUS / FLOORS[corpus]["gold"]
    if not path.is_file():
        pytest.skip(f"{path} absent: the shared corpus is not beside the repo")
    return path


def test_floors_file_is_complete():
    for corpus in ("dev", "seed"):
        floors = FLOORS[corpus]["floors"]
        assert set(floors) == set(METRICS), corpus
        assert all(0.0 <= v <= 1.0 for v in floors.values()), corpus
        assert len(FLOORS[corpus]["gold_sha256"]) == 64


@pytest.mark.parametrize("corpus", ["dev", "seed"])
def test_gold_fingerprint_matches_floors(corpus):
    path = _gold(corpus)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == FLOORS[corpus]["gold_sha256"], (
        f"{path} changed (sha256 {digest}): re-measure with `readout eval {path} {path.parent} --format json` "
        "and update gold_sha256 and the floors in tests/eval_floors.json together")


@pytest.mark.parametrize("corpus", ["dev", "seed"])
def test_accuracy_at_or_above_floors(corpus):
    path = _gold(corpus)
    rep = evaluate(path, path.parent)
    assert not rep.errors, [f"{f.file}: {f.error}" for f in rep.errors]
    got = {name: fn(rep.totals) for name, fn in METRICS.items()}
    below = {name: (round(got[name], 4), floor) for name, floor in FLOORS[corpus]["floors"].items()
             if got[name] < floor}
    assert not below, f"{corpus}: below the pinned floors (measured, floor): {below}"
