"""Load on the web UI: concurrent clients against ``readout serve`` on this machine.

    .venv/bin/python benchmarks/load.py STORE.db [--clients 50] [--seconds 60] [--time-limit 1000] [--write]

Starts ``readout serve`` on 127.0.0.1 (a free port) over the store, waits until it answers
(and, with ``--warm``, until the background reuse computation is done), then runs
``--clients`` clients for ``--seconds``: each, in a loop, asks for a random search of 1–6
characters taken from a stored text, a random document page, or the JSON twin of either.
Reports requests, errors (non-2xx answers and dropped connections separately), latency
p50/p95/p99 per kind, and the server's RSS (peak and at the end). Traffic goes only to the
server it started, and every loop ends at the deadline. Build a store with
``benchmarks/synth.py`` + ``readout ingest`` (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

NOTE = ("What bounds it: the server spends the CPU time shown per request in one Python process (views, templates and JSON under one GIL), so it serves at most 1/that requests per second on a core; 50 clients that each wait for their answer then wait about 50 × that per request even on an idle machine (here the 2 cores were also shared with the load generator and other developers' jobs, load average ≈ 15). p99 ≤ 500 ms at 50 clients needs ≤ 10 ms of CPU per request (a 1-character search renders up to 1,000 KWIC lines) or several server processes.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_store(db: Path, n_docs: int, n_terms: int, rng: random.Random) -> tuple[list[str], list[str], int]:
    """Random document ids, and random 1–6 character search terms cut from stored texts."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    rows = conn.execute("SELECT id FROM documents ORDER BY random() LIMIT ?", (n_docs,)).fetchall()
    ids = [r[0] for r in rows]
    terms: list[str] = []
    for doc_id in ids[: max(1, n_terms // 10)]:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        body = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        for _ in range(10):
            k = rng.randint(1, 6)
            if len(body) > k:
                i = rng.randrange(len(body) - k)
                terms.append("".join(body[i:i + k]))
    conn.close()
    return ids, terms, total


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the server process has used."""
    try:
        import psutil

        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    except Exception:  # noqa: BLE001 - the process may be gone
        return 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and its children, MB."""
    try:
        import psutil

        p = psutil.Process(pid)
        return (p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))) / 1e6
    except Exception:  # noqa: BLE001 - the process may be gone
        return 0.0


async def client(http: httpx.AsyncClient, base: str, ids: list[str], terms: list[str], deadline: float,
                 rng: random.Random, out: dict) -> None:
    while time.monotonic() < deadline:
        kind = rng.choice(("search", "search.json", "document", "document.json"))
        if kind.startswith("search"):
            url = f"{base}/{kind}?q={httpx.QueryParams({'q': rng.choice(terms)})['q']}"
        else:
            url = f"{base}/documents/{rng.choice(ids)}" + (".json" if kind.endswith(".json") else "")
        t0 = time.monotonic()
        try:
            r = await http.get(url)
            dt = time.monotonic() - t0
            out["lat"][kind].append(dt)
            out["status"][r.status_code] += 1
        except httpx.HTTPError as exc:
            out["dropped"][type(exc).__name__] += 1
            await asyncio.sleep(0.05)


async def run_load(base: str, ids: list[str], terms: list[str], clients: int, seconds: float, seed: int,
                   pid: int) -> dict:
    out: dict = {"lat": defaultdict(list), "status": defaultdict(int), "dropped": defaultdict(int), "rss": []}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as http:

        async def watch() -> None:
            while time.monotonic() < deadline:
                out["rss"].append(rss_mb(pid))
                await asyncio.sleep(0.5)

        await asyncio.gather(watch(), *(client(http, base, ids, terms, deadline, random.Random(seed + k), out)
                                         for k in range(clients)))
    out["rss"].append(rss_mb(pid))
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000 if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--time-limit", type=int, default=1000, help="readout serve --time-limit (ms)")
    ap.add_argument("--warm", action="store_true", help="wait for the background reuse computation first")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ids, terms, total = sample_store(args.db, 2000, 2000, rng)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "readout", "serve", "--db", str(args.db), "--port", str(port),
                               "--host", "127.0.0.1", "--time-limit", str(args.time_limit)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        t0 = time.monotonic()
        while True:
            try:
                if httpx.get(f"{base}/static/style.css", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() - t0 > 300:
                raise SystemExit(f"server did not start: {server.stderr.read().decode()[-500:] if server.stderr else ''}")
            time.sleep(0.5)
        started = time.monotonic() - t0
        warmed = None
        if args.warm:
            while time.monotonic() - t0 < 1800 and httpx.get(f"{base}/reuse.json", timeout=60).status_code == 503:
                time.sleep(2)
            warmed = time.monotonic() - t0
        rss_idle = rss_mb(server.pid)
        cpu0 = cpu_s(server.pid)
        out = asyncio.run(run_load(base, ids, terms, args.clients, args.seconds, args.seed, server.pid))
        server_cpu = cpu_s(server.pid) - cpu0
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    lat = out["lat"]
    every = [x for v in lat.values() for x in v]
    n = len(every)
    non2xx = sum(v for k, v in out["status"].items() if not 200 <= k < 300)
    dropped = sum(out["dropped"].values())
    rows = ["| requests | kind | p50 ms | p95 ms | p99 ms | max ms |", "|---:|---|---:|---:|---:|---:|"]
    for kind in sorted(lat):
        v = lat[kind]
        rows.append(f"| {len(v):,} | {kind} | {pct(v, .5):.0f} | {pct(v, .95):.0f} | {pct(v, .99):.0f} | {max(v) * 1000:.0f} |")
    rows.append(f"| {n:,} | **all** | {pct(every, .5):.0f} | {pct(every, .95):.0f} | {pct(every, .99):.0f} | "
                f"{(max(every) * 1000 if every else 0):.0f} |")
    summary = (f"{args.clients} clients × {args.seconds:.0f} s against {args.db.name} ({total:,} documents), "
               f"query limit {args.time_limit} ms: {n:,} requests ({n / args.seconds:.0f}/s); "
               f"status {dict(sorted(out['status'].items()))}; non-2xx {non2xx}; dropped connections {dropped} "
               f"{dict(out['dropped']) or ''}; server RSS idle {rss_idle:.0f} MB, peak {max(out['rss']):.0f} MB, "
               f"end {out['rss'][-1]:.0f} MB; server CPU {server_cpu:.1f} s in {args.seconds:.0f} s "
               f"({server_cpu / max(n, 1) * 1000:.0f} ms per request); server up in {started:.1f} s"
               + (f", reuse warm after {warmed:.0f} s" if warmed is not None else ""))
    print(summary)
    print("\n".join(rows))
    if args.write:
        body = ("## Load on the web UI (`benchmarks/load.py`)\n\n"
                f"Machine: {machine()}.\n\n"
                "Each client loops over a random search of 1–6 characters cut from a stored text (the page "
                "as a user gets it, up to 1,000 KWIC lines), a random document page, or the `.json` twin of "
                "either; one `readout serve` process (uvicorn, one event loop, views in its thread pool), "
                "client and server on the same 2 cores.\n\n" + summary + "\n\n" + "\n".join(rows) + "\n\n" + NOTE)
        write_section("load", body)


if __name__ == "__main__":
    main()
