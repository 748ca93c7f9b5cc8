"""Real-archive benchmark: the whole 新闻联播 archive as it is, alone and together with a second archive.

    .venv/bin/python benchmarks/archive.py --xwlb ~/archives/xwlb/assets --cctv ~/archives/cctv_news/news --write

Run 1 ingests every day file of github.com/china-data/xwlb (``assets/YYYY/YYYYMMDD.json``,
detected by its built-in profile, no conversion) into a fresh store; run 2 ingests the same
files and then the daily markdown of github.com/yuekcc/cctv_news (``news/YYYYMMDD.md``, which
repeats xwlb's stories from 2022 on) into another fresh store. Each run is a child process
(``readout.scale.ingest_parallel``); the figures are stories stored, copies recorded,
rejections by code, wall time, peak RSS of the writer and of the largest worker (getrusage),
and the store's size on disk. ``--years`` limits both archives to some years (a partial run
is labelled so). The archives are not part of the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

CHILD = r"""
import json, resource, sys
from readout.scale import ingest_parallel
db, workers, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
s = ingest_parallel(paths, db, workers=workers)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"read": s.read, "stored": s.stored, "copies": s.copies, "skipped": s.skipped,
                  "rejected": s.rejected_by_code, "seconds": s.seconds, "index_seconds": s.index_seconds,
                  "chars": s.chars, "rss_writer_mb": me.ru_maxrss / 1024, "rss_worker_mb": kids.ru_maxrss / 1024}))
"""

_HTML = re.compile(r"<[^>]*>|&(?:nbsp|#160);|\s+")


def files(root: Path, pattern: str, years: list[str] | None) -> list[Path]:
    """The day files under ``root`` (``YYYYMMDD`` names), of the given years only if any."""
    out = sorted(p for p in root.rglob(pattern) if re.fullmatch(r"\d{8}", p.stem))
    return [p for p in out if not years or p.stem[:4] in years]


def xwlb_records_with_text(paths: list[Path]) -> int:
    """What the archive holds: records whose ``video_detail.content`` has any text once tags are gone."""
    n = 0
    for p in paths:
        try:
            day = json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for r in day.get("videoList") or []:
            content = ((r.get("video_detail") or {}).get("content") or "") if isinstance(r, dict) else ""
            n += bool(_HTML.sub("", content))
    return n


def run(paths: list[Path], db: Path, workers: int) -> dict:
    """Ingest ``paths`` into a fresh ``db`` in a child process; the child's figures plus the store's size."""
    for f in db.parent.glob(db.name + "*"):
        f.unlink()
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), str(workers), *map(str, paths)],
                         capture_output=True, text=True, check=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["wall_seconds"] = time.perf_counter() - t0
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    res["documents"] = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    res["copies_in_store"] = conn.execute("SELECT count(*) FROM document_copies").fetchone()[0]
    res["copies_by_match"] = dict(conn.execute("SELECT match, count(*) FROM document_copies GROUP BY match"))
    res["same_id_pairs"] = conn.execute(
        "SELECT count(*) FROM document_copies c JOIN documents d ON d.id = c.document_id "
        "WHERE c.record_id IS NOT NULL AND c.record_id = d.record_id").fetchone()[0]
    conn.close()
    res["store_mb"] = sum(f.stat().st_size for f in db.parent.glob(db.name + "*")) / 1e6
    return res


def _row(name: str, r: dict) -> str:
    rej = ", ".join(f"{k} {v:,}" for k, v in sorted(r["rejected"].items())) or "none"
    return (f"| {name} | {r['read']:,} | {r['stored']:,} | {r['copies']:,} | {rej} | {r['seconds'] / 60:.1f} min "
            f"({r['stored'] / r['seconds']:.0f} stories/s) | {r['rss_writer_mb']:.0f} MB / {r['rss_worker_mb']:.0f} MB "
            f"| {r['store_mb']:,.0f} MB |")


def report(args: argparse.Namespace, xwlb_files: list[Path], cctv_files: list[Path], expected: int,
           runs: dict[str, dict]) -> str:
    span = f"{xwlb_files[0].stem[:4]}–{xwlb_files[-1].stem[:4]}" if xwlb_files else "-"
    partial = f" (only {', '.join(args.years)}: a partial run)" if args.years else ""
    lines = [
        "## Real archives: 新闻联播 2012–2026 (`benchmarks/archive.py`)",
        "",
        f"Machine: {machine()}.",
        "",
        f"xwlb {span}{partial}: {len(xwlb_files):,} day files as published (no conversion), {expected:,} records with "
        f"text; cctv_news: {len(cctv_files):,} daily markdown files. {args.workers} workers, one writer, fresh store "
        "per run; RSS is the writer's peak / the largest worker's peak.",
        "",
        "| run | stories read | stored | copies | rejected | time | peak RSS | store size |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row(name, r) for name, r in runs.items()]
    if "xwlb" in runs:
        x = runs["xwlb"]
        lines += ["", f"Every xwlb record with text is accounted for: {x['stored']:,} stories stored + {x['copies']:,} "
                      f"copies (stories the archive itself holds twice, posted again within three days) = {x['stored'] + x['copies']:,} of {expected:,}; "
                      "the rest are rejections that say what the record holds (E012: empty content, `<p></P>`, "
                      "`errcode` details; E011: days with an empty `videoList`)."]
    if "xwlb + cctv_news" in runs and "xwlb" in runs:
        b, x = runs["xwlb + cctv_news"], runs["xwlb"]
        lines += ["", f"With cctv_news added, {b['stored'] - x['stored']:,} more stories are stored and "
                      f"{b['copies'] - x['copies']:,} arrivals are recorded as copies "
                      f"({', '.join(f'{k} {v:,}' for k, v in sorted(b['copies_by_match'].items()))}); "
                      f"{b['same_id_pairs']:,} of the copies carry the same broadcaster id as the story they were "
                      "matched to (the matching never reads the id)."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--xwlb", type=Path, required=True, help="the xwlb archive's assets/ folder")
    ap.add_argument("--cctv", type=Path, help="the cctv_news archive's news/ folder (run 2)")
    ap.add_argument("--years", nargs="*", help="only these years (e.g. 2022); default: all")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dir", type=Path, help="where the stores go (default: a temporary folder)")
    ap.add_argument("--write", action="store_true", help="write the section of docs/benchmarks.md")
    args = ap.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="readout-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    xf = files(args.xwlb, "*.json", args.years)
    cf = files(args.cctv, "*.md", args.years) if args.cctv else []
    expected = xwlb_records_with_text(xf)
    runs = {"xwlb": run(xf, work / "xwlb.db", args.workers)}
    print(json.dumps(runs["xwlb"]), flush=True)
    if cf:
        runs["xwlb + cctv_news"] = run(xf + cf, work / "both.db", args.workers)
        print(json.dumps(runs["xwlb + cctv_news"]), flush=True)
    body = report(args, xf, cf, expected, runs)
    print(body)
    if args.write:
        write_section("archive", body)


if __name__ == "__main__":
    main()
