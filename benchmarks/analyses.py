"""Stored analyses on real archive stores: reuse families (time, peak RSS, top families) and the roster check.

    .venv/bin/python benchmarks/analyses.py --reuse STORE_10K --roster STORE_2012_2019 --write

``--reuse``: ``readout reuse --families`` computed in a fresh child process (time and peak
RSS from getrusage, the whole process), then ``readout analyze --only reuse`` and the read of
the stored families; whether a broadcaster lead-in is among the top 20 families.

``--roster``: ``readout analyze --only roster --full``, then the provincial party secretaries
and governors: a *reference* of the pairs the sample's text names, built apart from
readout's extractor (a person listed in ``data/leaders.tsv`` for that office whose name is
written right after the province's name and the office word — 天津市委书记李鸿忠 — or right
before 任/当选为/为 and them), and the roster's provincial secretary/governor tenures;
``leaders.tsv`` is a recognition aid, not a roster of record, so the pairs it does not
confirm are printed for a reader to judge.

``--annotated XWLB``: the roster against people, not the script above. 400 stories of 2012–2019
that name a provincial office word (drawn at random, seed 2026, from the 466 that do), each read
in full by annotators who never saw readout's output and who listed every provincial party
secretary and governor the text names as holding the office, or as having held it
(``benchmarks/data/roster_reference.jsonl``: story ids and labels, no text). The stories are read
from the archive at XWLB into a fresh store; the roster's provincial tenures are compared with
the labels.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

CHILD = r"""
import json, resource, sys, time
t = time.perf_counter()
from readout.analyze.families import families
r = families(sys.argv[1])
sec = time.perf_counter() - t
top = [{"documents": f.documents, "text": " ".join(f.text[:40].split())} for f in r.families[:20]]
print(json.dumps({"seconds": sec, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "passages": r.passages, "stoplisted": r.stoplisted, "families": len(r.families), "top": top}))
"""
TIMED = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
LEAD_IN = re.compile(r"央视网|新闻联播|中国网络电视台|本台消息")
KINDS = ("party_secretary", "governor")


def _cli(*args: str) -> dict:
    """``readout ARGS`` in a child process: wall time and the peak RSS of that process."""
    cmd = [sys.executable, "-c", TIMED, sys.executable, "-m", "readout", *args]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])


def reuse_section(db: str) -> str:
    import shutil
    import tempfile
    import time

    n = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
    child = json.loads(subprocess.run([sys.executable, "-c", CHILD, db], capture_output=True, text=True,
                                      check=True).stdout.strip().splitlines()[-1])
    from readout.analyze.families import stored_families
    from readout.analyze.materialise import analyze

    with tempfile.TemporaryDirectory() as tmp:  # the command on a store with nothing stored: it computes
        bare = str(Path(tmp) / "bare.db")
        shutil.copy(db, bare)
        conn = sqlite3.connect(bare)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'analyses'").fetchone():
            conn.execute("DELETE FROM analyses")
            conn.commit()
        conn.close()
        computed = _cli("reuse", "--families", "--db", bare)
    (rep,) = analyze(db, only=("reuse",))
    read_cli = _cli("reuse", "--families", "--db", db)
    t = time.perf_counter()
    conn = sqlite3.connect(db)
    stored = stored_families(conn, limit=20)
    read = time.perf_counter() - t
    conn.close()
    leads = [f for f in child["top"] if LEAD_IN.search(f["text"])]
    lines = ["## Reuse families on an archive (`benchmarks/analyses.py --reuse`)", "", f"Machine: {machine(('numpy',))}.",
             "", f"{n:,} 新闻联播 stories (github.com/china-data/xwlb, the last 10⁴ of 2012–2019). "
             "`readout reuse --families` computed in a fresh process, with the defaults (n = 8, min_len = 10, "
             "max_df = 200); peak RSS is the whole process.", "",
             "| step | seconds | peak RSS MB | families | passages | stoplisted passages |", "|---|---:|---:|---:|---:|---:|",
             f"| `reuse --families` (computed) | {child['seconds']:.1f} | {child['rss_mb']:,.0f} | {child['families']:,} | "
             f"{child['passages']:,} | {child['stoplisted']:,} |",
             f"| `readout reuse --families` command, nothing stored (computes, prints every family) | "
             f"{computed['seconds']:.1f} | {computed['rss_mb']:,.0f} | {child['families']:,} | | |",
             f"| `readout analyze --only reuse` (computed and stored) | {rep.seconds:.1f} | | {rep.rows:,} | | |",
             f"| `readout reuse --families` command, stored (prints every family) | {read_cli['seconds']:.1f} | "
             f"{read_cli['rss_mb']:,.0f} | {child['families']:,} | | |",
             f"| stored families read in process (first 20) | {read:.2f} | | {len(stored)} | | |", "",
             "Top families by documents: " + "; ".join(f"{f['text']} ({f['documents']})" for f in child["top"][:10]) + ".",
             "", f"Broadcaster lead-ins among the top 20 families: {len(leads)}."]
    return "\n".join(lines)


def _reference(conn: sqlite3.Connection, leaders: dict) -> dict:
    from readout.extract.regions import load_gazetteer

    gaz = load_gazetteer()

    def forms(code: str) -> set[str]:
        n = gaz.unit(code).name
        out = {n}
        for suf in ("省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区"):
            if n.endswith(suf):
                out.add(n[: -len(suf)])
        return out

    word = {"party_secretary": "(?:省委|市委|自治区党委|党委)书记", "governor": "(?:省长|市长|省省长|市市长|自治区主席|自治区人民政府主席|主席)"}
    named: dict = {}
    # the office written right after the province's name, then at most 同志/、 before the person
    pattern = {(code, kind): re.compile(f"(?:{'|'.join(sorted(forms(code), key=len, reverse=True))}){word[kind]}(?:同志)?$")
               for offs in leaders.values() for code, kind in offs}
    texts = [t for (t,) in conn.execute("SELECT text FROM documents")]
    for name, offices in leaders.items():
        for t in texts:
            i = t.find(name)
            while i >= 0:
                before, after = t[max(0, i - 25):i], t[i + len(name):i + len(name) + 30]
                m2 = re.match(r"(?:同志)?(?:任|担任|出任|当选为|当选|为)", after)
                seg = re.split(r"[，。；]", after[m2.end():])[0] if m2 else ""
                for code, kind in offices:
                    near = pattern[(code, kind)].search(before)
                    told = seg and re.match(pattern[(code, kind)].pattern.rstrip("$"), seg)
                    if near or told:
                        named[(name, code, kind)] = named.get((name, code, kind), 0) + 1
                i = t.find(name, i + 1)
    return named


def roster_section(db: str) -> str:
    from readout.analyze.materialise import analyze
    from readout.analyze.offices import read_post
    from readout.analyze.roster import roster
    from readout.resources import read_table

    (rep,) = analyze(db, only=("roster",), full=True)
    leaders: dict = {}
    for r in read_table("leaders.tsv", ("name", "posts")):
        for p in r["posts"].split(";"):
            got = read_post(p)
            if got and got[0].kind in KINDS and got[0].level == "province":
                leaders.setdefault(r["name"], set()).add((got[0].code, got[0].kind))
    conn = sqlite3.connect(db)
    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    named = _reference(conn, leaders)
    conn.close()
    spans = [r for r in roster(db) if r["kind"] in KINDS and r["level"] == "province"]
    held = {(r["name"], r["code"], r["kind"]) for r in spans}
    missed = sorted(set(named) - held)
    unconfirmed = [r for r in spans if (r["code"], r["kind"]) not in leaders.get(r["name"], set())]
    lines = ["## Tenure roster check (`benchmarks/analyses.py --roster`)", "", f"Machine: {machine()}.", "",
             f"{n:,} 新闻联播 stories of 2012–2019 (github.com/china-data/xwlb). `readout analyze --only roster --full`: "
             f"{rep.rows:,} rows in {rep.seconds:.1f} s ({rep.note}).", "",
             f"- Reference (built apart from the extractor, see the script): {len(named)} provincial party secretary / "
             f"governor pairs the text names; the roster names {len(set(named) & held)} of them as holding the office.",
             "  Not named: " + (", ".join(f"{a} {b} {c}" for a, b, c in missed) or "none") + ".",
             f"- The roster's provincial party secretary / governor tenures: {len(spans)}; "
             f"{len(spans) - len(unconfirmed)} confirmed by `leaders.tsv`; not confirmed there (for a reader to judge): "
             + (", ".join(f"{r['name']} {r['title']}" for r in unconfirmed) or "none") + "."]
    return "\n".join(lines)


REFERENCE = HERE / "data" / "roster_reference.jsonl"
_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")


def _annotated_store(xwlb: Path, stories: list[str], folder: Path) -> Path:
    """The reference's stories, as the archive holds them (one day file per day, only those records)."""
    days: dict[str, list[int]] = {}
    for sid in stories:
        day, k = sid.split("-")
        days.setdefault(day, []).append(int(k))
    src = folder / "days"
    src.mkdir()
    for day, ks in days.items():
        doc = json.loads((xwlb / "assets" / day[:4] / f"{day}.json").read_text(encoding="utf-8"))
        doc["videoList"] = [doc["videoList"][k] for k in sorted(ks)]
        (src / f"{day}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = folder / "annotated.db"
    subprocess.run([sys.executable, "-m", "readout", "ingest", str(src), "--db", str(db), "--quiet"], check=True,
                   capture_output=True)
    return db


def annotated_section(xwlb: str) -> str:
    import tempfile

    from readout.analyze.roster import roster

    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    stories = json.loads(lines[0])["stories"]
    labels = [json.loads(x) for x in lines[1:]]

    def key(name: str, region: str, office: str) -> tuple[str, str, str]:
        return name, _SUFFIX.sub("", region), office

    now = {key(r["name"], r["region"], r["office"]) for r in labels if not r["past"]}
    then = {key(r["name"], r["region"], r["office"]) for r in labels if r["past"]} - now
    with tempfile.TemporaryDirectory() as tmp:
        db = _annotated_store(Path(xwlb), stories, Path(tmp))
        spans = [r for r in roster(str(db)) if r["kind"] in KINDS and r["level"] == "province"]
        n = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
    held = {key(r["name"], r["jurisdiction"], r["kind"]) for r in spans}
    unlabelled = sorted(held - now - then)
    return "\n".join([
        "## Tenure roster against annotators (`benchmarks/analyses.py --annotated`)", "", f"Machine: {machine()}.", "",
        f"{len(stories)} stories of 2012–2019 that name a provincial office word ({n} stored: the archive holds one "
        "twice), labelled by annotators who never saw readout's output (`benchmarks/data/roster_reference.jsonl`).", "",
        f"- Recall: the annotators name {len(now)} provincial party secretaries and governors as holding the office; "
        f"the roster names {len(now & held)} of them ({len(now & held) / max(1, len(now)):.3f}). Not named: "
        + (", ".join(" ".join(k) for k in sorted(now - held)) or "none") + ".",
        f"- Past holders only (原/时任, removals, biographies): {len(then)}; in the roster as a tenure: {len(then & held)}.",
        f"- Precision: the roster's provincial party secretary and governor tenures: {len(held)}; named by the "
        f"annotators (now or in the past): {len(held) - len(unlabelled)} "
        f"({(len(held) - len(unlabelled)) / max(1, len(held)):.3f}). Not labelled: "
        + (", ".join(" ".join(k) for k in unlabelled) or "none") + "."])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reuse", metavar="STORE", help="a store of about 10⁴ archive stories")
    ap.add_argument("--roster", metavar="STORE", help="a store of 2012–2019 archive stories")
    ap.add_argument("--annotated", metavar="XWLB", help="a copy of github.com/china-data/xwlb (its assets/ folder)")
    ap.add_argument("--write", action="store_true", help="write the sections of docs/benchmarks.md")
    a = ap.parse_args()
    for name, db, fn in (("reuse-families", a.reuse, reuse_section), ("roster", a.roster, roster_section),
                         ("roster-annotated", a.annotated, annotated_section)):
        if db:
            text = fn(db)
            print(text, flush=True)
            if a.write:
                write_section(name, text)


if __name__ == "__main__":
    main()
