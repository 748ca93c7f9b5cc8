"""Formulations against the gold labels (seed, and the dev corpus when present).

Scoring follows SCHEMA.md: recall over gold formulations (equal, or one contains the other
and the shorter is ≥ 60% of the longer, after traditional→simplified and stripping quotes
and white space); precision over predicted ``quoted`` and ``numbered`` formulations,
each distinct value counted once per article; micro-averaged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readout.clean import clean, simplify
from readout.evaluate import Counts, PredFormulation, score_formulations
from readout.extract.formulations import find_formulations, load_lexicon
from readout.ingest import read_path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Floors at what the detectors reach (dev: recall 0.989, precision 0.901), with a small margin.
DEV_RECALL_FLOOR = 0.97
DEV_PRECISION_FLOOR = 0.88


def _score(folder: Path) -> tuple[dict[str, float], list[str], list[str]]:
    """Micro-averaged over the folder's gold rows with the scorer ``readout eval`` uses."""
    lex = load_lexicon()
    total = Counts(tp_pred=0)
    missed: list[str] = []
    wrong: list[str] = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        text = clean(read_path(folder / item["file"])[0]).text
        norm = simplify(text)
        found = find_formulations(text, norm, lex)
        for f in found:
            assert text[f.start : f.end] == f.text
        scored = score_formulations(item["formulations"], [PredFormulation(f.text, f.value, f.kind) for f in found])
        total.add(scored.counts)
        missed += [f"{item['file']}: {g}" for g in scored.missed]
        wrong += [f"{item['file']}: {p}" for p in scored.spurious]
    r = total.recall if total.tp + total.fn else 1.0
    p = total.precision if (total.tp_pred or 0) + total.fp else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"recall": r, "precision": p, "f1": f1}, missed, wrong


def test_seed_all_gold_found() -> None:
    folder = CORPUS / "seed"
    if not folder.is_dir():
        pytest.skip(f"shared corpus not present at {folder}")
    scores, missed, wrong = _score(folder)
    print(f"seed: {scores}")
    assert not missed, missed
    assert scores["precision"] >= 0.9, wrong


def test_dev_precision_recall() -> None:
    folder = CORPUS / "dev"
    if not folder.is_dir():
        pytest.skip(f"dev corpus not present at {folder}")
    scores, missed, wrong = _score(folder)
    print(
        f"dev: precision {scores['precision']:.3f} recall {scores['recall']:.3f} F1 {scores['f1']:.3f}\n"
        f"missed: {missed}\nfalse: {wrong}"
    )
    assert scores["recall"] >= DEV_RECALL_FLOOR, missed
    assert scores["precision"] >= DEV_PRECISION_FLOOR, wrong
