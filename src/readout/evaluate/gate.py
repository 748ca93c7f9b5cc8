"""The accuracy gate: floors per evaluation set, pinned to a fingerprint of the gold rows.

``tests/eval_floors.json`` names each set (its gold file, the corpus its texts are in, the
part of a split it takes) with the floors that ``tests/test_eval_gate.py`` enforces, the
figures they were set from, and a history of every change. A floor only goes up: a lower
value than the one before fails the gate unless the history entry says why
(``"lowered": {"metric": "reason"}``). When the gold rows change, their fingerprint no
longer matches and the gate fails until the set is re-measured
(``scripts/eval_floors.py``).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from readout.evaluate.reading import evaluate_rows, load_gold
from readout.evaluate.scoring import Report
from readout.evaluate.validation import (
    ARCHIVE_ENV,
    fingerprint,
    load_split,
    rebuild_archive_texts,
    split_rows,
)


def _figure(fld: str, fig: str) -> Callable[[Report], float | None]:
    def get(rep: Report) -> float | None:
        if not rep.labelled(fld) or rep.totals[fld].empty:
            return None  # the gold does not label this field
        return float(getattr(rep.totals[fld], fig))

    return get


def _found_right(fld: str) -> Callable[[Report], float | None]:
    """Gold events found with the right label, over all required gold events. Unlike the accuracy on
    matched events that ``readout eval`` prints, this only rises when more events are found, so a
    floor on it does not trip when events recall improves on events whose label is hard."""

    def get(rep: Report) -> float | None:
        events, labels = rep.totals["events"], rep.totals[fld]
        if labels.empty or not events.tp + events.fn:
            return None
        return labels.tp / (events.tp + events.fn)

    return get


# The gate's figures, by name.
METRICS: dict[str, Callable[[Report], float | None]] = {
    "officials_f1": _figure("officials", "f1"),
    "events_f1": _figure("events", "f1"),
    "event_kind_found": _found_right("event_kind"),
    "event_leader_found": _found_right("event_leader"),
    "speakers_f1": _figure("speakers", "f1"),
    "formulations_recall": _figure("formulations", "recall"),
    "formulations_precision": _figure("formulations", "precision"),
}
MARGIN = 0.01  # a new floor sits this far under the measured figure (rounded down to 0.005)
MAX_SLACK = 0.03  # a floor further than this under its measured figure guards nothing
ARCHIVE_CORPUS = "$" + ARCHIVE_ENV


class Unavailable(Exception):
    """The set's gold or texts are not on this machine (a reason to skip, not to fail)."""


@dataclass(slots=True)
class Measured:
    name: str
    rows: list[dict[str, Any]]
    report: Report

    @property
    def metrics(self) -> dict[str, float]:
        return metrics_of(self.report)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.rows)


def load_floors(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def metrics_of(rep: Report) -> dict[str, float]:
    """The gate's figures for a report; fields its gold does not label are left out."""
    out = {}
    for name, get in METRICS.items():
        value = get(rep)
        if value is not None:
            out[name] = round(value, 4)
    return out


def gold_rows(spec: Mapping[str, Any], root: Path) -> list[dict[str, Any]]:
    """The set's gold rows: the gold file, cut to one part of a split when the set says so."""
    gold = root / spec["gold"]
    if not gold.is_file():
        raise Unavailable(f"{gold} absent (the shared corpus or the labels are not beside the repo)")
    rows = load_gold(gold)
    if spec.get("part"):
        keep = {r["file"] for r in split_rows(rows, load_split(root / spec["split"]))[spec["part"]]}
        rows = [r for r in rows if r["file"] in keep]
    return rows


def corpus_dir(spec: Mapping[str, Any], root: Path, workdir: Path) -> Path:
    """Where the set's texts are; the archive set's are rebuilt into ``workdir`` first."""
    if spec["corpus"] != ARCHIVE_CORPUS:
        return root / spec["corpus"]
    archive = os.environ.get(ARCHIVE_ENV)
    if not archive:
        raise Unavailable(f"set {ARCHIVE_ENV} to a local copy of github.com/china-data/xwlb to score the archive set")
    try:
        rebuild_archive_texts(archive, workdir, gold=None)
    except (OSError, ValueError) as exc:
        raise Unavailable(f"{ARCHIVE_ENV}={archive}: {exc}") from None
    return workdir


def measure(name: str, spec: Mapping[str, Any], root: Path, workdir: Path) -> Measured:
    """Read and score one set (raises ``Unavailable`` when it is not on this machine)."""
    rows = gold_rows(spec, root)
    return Measured(name, rows, evaluate_rows(rows, corpus_dir(spec, root, workdir)))


def below_floors(spec: Mapping[str, Any], got: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """metric → (measured, floor) for every floor not reached."""
    return {m: (got.get(m, 0.0), f) for m, f in spec["floors"].items() if got.get(m, 0.0) < f}


def history_problems(name: str, spec: Mapping[str, Any]) -> list[str]:
    """What is wrong with a set's floors: not the last history entry, lowered without a reason,
    above what was measured, or so far below it that it guards nothing."""
    problems = []
    history: Sequence[Mapping[str, Any]] = spec.get("history") or []
    if not history or history[-1].get("floors") != spec["floors"]:
        problems.append(f"{name}: floors differ from the last history entry (add an entry for every change)")
    for before, after in pairwise(history):
        reasons = after.get("lowered") or {}
        for metric, old in before.get("floors", {}).items():
            value = after.get("floors", {}).get(metric)
            if (value is None or value < old) and metric not in reasons:
                problems.append(f"{name}: {metric} {'dropped' if value is None else f'lowered {old} → {value}'} "
                                f"on {after.get('date')} without a reason in 'lowered'")
    measured = spec.get("measured", {})
    for metric, floor in spec["floors"].items():
        if metric not in METRICS:
            problems.append(f"{name}: unknown metric {metric}")
        elif metric not in measured:
            problems.append(f"{name}: no measured figure for {metric}")
        elif floor > measured[metric]:
            problems.append(f"{name}: {metric} floor {floor} above the measured {measured[metric]}")
        elif measured[metric] - floor > MAX_SLACK + 1e-9:
            problems.append(f"{name}: {metric} floor {floor} more than {MAX_SLACK} under the measured "
                            f"{measured[metric]}: raise it")
    return problems


def floor_under(value: float) -> float:
    """A floor for a measured figure: ``MARGIN`` under it, rounded down to 0.005."""
    return round(math.floor(round((value - MARGIN) * 200, 6)) / 200, 3)


def raised_floors(spec: Mapping[str, Any], got: Mapping[str, float]) -> dict[str, float]:
    """Floors after a measurement: each one raised to ``MARGIN`` under the figure, never lowered."""
    out = dict(spec.get("floors", {}))
    for metric, value in got.items():
        out[metric] = max(out.get(metric, 0.0), floor_under(value))
    return out
