"""Reuse benchmark: time and peak RSS of ``readout.analyze.reuse`` at 10⁴ and 10⁵ documents.

    .venv/bin/python benchmarks/reuse.py --sizes 10000 100000 --write

Documents come from ``benchmarks/synth.py`` (real paragraphs recombined, so reuse is
real) and are fed to ``reuse(None, units=…)`` directly, one unit per document — no
SQLite ingest, which would measure the ingest, not reuse (reading units from a store
adds one sequential scan of ``documents``/``sections``). Each size runs in a fresh child
process: generation is timed apart, and peak RSS (getrusage) is that of the child,
generation included. Also runs the exact path on the first ``--check`` documents and
checks that both paths return the same passages.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import synth
from readout.analyze.reuse import reuse
n, method, kw = int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
t = time.perf_counter()
units = [(None, f"syn{i:07d}", None, d["text"]) for i, d in enumerate(synth.documents(n))]
gen = time.perf_counter() - t
rss_gen = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
r = reuse(None, units=units, method=method, **kw)
total = r.total_passages
sec = time.perf_counter() - t
docs = sum(1 for d in r.documents if d.shared_chars)
print(json.dumps({"n": n, "method": method, "gen_seconds": gen, "seconds": sec, "passages": total,
                  "chars": sum(len(u[3]) for u in units), "docs_with_reuse": docs,
                  "mean_copy_ratio": sum(d.copy_ratio for d in r.documents) / max(1, len(r.documents)),
                  "kept": len(r.passages),
                  "rss_gen_mb": rss_gen, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "digest": hash(tuple((p.a_document_id, p.a_start, p.b_document_id, p.b_start, p.length)
                                       for p in r.passages))}))
"""


def run(n: int, method: str, kw: dict, timeout: int) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(HERE), str(n), method, json.dumps(kw)],
                              capture_output=True, text=True, timeout=timeout,
                              env={**_env(), "PYTHONHASHSEED": "0"})  # the digest hashes strings
    except subprocess.TimeoutExpired:
        return {"n": n, "method": method, "error": f"did not finish within {timeout} s"}
    if proc.returncode:
        return {"n": n, "method": method, "error": (proc.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _env() -> dict:
    import os

    return dict(os.environ)


def render(rows: list[dict], check: list[dict], kw: dict) -> str:
    lines = ["## Reuse (`benchmarks/reuse.py`)", "", f"Machine: {machine(('numpy',))}.", "",
             "Synthetic reports (`benchmarks/synth.py`, ~1,050 characters each) fed to "
             "`readout.analyze.reuse(None, units=…)`, one unit per report, "
             f"parameters {kw or 'default'} (n = 8, min_len = 10, max_df = 200 unless shown), "
             "one process, numpy path (`method=\"sampled\"`). Time excludes generating the reports; "
             "peak RSS is the whole child process (reports in memory included).", "",
             "| documents | characters | seconds | peak RSS MB | passages found | kept as objects | documents with reuse | mean copy ratio |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['n']:,} | | {r['error']} | | | | | |")
            continue
        lines.append(f"| {r['n']:,} | {r['chars']:,} | {r['seconds']:.1f} | {r['rss_mb']:,.0f} | "
                     f"{r['passages']:,} | {r['kept']:,} | {r['docs_with_reuse']:,} | {r['mean_copy_ratio']:.3f} |")
    for c in check:
        lines += ["", c["line"]]
    lines += ["", "The synthetic corpus is far denser in reuse than a real one: it recombines ~1,050 real "
              "paragraphs, so at 10⁵ reports every paragraph is in ~700 of them and almost every shingle "
              "is above `max_df` — only shingles spanning the varied dates, provinces and names propose "
              "pairs. At 10⁴ (~70 reports per paragraph, under the cap) nearly every pair of reports "
              "sharing a paragraph is a candidate: 10⁴ finds a third as many passages as 10⁵ from a tenth of the text."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--check", type=int, default=300, help="documents to compare exact vs sampled on (0: skip)")
    ap.add_argument("--min-len", type=int, default=None)
    ap.add_argument("--max-df", type=int, default=None)
    ap.add_argument("--keep", type=int, default=100_000, help="max_passages kept as objects (0: all)")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--write", action="store_true", help="write the reuse section of docs/benchmarks.md")
    a = ap.parse_args()
    kw = {k: v for k, v in (("min_len", a.min_len), ("max_df", a.max_df)) if v is not None}
    bench_kw = kw | ({"max_passages": a.keep} if a.keep else {})
    check = []
    if a.check:
        e, s = run(a.check, "exact", kw, a.timeout), run(a.check, "sampled", kw, a.timeout)
        same = "digest" in e and e["digest"] == s.get("digest") and e["passages"] == s.get("passages")
        line = (f"Check on {a.check:,} reports: exact path {e.get('seconds', 0):.2f} s, numpy path "
                f"{s.get('seconds', 0):.2f} s, {e.get('passages', 0):,} passages, "
                f"{'identical' if same else 'DIFFERENT'} results.")
        print(line, flush=True)
        check.append({"line": line})
    rows = []
    for n in a.sizes:
        r = run(n, "sampled", bench_kw, a.timeout)
        print(json.dumps(r), flush=True)
        rows.append(r)
    text = render(rows, check, bench_kw)
    print(text)
    if a.write:
        write_section("reuse", text)


if __name__ == "__main__":
    main()
