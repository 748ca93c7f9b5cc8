"""Web benchmark: every page type and its JSON twin, cold and warm, at 10⁴, 10⁵ and 10⁶ documents.

    .venv/bin/python benchmarks/web.py --sizes 10000 100000 1000000 --workdir /tmp/web --write

For each size N the store ``WORKDIR/web-N.db`` is reused when it exists, else built: a
synthetic corpus (``benchmarks/synth.py``) ingested by ``readout.scale.ingest_parallel``
in a child process, which reports the ingest time and, apart, the time the stored
analyses (``readout.store.tallies``) took to take in the new documents. A store built by
an older readout is brought up to date first (``readout analyze --only tallies``, timed).

Then ``readout serve`` runs on 127.0.0.1 in its own process and every page type is asked
for — overview, search, document, raw, formulation, official, region, echo (whole corpus
and one document), reuse, events, campaign — with its ``.json`` twin (raw has none):

- **cold**: a fresh server process per round; the first request of each type in it (the
  operating system's file cache is left as it is: the server starts cold, the disk may not);
- **warm**: the same server after every sample URL was asked once; then each is timed.

Latency p50/p95 per page type, the server's peak RSS (VmHWM), and the figures against the
targets (10⁶: p95 ≤ 300 ms warm, ≤ 1 s cold, RSS ≤ 500 MB) go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

INGEST_CHILD = r"""
import json, resource, sys, time
from readout.scale import ingest_parallel
src, db, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = ingest_parallel([src], db, workers=workers, chunk_docs=64)
t = s.tallies
print(json.dumps({"stored": s.stored, "seconds": s.seconds, "index_seconds": s.index_seconds,
                  "tally_seconds": t.seconds if t else None, "tally_documents": t.documents if t else 0,
                  "rss_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

TARGETS = {"warm": 300.0, "cold": 1000.0, "rss": 500.0}


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def build(n: int, work: Path, workers: int) -> dict:
    """The store for size ``n``: reused when present (its analyses caught up, timed), else generated and ingested."""
    import synth

    db = work / f"web-{n}.db"
    info = work / f"web-{n}.json"
    if db.exists():
        out = json.loads(info.read_text()) if info.exists() else {"stored": None, "seconds": None}
        out["catch_up_seconds"] = analyze(db, "tallies")
        out["roster_seconds"] = analyze(db, "roster")
        return {**out, "n": n, "db": str(db)}
    src = work / f"synth-{n}"
    if not (work / f"synth-{n}.chars").exists():
        synth.write(n, src)
        (work / f"synth-{n}.chars").write_text("done")
    proc = subprocess.run([sys.executable, "-c", INGEST_CHILD, str(src), str(db), str(workers)],
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["roster_seconds"] = analyze(db, "roster")  # the tenure roster the official and region pages read
    info.write_text(json.dumps(out))
    return {**out, "n": n, "db": str(db)}


def analyze(db: Path, name: str) -> float:
    """``readout analyze --only NAME`` on the store; its seconds."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "readout", "analyze", "--db", str(db), "--only", name], check=True,
                   capture_output=True)
    return time.perf_counter() - t


def sample_urls(db: str, k: int, rng: random.Random) -> dict[str, list[str]]:
    """``k`` URLs per page type, drawn from the store (documents, formulations, officials, regions, words)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = conn.execute("SELECT max(doc_no) FROM documents").fetchone()[0]
    docs = [conn.execute("SELECT id FROM documents WHERE doc_no >= ? LIMIT 1", (rng.randint(1, top),)).fetchone()[0]
            for _ in range(k)]
    words = []
    for did in docs:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (did,)).fetchone()[0]
        body = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        n = rng.randint(2, 4)
        i = rng.randrange(max(1, len(body) - n))
        words.append("".join(body[i:i + n]))
    forms = [v for (v,) in conn.execute("SELECT value FROM formulation_totals ORDER BY hits DESC LIMIT 200")]
    marks = ",".join("?" * len(docs))
    officials = [n for (n,) in conn.execute(f"SELECT DISTINCT name FROM document_officials WHERE document_id IN ({marks})",
                                            docs)]
    codes = [c for (c,) in conn.execute("SELECT DISTINCT code FROM region_names WHERE code LIKE '%0000'")]
    roundups = [d for (d,) in conn.execute("SELECT document_id FROM roundups LIMIT 200")] or docs
    conn.close()
    pick = lambda xs: [rng.choice(xs) for _ in range(k)] if xs else []  # noqa: E731
    return {
        "overview": ["/"] * k,
        "search": [f"/search?q={quote(w)}" for w in words],
        "document": [f"/documents/{d}" for d in docs],
        "raw": [f"/documents/{d}/raw" for d in docs],
        "formulation": [f"/formulations/{quote(f)}" for f in pick(forms)],
        "official": [f"/officials/{quote(o)}" for o in pick(officials)],
        "region": [f"/regions/{c}" for c in pick(codes)],
        "echo": ["/echo"] * k,
        "echo-document": [f"/echo?doc={d}" for d in pick(roundups)],
        "reuse": ["/reuse"] * k,
        "events": [f"/events?region={c}" for c in pick(codes)],
        "campaign": [f"/campaign?term={quote(f)}" for f in pick(forms[:20])],
    }


def twin(url: str) -> str | None:
    if url.endswith("/raw"):
        return None
    path, _, query = url.partition("?")
    path = "/index" if path == "/" else path
    return f"{path}.json" + (f"?{query}" if query else "")


class Server:
    """``readout serve`` in its own process on a free port."""

    def __init__(self, db: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([sys.executable, "-m", "readout", "serve", db, "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=60)
        deadline = time.monotonic() + 600
        while True:
            try:
                self.client.get("/static/style.css")
                break
            except httpx.TransportError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"readout serve did not start: {self.proc.stderr.read().decode()[-500:]}") from None
                time.sleep(0.2)

    def get(self, url: str) -> tuple[float, int]:
        t = time.perf_counter()
        try:
            status = self.client.get(url).status_code
        except httpx.TimeoutException:
            status = 599  # counted as an error, its time as the timeout
        return (time.perf_counter() - t) * 1000, status

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a request thread still running: it is our own process
            self.proc.kill()
            self.proc.wait(timeout=30)


def measure(db: str, urls: dict[str, list[str]], cold_rounds: int) -> dict:
    """Cold (first request of each type in a fresh server) and warm timings per page type and twin; peak RSS."""
    kinds = [(f"{name}{' json' if j else ''}", [twin(u) if j else u for u in us])
             for name, us in urls.items() for j in (False, True) if not j or twin(us[0]) is not None]
    cold: dict[str, list[float]] = {k: [] for k, _ in kinds}
    errors: dict[str, set[int]] = {}
    rss = 0.0
    for r in range(cold_rounds):
        srv = Server(db)
        try:
            for kind, us in kinds:
                ms, status = srv.get(us[r % len(us)])
                cold[kind].append(ms)
                if status >= 400:
                    errors.setdefault(kind, set()).add(status)
            rss = max(rss, srv.rss_mb())
        finally:
            srv.stop()
    warm: dict[str, list[float]] = {k: [] for k, _ in kinds}
    srv = Server(db)
    try:
        for _, us in kinds:
            for u in us:
                srv.get(u)
        for kind, us in kinds:
            for u in us:
                ms, status = srv.get(u)
                warm[kind].append(ms)
                if status >= 400:
                    errors.setdefault(kind, set()).add(status)
        rss = max(rss, srv.rss_mb())
    finally:
        srv.stop()
    return {"cold": cold, "warm": warm, "rss_mb": rss, "errors": {k: sorted(v) for k, v in errors.items()}}


def render(results: list[dict], note: str) -> str:
    lines = ["## Web (`benchmarks/web.py`)", "", f"Machine: {machine()}.", "",
             "Synthetic stores (`benchmarks/synth.py`, ~1,100 characters a report) served by `readout serve` in its own "
             "process on 127.0.0.1; every page type and its `.json` twin. **Cold**: the first request of each type in a "
             "freshly started server (one per round; the OS file cache is not dropped). **Warm**: the same URLs again "
             "after each was asked once. Times are the client's, over loopback, in ms." + (f" {note}" if note else ""), ""]
    for r in results:
        n, m = r["n"], r["m"]
        b = r["build"]
        lines += [f"### {n:,} documents", ""]
        if b.get("seconds"):
            share = f" ({100 * b['tally_seconds'] / b['seconds']:.0f} % of the ingest)" if b.get("tally_seconds") else ""
            lines.append(f"Ingest {b['seconds'] / 60:.1f} min; the stored analyses took in the {b['stored']:,} new "
                         f"documents in {b.get('tally_seconds') or 0:.0f} s{share}.")
        if b.get("catch_up_seconds") is not None:
            lines.append(f"Store reused; bringing its analyses up to date took {b['catch_up_seconds']:.0f} s.")
        if b.get("roster_seconds") is not None:
            lines.append(f"The tenure roster (`readout analyze --only roster`, read by the official and region pages) "
                         f"took {b['roster_seconds']:.0f} s.")
        lines += ["", f"Server peak RSS {m['rss_mb']:.0f} MB." +
                  (f" Error answers: {m['errors']}." if m["errors"] else ""), "",
                  "| page | cold p50 | cold p95 | warm p50 | warm p95 |", "|---|---:|---:|---:|---:|"]
        for kind in m["warm"]:
            c, w = m["cold"][kind], m["warm"][kind]
            lines.append(f"| {kind} | {statistics.median(c):.0f} | {_pct(c, 0.95):.0f} | {statistics.median(w):.0f} | "
                         f"{_pct(w, 0.95):.0f} |")
        worst_w = max(_pct(w, 0.95) for w in m["warm"].values())
        worst_c = max(_pct(c, 0.95) for c in m["cold"].values())
        lines += ["", f"Worst p95: warm {worst_w:.0f} ms (target ≤ {TARGETS['warm']:.0f}), cold {worst_c:.0f} ms "
                  f"(≤ {TARGETS['cold']:.0f}); RSS {m['rss_mb']:.0f} MB (≤ {TARGETS['rss']:.0f}).", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--samples", type=int, default=20, help="URLs per page type (warm)")
    ap.add_argument("--cold-rounds", type=int, default=5, help="fresh server starts (cold)")
    ap.add_argument("--note", default="")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYTHONPATH", str(HERE.parent / "src"))
    results = []
    for n in a.sizes:
        b = build(n, work, a.workers)
        print(json.dumps(b), flush=True)
        urls = sample_urls(b["db"], a.samples, random.Random(n))
        m = measure(b["db"], urls, a.cold_rounds)
        print(json.dumps({"n": n, "rss_mb": m["rss_mb"], "errors": m["errors"],
                          "warm_p95": {k: round(_pct(v, 0.95)) for k, v in m["warm"].items()},
                          "cold_p95": {k: round(_pct(v, 0.95)) for k, v in m["cold"].items()}}), flush=True)
        results.append({"n": n, "build": b, "m": m})
    text = render(results, a.note)
    print(text)
    if a.write:
        write_section("web", text)


if __name__ == "__main__":
    main()
