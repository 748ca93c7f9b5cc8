"""Measure every evaluation set in tests/eval_floors.json and, when asked, raise its floors.

    python scripts/eval_floors.py                      # figures against floors, nothing written
    python scripts/eval_floors.py --raise --why "..."  # raise floors to just under the figures
    python scripts/eval_floors.py --raise --repin dev --why "gold row X corrected upstream"
    python scripts/eval_floors.py --raise --lower xwlb_validation.event_leader_accuracy --why "..."

Floors only go up: ``--raise`` moves each floor to ``gate.MARGIN`` under the measured figure
when that is higher than the floor it has, records the figures, the gold fingerprint, the
date and the commit, and appends a history entry. A set whose gold changed (fingerprint
mismatch) is left alone unless named in ``--repin``. Sets whose data is absent are skipped
(the archive set needs READOUT_XWLB). A floor goes down only when named in ``--lower``, and
the reason (``--why``) is recorded in the history entry's ``lowered``; the gate refuses a
silent one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from readout.evaluate import gate  # noqa: E402

FLOORS = ROOT / "tests" / "eval_floors.json"


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raise", dest="do_raise", action="store_true", help="write raised floors")
    ap.add_argument("--why", default="", help="reason recorded in the history entry")
    ap.add_argument("--repin", action="append", default=[], metavar="SET",
                    help="accept the current gold fingerprint of SET (its gold was corrected)")
    ap.add_argument("--only", action="append", default=[], metavar="SET", help="measure only these sets")
    ap.add_argument("--lower", action="append", default=[], metavar="SET.METRIC",
                    help="with --raise: let this floor go down to just under its figure; --why is recorded "
                         "as the reason in the history entry's 'lowered'")
    args = ap.parse_args(argv)
    if args.lower and not args.why:
        ap.error("--lower needs --why: a floor only goes down with a reason")
    data = gate.load_floors(FLOORS)
    commit, today = _commit(), date.today().isoformat()
    for name, spec in data["sets"].items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="readout-eval-") as tmp:
            try:
                m = gate.measure(name, spec, ROOT, Path(tmp))
            except gate.Unavailable as exc:
                print(f"{name}: skipped: {exc}")
                continue
        got = m.metrics
        pinned = spec.get("gold_sha256") in (None, m.fingerprint) or name in args.repin
        print(f"{name} ({len(m.rows)} files){'' if pinned else ' GOLD CHANGED (use --repin)'}")
        for metric, value in got.items():
            floor = spec.get("floors", {}).get(metric)
            print(f"  {metric:24} {value:.4f}   floor {floor if floor is not None else '-'}")
        if not (args.do_raise and pinned):
            continue
        new = gate.raised_floors(spec, got)
        lowered = {}
        for metric in (t.split(".", 1)[1] for t in args.lower if t.split(".", 1)[0] == name):
            new[metric] = gate.floor_under(got[metric])
            if new[metric] < spec["floors"].get(metric, 0.0):
                lowered[metric] = args.why
        spec["gold_sha256"] = m.fingerprint
        spec["measured"] = dict(got)
        spec["measured_at"] = {"date": today, "commit": commit, "files": len(m.rows)}
        if new != spec.get("floors") or name in args.repin:
            spec["floors"] = new
            entry = {"date": today, "commit": commit, "floors": new, "why": args.why or "re-measured"}
            if lowered:
                entry["lowered"] = lowered
            spec.setdefault("history", []).append(entry)
    if args.do_raise:
        FLOORS.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {FLOORS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
