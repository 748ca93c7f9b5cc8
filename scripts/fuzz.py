"""The long fuzzing run (``make fuzz``): mutation cases through readout, with a report.

    .venv/bin/python scripts/fuzz.py [--cases 100000] [--seed 0] [--big 0.01] [--jobs 2] [--out fuzz-report.json]

Each case is checked by ``tests/fuzzing.py``: no exception but a coded ``ReadoutError``, every
span exact, the offset map valid, the store's rows buildable. ``--big`` is the share of cases
grown to 30 k–1 M characters by repeating a piece, to find time that grows faster than the
text. Prints counts by outcome, every uncaught exception and violation (deduplicated, with a
reproducing case id), the slowest inputs and the worst time per character; exits 1 if any
case raised, broke a span, or took more than ``--slow`` seconds (CPU) at ≤ 1 M characters.
Cases come in slices, each from its own ``Mutator`` seed; a case id ``S:I`` is case I of
seed S, run again alone by ``--only S:I``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from fuzzing import Mutator, check  # noqa: E402


def run_slice(args: tuple[int, int, float, int | None, int]) -> dict:
    """``count`` cases of ``Mutator(seed)`` (or only case ``only``), checked and summarised;
    every ``rows_every``-th case also through JSON and the store's rows."""
    seed, count, big, only, rows_every = args
    from readout.resources import load

    load()
    m = Mutator(seed, big_share=big)
    counts: Counter[str] = Counter()
    bad: dict[str, dict] = {}
    slow: list[tuple[float, float, int, str, str]] = []
    worst_rate = (0.0, 0, "")
    for i in range(count):
        case = m.case()
        if only is not None and i != only:
            continue
        o = check(case, rows=i % rows_every == 0)
        counts[o.kind] += 1
        cid = f"{seed}:{i}"
        if o.kind in ("exception", "violation", "slow"):
            b = bad.setdefault(f"{o.kind}: {o.detail}", {"count": 0, "first": cid, "sample": repr(case[:200])})
            b["count"] += 1
        slow = sorted([*slow, (o.cpu, o.seconds, o.chars, cid, repr(case[:80]))], reverse=True)[:10]
        if o.chars >= 10_000 and o.cpu / o.chars > worst_rate[0]:
            worst_rate = (o.cpu / o.chars, o.chars, cid)
    return {"counts": counts, "bad": bad, "slow": slow, "worst_rate": worst_rate}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--big", type=float, default=0.01, help="share of cases grown to 30 k–1 M characters")
    ap.add_argument("--jobs", type=int, default=min(2, len(os.sched_getaffinity(0))))
    ap.add_argument("--slow", type=float, default=2.0, help="CPU seconds that count as too slow for ≤ 1 M characters")
    ap.add_argument("--only", help="run just case S:I of a report (seed S, index I)")
    ap.add_argument("--rows-every", type=int, default=10, help="check JSON and store rows on every Nth case")
    ap.add_argument("--out", type=Path, help="also write the report as JSON")
    ap.add_argument("--write", action="store_true", help="put the report in docs/benchmarks.md")
    args = ap.parse_args()
    t0 = time.perf_counter()
    if args.only is not None:
        seed, index = (int(x) for x in args.only.split(":"))
        print(json.dumps(run_slice((seed, index + 1, args.big, index, 1)), ensure_ascii=False, indent=1, default=list))
        return 0
    step = max(1, min(1000, args.cases // (args.jobs * 4)))
    slices = [(args.seed * 1_000_003 + n, min(step, args.cases - k), args.big, None, args.rows_every)
              for n, k in enumerate(range(0, args.cases, step))]
    counts: Counter[str] = Counter()
    bad: dict[str, dict] = {}
    slow: list = []
    worst = (0.0, 0, "")
    with ProcessPoolExecutor(args.jobs) as pool:
        for r in pool.map(run_slice, slices):
            counts.update(r["counts"])
            for k, v in r["bad"].items():
                b = bad.setdefault(k, {"count": 0, "first": v["first"], "sample": v["sample"]})
                b["count"] += v["count"]
            slow = sorted(slow + [tuple(x) for x in r["slow"]], reverse=True)[:10]
            worst = max(worst, tuple(r["worst_rate"]))
            done = sum(counts.values())
            print(f"\r{done:,} cases, {dict(counts)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    total = sum(counts.values())
    too_slow = [s for s in slow if s[0] > args.slow and s[2] <= 1_000_000]
    lines = [f"{total:,} cases in {time.perf_counter() - t0:.0f} s (seed {args.seed}, {args.jobs} jobs, big share {args.big})",
             "outcomes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())),
             f"uncaught exceptions: {counts['exception']}; span or offset violations: {counts['violation']}; "
             f"over the time limit: {counts['slow']}"]
    for k, v in sorted(bad.items(), key=lambda kv: -kv[1]["count"]):
        lines.append(f"  {v['count']:>6} × {k}  (first {v['first']}: {v['sample']})")
    lines.append("slowest cases (CPU s, wall s, characters, case, start of input):")
    lines += [f"  {c:.2f}  {w:.2f}  {n:>9,}  {cid}  {text}" for c, w, n, cid, text in slow]
    if worst[1]:
        lines.append(f"worst time per character at ≥ 10 k characters: {worst[0] * 1e6:.2f} µs/char CPU ({worst[1]:,} chars, case {worst[2]})")
    lines.append(f"inputs ≤ 1 M characters over {args.slow:g} s CPU: {len(too_slow)}")
    print("\n".join(lines))
    if args.write:
        from _report import machine, write_section

        write_section("fuzz", "## Fuzzing (`scripts/fuzz.py`, `make fuzz`)\n\n"
                      f"Machine: {machine()}.\n\n"
                      "Mutated reports from `tests/fuzzing.py` (sentences written for it + the bundled example); "
                      "times are CPU seconds of reading one input (bytes → records → documents) and wall seconds "
                      "on a shared machine.\n\n```\n" + "\n".join(lines) + "\n```")
    if args.out:
        args.out.write_text(json.dumps({"counts": counts, "bad": bad, "slow": slow, "worst_rate": worst,
                                        "report": lines}, ensure_ascii=False, indent=1, default=list), "utf-8")
    return 1 if counts["exception"] or counts["violation"] or counts["slow"] or too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
