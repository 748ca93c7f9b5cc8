"""The accuracy gate: readout stays at or above the floors in eval_floors.json, set by set.

Sets: ``fixture`` (reports written for this project, in the repo: runs on every clone),
``seed`` and ``dev`` (../shared), ``dev_validation`` (the frozen third of dev), and
``xwlb_validation`` (archive stories; needs READOUT_XWLB). Each set's floors belong to
one version of its gold rows, pinned by fingerprint; floors only go up (see
``readout.evaluate.gate``). Sets whose data is absent skip with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readout.evaluate import gate
from readout.evaluate.reading import load_gold
from readout.evaluate.validation import DEV_SPLIT, fingerprint, load_split

ROOT = Path(__file__).resolve().parents[1]
FLOORS_FILE = Path(__file__).with_name("eval_floors.json")
FLOORS = gate.load_floors(FLOORS_FILE)
SETS = FLOORS["sets"]


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Each set read and scored once per run (or the reason it cannot be)."""
    cache: dict[str, gate.Measured | str] = {}

    def get(name: str) -> gate.Measured:
        if name not in cache:
            try:
                cache[name] = gate.measure(name, SETS[name], ROOT, tmp_path_factory.mktemp(name))
            except gate.Unavailable as exc:
                cache[name] = str(exc)
        got = cache[name]
        if isinstance(got, str):
            pytest.skip(got)
        return got

    return get


def test_floors_file_is_consistent():
    assert {"fixture", "dev_validation"} <= set(SETS)
    problems = [p for name, spec in SETS.items() for p in gate.history_problems(name, spec)]
    assert not problems, problems
    for spec in SETS.values():
        assert all(0.0 <= v <= 1.0 for v in spec["floors"].values())
        assert len(spec["gold_sha256"]) == 64


def test_history_refuses_a_silent_lowering():
    spec = {"floors": {"events_f1": 0.90}, "measured": {"events_f1": 0.91},
            "history": [{"date": "a", "floors": {"events_f1": 0.92}}, {"date": "b", "floors": {"events_f1": 0.90}}]}
    assert any("lowered" in p for p in gate.history_problems("x", spec))
    spec["history"][1]["lowered"] = {"events_f1": "gold corrected: two events were duplicates"}
    assert gate.history_problems("x", spec) == []
    # a floor dropped without a reason is a lowering too
    dropped = {"floors": {}, "measured": {}, "history": [{"date": "a", "floors": {"events_f1": 0.9}},
                                                       {"date": "b", "floors": {}}]}
    assert any("dropped" in p for p in gate.history_problems("x", dropped))
    # a floor that differs from the last entry, or sits far under its figure, is refused too
    assert gate.history_problems("x", {**spec, "floors": {"events_f1": 0.905}})
    assert gate.history_problems("x", {**spec, "measured": {"events_f1": 0.99}})


def test_label_metrics_rise_with_events_found():
    """The gate's kind/leader figure counts right labels over all gold events, so finding one more event
    with a wrong label does not lower it (the accuracy on matched events would)."""
    from readout.evaluate import PredEvent, Prediction, evaluate_predictions

    gold = [{"file": "a.txt", "officials": [], "formulations": [],
             "events": [{"date": f"2020-01-0{d}", "region": "全国", "kind": "meeting", "leader": "李强"}
                        for d in (1, 2)]}]
    one = Prediction(events=[PredEvent("2020-01-01", None, "全国", "meeting", "李强")])
    two = Prediction(events=[*one.events, PredEvent("2020-01-02", None, "全国", "other", None)])
    m1 = gate.metrics_of(evaluate_predictions(gold, {"a.txt": one}))
    m2 = gate.metrics_of(evaluate_predictions(gold, {"a.txt": two}))
    assert m1["event_kind_found"] == m2["event_kind_found"] == 0.5
    assert m2["events_f1"] > m1["events_f1"]


def test_raised_floors_never_go_down():
    spec = {"floors": {"events_f1": 0.93, "officials_f1": 0.95}}
    new = gate.raised_floors(spec, {"events_f1": 0.9, "officials_f1": 0.9871, "speakers_f1": 0.5})
    assert new == {"events_f1": 0.93, "officials_f1": 0.975, "speakers_f1": 0.49}


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_fingerprint_matches_floors(name):
    """Needs the gold rows only (the archive set's labels are in the repo, its texts are not)."""
    try:
        digest = fingerprint(gate.gold_rows(SETS[name], ROOT))
    except gate.Unavailable as exc:
        pytest.skip(str(exc))
    assert digest == SETS[name]["gold_sha256"], (
        f"{name}: the gold rows changed (fingerprint {digest}): re-measure with "
        f"`python scripts/eval_floors.py --raise --repin {name} --why ...` and commit the floors with the gold")


@pytest.mark.parametrize("name", sorted(SETS))
def test_accuracy_at_or_above_floors(name, measured):
    m = measured(name)
    assert not m.report.errors, [f"{f.file}: {f.error}" for f in m.report.errors]
    below = gate.below_floors(SETS[name], m.metrics)
    assert not below, f"{name}: below the pinned floors (measured, floor): {below}"


def test_dev_split_covers_the_dev_corpus():
    split = load_split(DEV_SPLIT)
    assert not split.parts["tuning"] & split.parts["validation"]
    dev = ROOT.parent / "shared" / "corpus" / "dev" / "gold.jsonl"
    if not dev.is_file():
        pytest.skip(f"{dev} absent: the shared corpus is not beside the repo")
    files = {r["file"] for r in load_gold(dev)}
    assert split.parts["tuning"] | split.parts["validation"] == files
    # about a third of every source category is held back
    index = [json.loads(line) for line in (dev.parent / "INDEX.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    for cat in {r["category"] for r in index}:
        members = [r["file"] for r in index if r["category"] == cat]
        held = sum(f in split.parts["validation"] for f in members)
        assert abs(held - len(members) / 3) <= 1.5, (cat, held, len(members))
