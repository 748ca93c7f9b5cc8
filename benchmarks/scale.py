"""Scale benchmark: ingest+index time and peak RSS, search latency, reuse time and memory.

    .venv/bin/python benchmarks/scale.py --sizes 10000 100000 --workers 2 --write

For each size N a synthetic corpus (benchmarks/synth.py) is generated into a temp dir,
ingested by ``readout.scale.ingest_parallel`` in a fresh process (peak RSS of the writer
and of the largest worker from getrusage; the growth curve is sampled every batch), then
search latency p50/p95 is measured for 1–6-character queries with and without filters,
and ``readout.analyze.reuse`` is run in a child process under a time and memory limit.
Sizes that do not fit are extrapolated from the measured curve — and labelled so.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

INGEST_CHILD = r"""
import json, resource, sys, time
from readout.scale import ingest_parallel
src, db, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
curve = []
t0 = time.perf_counter()
def on_batch(s):
    if not curve or s.stored - curve[-1][0] >= max(1000, s.read // 20):
        curve.append((s.stored, round(time.perf_counter() - t0, 2)))
s = ingest_parallel([src], db, workers=workers, on_batch=on_batch, chunk_docs=64)
curve.append((s.stored, round(s.seconds, 2)))
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"stored": s.stored, "rejected": s.rejected, "seconds": s.seconds, "chars": s.chars,
                  "index_seconds": s.index_seconds,
                  "rss_parent_mb": me.ru_maxrss / 1024, "rss_worker_mb": kids.ru_maxrss / 1024, "curve": curve}))
"""

REUSE_CHILD = r"""
import json, resource, sys, time
from readout.analyze.reuse import reuse
db, limit_mb = sys.argv[1], int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))
t = time.perf_counter()
r = reuse(db, across_documents_only=True)
print(json.dumps({"seconds": time.perf_counter() - t, "passages": len(r.passages),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def ingest(n: int, workdir: Path, workers: int) -> dict:
    import synth

    src = workdir / f"synth-{n}"
    t = time.perf_counter()
    marker = workdir / f"synth-{n}.chars"  # generated earlier (e.g. in the background): reuse it
    keep = marker.exists()
    if keep:
        chars = int(marker.read_text())
    else:
        _, chars = synth.write(n, src)
    gen = time.perf_counter() - t
    db = workdir / f"scale-{n}.db"
    for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):  # always a fresh store
        f.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-c", INGEST_CHILD, str(src), str(db), str(workers)],
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out.update(n=n, gen_seconds=gen, input_chars=chars, db=str(db), db_mb=db.stat().st_size / 1e6)
    if not keep:
        shutil.rmtree(src)
    return out


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def search_latency(db: str, queries: int = 40) -> list[tuple[int, str, float, float]]:
    from readout.store import Store, connect
    from readout.store.search import search

    Store.open(db).close()  # bring a store built by an older checkout to the current schema
    conn = connect(db, readonly=True)
    n = conn.execute("SELECT max(doc_no) FROM documents").fetchone()[0]
    rng = random.Random(3)
    rows = []
    filters = {"none": {}, "date+region": {"date_from": "2018-01-01", "date_to": "2019-12-31", "region": "3"}}
    for length in range(1, 7):
        qs = []
        while len(qs) < queries:
            (text,) = conn.execute("SELECT text FROM documents WHERE doc_no = ?", (rng.randint(1, n),)).fetchone()
            i = rng.randrange(0, max(1, len(text) - length))
            q = text[i:i + length]
            if len(q) == length and not any(c.isspace() for c in q):
                qs.append(q)
        for label, kw in filters.items():
            times = []
            for q in qs:
                t = time.perf_counter()
                search(conn, q, limit=20, **kw)
                times.append((time.perf_counter() - t) * 1000)
            rows.append((length, label, statistics.median(times), _pct(times, 0.95)))
    conn.close()
    return rows


def reuse_run(db: str, timeout: int, limit_mb: int) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-c", REUSE_CHILD, db, str(limit_mb)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout} s"}
    if proc.returncode:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": f"failed ({last[:120]}) under a {limit_mb} MB address-space limit"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def render(results: list[dict], searches: dict[int, list], reuses: dict[int, dict], workers: int,
           note: str = "") -> str:
    lines = ["## Scale: ingest+index, search, reuse (`benchmarks/scale.py`)", "",
             f"Machine: {machine()}.", "",
             f"Synthetic reports from `benchmarks/synth.py` (real paragraphs recombined, ~1,100 characters each), "
             f"JSONL shards of 1,000; `ingest_parallel` with {workers} worker processes and one batched SQLite writer "
             "(WAL, 1,024 documents per transaction; the annotation indexes deferred to the end when the input is "
             "≥ 50 MB, i.e. at 10⁵ and 10⁶). Peak RSS from getrusage: the writer process and the largest worker."
             + (f" {note}" if note else ""), "",
             "| documents | characters | ingest+index | of which index rebuild | docs/s | peak RSS writer | "
             "peak RSS worker | DB size | DB per document |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['n']:,} | {r['input_chars']:,} | {r['seconds']:.0f} s | {r.get('index_seconds', 0):.0f} s | "
                     f"{r['stored'] / r['seconds']:.0f} | {r['rss_parent_mb']:.0f} MB | {r['rss_worker_mb']:.0f} MB | "
                     f"{r['db_mb']:,.0f} MB | {r['db_mb'] * 1e3 / max(r['stored'], 1):.1f} KB |")
    if results:
        big = results[-1]
        curve = big["curve"]
        # rate over the last half of the largest run: the steady state, index growth included
        half = [p for p in curve if p[0] >= big["stored"] / 2]
        (n0, t0), (n1, t1) = half[0], half[-1]
        rate = (n1 - n0) / max(t1 - t0, 1e-9)
        first = results[0]["stored"] / results[0]["seconds"]
        est = 1_000_000 / rate
        lines += ["", f"Growth curve of the {big['n']:,} run (documents, seconds): "
                  + ", ".join(f"({a:,}, {b:.0f})" for a, b in curve[:: max(1, len(curve) // 10)]) + "."]
        if big["n"] >= 1_000_000:
            lines += ["", f"**10⁶ documents: measured** — {big['seconds'] / 60:.1f} min in all, of which "
                      f"{big.get('index_seconds', 0) / 60:.1f} min rebuilding the deferred indexes; the second half ran "
                      f"at {rate:.0f} docs/s."]
        else:
            lines += ["", f"**10⁶ documents: not run here; EXTRAPOLATED** from the second half of the {big['n']:,} "
                      f"run ({rate:.0f} docs/s; the {results[0]['n']:,} run averaged {first:.0f} docs/s): "
                      f"≈ {est / 60:.0f} min plus the index rebuild, assuming the late-run rate holds."]
        rss = " → ".join(f"{r['rss_parent_mb']:.0f}" for r in results)
        lines += ["", f"Peak RSS of the writer by size: {rss} MB. Its page cache is capped (128 MB, 256 MB while "
                  "rebuilding indexes) and the chunks in flight are bounded; what grows with N is the run's set of "
                  "document ids seen and the index rebuild's sort. Workers stay flat."]
    for n, rows in searches.items():
        lines += ["", f"Search latency at {n:,} documents (`readout.store.search.search`, limit 20, 40 queries per "
                  "length drawn from stored texts; filter = 2018–2019 and region code prefix 3):", "",
                  "| query length | filter | p50 | p95 |", "|---:|---|---:|---:|"]
        lines += [f"| {ln} | {lab} | {p50:.1f} ms | {p95:.1f} ms |" for ln, lab, p50, p95 in rows]
    if results and results[-1]["n"] >= 1_000_000:
        big = results[-1]
        worst = max((p95 for _, _, _, p95 in searches.get(big["n"], [])), default=None)
        lines += ["", "Against the targets (10⁶ documents, 2 cores): ingest+index "
                  f"{big['seconds'] / 60:.1f} min (≤ 30), peak RSS {max(big['rss_parent_mb'], big['rss_worker_mb']):.0f} MB "
                  "(≤ 1,024)" + (f", worst search p95 over 1–6 characters with and without filters {worst:.1f} ms (≤ 50)"
                                 if worst is not None else "") + "."]
    for n, r in reuses.items():
        if "error" in r:
            lines += ["", f"Reuse (`readout.analyze.reuse`, across documents) over {n:,} documents: {r['error']}."]
        else:
            lines += ["", f"Reuse (`readout.analyze.reuse`, across documents) over {n:,} documents: "
                      f"{r['seconds']:.0f} s, peak RSS {r['rss_mb']:.0f} MB, {r['passages']:,} passages."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--search-at", type=int, nargs="*", default=None, help="sizes to time search on (default: largest)")
    ap.add_argument("--reuse-at", type=int, nargs="*", default=[],
                    help="sizes to run reuse on (default: none; the reuse section has its own benchmark)")
    ap.add_argument("--reuse-timeout", type=int, default=600)
    ap.add_argument("--reuse-mem-mb", type=int, default=8000)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--write", action="store_true", help="write the results into docs/benchmarks.md")
    ap.add_argument("--note", default="", help="a sentence added to the report (e.g. what else ran on the machine)")
    ap.add_argument("--results", default=None,
                    help="reuse the ingest results (JSON lines) and stores of an earlier run in --workdir; only search")
    a = ap.parse_args()
    work = Path(a.workdir or tempfile.mkdtemp(prefix="readout-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results, searches, reuses = [], {}, {}
    earlier = {}
    if a.results:
        lines = Path(a.results).read_text("utf-8").splitlines()
        for line in lines:
            if line.startswith("{"):
                r = json.loads(line)
                earlier[r["n"]] = r
        for r in earlier.values():  # an older log printed the curve only in its rendered text
            head = f"Growth curve of the {r['n']:,} run (documents, seconds): "
            for line in lines:
                if "curve" not in r and line.startswith(head):
                    pairs = re.findall(r"\(([\d,]+), ([\d.]+)\)", line)
                    r["curve"] = [(int(x.replace(",", "")), float(t)) for x, t in pairs]
    # Each size is searched right after its own build, as a user would: searching the
    # small stores after the 10⁶ build measured pages the big one had pushed out of the cache.
    for n in a.sizes:
        r = earlier.get(n) or ingest(n, work, a.workers)
        results.append(r)
        print(json.dumps(r), flush=True)
        if n in (a.search_at if a.search_at is not None else [a.sizes[-1]]):
            searches[n] = search_latency(r["db"])
            for row in searches[n]:
                print(n, "search", row, flush=True)
        if n in a.reuse_at:
            reuses[n] = reuse_run(r["db"], a.reuse_timeout, a.reuse_mem_mb)
            print(n, "reuse", reuses[n], flush=True)
    text = render(results, searches, reuses, a.workers, a.note)
    print(text)
    if a.write:
        write_section("scale", text)


if __name__ == "__main__":
    main()
