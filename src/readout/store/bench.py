"""Search benchmark: ``python -m readout.store.bench --docs 50000 --db /tmp/bench.db``.

Builds a synthetic corpus by reshuffling paragraphs of the dev articles (never stored
in the repo), then times the chosen design against the alternatives it replaced:

- ``readout``: search() as shipped (one grams index: a token, or an AND of bigrams; verified);
- ``scan``: brute-force ``instr`` over every document (the no-index baseline);
- ``unigram``: one FTS5 table of per-character tokens, phrase queries for every length.

Prints index sizes and p50/p95 latencies per query length (results in docs/search.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from readout.model import Document
from readout.store import Store, connect
from readout.store.search import route, search

DEV = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "dev"


def _paragraphs() -> list[str]:
    out = []
    for f in sorted(DEV.glob("*.txt")):
        out += [p.strip() for p in f.read_text("utf-8", "replace").splitlines() if len(p.strip()) > 20]
    return out


def build(db: str, n: int, seed: int = 7) -> list[str]:
    paras = _paragraphs()
    rng = random.Random(seed)
    texts = []
    with Store.open(db) as st:
        st.conn.execute("PRAGMA synchronous=OFF")
        have = st.count()
        for i in range(n):
            body = "\n".join(rng.sample(paras, rng.randint(3, 12)))
            title = body[:rng.randint(8, 20)]
            texts.append(body)
            if i < have:
                continue
            st.add(Document(id=f"bench{i:08d}", source=f"bench/{i}", title=title, pub_date=None,
                            text=title + "\n" + body))
    return texts


def _size(conn, prefix: str) -> int:  # noqa: ANN001
    try:
        return conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (prefix + "%",)).fetchone()[0] or 0
    except Exception:  # noqa: BLE001 - dbstat not compiled in
        return -1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--db", default="/tmp/readout-bench.db")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--unigram", action="store_true", help="also build and time the per-character FTS5 design")
    ap.add_argument("--skip-all", action="store_true", help="skip the limit=0 (every hit) and brute-force timings")
    a = ap.parse_args()
    t = time.perf_counter()
    texts = build(a.db, a.docs)
    print(f"built {a.docs} docs in {time.perf_counter() - t:.1f}s")
    conn = connect(a.db)
    for name in ("documents", "search_grams"):
        print(f"size {name}: {_size(conn, name) / 1e6:.1f} MB")
    if a.unigram:
        conn.execute("DROP TABLE IF EXISTS bench_unigram")
        conn.execute("CREATE VIRTUAL TABLE bench_unigram USING fts5(c, content='', tokenize='unicode61')")
        conn.execute("BEGIN")
        for doc_no, text in conn.execute("SELECT doc_no, text FROM documents").fetchall():
            conn.execute("INSERT INTO bench_unigram(rowid, c) VALUES (?, ?)", (doc_no, " ".join(text)))
        conn.execute("COMMIT")
        print(f"size bench_unigram: {_size(conn, 'bench_unigram') / 1e6:.1f} MB")
    rng = random.Random(1)
    print("documents:", conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    for length in (1, 2, 3, 6):
        qs: list[str] = []
        while len(qs) < a.queries:
            s = rng.choice(texts)
            i = rng.randrange(0, len(s) - length)
            q = s[i:i + length]
            if "\n" not in q:
                qs.append(q)
        labels = ("readout", "readout-all", "cand-grams", "scan-all") + (("cand-unigram",) if a.unigram else ())
        if a.skip_all:
            labels = tuple(x for x in labels if x not in ("readout-all", "scan-all"))
        for label in labels:
            times = []
            for q in qs:
                t = time.perf_counter()
                if label == "readout":
                    search(conn, q, limit=20)
                elif label == "readout-all":
                    search(conn, q, limit=0)
                elif label == "scan-all":  # brute force: verify every document
                    conn.execute("SELECT count(*) FROM documents WHERE instr(text, ?) > 0", (q,)).fetchall()
                elif label == "cand-grams":  # candidate count from the shipped indexes
                    how, expr = route(q)
                    if expr:
                        conn.execute("SELECT count(*) FROM search_grams WHERE search_grams MATCH ?", (expr,)).fetchall()
                else:  # candidate count from a per-character phrase index
                    phrase = '"' + " ".join(q).replace('"', '""') + '"'
                    conn.execute("SELECT count(*) FROM bench_unigram WHERE bench_unigram MATCH ?",
                                 (phrase,)).fetchall()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"{label:20s} len={length}: p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
